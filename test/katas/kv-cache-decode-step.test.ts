// The decode step's expected outputs (cachedAttention on a one-head cache) are the last
// row of full causal attention over the cached tokens plus the new one.
import { describe, expect, it } from "vitest";
import { engineCausalAttention } from "../../src/katas/cases/attention-shared.js";
import generator from "../../src/katas/cases/kv-cache-decode-step.js";
import { nd, type NDArray } from "../../src/katas/values.js";
import { createRng } from "../../src/stats/prng.js";

describe("kv-cache-decode-step cases", () => {
  it("expect the last row of causal attention over the t + 1 tokens, and the caches with the new row appended", () => {
    const rng = createRng(11);
    const cases = [...generator.edges(), ...Array.from({ length: 20 }, (_, i) => generator.random(rng, i))];
    for (const c of cases) {
      const [kCache, vCache, q, k, v] = c.args as NDArray[];
      const [cached, dim] = kCache.shape;
      const [out, keys, values] = generator.expected(c) as NDArray[];
      expect(Array.from(keys.data)).toEqual([...kCache.data, ...k.data]);
      expect(Array.from(values.data)).toEqual([...vCache.data, ...v.data]);
      // Full causal attention over [t+1, d]; only the last query row matters.
      const queries = nd([cached + 1, dim], [...new Float64Array(cached * dim), ...q.data]);
      const full = engineCausalAttention(queries, keys, values);
      const lastRow = full.data.subarray(cached * dim);
      out.data.forEach((x, i) => expect(x).toBeCloseTo(lastRow[i], 5));
    }
  });
});
