/**
 * A hash map from unsigned 32-bit keys (term ids, token hashes) to numbers,
 * on typed arrays with open addressing.
 *
 * Why not `Map<number, number>`: our keys are 32-bit hashes, and V8 keeps
 * integers above 2^30 as heap-allocated doubles, so a Map of a million such
 * keys costs ~80 bytes an entry, allocates on every insert, and hashes a
 * double on every lookup. Here an entry is 12–16 bytes in three flat arrays.
 *
 * `clear()` is O(1) (a generation stamp), so one map can be reused for
 * every document of a batch. Iteration is in insertion order, as a Map's.
 */
export class U32Map {
  private keys: Uint32Array;
  private vals: Float64Array;
  /** stamp[slot] === generation marks a slot in use. */
  private stamp: Uint32Array;
  /** Slots in insertion order: iteration costs O(size), not O(capacity). */
  private order: Int32Array;
  private generation = 1;
  private mask: number;
  private shift: number;
  size = 0;

  constructor(capacity = 16) {
    let slots = 16;
    while (slots < capacity * 2) slots *= 2;
    this.keys = new Uint32Array(slots);
    this.vals = new Float64Array(slots);
    this.stamp = new Uint32Array(slots);
    this.order = new Int32Array(slots >> 1);
    this.mask = slots - 1;
    this.shift = 32 - Math.log2(slots);
  }

  /** Slot of `key`, or of the empty slot where it would go. */
  private slotOf(key: number): number {
    // Fibonacci hashing: term ids keep their kind in the low bits, so the high bits of a multiply spread them.
    let slot = Math.imul(key, 0x9e3779b1) >>> this.shift;
    const { keys, stamp, generation, mask } = this;
    const unsigned = key >>> 0; // a key may come signed (the same 32 bits), as a small integer
    while (stamp[slot] === generation && keys[slot] !== unsigned) slot = (slot + 1) & mask;
    return slot;
  }

  has(key: number): boolean {
    return this.stamp[this.slotOf(key)] === this.generation;
  }

  /** The value of `key`, or `missing` when absent. */
  get(key: number, missing = 0): number {
    const slot = this.slotOf(key);
    return this.stamp[slot] === this.generation ? this.vals[slot] : missing;
  }

  set(key: number, value: number): void {
    const slot = this.slotOf(key);
    if (this.stamp[slot] === this.generation) this.vals[slot] = value;
    else this.insert(slot, key, value);
  }

  /** Adds `by` to the value of `key` (absent counts as 0) and returns the new value. */
  add(key: number, by: number): number {
    const slot = this.slotOf(key);
    if (this.stamp[slot] === this.generation) return (this.vals[slot] += by);
    this.insert(slot, key, by);
    return by;
  }

  /** Puts a new key into its empty slot (found by slotOf), growing first if the table would be over half full. */
  private insert(slot: number, key: number, value: number): void {
    if ((this.size + 1) * 2 > this.keys.length) {
      this.grow();
      slot = this.slotOf(key);
    }
    this.stamp[slot] = this.generation;
    this.keys[slot] = key;
    this.vals[slot] = value;
    this.order[this.size++] = slot;
  }

  clear(): void {
    this.size = 0;
    if (++this.generation === 0xffffffff) {
      this.stamp.fill(0);
      this.generation = 1;
    }
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
    for (let i = 0; i < size; i++) vals[order[i]] = f(vals[order[i]]);
  }

  private grow(): void {
    const { keys, vals, order, size } = this;
    const slots = keys.length * 2;
    this.keys = new Uint32Array(slots);
    this.vals = new Float64Array(slots);
    this.stamp = new Uint32Array(slots);
    this.order = new Int32Array(slots >> 1);
    this.generation = 1;
    this.mask = slots - 1;
    this.shift = 32 - Math.log2(slots);
    this.size = 0;
    for (let i = 0; i < size; i++) this.set(keys[order[i]], vals[order[i]]);
  }
}
