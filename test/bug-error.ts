import { expect } from "vitest";
import { InputError } from "../src/errors.js";

/**
 * Asserts that `run` throws a plain Error (a broken invariant: a bug, which keeps its stack
 * trace), not an InputError (a user error, printed as one line), with a message matching `message`.
 */
export function expectBug(run: () => unknown, message: RegExp): void {
  let thrown: unknown;
  try {
    run();
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(Error);
  expect(thrown).not.toBeInstanceOf(InputError);
  expect((thrown as Error).message).toMatch(message);
}
