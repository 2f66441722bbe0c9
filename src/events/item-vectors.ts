/**
 * The event items' vectors as clustering weighs them.
 *
 * The store holds each clustered segment's event vector as it is, once (the
 * segments then view it), and `kindScale` three multipliers per item
 * (`kindShareScales`: words, names, numbers; four slots an item, the
 * fourth 1, so any id's low two bits pick one). Term t of item i weighs
 *
 *   Math.fround(weights[t] · kindScale[4i + termKind(ids[t])])
 *
 * the very float32 a scaled copy would hold, so every sum is the same, bit
 * for bit. Why not keep a scaled copy: at a million documents the event
 * vectors hold ~90 million terms, and the copy was ~0.7 GiB of the events
 * stage's peak memory.
 */
import type { SharedVectors } from '../features/vector-store.js';
import { VectorStore } from '../features/vector-store.js';
import type { VectorSource } from '../features/term-index.js';
import type { SparseVector } from '../features/tfidf.js';
import { U32Map } from '../util/u32-map.js';
import { sharedArray } from '../util/typed-array.js';

/** Slots per item in `kindScale`: item i's multiplier for kind k is kindScale[4i + k], k = a term id's low two bits (`termKind`). */
export const KIND_SLOTS = 4;

export function scaledWeight(vectors: VectorStore, kindScale: Float64Array, i: number, t: number): number {
  return Math.fround(vectors.weights[t] * kindScale[4 * i + (vectors.ids[t] & 3)]);
}

/**
 * The items' vectors as clustered, one at a time: what the candidate search
 * reads. A vector's weights are valid until the next call.
 */
export class ScaledItems implements VectorSource {
  private weights = new Float32Array(256);

  constructor(
    private readonly vectors: VectorStore,
    private readonly kindScale: Float64Array,
  ) {}

  get count(): number {
    return this.vectors.count;
  }

  vector(i: number): SparseVector {
    const { start, end } = this.vectors;
    const n = end[i] - start[i];
    if (n > this.weights.length) this.weights = new Float32Array(Math.max(n, 2 * this.weights.length));
    for (let x = 0; x < n; x++) this.weights[x] = scaledWeight(this.vectors, this.kindScale, i, start[i] + x);
    return { ids: this.vectors.ids.subarray(start[i], end[i]), weights: this.weights.subarray(0, n) };
  }
}

/** A scaled copy whose term ids are dense (see `denseScaledCopy`). */
export interface DenseVectors {
  store: VectorStore;
  /** Distinct terms: ids are 0 .. distinct − 1. */
  distinct: number;
  /** The kind of each dense id (`termKind` of the id it stands for). */
  kind: Uint8Array;
}

export interface SharedDenseVectors {
  vectors: SharedVectors;
  distinct: number;
  kind: Uint8Array;
}

/**
 * A scaled copy of the items' vectors with each term id replaced by its rank
 * among the distinct ids, which keeps their order, so sorted vectors stay
 * sorted and every sum or tie over ids comes out the same. Dense ids let a
 * vector be spread over an array (`SpreadDot`); for small stores only, where
 * the copy costs nothing that matters. In shared memory unless told not
 * to, as worker threads read it.
 */
export function denseScaledCopy(vectors: VectorStore, kindScale: Float64Array, shared = true): DenseVectors {
  const { count, start, end, ids } = vectors;
  const rankOf = new U32Map(1 << 16);
  for (let i = 0; i < count; i++) for (let t = start[i]; t < end[i]; t++) rankOf.set(ids[t], 0);
  const distinct = new Uint32Array(rankOf.size);
  for (let k = 0; k < distinct.length; k++) distinct[k] = rankOf.keyAt(k);
  distinct.sort();
  const kind = shared ? sharedArray(Uint8Array, distinct.length) : new Uint8Array(distinct.length);
  for (let k = 0; k < distinct.length; k++) {
    rankOf.set(distinct[k], k);
    kind[k] = distinct[k] & 3;
  }
  // Contiguous, whatever gaps the items' store has.
  const store = new VectorStore(count, vectors.terms, shared);
  store.count = count;
  let at = 0;
  for (let i = 0; i < count; i++) {
    store.start[i] = at;
    for (let t = start[i]; t < end[i]; t++, at++) {
      store.ids[at] = rankOf.get(ids[t]);
      store.weights[at] = scaledWeight(vectors, kindScale, i, t);
    }
  }
  store.start[count] = at;
  return { store, distinct: distinct.length, kind };
}

export function shareDense(dense: DenseVectors | undefined): SharedDenseVectors | undefined {
  return dense === undefined ? undefined : { vectors: dense.store.share(), distinct: dense.distinct, kind: dense.kind };
}

export function denseOver(shared: SharedDenseVectors | undefined): DenseVectors | undefined {
  return shared === undefined ? undefined : { store: VectorStore.over(shared.vectors), distinct: shared.distinct, kind: shared.kind };
}
