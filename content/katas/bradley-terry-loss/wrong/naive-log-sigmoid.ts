export function bradleyTerryLoss(rChosen: number[], rRejected: number[]): [number, number] {
  let loss = 0;
  let correct = 0;
  rChosen.forEach((chosen, i) => {
    const margin = chosen - rRejected[i];
    loss -= Math.log(1 / (1 + Math.exp(-margin)));
    if (margin > 0) correct++;
  });
  return [loss / rChosen.length, correct / rChosen.length];
}
