/**
 * Kata arrays in and out of the float32 engine (src/tensor), for generators whose expected
 * outputs come from its ops and its autograd.
 */
import { noGrad, type Tensor, tensor } from "../../tensor/tensor.js";
import { nd, type NDArray, type Value } from "../values.js";

/** A kata array as an engine tensor (float32; the draws in draw.ts are float32 already). */
export const toTensor = (a: Value, requiresGrad = false): Tensor => tensor((a as NDArray).data, (a as NDArray).shape, { requiresGrad });

/** An engine tensor as a kata array. */
export const fromTensor = (t: Tensor): NDArray => nd(t.shape, t.data);

/** The gradient a backward pass left in `t`, as a kata array (zeros when none reached it). */
export const gradOfTensor = (t: Tensor): NDArray => nd(t.shape, t.grad ?? new Float32Array(t.data.length));

/** A forward pass that records nothing on the autograd tape, as a kata array. */
export const forwardOnly = (f: () => Tensor): NDArray => fromTensor(noGrad(f));
