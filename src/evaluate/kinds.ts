import { codeKind } from "./code.js";
import type { EvalKind } from "./kind.js";
import { lmKind } from "./lm.js";
import { prefKind } from "./pref.js";
import { qaKind } from "./qa.js";
import { rankKind } from "./rank.js";

/** Every kind of file `dojo eval` reads, by the name used on the command line. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each kind has its own record type
export const EVAL_KINDS: Readonly<Record<string, EvalKind<any>>> = {
  qa: qaKind,
  lm: lmKind,
  code: codeKind,
  rank: rankKind,
  pref: prefKind,
};
