/**
 * Puts the web app on a socket: loopback by default, the first free port from the one asked
 * for, a fresh random token per launch, and a clean stop that closes the database.
 */
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import type { Hono } from "hono";
import { InputError } from "../errors.js";
import { createApp } from "./app.js";
import { createContext, type ServerContext } from "./context.js";

export const DEFAULT_PORT = 4781;
/** How many ports above the asked one are tried before giving up. */
const PORT_TRIES = 20;

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1"]);
export const isLoopback = (host: string) => LOOPBACK.has(host);

export interface ServeOptions {
  home: string;
  port: number;
  host: string;
  /** When the asked port is taken, try the next ones (false for an explicit --port). */
  fallback: boolean;
  contentDir?: string;
  webDir?: string;
}

export interface RunningServer {
  url: string;
  /** The URL to open: it carries the token, which the page swaps for a cookie. */
  openUrl: string;
  port: number;
  token: string;
  context: ServerContext;
  close: () => Promise<void>;
}

/** Whether `port` on `host` can be listened on now. */
function portIsFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe: Server = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

async function choosePort(options: ServeOptions): Promise<number> {
  if (options.port === 0) return 0;
  const tries = options.fallback ? PORT_TRIES : 1;
  for (let port = options.port; port < options.port + tries; port++) {
    if (await portIsFree(port, options.host)) return port;
  }
  const range = tries === 1 ? `port ${options.port} is` : `ports ${options.port}-${options.port + tries - 1} are`;
  throw new InputError(`${range} in use on ${options.host}`, "choose another with --port N");
}

/** The URL's host part: IPv6 literals in brackets. */
const urlHost = (host: string) => (host.includes(":") ? `[${host}]` : host);

/** Starts the server and resolves once it listens. Port 0 takes any free port (tests). */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const context = createContext({ home: options.home, contentDir: options.contentDir });
  // Every page needs the bank and the database: load them before the URL is printed, not at the first request.
  context.bank();
  context.db();
  const token = randomBytes(24).toString("base64url");
  const wanted = await choosePort(options);
  // The app must know its port for the Host check, and port 0 is only known once bound: it is
  // made right after binding, before the event loop can hand it a request.
  let app: Hono | null = null;
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: (req) => app!.fetch(req), port: wanted, hostname: options.host }, () => resolve(s));
    s.once("error", reject);
  });
  const port = (server.address() as { port: number }).port;
  app = createApp({ context, port, token, remote: !isLoopback(options.host), webDir: options.webDir });
  const url = `http://${urlHost(options.host)}:${port}/`;
  return {
    url,
    openUrl: `${url}?token=${token}`,
    port,
    token,
    context,
    close: () =>
      new Promise((resolve) => {
        server.close(() => {
          context.close();
          resolve();
        });
        // Server-sent event streams stay open; end them so that close() completes.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
