/**
 * TF-IDF over the terms the workers extracted, once corpus document
 * frequencies are known:
 *
 *   w(t) = (1 + ln tf) · idf(t) · kindWeight(t),   idf(t) = ln((N + 1) / (df + 1)) + 1
 *
 * (sublinear tf and smoothed idf, as scikit-learn's TfidfVectorizer with
 * sublinear_tf and smooth_idf). Vectors are L2-normalised, capped to their
 * heaviest terms and stored sorted by term id, so cosine is a merge of two
 * sorted arrays.
 */
import type { FeatureBatch } from './batch.js';
import { NAME, NUMBER, WORD, termKind } from './terms.js';

export interface TermWeights {
  /** Multiplier for content words. @defaultValue 1 */
  word: number;
  /** Multiplier for names (capitalised mid-sentence words). @defaultValue 1.5 */
  name: number;
  /** Multiplier for numbers of two or more digits. @defaultValue 1 */
  number: number;
}

export const DEFAULT_TERM_WEIGHTS: TermWeights = { word: 1, name: 1.5, number: 1 };

export interface SparseVector {
  ids: Uint32Array;
  weights: Float32Array;
}

export const EMPTY_VECTOR: SparseVector = { ids: new Uint32Array(0), weights: new Float32Array(0) };

/** Document frequencies over the documents `counted` selects (each document counts a term once). */
export class DocumentFrequencies {
  private readonly df = new Map<number, number>();
  documents: number;

  /**
   * Frequencies over the blocks of one document, each block counted as a
   * document: for a text analysed alone, where there is no corpus, words
   * spread over the whole text then weigh less than words of one part (as
   * in TextTiling and C99, which weigh terms within the text).
   */
  static ofBlocks(features: FeatureBatch, doc: number, isStoryBlock: (block: number) => boolean): DocumentFrequencies {
    const out = new DocumentFrequencies(features, () => false, isStoryBlock);
    for (let b = features.blockStart[doc]; b < features.blockStart[doc + 1]; b++) {
      if (!isStoryBlock(b)) continue;
      out.documents++;
      for (let t = features.termStart[b]; t < features.termStart[b + 1]; t++) {
        out.df.set(features.termId[t], (out.df.get(features.termId[t]) ?? 0) + 1);
      }
    }
    return out;
  }

  constructor(features: FeatureBatch, counted: (doc: number) => boolean, isStoryBlock: (block: number) => boolean) {
    let documents = 0;
    const seen = new Set<number>();
    for (let d = 0; d < features.count; d++) {
      if (!counted(d)) continue;
      documents++;
      seen.clear();
      for (let b = features.blockStart[d]; b < features.blockStart[d + 1]; b++) {
        if (!isStoryBlock(b)) continue;
        for (let t = features.termStart[b]; t < features.termStart[b + 1]; t++) seen.add(features.termId[t]);
      }
      for (const id of seen) this.df.set(id, (this.df.get(id) ?? 0) + 1);
    }
    this.documents = documents;
  }

  get(termId: number): number {
    return this.df.get(termId) ?? 0;
  }

  idf(termId: number): number {
    return Math.log((this.documents + 1) / (this.get(termId) + 1)) + 1;
  }
}

/** The TF-IDF vector of a group of blocks (summed term counts), top `maxTerms` kept, L2-normalised. */
export function vectorOfBlocks(
  features: FeatureBatch,
  blocks: readonly number[],
  df: DocumentFrequencies,
  weights: TermWeights,
  maxTerms: number,
): SparseVector {
  const tf = new Map<number, number>();
  for (const b of blocks) {
    for (let t = features.termStart[b]; t < features.termStart[b + 1]; t++) {
      tf.set(features.termId[t], (tf.get(features.termId[t]) ?? 0) + features.termCount[t]);
    }
  }
  const entries: Array<[number, number]> = [];
  for (const [id, count] of tf) {
    const kind = termKind(id);
    const k = kind === NAME ? weights.name : kind === NUMBER ? weights.number : weights.word;
    entries.push([id, (1 + Math.log(count)) * df.idf(id) * k]);
  }
  entries.sort((x, y) => y[1] - x[1] || x[0] - y[0]);
  const kept = entries.slice(0, maxTerms).sort((x, y) => x[0] - y[0]);
  let norm = 0;
  for (const [, w] of kept) norm += w * w;
  norm = Math.sqrt(norm) || 1;
  return { ids: Uint32Array.from(kept, (e) => e[0]), weights: Float32Array.from(kept, (e) => e[1] / norm) };
}

/**
 * The same vector with its words and its entities (names and numbers)
 * normalised apart, the entities given `share` of the norm: cosine becomes
 * `(1 − share)·cos(words) + share·cos(entities)`. A vector with one kind of
 * term only is returned as it is.
 */
export function withEntityShare(v: SparseVector, share: number): SparseVector {
  let wordNorm = 0;
  let entityNorm = 0;
  for (let i = 0; i < v.ids.length; i++) {
    if (termKind(v.ids[i]) === WORD) wordNorm += v.weights[i] * v.weights[i];
    else entityNorm += v.weights[i] * v.weights[i];
  }
  if (wordNorm === 0 || entityNorm === 0) return v;
  const wordScale = Math.sqrt((1 - share) / wordNorm);
  const entityScale = Math.sqrt(share / entityNorm);
  const weights = v.weights.map((w, i) => w * (termKind(v.ids[i]) === WORD ? wordScale : entityScale));
  return { ids: v.ids, weights };
}

export function cosine(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let dot = 0;
  while (i < a.ids.length && j < b.ids.length) {
    const x = a.ids[i];
    const y = b.ids[j];
    if (x === y) dot += a.weights[i++] * b.weights[j++];
    else if (x < y) i++;
    else j++;
  }
  return dot;
}
