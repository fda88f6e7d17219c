import { spawn } from "node:child_process";
import { Command } from "commander";
import { InputError } from "../errors.js";
import { DEFAULT_PORT, isLoopback, startServer } from "../server/serve.js";
import { parsePositiveInt } from "./options.js";
import { workspaceFor } from "./workspace-options.js";

/** A desktop to open a browser on: macOS, Windows, or a Linux session with a display. */
function hasDesktop(env: NodeJS.ProcessEnv = process.env): boolean {
  return process.platform === "darwin" || process.platform === "win32" || Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/** Opens `url` in the default browser; a failure is one line, the server keeps running. */
function openBrowser(url: string): void {
  const [program, args] =
    process.platform === "darwin" ? ["open", [url]] : process.platform === "win32" ? ["cmd", ["/c", "start", "", url]] : ["xdg-open", [url]];
  const child = spawn(program, args, { stdio: "ignore", detached: true });
  child.on("error", () => process.stderr.write(`dojo: could not open a browser (${program}); open the URL above yourself\n`));
  child.unref();
}

/** `dojo serve`: the web app on 127.0.0.1. */
export function serveCommand(): Command {
  return new Command("serve")
    .description("start the web app on this machine (127.0.0.1), print its URL with the access token")
    .option("--port <n>", `port (default ${DEFAULT_PORT}, or the next free one)`)
    .option("--open", "open the browser when a desktop is present")
    .option("--host <address>", "address to listen on (default 127.0.0.1; anything else needs --allow-remote)", "127.0.0.1")
    .option("--allow-remote", "allow a non-loopback --host: anyone who can reach it and has the token can use your workspace")
    .action(async (flags: { port?: string; open?: boolean; host: string; allowRemote?: boolean }, command: Command) => {
      if (!isLoopback(flags.host) && !flags.allowRemote) {
        throw new InputError(`--host ${flags.host} is not a loopback address`, "add --allow-remote if you mean to serve your workspace to other machines");
      }
      const port = flags.port === undefined ? DEFAULT_PORT : parsePositiveInt("--port", flags.port);
      if (port > 65535) throw new InputError(`--port: ${port} is not a port`, "use 1-65535");
      const home = await workspaceFor(command);
      const server = await startServer({ home, port, host: flags.host, fallback: flags.port === undefined });
      if (!isLoopback(flags.host)) {
        process.stderr.write(`dojo: warning: serving on ${flags.host}: other machines that reach this address and know the token can read and change your workspace\n`);
      }
      if (server.port !== port) process.stdout.write(`port ${port} is in use; using ${server.port}\n`);
      process.stdout.write(`lmdojo is at ${server.openUrl}\n(workspace ${home}; the token in the URL is new at every start. Ctrl-C stops the server.)\n`);
      if (flags.open) {
        if (hasDesktop()) openBrowser(server.openUrl);
        else process.stdout.write("no desktop here to open a browser on: open the URL above\n");
      }
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off("SIGINT", stop);
          process.off("SIGTERM", stop);
          process.stdout.write("\nstopping the server\n");
          void server.close().then(resolve);
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
      });
    });
}
