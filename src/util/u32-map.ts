/**
 * A hash map from unsigned 32-bit keys (term ids, token hashes) to numbers,
 * on typed arrays with open addressing.
 *
 * Why not `Map<number, number>`: our keys are 32-bit hashes, and V8 keeps
 * integers above 2^30 as heap-allocated doubles, so a Map of a million such
 * keys costs ~80 bytes an entry, allocates on every insert, and hashes a
 * double on every lookup. Here a slot is 12 bytes in two flat arrays (key,
 * value), plus 4 bytes an entry the table may hold for the insertion order.
 *
 * An empty slot holds key 0 and value NaN, so a map cannot hold NaN (set
 * and add throw on it). A probe reads the keys alone until it meets its
 * key or a 0 (the value then tells an empty slot from key 0). `clear()`
 * empties only the slots in use, through the insertion order: O(size), as
 * the inserts were, so one map can be reused for every document of a
 * batch. Iteration is in insertion order, as a Map's.
 *
 * `maxLoad` is how full the table may get before it doubles: 1/2 by
 * default; a map kept in large numbers (the summed vectors of
 * events/graph-linkage.ts) may take 3/4, fewer bytes an entry for longer
 * probes. A map made with capacity 0 holds no arrays until its first key.
 */
export interface U32MapOptions {
  /** The most entries per slot before the table doubles (1/16 ≤ maxLoad < 1: a slot stays empty, and 16 slots hold a key). */
  maxLoad?: number;
}

/** The arrays of a map with capacity 0 (never written: such a map grows on its first insert). */
const NO_KEYS = new Uint32Array(2);
const NO_VALS = new Float64Array(2).fill(NaN);
const NO_ORDER = new Int32Array(0);

export class U32Map {
  /** keys[slot], 0 in an empty slot. */
  private keys: Uint32Array;
  /** vals[slot], NaN in an empty slot. */
  private vals: Float64Array;
  /** Slots in insertion order: iteration costs O(size), not O(capacity). */
  private order: Int32Array;
  private mask: number;
  private shift: number;
  /** The most entries before the table doubles (order.length). */
  private limit: number;
  private readonly maxLoad: number;
  size = 0;

  constructor(capacity = 16, options: U32MapOptions = {}) {
    const maxLoad = options.maxLoad ?? 0.5;
    if (!(maxLoad >= 1 / 16 && maxLoad < 1)) throw new RangeError(`U32Map maxLoad must be at least 1/16 and below 1, got ${maxLoad}`);
    this.maxLoad = maxLoad;
    // Shared arrays of two empty slots: lookups miss, and the first insert grows (limit 0).
    this.keys = NO_KEYS;
    this.vals = NO_VALS;
    this.order = NO_ORDER;
    this.mask = 1;
    this.shift = 31;
    this.limit = 0;
    if (capacity <= 0) return;
    let slots = 16;
    while (slots * maxLoad < capacity) slots *= 2;
    this.allocate(slots);
  }

  private allocate(slots: number): void {
    this.keys = new Uint32Array(slots);
    this.vals = new Float64Array(slots).fill(NaN);
    this.limit = Math.floor(slots * this.maxLoad);
    this.order = new Int32Array(this.limit);
    this.mask = slots - 1;
    this.shift = 32 - Math.log2(slots);
  }

  /** Slot of `key`, or of the empty slot where it would go. */
  private slotOf(key: number): number {
    // Fibonacci hashing: term ids keep their kind in the low bits, so the high bits of a multiply spread them.
    let slot = Math.imul(key, 0x9e3779b1) >>> this.shift;
    const { keys, vals, mask } = this;
    const unsigned = key >>> 0; // a key may come signed (the same 32 bits), as a small integer
    for (;;) {
      const k = keys[slot];
      // A 0 is key 0 or an empty slot (value NaN): either way the search ends there.
      if (k === unsigned || (k === 0 && Number.isNaN(vals[slot]))) return slot;
      slot = (slot + 1) & mask;
    }
  }

  has(key: number): boolean {
    return !Number.isNaN(this.vals[this.slotOf(key)]);
  }

  /** The value of `key`, or `missing` when absent. */
  get(key: number, missing = 0): number {
    const value = this.vals[this.slotOf(key)];
    return Number.isNaN(value) ? missing : value;
  }

  set(key: number, value: number): void {
    if (Number.isNaN(value)) throw new RangeError('U32Map cannot hold NaN');
    const slot = this.slotOf(key);
    if (Number.isNaN(this.vals[slot])) this.insert(slot, key, value);
    else this.vals[slot] = value;
  }

  /** Adds `by` to the value of `key` (absent counts as 0) and returns the new value. */
  add(key: number, by: number): number {
    const slot = this.slotOf(key);
    const value = this.vals[slot];
    if (Number.isNaN(value)) {
      if (Number.isNaN(by)) throw new RangeError('U32Map cannot hold NaN');
      this.insert(slot, key, by);
      return by;
    }
    const sum = value + by;
    if (Number.isNaN(sum)) throw new RangeError('U32Map cannot hold NaN');
    return (this.vals[slot] = sum);
  }

  /** Puts a new key into its empty slot (found by slotOf), growing first if the table would be over `maxLoad` full. */
  private insert(slot: number, key: number, value: number): void {
    if (this.size === this.limit) {
      this.grow();
      slot = this.slotOf(key);
    }
    this.keys[slot] = key;
    this.vals[slot] = value;
    this.order[this.size++] = slot;
  }

  clear(): void {
    const { keys, vals, order, size } = this;
    for (let i = 0; i < size; i++) {
      keys[order[i]] = 0;
      vals[order[i]] = NaN;
    }
    this.size = 0;
  }

  /** Calls `f(key, value)` for every entry, in insertion order. */
  forEach(f: (key: number, value: number) => void): void {
    const { keys, vals, order, size } = this;
    for (let i = 0; i < size; i++) f(keys[order[i]], vals[order[i]]);
  }

  /** The i-th key inserted (0 ≤ i < size). */
  keyAt(i: number): number {
    return this.keys[this.order[i]];
  }

  /** The value of the i-th key inserted. */
  valueAt(i: number): number {
    return this.vals[this.order[i]];
  }

  /** Replaces every value v by f(v). */
  updateAll(f: (value: number) => number): void {
    const { vals, order, size } = this;
    for (let i = 0; i < size; i++) {
      const value = f(vals[order[i]]);
      if (Number.isNaN(value)) throw new RangeError('U32Map cannot hold NaN');
      vals[order[i]] = value;
    }
  }

  private grow(): void {
    const { keys, vals, order, size } = this;
    this.allocate(this.limit === 0 ? 16 : keys.length * 2);
    this.size = 0;
    for (let i = 0; i < size; i++) this.insert(this.slotOf(keys[order[i]]), keys[order[i]], vals[order[i]]);
  }
}
