/**
 * A binary min-heap of pairs keyed by distance, on typed arrays: the
 * sparse graph linkage's queue of pairs to merge (events/graph-linkage.ts).
 * Ties go to the lower pair (a, then b), so the order of merges never
 * depends on the order of pushes.
 */
import { resized } from '../util/typed-array.js';

/** A heap's arrays shrink (to twice its entries) only from this many slots, once under a quarter full. */
export const MIN_SHRINK = 1 << 16;

export class PairHeap {
  private key: Float64Array;
  private a: Int32Array;
  private b: Int32Array;
  private at: Int32Array;
  length = 0;

  /** Room for `capacity` entries: a heap made from edges is made to their number, with no spare half. */
  constructor(capacity: number) {
    const size = Math.max(capacity, 16);
    this.key = new Float64Array(size);
    this.a = new Int32Array(size);
    this.b = new Int32Array(size);
    this.at = new Int32Array(size);
  }

  /** Entries the arrays hold room for. */
  get capacity(): number {
    return this.key.length;
  }

  topKey(): number {
    return this.key[0];
  }

  /** Adds an entry at the end, out of heap order: call `heapify` after the last. */
  append(key: number, a: number, b: number, at: number): void {
    if (this.length === this.key.length) this.grow();
    this.place(this.length++, key, a, b, at);
  }

  /** Puts appended entries in heap order (Floyd: each inner node sifted down, last first). */
  heapify(): void {
    for (let x = (this.length >> 1) - 1; x >= 0; x--) this.siftDown(x, this.length);
  }

  private siftDown(from: number, length: number): void {
    const key = this.key[from];
    const a = this.a[from];
    const b = this.b[from];
    const at = this.at[from];
    let x = from;
    for (;;) {
      let child = 2 * x + 1;
      if (child >= length) break;
      if (child + 1 < length && this.less(this.key[child + 1], this.a[child + 1], this.b[child + 1], child)) child++;
      if (!this.less(this.key[child], this.a[child], this.b[child], -1, key, a, b)) break;
      this.move(child, x);
      x = child;
    }
    this.place(x, key, a, b, at);
  }

  push(key: number, a: number, b: number, at: number): void {
    if (this.length === this.key.length) this.grow();
    let x = this.length++;
    while (x > 0) {
      const up = (x - 1) >> 1;
      if (!this.less(key, a, b, up)) break;
      this.move(up, x);
      x = up;
    }
    this.place(x, key, a, b, at);
  }

  pop(): { a: number; b: number; at: number } {
    const top = { a: this.a[0], b: this.b[0], at: this.at[0] };
    const last = --this.length;
    // The last entry goes to the root and sinks.
    this.move(last, 0);
    if (last > 0) this.siftDown(0, last);
    // A heap made to a block's edges drains as clusters merge: its empty tail is given back.
    if (this.key.length >= MIN_SHRINK && last < this.key.length >> 2) this.resize(last * 2);
    return top;
  }

  /** Is (key, a, b) before entry y (or before (key2, a2, b2) when y is -1)? */
  private less(key: number, a: number, b: number, y: number, key2 = this.key[y], a2 = this.a[y], b2 = this.b[y]): boolean {
    return key < key2 || (key === key2 && (a < a2 || (a === a2 && b < b2)));
  }

  private place(x: number, key: number, a: number, b: number, at: number): void {
    this.key[x] = key;
    this.a[x] = a;
    this.b[x] = b;
    this.at[x] = at;
  }

  private move(from: number, to: number): void {
    this.place(to, this.key[from], this.a[from], this.b[from], this.at[from]);
  }

  private grow(): void {
    // By a quarter: a heap made to its edges' number grows only by the pairs measured again, a few at a time.
    this.resize(this.key.length + (this.key.length >> 2) + 16);
  }

  /** Moves the entries to arrays of `size` (at least the entries). */
  private resize(size: number): void {
    this.key = resized(this.key, size, this.length);
    this.a = resized(this.a, size, this.length);
    this.b = resized(this.b, size, this.length);
    this.at = resized(this.at, size, this.length);
  }
}
