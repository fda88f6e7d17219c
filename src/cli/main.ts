import { Command, CommanderError } from "commander";
import { InputError } from "../errors.js";
import { ablateCommand } from "./ablate-command.js";
import { calcCommand } from "./calc-command.js";
import { cardsCommand } from "./cards-command.js";
import { kataCommand } from "./kata-command.js";
import { incidentCommand } from "./incident-command.js";
import { evalCommand } from "./eval-command.js";
import { readHomeStatus } from "../home/status.js";
import { homeScreen } from "./home.js";
import { alignCommand } from "./align-command.js";
import { labCommand } from "./lab-command.js";
import { drillCommand, mockCommand, progressCommand, transferCommands } from "./practice-commands.js";
import { serveCommand } from "./serve-command.js";
import { dojoFor, homeOf } from "./workspace-options.js";

/** Builds the `dojo` command tree. */
export function buildProgram(): Command {
  const program = new Command("dojo")
    .description("lmdojo: a local-first workbench for LLM research interview preparation")
    .version("0.1.0")
    .option("--home <dir>", "workspace folder (default: $LMDOJO_HOME, else ~/.lmdojo)")
    .allowExcessArguments(true)
    // The root has an action (the home screen), so commander would not add `dojo help` by itself.
    .helpCommand(true)
    .action((_options, command: Command) => {
      if (command.args.length > 0) {
        throw new InputError(`unknown command "${command.args[0]}"`, "run dojo --help to list the commands");
      }
      const now = new Date();
      process.stdout.write(homeScreen(readHomeStatus(homeOf(command), now), now, dojoFor(command)));
    });
  program.addCommand(evalCommand());
  program.addCommand(ablateCommand());
  program.addCommand(cardsCommand());
  program.addCommand(kataCommand());
  program.addCommand(incidentCommand());
  program.addCommand(drillCommand());
  program.addCommand(mockCommand());
  program.addCommand(progressCommand());
  program.addCommand(labCommand());
  program.addCommand(alignCommand());
  program.addCommand(calcCommand());
  program.addCommand(serveCommand());
  for (const command of transferCommands()) program.addCommand(command);
  forEachCommand(program, (command) =>
    command
      // Throw instead of exiting, so that main() decides the exit code.
      .exitOverride()
      .configureOutput({
        // Commander's usage errors as one line, like our own, with the help that lists what the
        // command takes: "dojo: error: unknown command 'x' (hint: dojo calc --help lists ...)".
        outputError: (text) =>
          process.stderr.write(`dojo: ${text.trim().replace(/\s*\n\s*/g, " ")} (hint: ${commandPath(command)} --help lists what it takes)\n`),
        // Commander writes here only the help of a command group called without a subcommand
        // (`dojo cards`): that is a request for help, printed like `--help`.
        writeErr: (text) => process.stdout.write(text),
      }),
  );
  return program;
}

/** "dojo lab pretrain" for the pretrain command. */
function commandPath(command: Command): string {
  return command.parent ? `${commandPath(command.parent)} ${command.name()}` : command.name();
}

function forEachCommand(command: Command, visit: (command: Command) => void): void {
  visit(command);
  for (const sub of command.commands) forEachCommand(sub, visit);
}

/**
 * Runs the CLI on `argv` (without node and script) and returns the exit code:
 * 0 on success, 2 on a user error (printed as one line, no stack trace), or the code a
 * command set in process.exitCode.
 */
export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: "user" });
    // A command that finished but failed sets process.exitCode (a run stopped by an alert: 1, Ctrl-C: 130).
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (err) {
    // "commander.help": the help of a command group called without a subcommand, a normal answer.
    if (err instanceof CommanderError) return err.exitCode === 0 || err.code === "commander.help" ? 0 : 2;
    if (err instanceof InputError) {
      process.stderr.write(`dojo: ${err.message}${err.hint ? ` (hint: ${err.hint})` : ""}\n`);
      return 2;
    }
    throw err;
  }
}
