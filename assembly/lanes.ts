// Horizontal helpers on f32x4 vectors shared by the row kernels (layernorm.ts, attention.ts, softmax.ts).

/** The sum of a vector's four lanes. */
// @ts-ignore: AssemblyScript decorator
@inline
export function sum4(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}
