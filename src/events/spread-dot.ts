/**
 * Dot products of one item against many, for a scaled store whose term ids
 * are dense (`denseScaledCopy`): the item's weights are spread over an
 * array indexed by term, and each other vector sums its weights against it.
 * Faster than HashedDot while that array fits in the cache (a small
 * corpus); past that, each term is a cache miss (see events/hashed-dot.ts).
 *
 * The sums are exactly `cosine`'s: the same products in the same
 * order (terms the spread item lacks add zero). Callers ask pairs grouped
 * by their first item (sorted pair keys, or a block row by row): each item
 * is spread once per group.
 */
import type { VectorStore } from '../features/vector-store.js';
import type { DotProducts } from './hashed-dot.js';

export class SpreadDot implements DotProducts {
  /** Weights of the spread item by term (float32 holds them exactly), zero elsewhere. */
  private readonly spread: Float32Array;
  private current = -1;

  constructor(
    private readonly vectors: VectorStore,
    distinctTerms: number,
  ) {
    this.spread = new Float32Array(distinctTerms);
  }

  dot(i: number, j: number): number {
    const { ids, weights, start, end } = this.vectors;
    const spread = this.spread;
    if (i !== this.current) {
      if (this.current >= 0) for (let t = start[this.current]; t < end[this.current]; t++) spread[ids[t]] = 0;
      for (let t = start[i]; t < end[i]; t++) spread[ids[t]] = weights[t];
      this.current = i;
    }
    let dot = 0;
    for (let t = start[j]; t < end[j]; t++) dot += spread[ids[t]] * weights[t];
    return dot;
  }
}
