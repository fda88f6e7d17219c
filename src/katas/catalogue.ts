/**
 * The katas shipped with lmdojo, read from content/katas/<slug>/ and checked as a whole:
 * each folder has its statement, starters and reference solutions in both languages, at
 * least two known-wrong solutions named after its common bugs, and a case generator
 * whose edge cases and known mistakes are the ones kata.md lists.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, extname, join, relative } from "node:path";
import { InputError, NotFoundError } from "../errors.js";
import { packagePath } from "../package-root.js";
import { CASE_GENERATORS } from "./cases/index.js";
import { functionName, KATA_AREAS, LANGUAGES, parseKataFile, type Kata, type Language } from "./kata.js";

export const KATAS_DIR = packagePath("content", "katas");

export interface Catalogue {
  /** The valid katas, by area (in KATA_AREAS order), then difficulty, then slug. */
  katas: Kata[];
  /** One line per problem of the invalid ones: "file: field: message". */
  problems: string[];
}

let shipped: Catalogue | null = null;

/** The katas under `dir` (lmdojo's own by default, read once per process). */
export function loadKatas(dir: string = KATAS_DIR): Catalogue {
  if (dir !== KATAS_DIR) return readCatalogue(dir);
  shipped ??= readCatalogue(dir);
  return shipped;
}

/** Reads and checks every kata folder under `dir`. */
export function readCatalogue(dir: string): Catalogue {
  const katas: Kata[] = [];
  const problems: string[] = [];
  const root = join(dir, "..", "..");
  const folders = existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort() : [];
  for (const slug of folders) {
    const folder = join(dir, slug);
    const file = relative(root, join(folder, "kata.md"));
    try {
      katas.push(readKata(folder, slug, file));
    } catch (err) {
      if (err instanceof InputError) problems.push(err.hint ? `${err.message} (hint: ${err.hint})` : err.message);
      else if ((err as NodeJS.ErrnoException).code) problems.push(`${file}: cannot read the kata's files (${(err as NodeJS.ErrnoException).code})`);
      else throw err;
    }
  }
  const areaOrder = (k: Kata) => KATA_AREAS.indexOf(k.area);
  katas.sort((a, b) => areaOrder(a) - areaOrder(b) || a.difficulty - b.difficulty || (a.slug < b.slug ? -1 : 1));
  return { katas, problems };
}

function readKata(folder: string, slug: string, file: string): Kata {
  const read = (name: string) => {
    const path = join(folder, name);
    if (!existsSync(path)) throw new InputError(`${file}: ${name} is missing`, "every kata has starter.py, starter.ts, solution.py and solution.ts");
    return readFileSync(path, "utf8");
  };
  const { meta, statement } = parseKataFile(read("kata.md"), file);
  if (meta.slug !== slug) throw new InputError(`${file}: field slug: "${meta.slug}" but the folder is ${slug}/`);
  const bugIds = new Set(meta.bugs.map((b) => b.id));
  const wrongDir = join(folder, "wrong");
  const wrong = Object.fromEntries(
    (existsSync(wrongDir) ? readdirSync(wrongDir, { withFileTypes: true }) : [])
      .filter((e) => e.isFile())
      .map((e) => e.name)
      .sort()
      .map((name) => [name, readFileSync(join(wrongDir, name), "utf8")]),
  );
  for (const name of Object.keys(wrong)) {
    const ext = extname(name).slice(1);
    if (!(LANGUAGES as readonly string[]).includes(ext) || !bugIds.has(basename(name, extname(name)))) {
      throw new InputError(`${file}: wrong/${name} is not named <bug id>.py or <bug id>.ts`, `bug ids: ${[...bugIds].join(", ")}`);
    }
  }
  if (Object.keys(wrong).length < 2) throw new InputError(`${file}: ${Object.keys(wrong).length} known-wrong solutions in wrong/`, "keep at least 2 that the judge must reject");

  const generator = CASE_GENERATORS[meta.tests.generator];
  if (!generator) throw new InputError(`${file}: field tests.generator: no case generator "${meta.tests.generator}"`, "add it to src/katas/cases/index.ts");
  const edgeNames = generator.edges().map((c) => c.name ?? "");
  const unlisted = edgeNames.find((name) => !meta.tests.edges.includes(name));
  const unknown = meta.tests.edges.find((name) => !edgeNames.includes(name));
  if (unknown !== undefined) throw new InputError(`${file}: field tests.edges: the generator has no edge case "${unknown}"`, `it has: ${edgeNames.join("; ")}`);
  if (unlisted !== undefined) throw new InputError(`${file}: field tests.edges: the generator's edge case "${unlisted}" is not listed`);
  const unnamedBug = Object.keys(generator.bugs ?? {}).find((id) => !bugIds.has(id));
  if (unnamedBug !== undefined) throw new InputError(`${file}: field bugs: the generator knows a mistake "${unnamedBug}" that kata.md does not list`);

  const starter = { py: read("starter.py"), ts: read("starter.ts") };
  const solution = { py: read("solution.py"), ts: read("solution.ts") };
  for (const lang of LANGUAGES) {
    for (const name of meta.functions) {
      const declared = lang === "py" ? new RegExp(`^def ${name}\\(`, "m") : new RegExp(`^export function ${functionName(name, lang)}\\(`, "m");
      if (!declared.test(starter[lang])) throw new InputError(`${file}: starter.${lang} does not declare ${functionName(name, lang)}`);
    }
  }
  return { ...meta, statement, starter, solution, wrong, file };
}

/** The kata `slug`; an unknown slug is a NotFoundError. */
export function findKata(katas: readonly Kata[], slug: string): Kata {
  const kata = katas.find((k) => k.slug === slug);
  if (!kata) throw new NotFoundError(`no kata "${slug}"`, "dojo kata list shows them");
  return kata;
}

/** A language name from a flag or a file name: "py" | "ts". */
export function languageOf(value: string, where = "--lang"): Language {
  const lang = value.replace(/^\./, "") as Language;
  if (!(LANGUAGES as readonly string[]).includes(lang)) throw new InputError(`${where}: "${value}" is not a kata language`, "use py (Python with NumPy) or ts (TypeScript)");
  return lang;
}
