/** One block's weights under nanoGPT's names; matrices are stored [in, out] (x @ W + b). */
export interface BlockParams {
  "ln_1.weight": number[];
  "ln_1.bias": number[];
  "attn.c_attn.weight": number[][];
  "attn.c_attn.bias": number[];
  "attn.c_proj.weight": number[][];
  "attn.c_proj.bias": number[];
  "ln_2.weight": number[];
  "ln_2.bias": number[];
  "mlp.c_fc.weight": number[][];
  "mlp.c_fc.bias": number[];
  "mlp.c_proj.weight": number[][];
  "mlp.c_proj.bias": number[];
}

/** One pre-LN GPT-2 block on x [T, C]: x + attn(ln_1(x)), then + mlp(ln_2(.)); returns [T, C]. */
export function transformerBlock(x: number[][], params: BlockParams, nHead: number): number[][] {
  throw new Error("not implemented");
}
