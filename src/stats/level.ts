/**
 * A confidence level as a percentage label for reports.
 *
 * @example levelLabel(0.95) === "95%"
 * @example levelLabel(0.975) === "97.5%"
 */
export function levelLabel(level: number): string {
  return `${+(level * 100).toFixed(2)}%`;
}
