/**
 * A run's config as a table of fields, nested sections joined with dots ("model.nLayer",
 * "labeller.bias"): the lab's and the alignment lab's run pages show their settings this way.
 */

/** Config fields as rows, nested sections joined with dots. */
function configRows(value: unknown, prefix = ""): [string, string][] {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([key, v]) => configRows(v, prefix ? `${prefix}.${key}` : key));
  }
  return [[prefix, typeof value === "string" ? value : JSON.stringify(value)]];
}

export function ConfigTable({ config }: { config: object }) {
  return (
    <table class="lab-config">
      <tbody>
        {configRows(config).map(([key, value]) => (
          <tr>
            <th scope="row">{key}</th>
            <td>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
