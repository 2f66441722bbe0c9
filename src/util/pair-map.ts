/**
 * A map from pairs of small non-negative integers (lo, hi) to non-negative
 * integers, on typed arrays with open addressing: 12 bytes a slot, filled
 * to at most half.
 *
 * Why not `Map<number, number>` keyed by lo·n + hi: past 2^31 such keys are
 * heap-allocated doubles, so each entry costs a Map slot and a heap number
 * (several times these 24 bytes), and every insert allocates. Graph
 * linkage (events/graph-linkage.ts) remembers millions of measured pairs.
 *
 * There is no delete: `retain` rebuilds the table with the entries a
 * predicate keeps, which is how the pairs are pruned, all at once.
 */
const EMPTY = -1;
const MIN_SLOTS = 16;

export class PairMap {
  private lo: Int32Array;
  private hi: Int32Array;
  private vals: Int32Array;
  private mask: number;
  private shift: number;
  size = 0;

  constructor() {
    this.lo = new Int32Array(MIN_SLOTS).fill(EMPTY);
    this.hi = new Int32Array(MIN_SLOTS);
    this.vals = new Int32Array(MIN_SLOTS);
    this.mask = MIN_SLOTS - 1;
    this.shift = 32 - Math.log2(MIN_SLOTS);
  }

  /** The value of (lo, hi), or -1 when the map does not hold it. */
  get(lo: number, hi: number): number {
    for (let s = this.slotOf(lo, hi); ; s = (s + 1) & this.mask) {
      const l = this.lo[s];
      if (l === EMPTY) return -1;
      if (l === lo && this.hi[s] === hi) return this.vals[s];
    }
  }

  /** Sets (lo, hi) to `value` (lo, hi and value non-negative int32s). */
  set(lo: number, hi: number, value: number): void {
    let s = this.slotOf(lo, hi);
    for (; ; s = (s + 1) & this.mask) {
      const l = this.lo[s];
      if (l === EMPTY) break;
      if (l === lo && this.hi[s] === hi) {
        this.vals[s] = value;
        return;
      }
    }
    this.lo[s] = lo;
    this.hi[s] = hi;
    this.vals[s] = value;
    if (++this.size * 2 > this.lo.length) this.rebuild(this.lo.length * 2, () => true);
  }

  /** Keeps only the entries for which `keep(lo, hi)` holds, in a table sized to them. */
  retain(keep: (lo: number, hi: number) => boolean): void {
    let slots = MIN_SLOTS;
    let kept = 0;
    for (let s = 0; s < this.lo.length; s++) if (this.lo[s] !== EMPTY && keep(this.lo[s], this.hi[s])) kept++;
    while (slots < kept * 4) slots *= 2;
    this.rebuild(slots, keep);
  }

  private rebuild(slots: number, keep: (lo: number, hi: number) => boolean): void {
    const { lo, hi, vals } = this;
    this.lo = new Int32Array(slots).fill(EMPTY);
    this.hi = new Int32Array(slots);
    this.vals = new Int32Array(slots);
    this.mask = slots - 1;
    this.shift = 32 - Math.log2(slots);
    this.size = 0;
    for (let s = 0; s < lo.length; s++) {
      if (lo[s] === EMPTY || !keep(lo[s], hi[s])) continue;
      let t = this.slotOf(lo[s], hi[s]);
      while (this.lo[t] !== EMPTY) t = (t + 1) & this.mask;
      this.lo[t] = lo[s];
      this.hi[t] = hi[s];
      this.vals[t] = vals[s];
      this.size++;
    }
  }

  /** Fibonacci hashing of the pair's two halves mixed (as U32Map hashes a key). */
  private slotOf(lo: number, hi: number): number {
    return Math.imul(Math.imul(lo, 0x9e3779b1) ^ hi, 0x85ebca6b) >>> this.shift;
  }
}
