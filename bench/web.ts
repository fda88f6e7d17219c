/**
 * `npm run bench -- web`: the web app's targets, each beside a baseline measured in the same run.
 *  1. Home page ready (its heading drawn) in Chromium from a cold `dojo serve`, against a bare
 *     Node http server's page started and loaded the same way. Target: under 1 s.
 *  2. API latency (p50, p95 over real sockets) for the drill and progress routes with 10,000
 *     stored attempts, against the same server's cheapest answer (an unknown API route's 404).
 *     Target: p95 under 50 ms.
 *  3. JavaScript the first page loads, gzipped, against the 250 kB budget; and which chunks
 *     hold KaTeX, CodeMirror and uPlot (they must not be among the first page's).
 *  4. The server's memory across 1,000 drill submissions (its heap after a full collection,
 *     and the process's RSS), against the same after a warm-up of 300. Target: within 10%.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { chromium, type Browser } from "playwright-core";
import { loadBank } from "../src/drill/bank.js";
import { recordAttempt } from "../src/drill/history.js";
import { suggestRating } from "../src/drill/rubric.js";
import { createRng } from "../src/stats/prng.js";
import { startServer } from "../src/server/serve.js";
import { openStore } from "../src/store/open.js";
import { median } from "./timing.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CHROMIUM = process.env.LMDOJO_CHROMIUM ?? "/usr/bin/chromium";
const CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"];
const COLD_REPEATS = 5;
const REQUESTS = 200;

function row(label: string, ours: string, baseline: string, ratio: string): void {
  process.stdout.write(`  ${label.padEnd(44)} ${ours.padStart(14)} ${baseline.padStart(14)} ${ratio.padStart(9)}\n`);
}

const ms = (x: number) => `${x.toFixed(1)} ms`;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Starts a process and resolves with the first stdout line matching `ready`. */
function startUntil(command: string, args: string[], ready: RegExp): Promise<{ child: ChildProcess; line: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
      const line = out.split("\n").find((l) => ready.test(l));
      if (line) resolve({ child, line });
    });
    child.once("exit", (code) => reject(new Error(`${command} ${args.join(" ")} exited with ${code} before it was ready`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners("exit");
    child.once("exit", () => resolve());
    child.kill("SIGINT");
  });
}

/** A dojo server on a free port over `home`; its URL with the token. */
async function startDojo(home: string): Promise<{ child: ChildProcess; openUrl: string; port: number }> {
  const port = await freePort();
  const { child, line } = await startUntil(process.execPath, ["bin/dojo.js", "--home", home, "serve", "--port", String(port)], /lmdojo is at http/);
  return { child, openUrl: line.replace(/^.*lmdojo is at /, "").trim(), port };
}

const BARE_SERVER = `require("node:http").createServer((q, s) => { s.setHeader("content-type", "text/html"); s.end("<!doctype html><h1>ready</h1>"); }).listen(Number(process.argv[1]), "127.0.0.1", () => console.log("listening"));`;

async function coldStart(browser: Browser, home: string): Promise<void> {
  const ours: number[] = [];
  const bare: number[] = [];
  for (let r = 0; r < COLD_REPEATS; r++) {
    const page = await browser.newPage();
    let t0 = performance.now();
    const dojo = await startDojo(home);
    await page.goto(dojo.openUrl);
    await page.getByRole("heading", { level: 1 }).waitFor();
    ours.push(performance.now() - t0);
    await stop(dojo.child);

    const port = await freePort();
    t0 = performance.now();
    const plain = await startUntil(process.execPath, ["-e", BARE_SERVER, String(port)], /listening/);
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.getByRole("heading", { level: 1 }).waitFor();
    bare.push(performance.now() - t0);
    await stop(plain.child);
    await page.close();
  }
  const [a, b] = [median(ours), median(bare)];
  row("home ready from a cold start (median)", ms(a), ms(b), `${(a / b).toFixed(2)}×`);
  process.stdout.write(`    target under 1 s: ${a < 1000 ? "met" : "NOT met"} (runs: ${ours.map((x) => x.toFixed(0)).join(", ")} ms)\n`);
}

/** 10,000 attempts over 120 days on random cards, each moving its card's FSRS state. */
function seedAttempts(home: string, count: number): void {
  const { cards } = loadBank();
  const db = openStore(join(home, "dojo.db"));
  db.pragma("synchronous = OFF");
  const rng = createRng(11);
  const start = Date.now() - 120 * 86_400_000;
  const times = Array.from({ length: count }, () => start + rng.nextFloat() * 120 * 86_400_000).sort((x, y) => x - y);
  db.transaction(() => {
    for (const t of times) {
      const card = cards[rng.nextInt(cards.length)];
      const ticks = card.rubric.map(() => rng.nextFloat() < 0.6);
      const rating = suggestRating(ticks);
      recordAttempt(db, { uid: randomUUID(), cardId: card.id, startedAt: new Date(t).toISOString(), durationMs: 60_000, answer: "seeded answer", rubricTicks: ticks, suggestedRating: rating, rating, followup: null, mockId: null }, new Date(t));
    }
  })();
  db.close();
}

interface Client {
  get: (path: string) => Promise<Response>;
  post: (path: string, body: unknown) => Promise<Response>;
}

function clientFor(port: number, openUrl: string): Client {
  const token = new URL(openUrl).searchParams.get("token")!;
  const base = `http://127.0.0.1:${port}`;
  const headers = { "x-dojo-token": token, origin: base, "content-type": "application/json" };
  return {
    get: (path) => fetch(base + path, { headers }),
    post: (path, body) => fetch(base + path, { method: "POST", headers, body: JSON.stringify(body) }),
  };
}

async function latencies(call: () => Promise<Response>, expectOk: boolean): Promise<{ p50: number; p95: number }> {
  const times: number[] = [];
  for (let i = 0; i < REQUESTS + 10; i++) {
    const t0 = performance.now();
    const response = await call();
    await response.arrayBuffer();
    if (expectOk && !response.ok) throw new Error(`HTTP ${response.status}`);
    if (i >= 10) times.push(performance.now() - t0);
  }
  times.sort((x, y) => x - y);
  return { p50: times[Math.floor(times.length * 0.5)], p95: times[Math.ceil(times.length * 0.95) - 1] };
}

async function apiLatency(home: string): Promise<void> {
  const dojo = await startDojo(home);
  const api = clientFor(dojo.port, dojo.openUrl);
  try {
    const baseline = await latencies(() => api.get("/api/no-such-route"), false);
    const queue = (await (await api.get("/api/drill/queue?new=10")).json()) as { cards: Array<{ id: string }> };
    const cardId = queue.cards[0].id;
    const question = (await (await api.post("/api/drill/question", { cardId })).json()) as { startedAt: string };
    const routes: Array<[string, () => Promise<Response>]> = [
      ["GET /api/home", () => api.get("/api/home")],
      ["GET /api/drill/queue", () => api.get("/api/drill/queue?new=10")],
      ["POST /api/drill/question", () => api.post("/api/drill/question", { cardId })],
      ["POST /api/drill/reveal", () => api.post("/api/drill/reveal", { cardId, startedAt: question.startedAt, answer: "an answer" })],
      ["GET /api/progress", () => api.get("/api/progress")],
    ];
    row("baseline: unknown route 404 (p50 / p95)", "", `${ms(baseline.p50)} / ${ms(baseline.p95)}`, "");
    let worst = 0;
    for (const [label, call] of routes) {
      const probe = await call();
      await probe.arrayBuffer();
      if (probe.status === 404) {
        process.stdout.write(`    ${label}: not served by this build\n`);
        continue;
      }
      const l = await latencies(call, true);
      worst = Math.max(worst, l.p95);
      row(`${label} (p50 / p95)`, `${ms(l.p50)} / ${ms(l.p95)}`, "", `${(l.p95 / baseline.p95).toFixed(1)}×`);
    }
    process.stdout.write(`    target p95 under 50 ms with 10,000 attempts: ${worst < 50 ? "met" : "NOT met"} (worst p95 ${ms(worst)})\n`);
  } finally {
    await stop(dojo.child);
  }
}

/** The entry script and the chunks index.html preloads, gzipped; and where the heavy libraries went. */
function firstPageWeight(): void {
  const dir = join(ROOT, "build", "web");
  const html = readFileSync(join(dir, "index.html"), "utf8");
  const entry = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  // The home page's own chunk is loaded right after the entry: count it too.
  const assets = readdirSync(join(dir, "assets"));
  const home = assets.filter((f) => /^home-.*\.js$/.test(f)).map((f) => `assets/${f}`);
  const first = [...new Set([...entry, ...home])];
  const staticImports = (file: string): string[] =>
    [...readFileSync(join(dir, file), "utf8").matchAll(/from\s*"\.\/([^"]+\.js)"|import\s*"\.\/([^"]+\.js)"/g)].map((m) => `assets/${m[1] ?? m[2]}`);
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const dep of staticImports(file)) visit(dep);
  };
  for (const file of first) visit(file);
  const gz = [...seen].reduce((n, f) => n + gzipSync(readFileSync(join(dir, f))).length, 0);
  row("first page JavaScript, gzipped", `${(gz / 1024).toFixed(1)} kB`, "250.0 kB", `${(gz / 1024 / 250).toFixed(2)}×`);
  const heavy: Record<string, RegExp> = { KaTeX: /katex/i, CodeMirror: /@codemirror|EditorView/, uPlot: /uPlot/ };
  for (const [name, pattern] of Object.entries(heavy)) {
    const inFirst = [...seen].some((f) => pattern.test(readFileSync(join(dir, f), "utf8")));
    process.stdout.write(`    ${name} in the first page's scripts: ${inFirst ? "YES (should load only where used)" : "no"}\n`);
  }
  process.stdout.write(`    target under 250 kB: ${gz < 250 * 1024 ? "met" : "NOT met"} (${seen.size} files)\n`);
}

/** Submissions before the first reading: the database's page cache and V8's heap settle first. */
const WARM_UP = 300;

/** A full garbage collection, from a flag set at run time (the benchmark runs without --expose-gc). */
function collectGarbage(): void {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}

/**
 * The server's live heap (after a full collection) across 1,000 drill submissions over HTTP,
 * each a question then a stored attempt. The server runs in this process so that its heap can
 * be collected and read; a heap that stays flat is a server that keeps nothing per request.
 * The process's RSS is shown beside it (it also holds the client's memory, and V8 returns freed
 * pages to the system lazily, so it lags).
 */
async function memoryFlat(): Promise<void> {
  const server = await startServer({ home: mkdtempSync(join(tmpdir(), "lmdojo-bench-mem-")), port: 0, host: "127.0.0.1", fallback: false });
  const api = clientFor(server.port, server.openUrl);
  const { cards } = server.context.bank();
  const submit = async (i: number) => {
    const card = cards[i % cards.length];
    const q = (await (await api.post("/api/drill/question", { cardId: card.id })).json()) as { startedAt: string };
    const response = await api.post("/api/drill/attempts", {
      uid: randomUUID(),
      cardId: card.id,
      startedAt: q.startedAt,
      durationMs: 30_000,
      answer: "a typed answer ".repeat(20),
      ticks: card.rubric.map((_, j) => j % 2 === 0),
      rating: "good",
    });
    if (response.status !== 201) throw new Error(`attempt: HTTP ${response.status} ${await response.text()}`);
  };
  const reading = () => {
    collectGarbage();
    const { heapUsed, rss } = process.memoryUsage();
    return { heapUsed, rss };
  };
  try {
    for (let i = 0; i < WARM_UP; i++) await submit(i);
    const samples = [reading()];
    for (let i = 0; i < 1000; i++) {
      await submit(WARM_UP + i);
      if ((i + 1) % 250 === 0) samples.push(reading());
    }
    const [before, after] = [samples[0], samples[samples.length - 1]];
    const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
    row("server heap after 1,000 drill submissions", mb(after.heapUsed), mb(before.heapUsed), `${(after.heapUsed / before.heapUsed).toFixed(3)}×`);
    row("process RSS after 1,000 drill submissions", mb(after.rss), mb(before.rss), `${(after.rss / before.rss).toFixed(3)}×`);
    process.stdout.write(`    heap every 250: ${samples.map((x) => mb(x.heapUsed)).join(", ")}\n`);
    process.stdout.write(`    target within 10%: ${Math.abs(after.heapUsed / before.heapUsed - 1) <= 0.1 ? "met" : "NOT met"} (heap); RSS ${Math.abs(after.rss / before.rss - 1) <= 0.1 ? "within" : "NOT within"} 10%\n`);
  } finally {
    await server.close();
  }
}

export async function webBench(): Promise<void> {
  process.stdout.write(`web app (${REQUESTS} requests per route; cold start median of ${COLD_REPEATS})\n`);
  row("", "lmdojo", "baseline", "ratio");
  const home = mkdtempSync(join(tmpdir(), "lmdojo-bench-web-"));
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
  try {
    firstPageWeight();
    await coldStart(browser, home);
    seedAttempts(home, 10_000);
    await apiLatency(home);
    await memoryFlat();
  } finally {
    await browser.close();
    rmSync(home, { recursive: true, force: true });
  }
}
