// Byte units: the scaling rule (largest unit of the family in which the value shows as at least 1).
import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import { formatScaledBytes, scaleBytes } from "../src/systems/units.js";

describe("scaleBytes / formatScaledBytes", () => {
  it("SI: powers of 1000, from B to PB", () => {
    expect(formatScaledBytes(512, "GB")).toBe("512 B");
    expect(formatScaledBytes(512_000, "GB")).toBe("512.00 KB");
    expect(formatScaledBytes(1.2e6, "GB")).toBe("1.20 MB");
    expect(formatScaledBytes(3.4e12, "GB")).toBe("3.40 TB");
    expect(formatScaledBytes(2.5e15, "GB")).toBe("2.50 PB");
    // PB is the largest unit: 5e18 B = 5000 PB.
    expect(formatScaledBytes(5e18, "GB")).toBe("5000.00 PB");
  });

  it("binary: powers of 1024, from B to PiB", () => {
    expect(formatScaledBytes(1023, "GiB")).toBe("1023 B");
    expect(formatScaledBytes(524_288, "GiB")).toBe("512.00 KiB"); // 2¹⁹ = 512·2¹⁰
    expect(formatScaledBytes(3 * 2 ** 20, "GiB")).toBe("3.00 MiB");
    expect(formatScaledBytes(2 ** 31, "GiB")).toBe("2.00 GiB");
    expect(formatScaledBytes(1.5 * 2 ** 40, "GiB")).toBe("1.50 TiB");
    expect(formatScaledBytes(2 ** 50, "GiB")).toBe("1.00 PiB");
  });

  it("steps up exactly at 1 of the next unit, and when rounding would show 1000.00", () => {
    expect(formatScaledBytes(1e9, "GB")).toBe("1.00 GB");
    expect(formatScaledBytes(999_994, "GB")).toBe("999.99 KB");
    // 999,999 B is 999.999 KB, which would print as "1000.00 KB": shown as 0.999999 MB, "1.00 MB".
    expect(formatScaledBytes(999_999, "GB")).toBe("1.00 MB");
    expect(formatScaledBytes(2 ** 30, "GiB")).toBe("1.00 GiB");
    // 2³⁰ − 1 B = 1023.999999 MiB rounds to 1024.00 MiB: shown as "1.00 GiB".
    expect(formatScaledBytes(2 ** 30 - 1, "GiB")).toBe("1.00 GiB");
    expect(formatScaledBytes(1000, "GiB")).toBe("1000 B");
    expect(formatScaledBytes(1024, "GiB")).toBe("1.00 KiB");
  });

  it("zero is 0 B; a fraction of a byte keeps its decimals", () => {
    expect(formatScaledBytes(0, "GB")).toBe("0 B");
    expect(formatScaledBytes(0.5, "GB")).toBe("0.50 B");
    expect(scaleBytes(1536, "GiB")).toEqual({ value: 1.5, unit: "KiB" });
  });

  it("rejects negative or non-finite sizes and unknown families", () => {
    expect(() => formatScaledBytes(-1, "GB")).toThrow(InputError);
    expect(() => formatScaledBytes(Number.NaN, "GB")).toThrow(/bytes/);
    expect(() => formatScaledBytes(1, "MB" as "GB")).toThrow(/unit/);
  });
});
