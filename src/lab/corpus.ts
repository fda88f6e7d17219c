/**
 * The data of a run, from its config: documents (the synthetic corpus or a user's text
 * file), split by document into train and validation, tokenized into one stream per
 * domain (documents joined by a blank line), with the mixture probabilities the loader
 * draws domains with, held-out arithmetic prompts and the unigram entropy of the
 * training tokens (the loss floor of a model that ignores context); a data fault the config
 * records (the failure lab's) is applied.
 *
 * Held-out arithmetic: a seeded 2% of the 4,095 unordered pairs {a, b} of two-digit
 * numbers are removed from the training documents in both orders (a+b and b+a), and
 * the validation lines with those pairs become the prompts ("…\n37+48=" → "85"). A 1 MB
 * corpus states nearly every sum in training, so without this an "exact match" would
 * measure recall, not addition. (The validation loss on arithmetic still includes sums
 * seen in training: it measures the format as much as the addition.)
 */
import { DOCUMENT_SEPARATOR } from "../data/paragraphs.js";
import { InputError } from "../errors.js";
import { readTextDocuments } from "./text-documents.js";
import { mixtureProbabilities } from "../data/mixture.js";
import { splitByDocument, textHash } from "../data/split.js";
import { DOMAINS, generateSyntheticCorpus } from "../data/synthetic.js";
import type { TrainConfig } from "../train/config.js";
import type { ArithmeticPrompt } from "../train/evaluate-model.js";
import { labTokenizer, trainLabTokenizer, type TokenizerSpec } from "../train/lab-tokenizer.js";
import type { TrainingData } from "../train/trainer.js";
import { plural } from "../report/plural.js";
import { faultData } from "./faults.js";

/** The training data, and how many documents went to each side of the split. */
export interface PreparedCorpus extends TrainingData {
  documents: { train: number; validation: number };
  /** sha256 of the text file's contents (null for the synthetic corpus). */
  sourceSha256: string | null;
}

/** Share of the 2-digit sums held out of training. */
const HELD_OUT_SUM_FRACTION = 0.02;
const ARITHMETIC_LINE = /^(\d\d)\+(\d\d)=(\d+)$/;

/**
 * Builds the run's data. Pass the tokenizer spec saved with a run to rebuild exactly the
 * same streams (resume, eval); without it, a tokenizer is trained as the config says.
 *
 * @example const corpus = prepareCorpus(resolveConfig("tiny", [])); corpus.train.length // 4 domains
 */
export function prepareCorpus(config: TrainConfig, tokenizerSpec?: TokenizerSpec): PreparedCorpus {
  const { data, seed, model } = config;
  const file = data.source === "synthetic" ? null : readTextDocuments(data.source);
  if (file && data.sha256 !== undefined && file.sha256 !== data.sha256) {
    throw new InputError(`${data.source}: the file changed since the run started (its sha256 differs from the config's data.sha256)`, "restore the text the run was trained on");
  }
  const documents = file ? file.documents.map((d) => ({ domain: "text", text: d.text })) : generateSyntheticCorpus({ seed, targetChars: data.syntheticChars }).documents;
  const domains = data.source === "synthetic" ? [...DOMAINS] : ["text"];
  const split = splitByDocument(documents, { seed, validationFraction: data.validationFraction });

  const heldOut = (a: string, b: string) => textHash(a < b ? `${a}+${b}` : `${b}+${a}`, seed) / 4294967296 < HELD_OUT_SUM_FRACTION;
  const trainTexts = domains.map((domain) =>
    split.train
      .filter((d) => d.domain === domain)
      .map((d) => (domain === "arithmetic" ? withoutHeldOutSums(d.text, heldOut) : d.text))
      .filter((text) => text.length > 0)
      .join(DOCUMENT_SEPARATOR),
  );
  const validationDocs = domains.map((domain) => split.validation.filter((d) => d.domain === domain));
  const validationTexts = validationDocs.map((docs) => docs.map((d) => d.text).join(DOCUMENT_SEPARATOR));

  const tokenizer = tokenizerSpec
    ? labTokenizer(tokenizerSpec)
    : trainLabTokenizer({ kind: config.tokenizer.kind, vocabSize: config.tokenizer.bpeVocabSize }, trainTexts.join(DOCUMENT_SEPARATOR), [...trainTexts, ...validationTexts].join(DOCUMENT_SEPARATOR));
  const train = trainTexts.map((text) => Int32Array.from(tokenizer.encode(text)));
  const validation = validationTexts.map((text) => Int32Array.from(tokenizer.encode(text)));

  // A domain too short for one window cannot be drawn from.
  const usable = train.map((stream) => (stream.length >= model.blockSize + 1 ? stream.length : 0));
  if (usable.every((n) => n === 0)) {
    throw new InputError(`${data.source}: the training split has ${Math.max(...train.map((s) => s.length))} tokens at most per domain, fewer than one window of block size ${model.blockSize} + 1`, "use more text or a smaller model.blockSize");
  }
  if (validation.every((stream) => stream.length < 2)) {
    throw new InputError(`${data.source}: the validation split has no text to score (${documentsOf(split.validation)})`, "use more text or a larger data.validationFraction");
  }
  // A fault that acts on the data (src/lab/faults.ts) is part of the run's config, so of its data.
  return faultData(config, {
    sourceSha256: file?.sha256 ?? null,
    domains,
    train,
    validation,
    probabilities: mixtureProbabilities(usable, data.mixtureTemperature),
    tokenizer,
    arithmetic: arithmeticPrompts(validationDocs[domains.indexOf("arithmetic")] ?? [], heldOut, config.eval.arithmeticPrompts),
    samplePrompts: validationDocs.flatMap((docs) => (docs.length > 0 ? [docs[0].text.slice(0, 16)] : [])),
    unigramEntropy: unigramEntropy(train, tokenizer.vocabSize),
    documents: { train: split.train.length, validation: split.validation.length },
  });
}

function documentsOf(documents: readonly unknown[]): string {
  return plural(documents.length, "document");
}

/** Whether the sum of two-digit numbers a and b (either order) is held out of training. */
type HeldOut = (a: string, b: string) => boolean;

/** The document without lines stating a held-out sum. */
function withoutHeldOutSums(text: string, heldOut: HeldOut): string {
  return text
    .split("\n")
    .filter((line) => {
      const match = ARITHMETIC_LINE.exec(line);
      return !(match && heldOut(match[1], match[2]));
    })
    .join("\n");
}

/** Up to `limit` prompts: each validation line with a held-out sum, after the document's earlier lines. */
function arithmeticPrompts(documents: readonly { text: string }[], heldOut: HeldOut, limit: number): ArithmeticPrompt[] {
  const prompts: ArithmeticPrompt[] = [];
  for (const { text } of documents) {
    const lines = text.split("\n");
    for (let i = 0; i < lines.length && prompts.length < limit; i++) {
      const match = ARITHMETIC_LINE.exec(lines[i]);
      if (!match || !heldOut(match[1], match[2])) continue;
      const before = lines.slice(0, i).join("\n");
      prompts.push({ prompt: `${DOCUMENT_SEPARATOR}${before}${before ? "\n" : ""}${match[1]}+${match[2]}=`, answer: match[3] });
    }
  }
  return prompts;
}

/**
 * Entropy of the unigram distribution of all training tokens, in nats: H = −Σ p log p.
 *
 * @example unigramEntropy([Int32Array.of(0, 1, 0, 1)], 2) // ln 2 ≈ 0.693
 */
export function unigramEntropy(streams: readonly Int32Array[], vocabSize: number): number {
  const counts = new Float64Array(vocabSize);
  let total = 0;
  for (const stream of streams) {
    for (let i = 0; i < stream.length; i++) counts[stream[i]]++;
    total += stream.length;
  }
  let entropy = 0;
  for (const count of counts) if (count > 0) entropy -= (count / total) * Math.log(count / total);
  return entropy;
}
