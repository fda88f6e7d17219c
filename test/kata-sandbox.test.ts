import { readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { createServer, type AddressInfo } from "node:net";
import { canConfine, canIsolateNetwork, findPython, runSandboxed } from "../src/katas/sandbox.js";

const PYTHON = findPython();
if (!PYTHON) throw new Error("python3 is needed for the sandbox tests");
const python = (code: string, options: { stdin?: string; limits?: Parameters<typeof runSandboxed>[0]["limits"]; limiter?: "prlimit" | "ulimit" } = {}) =>
  runSandboxed({ program: PYTHON, args: ["main.py"], files: { "main.py": code }, ...options });

const kataFolders = () => readdirSync(tmpdir()).filter((name) => name.startsWith("lmdojo-kata-"));

describe("the kata sandbox", () => {
  it("runs the code in a fresh folder with a minimal environment, input on stdin and output on stdout", async () => {
    const before = new Set(kataFolders());
    const result = await python(
      [
        "import json, os, sys",
        "data = json.load(sys.stdin)",
        "print(json.dumps({'sum': sum(data), 'files': sorted(os.listdir('.')), 'env': sorted(os.environ)}))",
      ].join("\n"),
      { stdin: "[1, 2, 3.5]" },
    );
    expect(result.end).toBe("exited");
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout.toString()) as { sum: number; files: string[]; env: string[] };
    expect(out.sum).toBe(6.5);
    expect(out.files).toEqual(["main.py"]);
    // Nothing of lmdojo's environment (LMDOJO_HOME, the user's variables) reaches the code.
    // (bubblewrap adds PWD, the folder it starts the code in.)
    expect(out.env.filter((name) => name !== "PWD")).toEqual(["HOME", "LANG", "PATH", "PYTHONDONTWRITEBYTECODE", "PYTHONHASHSEED", "TMPDIR"]);
    // The working folder is gone afterwards.
    expect(kataFolders().filter((name) => !before.has(name))).toEqual([]);
  });

  it("reports a non-zero exit and keeps the error output", async () => {
    const result = await python("raise ValueError('shapes do not match')");
    expect(result.end).toBe("exited");
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/ValueError: shapes do not match/);
  });

  it("stops an endless loop at the wall-clock limit, and a child it forked with it", async () => {
    // The CPU limit is far off: only killing the whole process group ends the forked child in time.
    const result = await python(["import os", "os.fork()", "while True: pass"].join("\n"), { limits: { wallMs: 1500, cpuSeconds: 120 } });
    expect(result.end).toBe("timeout");
    expect(result.code).toBeNull();
  });

  it("stops a run whose output passes the cap", async () => {
    const result = await python("import sys\nwhile True: sys.stdout.write('x' * 65536)", { limits: { outputBytes: 256 * 1024 } });
    expect(result.end).toBe("output");
    expect(result.stdout.length).toBeLessThanOrEqual(256 * 1024);
  });

  it("refuses an allocation past the address-space cap", async () => {
    const result = await python("x = bytearray(3 * 1024 ** 3)", { limits: { addressSpaceBytes: 512 * 1024 ** 2 } });
    expect(result.end).toBe("memory");
    expect(result.stderr).toMatch(/MemoryError/);
  });

  it("stops a run at its CPU-time limit", async () => {
    const result = await python("while True: pass", { limits: { cpuSeconds: 1, wallMs: 20_000 } });
    expect(result.end).toBe("cpu");
  });

  it("sets the same limits with the shell's ulimit where prlimit is missing", async () => {
    const memory = await python("x = bytearray(3 * 1024 ** 3)", { limits: { addressSpaceBytes: 512 * 1024 ** 2 }, limiter: "ulimit" });
    expect(memory.end).toBe("memory");
    const cpu = await python("while True: pass", { limits: { cpuSeconds: 1, wallMs: 20_000 }, limiter: "ulimit" });
    expect(cpu.end).toBe("cpu");
    const fine = await python("print(6 * 7)", { limiter: "ulimit" });
    expect([fine.end, fine.stdout.toString().trim()]).toEqual(["exited", "42"]);
  });

  it("has no network when the kernel allows an empty network namespace, and says which", async () => {
    // A server on this machine's loopback: reachable from the host's network namespace only.
    const server = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    const result = await python(
      ["import socket", "try:", `    socket.create_connection(('127.0.0.1', ${port}), timeout=2)`, "    print('connected')", "except OSError as e:", "    print('refused')"].join("\n"),
    );
    server.close();
    expect(result.networkIsolated).toBe(canConfine() || canIsolateNetwork());
    expect(result.stdout.toString().trim()).toBe(result.networkIsolated ? "refused" : "connected");
  });
});
