import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/server/app.js";
import { createContext } from "../../src/server/context.js";
import { CONTENT_SECURITY_POLICY, tokenCookieName } from "../../src/server/security.js";
import { ORIGIN, TEST_PORT, TEST_TOKEN, testServer } from "./api-client.js";

/** A built front end of one page, so page responses are tested without the real build. */
function fakeWebBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), "lmdojo-webbuild-"));
  writeFileSync(join(dir, "index.html"), "<!doctype html><title>lmdojo</title>");
  return dir;
}

describe("the server's guards", () => {
  it("served beyond loopback (--allow-remote), answers any name of the machine at its port, still only with the token", async () => {
    const app = createApp({ context: createContext({ home: mkdtempSync(join(tmpdir(), "lmdojo-remote-")) }), port: TEST_PORT, token: TEST_TOKEN, remote: true });
    const get = (host: string, token?: string) =>
      app.request(`http://${host}/api/home`, { headers: { host, ...(token ? { "x-dojo-token": token } : {}) } });
    expect((await get(`192.0.2.2:${TEST_PORT}`, TEST_TOKEN)).status).toBe(200);
    expect((await get(`lab-box.local:${TEST_PORT}`, TEST_TOKEN)).status).toBe(200);
    expect((await get(`192.0.2.2:${TEST_PORT}`)).status).toBe(401);
    expect((await get(`192.0.2.2:${TEST_PORT + 1}`, TEST_TOKEN)).status).toBe(403);
  });

  it("refuses a Host that is not loopback at its port (DNS rebinding) with 403", async () => {
    const { request } = testServer();
    for (const host of ["evil.example", `evil.example:${TEST_PORT}`, "127.0.0.1:80", `127.0.0.2:${TEST_PORT}`, `localhost:${TEST_PORT + 1}`]) {
      const response = await request("/api/home", { headers: { host } });
      expect([host, response.status]).toEqual([host, 403]);
      expect(((await response.json()) as { error: string }).error).toContain("is not served here");
    }
    for (const host of [`127.0.0.1:${TEST_PORT}`, `localhost:${TEST_PORT}`, `[::1]:${TEST_PORT}`]) {
      expect([host, (await request("/api/home", { headers: { host } })).status]).toEqual([host, 200]);
    }
  });

  it("answers 401 to an API request without the token or with a wrong one", async () => {
    const { request } = testServer();
    expect((await request("/api/home", { headers: { "x-dojo-token": undefined } })).status).toBe(401);
    expect((await request("/api/home", { headers: { "x-dojo-token": TEST_TOKEN.slice(0, -1) + "x" } })).status).toBe(401);
    expect((await request("/api/home", { headers: { "x-dojo-token": TEST_TOKEN + "x" } })).status).toBe(401);
    expect((await request("/api/home", { headers: { "x-dojo-token": undefined, cookie: `${tokenCookieName(TEST_PORT)}=nope` } })).status).toBe(401);
    expect((await request("/api/home", { headers: { "x-dojo-token": undefined, cookie: `${tokenCookieName(TEST_PORT)}=${TEST_TOKEN}` } })).status).toBe(200);
    // A cookie of another lmdojo server on this machine does not open this one.
    expect((await request("/api/home", { headers: { "x-dojo-token": undefined, cookie: `${tokenCookieName(TEST_PORT + 1)}=${TEST_TOKEN}` } })).status).toBe(401);
  });

  it("swaps the URL's token for an HttpOnly, SameSite=Strict cookie and reloads without it", async () => {
    const { request } = testServer({ webDir: fakeWebBuild() });
    const response = await request(`/drill?area=systems&token=${TEST_TOKEN}`, { headers: { "x-dojo-token": undefined } });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/drill?area=systems");
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toContain(`${tokenCookieName(TEST_PORT)}=${TEST_TOKEN}`);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    // A wrong token in the URL sets nothing and is refused.
    const wrong = await request(`/?token=nope`, { headers: { "x-dojo-token": undefined } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("set-cookie")).toBeNull();
  });

  it("refuses a state-changing request from another origin, or with no Origin, with 403", async () => {
    const { request } = testServer();
    for (const origin of ["http://evil.example", `http://127.0.0.1:${TEST_PORT + 1}`, `https://127.0.0.1:${TEST_PORT}`, "null", undefined]) {
      const response = await request("/api/home", { method: "POST", json: {}, headers: { origin } });
      expect([origin, response.status]).toEqual([origin, 403]);
    }
    // Another name of this same server is still another origin.
    expect((await request("/api/home", { method: "POST", json: {}, headers: { origin: `http://localhost:${TEST_PORT}` } })).status).toBe(403);
    // The same origin gets through the guard (to the route, which has no POST here).
    expect((await request("/api/home", { method: "POST", json: {}, headers: { origin: ORIGIN } })).status).toBe(404);
  });

  it("sends the Content-Security-Policy, and no CORS header, on pages, assets, API answers and errors", async () => {
    const { request } = testServer({ webDir: fakeWebBuild() });
    const responses = [
      await request("/"),
      await request("/drill"),
      await request("/api/home"),
      await request("/api/nope"),
      await request("/api/home", { headers: { "x-dojo-token": undefined } }),
      await request("/api/home", { headers: { host: "evil.example" } }),
      await request("/assets/missing.js"),
    ];
    for (const response of responses) {
      expect(response.headers.get("content-security-policy")).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get("access-control-allow-origin")).toBeNull();
    }
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|https?:/);
  });

  it("refuses a page path that climbs out of the web folder with 400", async () => {
    const { request } = testServer({ webDir: fakeWebBuild() });
    for (const path of ["/..%2f..%2fpackage.json", "/assets/..%2f..%2f..%2fpackage.json", "/%2e%2e%2f%2e%2e%2fetc%2fpasswd.txt"]) {
      expect([path, (await request(path)).status]).toEqual([path, 400]);
    }
    // A malformed %-escape is the caller's mistake, not a server error.
    for (const path of ["/%E0%A4%A", "/drill%ff"]) expect([path, (await request(path)).status]).toEqual([path, 400]);
  });

  it("answers an unknown API route with a JSON 404 and a body over 1 MB with 413", async () => {
    const { request } = testServer();
    const missing = await request("/api/nothing-here");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: "no such API route: GET /api/nothing-here" });
    const big = await request("/api/home", { method: "POST", body: "x".repeat(1024 * 1024 + 1), headers: { "content-type": "application/json" } });
    expect(big.status).toBe(413);
    // Exactly at the limit is allowed through (to the route, which has no POST: 404).
    const atLimit = await request("/api/home", { method: "POST", body: "x".repeat(1024 * 1024), headers: { "content-type": "application/json" } });
    expect(atLimit.status).toBe(404);
    // A body whose length is not declared is refused before it is read.
    const chunked = await request("/api/home", { method: "POST", body: "{}", headers: { "content-type": "application/json", "content-length": undefined } });
    expect(chunked.status).toBe(411);
  });
});
