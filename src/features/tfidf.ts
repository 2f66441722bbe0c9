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
import { NAME, NUMBER, termKind } from './terms.js';
import { keepHeaviest } from '../util/heaviest.js';
import { U32Map } from '../util/u32-map.js';

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
  private readonly df = new U32Map(1 << 16);
  /** idf by term, computed once per term (vectors ask for the same terms many times). */
  private readonly idfOf = new U32Map(1 << 16);
  readonly documents: number;

  constructor(features: FeatureBatch, counted: (doc: number) => boolean, isStoryBlock: (block: number) => boolean) {
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
      for (let i = 0; i < seen.size; i++) this.df.add(seen.keyAt(i), 1);
    }
    this.documents = documents;
  }

  get(termId: number): number {
    return this.df.get(termId);
  }

  idf(termId: number): number {
    let idf = this.idfOf.get(termId, -1);
    if (idf < 0) this.idfOf.set(termId, (idf = Math.log((this.documents + 1) / (this.get(termId) + 1)) + 1));
    return idf;
  }
}

/** The TF-IDF vector of a group of blocks (summed term counts), top `maxTerms` kept. */
export function vectorOfBlocks(
  features: FeatureBatch,
  blocks: readonly number[],
  df: DocumentFrequencies,
  weights: TermWeights,
  maxTerms: number,
): SparseVector {
  const tf = scratch.tf;
  tf.clear();
  for (const b of blocks) {
    for (let t = features.termStart[b]; t < features.termStart[b + 1]; t++) tf.add(features.termId[t], features.termCount[t]);
  }
  const n = tf.size;
  const { ids, w, order } = scratch.arrays(n);
  for (let i = 0; i < n; i++) {
    const id = tf.keyAt(i);
    const kind = termKind(id);
    const k = kind === NAME ? weights.name : kind === NUMBER ? weights.number : weights.word;
    ids[i] = id;
    w[i] = (1 + logOf(tf.valueAt(i))) * df.idf(id) * k;
    order[i] = i;
  }
  const kept = byId(order.subarray(0, keepHeaviest(order, maxTerms, w, ids)), ids);
  let norm = 0;
  for (const i of kept) norm += w[i] * w[i];
  norm = Math.sqrt(norm) || 1;
  // One buffer for both arrays: an allocation is a large part of the cost of a short vector.
  const buffer = new ArrayBuffer(8 * kept.length);
  const out: SparseVector = { ids: new Uint32Array(buffer, 0, kept.length), weights: new Float32Array(buffer, 4 * kept.length, kept.length) };
  for (let j = 0; j < kept.length; j++) {
    out.ids[j] = ids[kept[j]];
    out.weights[j] = w[kept[j]] / norm;
  }
  return out;
}

/** Math.log of small counts, looked up (the same doubles Math.log returns). */
const LOGS = Float64Array.from({ length: 1024 }, (_, c) => Math.log(c));
function logOf(count: number): number {
  return count < LOGS.length ? LOGS[count] : Math.log(count);
}

/** Positions below this fit beside a 32-bit id in one exactly representable double. */
const PACK = 2 ** 21;

/**
 * `positions` reordered by ascending ids[position]. Each (id, position) is
 * packed into one double so the sort is the engine's numeric sort, with no
 * comparator calls.
 */
function byId(positions: Uint32Array, ids: Uint32Array): Uint32Array {
  if (positions.length >= PACK) return positions.sort((x, y) => ids[x] - ids[y]);
  const packed = scratch.packed(positions.length);
  for (let i = 0; i < positions.length; i++) packed[i] = ids[positions[i]] * PACK + positions[i];
  packed.sort();
  for (let i = 0; i < positions.length; i++) positions[i] = packed[i] % PACK;
  return positions;
}

/** Scratch space of vectorOfBlocks, reused by every call on this thread. */
const scratch = {
  tf: new U32Map(1024),
  ids: new Uint32Array(1024),
  w: new Float64Array(1024),
  order: new Uint32Array(1024),
  pack: new Float64Array(1024),
  packed(n: number): Float64Array {
    if (this.pack.length < n) this.pack = new Float64Array(Math.max(n, this.pack.length * 2));
    return this.pack.subarray(0, n);
  },
  arrays(n: number): { ids: Uint32Array; w: Float64Array; order: Uint32Array } {
    if (this.ids.length < n) {
      const size = Math.max(n, this.ids.length * 2);
      this.ids = new Uint32Array(size);
      this.w = new Float64Array(size);
      this.order = new Uint32Array(size);
    }
    return { ids: this.ids, w: this.w, order: this.order.subarray(0, n) };
  },
};

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
