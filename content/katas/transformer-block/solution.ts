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

type Matrix = number[][];

/** x [T, in] @ w [in, out] + b [out]. */
const dense = (x: Matrix, w: Matrix, b: number[]): Matrix => x.map((row) => b.map((bias, j) => row.reduce((s, v, k) => s + v * w[k][j], bias)));
const addRows = (a: Matrix, b: Matrix): Matrix => a.map((row, i) => row.map((v, j) => v + b[i][j]));

/** LayerNorm over the last axis, biased variance, eps inside the sqrt. */
function layerNorm(x: Matrix, weight: number[], bias: number[], eps = 1e-5): Matrix {
  return x.map((row) => {
    const mu = row.reduce((s, v) => s + v, 0) / row.length;
    const rstd = 1 / Math.sqrt(row.reduce((s, v) => s + (v - mu) ** 2, 0) / row.length + eps);
    return row.map((v, j) => (v - mu) * rstd * weight[j] + bias[j]);
  });
}

/** erf by Abramowitz and Stegun 7.1.26 (|error| <= 1.5e-7): JavaScript has no Math.erf. */
function erf(z: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(z));
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const value = 1 - poly * Math.exp(-z * z);
  return z < 0 ? -value : value;
}

/** nanoGPT's CausalSelfAttention on x [T, C]. */
function causalSelfAttention(x: Matrix, p: BlockParams, nHead: number): Matrix {
  const [T, C] = [x.length, x[0].length];
  const D = C / nHead;
  const qkv = dense(x, p["attn.c_attn.weight"], p["attn.c_attn.bias"]); // [T, 3C]: q, then k, then v
  const y: Matrix = Array.from({ length: T }, () => new Array<number>(C).fill(0)); // heads side by side
  for (let h = 0; h < nHead; h++) {
    // Head h owns columns h·D .. h·D + D − 1 of each of q, k and v.
    const q = (t: number, d: number) => qkv[t][h * D + d];
    const k = (t: number, d: number) => qkv[t][C + h * D + d];
    const v = (t: number, d: number) => qkv[t][2 * C + h * D + d];
    for (let t = 0; t < T; t++) {
      // Position t attends to s = 0 .. t only (the causal mask), scores scaled by 1/√D.
      const scores = Array.from({ length: t + 1 }, (_, s) => {
        let dot = 0;
        for (let d = 0; d < D; d++) dot += q(t, d) * k(s, d);
        return dot / Math.sqrt(D);
      });
      const max = Math.max(...scores);
      const e = scores.map((s) => Math.exp(s - max));
      const total = e.reduce((a, b) => a + b, 0);
      for (let d = 0; d < D; d++) y[t][h * D + d] = e.reduce((sum, w, s) => sum + (w / total) * v(s, d), 0);
    }
  }
  return dense(y, p["attn.c_proj.weight"], p["attn.c_proj.bias"]);
}

/** C → 4C → C with exact GELU. */
function mlp(x: Matrix, p: BlockParams): Matrix {
  const h = dense(x, p["mlp.c_fc.weight"], p["mlp.c_fc.bias"]).map((row) => row.map((v) => 0.5 * v * (1 + erf(v / Math.SQRT2))));
  return dense(h, p["mlp.c_proj.weight"], p["mlp.c_proj.bias"]);
}

/** One pre-LN GPT-2 block on x [T, C]: x + attn(ln_1(x)), then + mlp(ln_2(.)); returns [T, C]. */
export function transformerBlock(x: number[][], params: BlockParams, nHead: number): number[][] {
  // Pre-LN: each sublayer reads a normalized copy, and the residual stream itself is never normalized.
  const h = addRows(x, causalSelfAttention(layerNorm(x, params["ln_1.weight"], params["ln_1.bias"]), params, nHead));
  return addRows(h, mlp(layerNorm(h, params["ln_2.weight"], params["ln_2.bias"]), params));
}
