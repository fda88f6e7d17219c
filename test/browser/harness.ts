/**
 * Browser tests: the real server on a free loopback port over a fresh workspace, and Debian's
 * Chromium driven by playwright-core (which downloads nothing). Screenshots go to
 * test-output/screenshots/ (git-ignored).
 */
import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { startServer, type RunningServer } from "../../src/server/serve.js";

export const CHROMIUM = process.env.LMDOJO_CHROMIUM ?? "/usr/bin/chromium";
export const SCREENSHOTS = fileURLToPath(new URL("../../test-output/screenshots/", import.meta.url));

/** Without the background-networking flags Chromium keeps dialling Google on a closed network. */
const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
  "--use-fake-device-for-media-stream",
  "--use-fake-ui-for-media-stream",
];

export interface BrowserSession {
  server: RunningServer;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  home: string;
  /** An absolute URL on the server for an app path. */
  url: (path: string) => string;
  /** Saves a full-page screenshot as test-output/screenshots/<name>.png. */
  screenshot: (name: string) => Promise<void>;
  close: () => Promise<void>;
}

/**
 * Starts a server and a browser whose page already holds the access cookie (it opened the
 * token URL, as a user does). `colorScheme` picks the light or dark theme.
 */
export async function openBrowserSession(options: { home?: string; contentDir?: string; colorScheme?: "light" | "dark"; viewport?: { width: number; height: number } } = {}): Promise<BrowserSession> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium (apt-get install chromium) or set LMDOJO_CHROMIUM`);
  const home = options.home ?? mkdtempSync(join(tmpdir(), "lmdojo-browser-"));
  const server = await startServer({ home, port: 0, host: "127.0.0.1", fallback: false, contentDir: options.contentDir });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
  const context = await browser.newContext({ colorScheme: options.colorScheme ?? "light", viewport: options.viewport ?? { width: 1280, height: 860 } });
  await context.grantPermissions(["microphone"]);
  const page = await context.newPage();
  await page.goto(server.openUrl);
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    server,
    browser,
    context,
    page,
    home,
    url: (path) => new URL(path, server.url).toString(),
    screenshot: async (name) => {
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    },
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}
