/**
 * Token → the term id of its word: the per-thread cache that spares
 * stemming each occurrence of a word.
 *
 * Keyed by both of a token's hashes (`Tokens.hash` and `checkOf`), 64
 * bits, so that two words whose first hashes collide never share an entry:
 * they would share the stem of whichever the thread met first, and a
 * document's terms would depend on which worker read it.
 *
 * Looked up for every token of a word (not a stop word or a name), and it
 * outgrows the CPU caches (a corpus's vocabulary), so a lookup costs
 * memory latency. Entries are therefore [hash, check, entry, unused] side
 * by side in one array, 16 bytes aligned: one cache line per probe. Its
 * probe loop is still the hottest line of term extraction in a CPU profile.
 */

/** What `get` returns for a token never set. */
export const UNSEEN = -1;

/**
 * How an entry is stored: 0 is an empty slot, id + 1 a word (word ids have
 * their two low bits clear, see terms.ts, so id + 1 is never 0, and as a
 * signed integer never -1).
 */
const EMPTY_ENTRY = 0;
/** Uint32s per slot: hash, check, entry, and one unused to keep slots aligned. */
const STRIDE = 4;

export class WordIdCache {
  private table: Uint32Array;
  private shift: number;
  private size = 0;

  constructor(capacity = 1 << 16) {
    let slots = 16;
    while (slots < capacity * 2) slots *= 2;
    this.table = new Uint32Array(slots * STRIDE);
    this.shift = 32 - Math.log2(slots);
  }

  /**
   * The word id of the token with hashes `hash` and `check` as a signed
   * 32-bit integer (the same bits: a small integer to the engine, where ids
   * above 2^31 are boxed numbers), or UNSEEN.
   */
  get(hash: number, check: number): number {
    // An empty slot's entry, 0, gives UNSEEN (-1) as well.
    return (this.table[this.slotOf(hash, check) + 2] - 1) | 0;
  }

  /** `id` is a word id (two low bits clear). */
  set(hash: number, check: number, id: number): void {
    if ((this.size + 1) * 2 * STRIDE > this.table.length) this.grow();
    const slot = this.slotOf(hash, check);
    if (this.table[slot + 2] === EMPTY_ENTRY) this.size++;
    this.table[slot] = hash;
    this.table[slot + 1] = check;
    this.table[slot + 2] = id + 1;
  }

  /** Index (into `table`) of the slot holding the key, or of the empty slot where it would go. */
  private slotOf(hash: number, check: number): number {
    const table = this.table;
    const mask = table.length - STRIDE;
    // Fibonacci hashing on the high bits, then scaled: slots sit at multiples of STRIDE.
    let at = (Math.imul(hash, 0x9e3779b1) >>> this.shift) * STRIDE;
    // Callers may pass the hashes signed (same bits).
    const key = hash >>> 0;
    const key2 = check >>> 0;
    while (table[at + 2] !== EMPTY_ENTRY && (table[at] !== key || table[at + 1] !== key2)) at = (at + STRIDE) & mask;
    return at;
  }

  private grow(): void {
    const old = this.table;
    this.table = new Uint32Array(old.length * 2);
    this.shift--;
    this.size = 0;
    for (let at = 0; at < old.length; at += STRIDE) {
      if (old[at + 2] === EMPTY_ENTRY) continue;
      const slot = this.slotOf(old[at], old[at + 1]);
      this.table[slot] = old[at];
      this.table[slot + 1] = old[at + 1];
      this.table[slot + 2] = old[at + 2];
      this.size++;
    }
  }
}
