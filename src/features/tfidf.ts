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
import type { SegmentFeatures } from './batch.js';
import { NAME, NUMBER, WORD, termKind } from './terms.js';
import { keepHeaviest } from '../util/heaviest.js';
import { U32Map } from '../util/u32-map.js';
import { U32Table } from '../util/u32-table.js';

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

/**
 * Document frequencies over the documents `counted` selects (each document
 * counts a term once), kept as the idf they give: vectors ask for the same
 * terms many times, and idf look-ups are a large share of segmentation's
 * time, so each is one look-up (not a count, then an idf cache).
 */
export class DocumentFrequencies {
  /** idf by term id, for every term counted (in shared memory, so worker threads read the same table). */
  private readonly table: U32Table;
  /** idf of a term no counted document has. */
  private readonly unseenIdf: number;
  readonly documents: number;

  /**
   * Frequencies over the blocks of one document, each block counted as a
   * document: for a text analysed alone, where there is no corpus, words
   * spread over the whole text then weigh less than words of one part (as
   * in TextTiling and C99, which weigh terms within the text).
   */
  static ofBlocks(features: SegmentFeatures, doc: number, isStoryBlock: (block: number) => boolean): DocumentFrequencies {
    const counts = new U32Map(1024);
    let documents = 0;
    for (let b = features.blockStart[doc]; b < features.blockStart[doc + 1]; b++) {
      if (!isStoryBlock(b)) continue;
      documents++;
      for (let t = features.termStart[b]; t < features.termStart[b + 1]; t++) counts.add(features.termId[t], 1);
    }
    return new DocumentFrequencies(U32Table.from(counts, (df) => idfOf(df, documents)), documents);
  }

  static ofDocuments(features: SegmentFeatures, counted: (doc: number) => boolean, isStoryBlock: (block: number) => boolean): DocumentFrequencies {
    const counts = new U32Map(1 << 16);
    let documents = 0;
    const seen = new U32Map(1024);
    for (let d = 0; d < features.count; d++) {
      if (!counted(d)) continue;
      documents++;
      seen.clear();
      for (let b = features.blockStart[d]; b < features.blockStart[d + 1]; b++) {
        if (!isStoryBlock(b)) continue;
        for (let t = features.termStart[b]; t < features.termStart[b + 1]; t++) seen.set(features.termId[t], 1);
      }
      for (let i = 0; i < seen.size; i++) counts.add(seen.keyAt(i), 1);
    }
    return new DocumentFrequencies(U32Table.from(counts, (df) => idfOf(df, documents), true), documents);
  }

  /** The frequencies `share()` gave, in another thread. */
  static fromShared(shared: SharedFrequencies): DocumentFrequencies {
    return new DocumentFrequencies(U32Table.over(shared.idf), shared.documents);
  }

  private constructor(table: U32Table, documents: number) {
    this.table = table;
    this.documents = documents;
    this.unseenIdf = idfOf(0, documents);
  }

  /** What a worker thread needs to rebuild these frequencies (the table itself is shared, not copied, when it is in shared memory). */
  share(): SharedFrequencies {
    return { idf: this.table.pairs, documents: this.documents };
  }

  idf(termId: number): number {
    return this.table.get(termId, this.unseenIdf);
  }
}

export interface SharedFrequencies {
  idf: Float64Array;
  documents: number;
}

function idfOf(df: number, documents: number): number {
  return Math.log((documents + 1) / (df + 1)) + 1;
}

/**
 * Where vectors' arrays live: views carved out of shared slabs, so a vector
 * costs no ArrayBuffer of its own (allocating one took a third of the time
 * of a short vector, and ~150 bytes besides its data).
 *
 * A scratch arena is `reset()` to reuse its memory: only for vectors that
 * are all dropped by then (trial vectors); keep one with `copyVector`.
 */
export class VectorArena {
  private slab = new ArrayBuffer(0);
  private used = 0;

  constructor(private readonly slabBytes = 1 << 20) {}

  allocate(length: number): SparseVector {
    const bytes = 8 * length;
    if (this.used + bytes > this.slab.byteLength) {
      this.slab = new ArrayBuffer(Math.max(this.slabBytes, bytes));
      this.used = 0;
    }
    const v = { ids: new Uint32Array(this.slab, this.used, length), weights: new Float32Array(this.slab, this.used + 4 * length, length) };
    this.used += bytes;
    return v;
  }

  /** Reuses the current slab from its start: every vector allocated here before must be dropped. */
  reset(): void {
    this.used = 0;
  }
}

/** The arena of vectors that are kept. */
const LASTING = new VectorArena();

/** A copy of `v` in lasting memory (for a vector made in a scratch arena). */
export function copyVector(v: SparseVector): SparseVector {
  const copy = LASTING.allocate(v.ids.length);
  copy.ids.set(v.ids);
  copy.weights.set(v.weights);
  return copy;
}

/** The weight of a term counted `count` times (the formula at the top; one expression, so every caller gets the same double). */
export function tfidf(count: number, idf: number, kind: number): number {
  return (1 + logOf(count)) * idf * kind;
}

export function kindWeight(id: number, weights: TermWeights): number {
  const kind = termKind(id);
  return kind === NAME ? weights.name : kind === NUMBER ? weights.number : weights.word;
}

/** One figure per kind of term: words, names, numbers. */
export type PerKind = readonly [word: number, name: number, number: number];

/**
 * The vector of terms ids[0..n) (ascending) weighing w[0..n), L2-normalised,
 * in `arena`, with its heaviest `maxTerms` kept (ties: lower id): so many in
 * all, or so many of each kind (words, names, numbers). Per kind matters for
 * events: under one cap the words crowd out the names and numbers that tell
 * two events of one kind apart.
 */
export function topNormalised(ids: Uint32Array, w: Float64Array, n: number, maxTerms: number | PerKind, arena: VectorArena = LASTING): SparseVector {
  scratch.reserve(n);
  const { order } = scratch;
  // Positions are in id order; when terms must be dropped, the kept ones are flagged and read in that order.
  const kept = typeof maxTerms === 'number' ? keepHeaviestInIdOrder(ids, w, n, maxTerms) : keepHeaviestOfEachKind(ids, w, n, maxTerms);
  let norm = 0;
  for (let j = 0; j < kept; j++) norm += w[order[j]] * w[order[j]];
  norm = Math.sqrt(norm) || 1;
  const out = arena.allocate(kept);
  for (let j = 0; j < kept; j++) {
    out.ids[j] = ids[order[j]];
    out.weights[j] = w[order[j]] / norm;
  }
  return out;
}

/** Fills scratch.order with the positions (ascending) of the `cap` heaviest of the n terms; returns how many. */
function keepHeaviestInIdOrder(ids: Uint32Array, w: Float64Array, n: number, cap: number): number {
  const { order } = scratch;
  for (let i = 0; i < n; i++) order[i] = i;
  if (n <= cap) return n;
  const keep = scratch.flags.subarray(0, n).fill(0);
  markHeaviest(ids, w, n, cap, keep);
  return collectMarked(n, keep);
}

/** The same, with a cap for each kind of term. */
function keepHeaviestOfEachKind(ids: Uint32Array, w: Float64Array, n: number, caps: PerKind): number {
  const { order } = scratch;
  const keep = scratch.flags.subarray(0, n).fill(0);
  for (let kind = 0; kind < 3; kind++) {
    let m = 0;
    for (let i = 0; i < n; i++) if (termKind(ids[i]) === kind) order[m++] = i;
    markHeaviest(ids, w, m, caps[kind], keep);
  }
  return collectMarked(n, keep);
}

/** Marks in `keep` the `cap` heaviest of the positions scratch.order[0..m). */
function markHeaviest(ids: Uint32Array, w: Float64Array, m: number, cap: number, keep: Uint8Array): void {
  const { order } = scratch;
  const top = order.subarray(0, keepHeaviest(order.subarray(0, m), cap, w, ids));
  for (const i of top) keep[i] = 1;
}

function collectMarked(n: number, keep: Uint8Array): number {
  let kept = 0;
  for (let i = 0; i < n; i++) if (keep[i] === 1) scratch.order[kept++] = i;
  return kept;
}

/** Math.log of small counts, looked up (the same doubles Math.log returns). */
const LOGS = Float64Array.from({ length: 1024 }, (_, c) => Math.log(c));
function logOf(count: number): number {
  return count < LOGS.length ? LOGS[count] : Math.log(count);
}

/** Scratch space of topNormalised, reused by every call on this thread. */
const scratch = {
  order: new Uint32Array(1024),
  flags: new Uint8Array(1024),
  reserve(terms: number): void {
    if (this.order.length < terms) {
      const size = Math.max(terms, this.order.length * 2);
      this.order = new Uint32Array(size);
      this.flags = new Uint8Array(size);
    }
  },
};

/**
 * Multipliers that normalise each kind of term of a vector (words, names,
 * numbers) apart and give it its share of the norm, so that cosine of the
 * scaled vectors is `Σ share_k · cos_k` over the kinds. Kinds are weighed
 * apart because they tell events apart differently: two reports of one
 * kind of event share most words, fewer names, and fewer numbers still (a
 * magnitude, a toll, a year), and a report with few numbers should not
 * have them drowned by its names. A kind gets its whole share only from
 * `fullShareTerms[kind]` distinct terms on (0: from one), and with fewer
 * that part of it: a report with one number would otherwise have it weigh
 * a fifth of everything it says, and two unrelated reports that happen to
 * give the same count would be a fifth alike on it alone. What a kind
 * lacks or leaves goes to the kinds present, in proportion, so the scaled
 * vector keeps unit norm. Written to `out[at + kind]` for kinds 0-2, and 1
 * to `out[at + 3]` (ids have no fourth kind); all 1 (no scaling) for a
 * vector without weight.
 */
export function kindShareScales(v: SparseVector, shares: PerKind, out: Float64Array, at: number, fullShareTerms: PerKind = [0, 0, 0]): void {
  const norms = [0, 0, 0, 0];
  const terms = [0, 0, 0, 0];
  for (let i = 0; i < v.ids.length; i++) {
    const kind = termKind(v.ids[i]);
    norms[kind] += v.weights[i] * v.weights[i];
    if (v.weights[i] !== 0) terms[kind]++;
  }
  const own = [0, 0, 0];
  let present = 0;
  for (let k = 0; k < 3; k++) {
    if (norms[k] > 0) own[k] = fullShareTerms[k] > terms[k] ? (shares[k] * terms[k]) / fullShareTerms[k] : shares[k];
    present += own[k];
  }
  for (let k = 0; k < 3; k++) out[at + k] = present === 0 ? 1 : norms[k] > 0 ? Math.sqrt(own[k] / present / norms[k]) : 0;
  out[at + 3] = 1;
}

/**
 * A pair's dot product with the part its words (not names, not numbers)
 * give counted only up to `maxWordShare` of the whole, when both items
 * hold names: two reports alike in their words but not their names are
 * not alike (`EventClusterOptions.maxWordShare`). Items without names (a
 * script without capitals, text in lower case) are left as they are.
 */
export function wordCapped(dot: number, words: number, maxWordShare: number, bothNamed: boolean): number {
  if (maxWordShare >= 1 || !bothNamed) return dot;
  return Math.min(dot, (dot - words) / (1 - maxWordShare));
}

/** `cosine`, its words counted as `wordCapped` says. */
export function wordCappedCosine(a: SparseVector, b: SparseVector, maxWordShare: number): number {
  let i = 0;
  let j = 0;
  let dot = 0;
  let words = 0;
  while (i < a.ids.length && j < b.ids.length) {
    const x = a.ids[i];
    const y = b.ids[j];
    if (x === y) {
      const product = a.weights[i++] * b.weights[j++];
      dot += product;
      if (termKind(x) === WORD) words += product;
    } else if (x < y) i++;
    else j++;
  }
  const capped = wordCapped(dot, words, maxWordShare, true);
  return capped < dot && holdsNames(a) && holdsNames(b) ? capped : dot;
}

function holdsNames(v: SparseVector): boolean {
  for (let i = 0; i < v.ids.length; i++) if (termKind(v.ids[i]) === NAME && v.weights[i] !== 0) return true;
  return false;
}

export function cosine(a: SparseVector, b: SparseVector): number {
  return wordCappedCosine(a, b, 1);
}
