/** Per example: is any word n-gram in the training documents, and the fraction of its n-grams that are. */
export function ngramContamination(trainDocs: string[], examples: string[], n: number): [boolean[], number[]] {
  throw new Error("not implemented");
}
