/**
 * An error the user can cause with their input (a bad file, flag or value).
 * Surfaces print it as one line, `message` then `hint`, with no stack trace, and exit 2.
 *
 * Core modules throw it for invalid arguments; the CLI adds the file and line it read.
 */
export class InputError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = "InputError";
  }
}
