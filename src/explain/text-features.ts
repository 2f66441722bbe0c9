/**
 * What `explain` reads from a document's own text: its story's shingles as
 * a set (for the exact Jaccard and containment, which the pipeline only
 * estimates) and how its terms are written (to name the terms of its
 * vectors). The same calls the features kernel makes (features/extract.ts:
 * units, tokens, boilerplate marks, the story's tokens, terms), and the
 * story's MinHash signature signed again from them, so that `explain` can
 * check it equals the run's: then the set is the one the run estimated.
 */
import { MinHasher, type MinHashOptions } from '../features/minhash.js';
import { Surfaces } from '../features/surfaces.js';
import { TermExtractor, TermList, namesInText, surfaceOf } from '../features/terms.js';
import { splitUnits } from '../normalize/structure.js';
import { createTokens, foldToken, tokenize } from '../normalize/tokenize.js';
import { markBoilerplate } from '../segments/boilerplate.js';

export interface TextFeatures {
  /** The story's distinct shingles: `shingleSize` folded tokens joined by a space. */
  shingles: Set<string>;
  /** Shingle occurrences (the count the pipeline keeps as the set's size). */
  occurrences: number;
  /** The story's MinHash signature, signed here. */
  signature: Uint32Array;
  /** How the text writes its terms (by term id). */
  surfaces: Surfaces;
}

export function textFeatures(text: string, minhash: Required<MinHashOptions>): TextFeatures {
  const { units } = splitUnits(text);
  const tokens = createTokens(1024);
  const unitTokenStart = new Int32Array(units.length + 1);
  for (let u = 0; u < units.length; u++) {
    tokenize(text, tokens, units[u].start, units[u].end);
    unitTokenStart[u + 1] = tokens.count;
  }
  const boilerplate = markBoilerplate(text, units);

  // The story: units that are not boilerplate, or all of them when every unit is (as signStory).
  let storyTokens = 0;
  for (let u = 0; u < units.length; u++) if (boilerplate[u] === 0) storyTokens += unitTokenStart[u + 1] - unitTokenStart[u];
  const hashStory = storyTokens > 0;
  const story: number[] = [];
  for (let u = 0; u < units.length; u++) {
    if (hashStory && boilerplate[u] === 1) continue;
    for (let k = unitTokenStart[u]; k < unitTokenStart[u + 1]; k++) story.push(k);
  }
  const hasher = new MinHasher(minhash);
  const signature = new Uint32Array(minhash.numPerm);
  const occurrences = hasher.sign(Uint32Array.from(story, (k) => tokens.hash[k]), story.length, signature);

  const words = story.map((k) => foldToken(text, tokens.start[k], tokens.end[k]));
  const w = minhash.shingleSize;
  const shingles = new Set<string>();
  if (words.length > 0 && words.length < w) shingles.add(words.join(' '));
  for (let i = 0; i + w <= words.length; i++) shingles.add(words.slice(i, i + w).join(' '));

  // Terms as the kernel finds them, each with how it is written.
  const sentenceInitial = new Uint8Array(tokens.count);
  for (let u = 0; u < units.length; u++) if (unitTokenStart[u] < unitTokenStart[u + 1]) sentenceInitial[unitTokenStart[u]] = 1;
  const names = namesInText(tokens, sentenceInitial, text);
  const terms = new TermList(1024);
  const extractor = new TermExtractor();
  for (let u = 0; u < units.length; u++) extractor.termsOf(text, tokens, unitTokenStart[u], unitTokenStart[u + 1], sentenceInitial, names, terms);
  const surfaces = new Surfaces(256);
  for (let t = 0; t < terms.count; t++) surfaces.offer(terms.ids[t], surfaceOf(text, tokens, terms.at[t], terms.ids[t]));
  return { shingles, occurrences, signature, surfaces };
}

/** |A ∩ B| of two sets. */
export function intersectionSize<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const x of small) if (large.has(x)) shared++;
  return shared;
}
