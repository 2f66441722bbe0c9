/**
 * Token hash → the term id of its word, or "stop word": the per-thread
 * cache that spares stemming each occurrence of a word.
 *
 * Looked up for every word token, and it outgrows the CPU caches (a
 * corpus's vocabulary), so a lookup costs memory latency. Entries are
 * therefore [hash, entry] pairs side by side in one array: one cache line
 * per probe, where a U32Map (keys and values in two arrays) touches
 * two. Its probe loop is still the hottest line of term
 * extraction in a CPU profile.
 */

/** What `get` returns for a hash never set. */
export const UNSEEN = -1;
/** What `get` returns for a stop word. */
export const STOP = -2;

/**
 * How an entry is stored: 0 is an empty slot, 3 a stop word, id + 1 a word
 * (word ids have their two low bits clear, see terms.ts, so id + 1 is
 * never 0 or 3, and as signed integers never -1 or -2).
 */
const EMPTY_ENTRY = 0;
const STOP_ENTRY = 3;

export class WordIdCache {
  private table: Uint32Array;
  private shift: number;
  private size = 0;

  constructor(capacity = 1 << 16) {
    let slots = 16;
    while (slots < capacity * 2) slots *= 2;
    this.table = new Uint32Array(slots * 2);
    this.shift = 32 - Math.log2(slots);
  }

  /**
   * The word id of `hash` as a signed 32-bit integer (the same bits: a
   * small integer to the engine, where ids above 2^31 are boxed numbers),
   * STOP, or UNSEEN.
   */
  get(hash: number): number {
    const entry = this.table[this.slotOf(hash) + 1];
    return entry === EMPTY_ENTRY ? UNSEEN : entry === STOP_ENTRY ? STOP : (entry - 1) | 0;
  }

  /** `id` is a word id (two low bits clear) or STOP. */
  set(hash: number, id: number): void {
    if ((this.size + 1) * 4 > this.table.length) this.grow();
    const slot = this.slotOf(hash);
    if (this.table[slot + 1] === EMPTY_ENTRY) this.size++;
    this.table[slot] = hash;
    this.table[slot + 1] = id === STOP ? STOP_ENTRY : id + 1;
  }

  /** Index (into `table`) of the pair holding `hash`, or of the empty pair where it would go. */
  private slotOf(hash: number): number {
    const table = this.table;
    const mask = table.length - 2;
    // Fibonacci hashing on the high bits, then doubled: pairs sit at even indices.
    let at = (Math.imul(hash, 0x9e3779b1) >>> this.shift) * 2;
    const key = hash >>> 0; // callers may pass the hash signed (same bits)
    while (table[at + 1] !== EMPTY_ENTRY && table[at] !== key) at = (at + 2) & mask;
    return at;
  }

  private grow(): void {
    const old = this.table;
    this.table = new Uint32Array(old.length * 2);
    this.shift--;
    this.size = 0;
    for (let at = 0; at < old.length; at += 2) {
      if (old[at + 1] === EMPTY_ENTRY) continue;
      const slot = this.slotOf(old[at]);
      this.table[slot] = old[at];
      this.table[slot + 1] = old[at + 1];
      this.size++;
    }
  }
}
