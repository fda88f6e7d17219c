/**
 * What a practice session needs from the person at the keyboard. The CLI implements it
 * with @clack/prompts; tests drive sessions with a scripted one. Each question returns
 * null when the user quits.
 */
export interface Prompter {
  /** Shows a titled block of text (a question, a model answer, a summary). */
  show(title: string, body: string): void;
  /** A multi-line answer; "" means the user answered aloud. With `since`, a running timer is shown. */
  answer(message: string, since?: Date): Promise<string | null>;
  /** Ticks items of a checklist; returns one boolean per item. */
  checklist(message: string, items: readonly string[]): Promise<boolean[] | null>;
  /** One of several options, `initial` preselected. */
  choose<T extends string>(message: string, options: ReadonlyArray<{ value: T; label: string }>, initial: T): Promise<T | null>;
}
