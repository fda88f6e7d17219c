// Bytes per element of the number formats weights and KV caches are stored in. int4 packs two
// elements per byte; fp8 is either E4M3 or E5M2, one byte each.

/** Bytes per element of each storage format. */
export const DTYPE_BYTES = { fp32: 4, fp16: 2, bf16: 2, fp8: 1, int8: 1, int4: 0.5 } as const;

/** A storage format the calculators know. */
export type Dtype = keyof typeof DTYPE_BYTES;

/** Every storage format, in table order (widest first). */
export const DTYPES = Object.keys(DTYPE_BYTES) as Dtype[];
