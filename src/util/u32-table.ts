/**
 * A read-only map from unsigned 32-bit keys to numbers, for tables built
 * once and then looked up millions of times (idf by term, posting list by
 * term): open addressing over one Float64Array of [key, value] pairs, so a
 * look-up reads one cache line, where a U32Map reads keys and values
 * from two arrays. At a million documents such tables are far
 * larger than the cache, and each look-up is a miss.
 *
 * The pairs can live in a SharedArrayBuffer: worker threads then look up
 * the same table (`U32Table.over(table.pairs)`) without a copy.
 */
import type { U32Map } from './u32-map.js';
import { typedArray } from './typed-array.js';

/** Key of an empty slot: no uint32 equals it. */
const EMPTY = -1;

export class U32Table {
  private readonly mask: number;
  private readonly shift: number;

  /** The table over `pairs` as built by `from` (shared between threads or not). */
  static over(pairs: Float64Array): U32Table {
    return new U32Table(pairs);
  }

  /** The entries of `map`, each value replaced by `valueOf(value)`. */
  static from(map: U32Map, valueOf: (value: number) => number = (v) => v, shared = false): U32Table {
    let slots = 16;
    while (slots < map.size * 2) slots *= 2;
    const pairs = typedArray(Float64Array, 2 * slots, shared);
    const table = new U32Table(pairs.fill(EMPTY));
    for (let i = 0; i < map.size; i++) {
      const key = map.keyAt(i);
      let slot = table.slotOf(key);
      while (pairs[2 * slot] !== EMPTY) slot = (slot + 1) & table.mask;
      pairs[2 * slot] = key;
      pairs[2 * slot + 1] = valueOf(map.valueAt(i));
    }
    return table;
  }

  private constructor(readonly pairs: Float64Array) {
    const slots = pairs.length / 2;
    this.mask = slots - 1;
    this.shift = 32 - Math.log2(slots);
  }

  /** The value of `key`, or `missing` when absent. */
  get(key: number, missing: number): number {
    const { pairs, mask } = this;
    for (let slot = this.slotOf(key); ; slot = (slot + 1) & mask) {
      const k = pairs[2 * slot];
      if (k === key) return pairs[2 * slot + 1];
      if (k === EMPTY) return missing;
    }
  }

  /** Home slot of a key (Fibonacci hashing, as U32Map: term ids keep their kind in the low bits). */
  private slotOf(key: number): number {
    return Math.imul(key, 0x9e3779b1) >>> this.shift;
  }
}
