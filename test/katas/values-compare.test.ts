// The wire form of kata values, and how outputs are compared (numpy.isclose semantics).
import { describe, expect, it } from "vitest";
import { compareValues, isClose } from "../../src/katas/compare.js";
import { decodeValue, encodeValue, formatValue, fromNested, nd, ndInt, toNested } from "../../src/katas/values.js";

const tight = { rtol: 1e-6, atol: 0 };

describe("kata values on the wire", () => {
  it("carry every double exactly, NaN, ±inf and -0 included", () => {
    const array = nd([2, 3], [1.5, -0, NaN, Infinity, -Infinity, 2 ** -1074]);
    const back = decodeValue(JSON.parse(JSON.stringify(encodeValue(array))));
    expect(back).toEqual(array);
    expect(Object.is((back as typeof array).data[1], -0)).toBe(true);
    expect(decodeValue(JSON.parse(JSON.stringify(encodeValue([NaN, -Infinity, { a: ndInt([2], [3, 4]) }]))))).toEqual([NaN, -Infinity, { a: ndInt([2], [3, 4]) }]);
  });

  it("refuse a malformed array: the byte count must match the shape", () => {
    expect(() => decodeValue({ $nd: { dtype: "f64", shape: [3], b64: Buffer.alloc(16).toString("base64") } })).toThrow(/shape \[3\] with 16 bytes/);
    expect(() => decodeValue({ $weird: 1 })).toThrow(/not a kata value/);
  });

  it("read nested lists as arrays, unless ragged", () => {
    expect(fromNested([[1, 2], [3, 4]])).toEqual(nd([2, 2], [1, 2, 3, 4]));
    expect(fromNested([[1, 2], [3]])).toBeNull();
    expect(fromNested([])).toEqual(nd([0], []));
    expect(toNested(nd([2, 1], [5, 6]))).toEqual([[5], [6]]);
  });

  it("print arrays short", () => {
    expect(formatValue(nd([3], [1, 0.5, NaN]))).toBe("[1, 0.5, NaN]");
    expect(formatValue(nd([10], Array.from({ length: 10 }, (_, i) => i)), 3)).toBe("[0, 1, 2, … (10 in all)]");
  });
});

describe("comparing an output with the expected one", () => {
  it("uses |a − e| ≤ atol + rtol·|e|, with NaN equal to NaN", () => {
    expect(isClose(1.0000009, 1, tight)).toBe(true);
    expect(isClose(1.0000011, 1, tight)).toBe(false);
    expect(isClose(1000.0009, 1000, tight)).toBe(true);
    expect(isClose(1e-9, 0, { rtol: 1e-6, atol: 1e-8 })).toBe(true);
    expect(isClose(NaN, NaN, tight)).toBe(true);
    expect(isClose(NaN, 1, tight)).toBe(false);
    expect(isClose(Infinity, Infinity, tight)).toBe(true);
    expect(isClose(-Infinity, Infinity, tight)).toBe(false);
  });

  it("names the first differing index of an array", () => {
    const mismatch = compareValues(nd([2, 3], [0, 1, 2, 3, 4, 5]), [[0, 1, 2.5], [3, 4.5, 5]], tight);
    expect(mismatch).toMatchObject({ kind: "value", index: [0, 2], expected: 2, actual: 2.5 });
    expect(mismatch?.message).toBe("at index [0, 2] expected 2, got 2.5");
  });

  it("tells a wrong shape, a NaN, a missing key and a wrong type apart", () => {
    expect(compareValues(nd([2, 3], new Array(6).fill(0)), nd([3, 2], new Array(6).fill(0)), tight)?.message).toBe("expected shape [2, 3], got [3, 2]");
    expect(compareValues(nd([2], [1, 2]), nd([2], [1, NaN]), tight)).toMatchObject({ kind: "non-finite", index: [1] });
    expect(compareValues({ loss: 1, grad: nd([1], [2]) }, { loss: 1 }, tight)?.message).toBe('the key "grad" is missing');
    expect(compareValues(1, null, tight)?.message).toBe("expected a number, got nothing (None or undefined)");
    expect(compareValues([1, "a"], [1, "b"], tight)?.message).toBe('[1]: expected "a", got "b"');
  });

  it("accepts a list where an array is expected, and a 0-d array or a one-element array as a number", () => {
    expect(compareValues(nd([2], [1, 2]), [1, 2], tight)).toBeNull();
    expect(compareValues([1, 2], nd([2], [1, 2]), tight)).toBeNull();
    expect(compareValues(0.5, nd([], [0.5]), tight)).toBeNull();
    expect(compareValues(true, 1, tight)).toBeNull();
  });
});
