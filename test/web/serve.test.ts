import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runDojo } from "../cli-run.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Starts `dojo ARGS` (a serve command) as a user would; `url()` waits for the address it prints. */
function startDojo(args: string[]) {
  const child = spawn(process.execPath, [join(ROOT, "bin/dojo.js"), ...args], { cwd: ROOT });
  let stdout = "";
  child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  const url = async () => {
    await expect.poll(() => /lmdojo is at (\S+)/.exec(stdout)?.[1], { timeout: 20_000 }).toBeDefined();
    return new URL(/lmdojo is at (\S+)/.exec(stdout)![1]);
  };
  return { child, exited, url, stdout: () => stdout };
}

function occupy(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

describe("dojo serve", () => {
  it("prints a loopback URL with a token, serves the API with it and not without, and stops cleanly on SIGINT", async () => {
    const home = mkdtempSync(join(tmpdir(), "lmdojo-serve-"));
    const port = 47_000 + (process.pid % 1000);
    const run = startDojo(["--home", home, "serve", "--port", String(port)]);
    const url = await run.url();
    expect(url.host).toBe(`127.0.0.1:${port}`);
    const token = url.searchParams.get("token")!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const withToken = await fetch(`http://127.0.0.1:${port}/api/home`, { headers: { "x-dojo-token": token } });
    expect(withToken.status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/api/home`)).status).toBe(401);
    run.child.kill("SIGINT");
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toContain("stopping the server");
  });

  it("takes the next free port when the default is taken, and refuses a taken --port", async () => {
    const home = mkdtempSync(join(tmpdir(), "lmdojo-serve-"));
    const blocker = await occupy(4781).catch(() => null);
    try {
      const run = startDojo(["--home", home, "serve"]);
      const port = Number((await run.url()).port);
      expect(port).toBeGreaterThan(4781);
      expect(port).toBeLessThanOrEqual(4800);
      expect(run.stdout()).toContain(`port 4781 is in use; using ${port}`);
      run.child.kill("SIGINT");
      expect(await run.exited).toBe(0);

      const taken = await runDojo(["--home", home, "serve", "--port", "4781"]);
      expect(taken.code).toBe(2);
      expect(taken.stderr).toBe("dojo: port 4781 is in use on 127.0.0.1 (hint: choose another with --port N)\n");
    } finally {
      blocker?.close();
    }
  });

  it("refuses a non-loopback --host without --allow-remote, and a port out of range", async () => {
    const home = mkdtempSync(join(tmpdir(), "lmdojo-serve-"));
    const remote = await runDojo(["--home", home, "serve", "--host", "0.0.0.0"]);
    expect(remote.code).toBe(2);
    expect(remote.stderr).toBe("dojo: --host 0.0.0.0 is not a loopback address (hint: add --allow-remote if you mean to serve your workspace to other machines)\n");
    const range = await runDojo(["--home", home, "serve", "--port", "70000"]);
    expect(range.code).toBe(2);
    expect(range.stderr).toContain("--port: 70000 is not a port");
  });
});
