/**
 * Dot products of one item against many: the item's terms go into a small
 * open-addressing table (a few KB, so it stays in the L1 cache), and each
 * other vector looks its terms up in it.
 *
 * Why not spread the item over an array indexed by term (dense ids): at a
 * million documents that array holds millions of terms, and every term of
 * every other vector was a cache miss into it (79% of the candidate search
 * and 67% of block clustering at 200,000 documents, by profile). Why not
 * merge the two sorted id lists per pair: a mispredicted branch per step.
 *
 * The sums are exactly `cosine`'s of the scaled vectors: the same products
 * of the same float32 weights (scaled as events/item-vectors.ts says),
 * added in the same order (the other vector's, ascending id); with a word
 * cap (`maxWordShare` < 1) the sum is then capped as `wordCapped` says.
 * Callers ask pairs grouped by their first item (sorted pair keys, or a
 * block row by row): each item is hashed once per group.
 */
import type { VectorStore } from '../features/vector-store.js';
import type { DenseVectors } from './item-vectors.js';
import { SpreadDot } from './spread-dot.js';
import { NAME, WORD } from '../features/terms.js';
import { wordCapped } from '../features/tfidf.js';

/** Dot products of item pairs of one store, exactly `cosine`'s sums. */
export interface DotProducts {
  dot(i: number, j: number): number;
}

/**
 * The dot products of the items' scaled vectors: spread over a dense copy
 * when there is one (a small store, whose terms are so few that the array
 * stays in the cache), hashed otherwise.
 */
export function dotProducts(vectors: VectorStore, kindScale: Float64Array, dense: DenseVectors | undefined, maxWordShare = 1): DotProducts {
  return dense !== undefined ? new SpreadDot(dense.store, dense.distinct, dense.kind, maxWordShare) : new HashedDot(vectors, kindScale, maxWordShare);
}

export class HashedDot implements DotProducts {
  private keys = new Uint32Array(256);
  private weights = new Float32Array(256);
  /** stamp[slot] === generation marks a slot of the current item. */
  private stamp = new Uint32Array(256);
  private generation = 0;
  private mask = 255;
  private shift = 24;
  private current = -1;
  /** Does the current item hold names (`holdsNames`)? */
  private currentNamed = false;

  /** @param kindScale item i's multiplier for terms of kind k at [4i + k] (events/item-vectors.ts) */
  constructor(
    private readonly vectors: VectorStore,
    private readonly kindScale: Float64Array,
    private readonly maxWordShare = 1,
  ) {}

  dot(i: number, j: number): number {
    if (i !== this.current) this.hash(i);
    const { ids, weights, start, end } = this.vectors;
    const { keys, stamp, generation, mask, shift, kindScale } = this;
    const scaleAt = 4 * j;
    let dot = 0;
    let words = 0;
    for (let t = start[j]; t < end[j]; t++) {
      const id = ids[t];
      for (let slot = Math.imul(id, 0x9e3779b1) >>> shift; stamp[slot] === generation; slot = (slot + 1) & mask) {
        if (keys[slot] === id) {
          const product = this.weights[slot] * Math.fround(weights[t] * kindScale[scaleAt + (id & 3)]);
          dot += product;
          if ((id & 3) === WORD) words += product;
          break;
        }
      }
    }
    if (this.maxWordShare >= 1 || !this.currentNamed) return dot;
    // Whether j holds names is asked only of the pairs the cap would lower (a scan of j's terms).
    const capped = wordCapped(dot, words, this.maxWordShare, true);
    return capped < dot && holdsNames(this.vectors, kindScale, j) ? capped : dot;
  }

  /** Puts item i's terms into the table, at most a quarter full (probes end fast at an empty slot). */
  private hash(i: number): void {
    const { ids, weights, start, end } = this.vectors;
    const n = end[i] - start[i];
    if (4 * n > this.keys.length) {
      let slots = this.keys.length;
      while (4 * n > slots) slots *= 2;
      this.keys = new Uint32Array(slots);
      this.weights = new Float32Array(slots);
      this.stamp = new Uint32Array(slots);
      this.mask = slots - 1;
      this.shift = 32 - Math.log2(slots);
      this.generation = 0;
    }
    if (++this.generation === 0xffffffff) {
      this.stamp.fill(0);
      this.generation = 1;
    }
    const { keys, stamp, generation, mask, shift, kindScale } = this;
    for (let t = start[i]; t < end[i]; t++) {
      let slot = Math.imul(ids[t], 0x9e3779b1) >>> shift;
      while (stamp[slot] === generation) slot = (slot + 1) & mask;
      stamp[slot] = generation;
      keys[slot] = ids[t];
      // (The Float32Array rounds as Math.fround does: scaledWeight.)
      this.weights[slot] = weights[t] * kindScale[4 * i + (ids[t] & 3)];
    }
    this.current = i;
    this.currentNamed = holdsNames(this.vectors, kindScale, i);
  }
}

/** Does item i's vector, scaled (events/item-vectors.ts), hold a name of weight other than 0? */
export function holdsNames(vectors: VectorStore, kindScale: Float64Array, i: number): boolean {
  if (kindScale[4 * i + NAME] === 0) return false;
  const { ids, weights, start, end } = vectors;
  for (let t = start[i]; t < end[i]; t++) if ((ids[t] & 3) === NAME && weights[t] !== 0) return true;
  return false;
}
