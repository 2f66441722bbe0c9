/**
 * Many sparse vectors in flat arrays: vector i is
 * ids/weights[start[i] .. end[i]), ids ascending. A store made here is
 * contiguous (end[i] = start[i + 1]; `end` is a view of `start`); a store
 * over another's arrays may leave gaps between its vectors, or view only
 * some vectors of a larger store in another order.
 *
 * Why not one object per vector: a million segments as objects with their
 * own typed arrays cost ~300 bytes each besides their terms, and their
 * arrays lie scattered over the heap, so comparing a candidate pair reads
 * four far-apart places. Here a vector costs 4 bytes besides its terms, and
 * its ids and weights are read in one sweep.
 */
import type { SparseVector } from './tfidf.js';
import { grown, typedArray } from '../util/typed-array.js';

export class VectorStore {
  count = 0;
  /** Vector i's terms are at start[i] .. end[i]. */
  start: Uint32Array;
  end: Uint32Array;
  ids: Uint32Array;
  weights: Float32Array;
  /** Over another store's arrays (`over`): read only. */
  private viewing = false;

  /**
   * @param shared In shared memory, so worker threads can read the store
   *   (`VectorStore.over`) without a copy. A shared store never grows: give
   *   its exact size.
   */
  constructor(
    expectedVectors = 1024,
    expectedTerms = 64 * 1024,
    private readonly shared = false,
  ) {
    this.start = typedArray(Uint32Array, expectedVectors + 1, shared);
    this.end = this.start.subarray(1);
    this.ids = typedArray(Uint32Array, expectedTerms, shared);
    this.weights = typedArray(Float32Array, expectedTerms, shared);
  }

  /** A store over the arrays of another (a shared one, received from another thread). */
  static over(arrays: SharedVectors): VectorStore {
    const store = new VectorStore(0, 0);
    store.viewing = true;
    store.count = arrays.count;
    store.start = arrays.start;
    store.end = arrays.end ?? arrays.start.subarray(1);
    store.ids = arrays.ids;
    store.weights = arrays.weights;
    return store;
  }

  /** The arrays to send to another thread (shared, not copied, for a shared store). */
  share(): SharedVectors {
    return { count: this.count, start: this.start, end: this.end, ids: this.ids, weights: this.weights };
  }

  /** Terms in the vectors (not counting gaps between them). */
  get terms(): number {
    let terms = 0;
    for (let i = 0; i < this.count; i++) terms += this.end[i] - this.start[i];
    return terms;
  }

  /** Appends v, each weight multiplied by `scaleOf(its id)` when given (stored as float32, as a Float32Array map would); returns its index. */
  push(v: SparseVector, scaleOf?: (id: number) => number): number {
    const n = v.ids.length;
    this.reserve(1, n);
    const at = this.start[this.count];
    this.ids.set(v.ids, at);
    if (scaleOf === undefined) this.weights.set(v.weights, at);
    else for (let x = 0; x < n; x++) this.weights[at + x] = v.weights[x] * scaleOf(v.ids[x]);
    this.start[++this.count] = at + n;
    return this.count - 1;
  }

  /** Vector i as views into the store (valid until the next push grows a plain store; a shared one never moves). */
  vector(i: number): SparseVector {
    return { ids: this.ids.subarray(this.start[i], this.end[i]), weights: this.weights.subarray(this.start[i], this.end[i]) };
  }

  private reserve(vectors: number, terms: number): void {
    if (this.viewing) throw new Error('VectorStore: a store made over shared arrays is read only');
    if (this.shared && (this.count + vectors + 1 > this.start.length || this.start[this.count] + terms > this.ids.length)) {
      throw new Error('VectorStore: a shared store is made at its final size');
    }
    if (this.count + vectors + 1 > this.start.length) {
      this.start = grown(this.start, Math.max(this.count + vectors + 1, this.start.length * 2));
      this.end = this.start.subarray(1);
    }
    const need = this.start[this.count] + terms;
    if (need > this.ids.length) {
      const size = Math.max(need, Math.ceil(this.ids.length * 1.5));
      this.ids = grown(this.ids, size);
      this.weights = grown(this.weights, size);
    }
  }
}

export interface SharedVectors {
  count: number;
  start: Uint32Array;
  /** Absent: end[i] = start[i + 1]. */
  end?: Uint32Array;
  ids: Uint32Array;
  weights: Float32Array;
}

/** The term arrays of a shared store of vectors, without its index: what views of its vectors are made of. */
export interface VectorArrays {
  ids: Uint32Array;
  weights: Float32Array;
}
