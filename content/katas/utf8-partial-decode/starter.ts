/** The text each chunk of a UTF-8 byte stream completes; the last chunk ends the stream. */
export function decodeStream(chunks: number[][]): string[] {
  throw new Error("not implemented");
}
