/**
 * A document's names (capitalised words inside sentences) as a bottom-k
 * sketch: of the names' keys (the high 16 bits of each token hash), the
 * NAME_SKETCH smallest distinct ones, and how many distinct keys there
 * were. Two sketches estimate how much of one document's names the other
 * holds (exactly, when neither has more than NAME_SKETCH keys).
 *
 * Why near-duplicate detection needs it: a copy keeps its names, even
 * edited (a reprint with one word in ten replaced keeps nine names in
 * ten), while two stories written from one formula ("X Corp raises
 * quarterly dividend …") share most of their shingles and few of their
 * names. Token hashes are already uniform (fmix32), so the smallest keys
 * are a uniform sample of the names. Keys of 16 bits halve the sketch's
 * memory (a million documents' dedup stays under 1 GiB); two names of one
 * document share a key once in some 65,536 pairs, and then count as one.
 */

import { U32Map } from '../util/u32-map.js';

/** Names kept per document. */
export const NAME_SKETCH = 16;

/** A token hash's name key: its high 16 bits. */
export function nameKey(hash: number): number {
  return hash >>> 16;
}

/** Collects one document's names; reused from document to document. */
export class NameSketcher {
  /** The smallest distinct keys offered, ascending (the first `size`). */
  private readonly smallest = new Uint16Array(NAME_SKETCH);
  private size = 0;
  /** Distinct keys offered (a name is offered at each of its occurrences). */
  private readonly seen = new U32Map(64);

  reset(): void {
    this.size = 0;
    this.seen.clear();
  }

  /** Offers a name by its token hash. */
  offer(hash: number): void {
    const h = nameKey(hash);
    if (this.seen.has(h)) return;
    this.seen.set(h, 1);
    if (this.size === NAME_SKETCH && h >= this.smallest[NAME_SKETCH - 1]) return;
    // Insertion into a sorted array of at most NAME_SKETCH.
    let at = Math.min(this.size, NAME_SKETCH - 1);
    while (at > 0 && this.smallest[at - 1] > h) {
      this.smallest[at] = this.smallest[at - 1];
      at--;
    }
    this.smallest[at] = h;
    if (this.size < NAME_SKETCH) this.size++;
  }

  /** Distinct name keys offered since `reset`. */
  get count(): number {
    return this.seen.size;
  }

  /** Writes the sketch to out[at, at + NAME_SKETCH) (unused slots 0); returns `count`. */
  write(out: Uint16Array, at: number): number {
    out.set(this.smallest.subarray(0, this.size), at);
    out.fill(0, at + this.size, at + NAME_SKETCH);
    return this.count;
  }
}

/**
 * The share of the smaller name set found in the larger one, from two
 * sketches (`sketches` holds NAME_SKETCH values per document) and the
 * documents' name counts. Below τ, the smaller of the two sketches' largest
 * values (no bound for a sketch that holds all of its document's names),
 * each sketch holds every name of its document, so the smaller set's names
 * under τ are a uniform sample of it whose membership in the larger is
 * known exactly: the share is counted on them. Of two sets of one size,
 * the larger of the two shares (the same either way round). Exact when
 * neither has more than NAME_SKETCH names. NaN when either has no name, or
 * when no name of the smaller set falls under τ (nothing is known).
 */
export function nameContainment(sketches: Uint16Array, counts: Uint32Array, a: number, b: number): number {
  if (counts[a] === counts[b]) {
    const x = shareIn(sketches, counts, a, b);
    const y = shareIn(sketches, counts, b, a);
    return x >= y || Number.isNaN(y) ? x : y;
  }
  return counts[a] < counts[b] ? shareIn(sketches, counts, a, b) : shareIn(sketches, counts, b, a);
}

/** A sketch's largest key, below which it holds every key of its document; no bound when it holds all of them. */
function boundOf(sketches: Uint16Array, counts: Uint32Array, d: number): number {
  return counts[d] > NAME_SKETCH ? sketches[d * NAME_SKETCH + NAME_SKETCH - 1] : Infinity;
}

/** The share of `small`'s names under τ (see `nameContainment`) that `large`'s sketch holds; NaN when none is under it. */
function shareIn(sketches: Uint16Array, counts: Uint32Array, small: number, large: number): number {
  const sizeSmall = Math.min(counts[small], NAME_SKETCH);
  const sizeLarge = Math.min(counts[large], NAME_SKETCH);
  const fromSmall = small * NAME_SKETCH;
  const fromLarge = large * NAME_SKETCH;
  const tau = Math.min(boundOf(sketches, counts, small), boundOf(sketches, counts, large));
  let sampled = 0;
  let found = 0;
  let j = 0;
  for (let i = 0; i < sizeSmall && sketches[fromSmall + i] <= tau; i++) {
    const x = sketches[fromSmall + i];
    sampled++;
    while (j < sizeLarge && sketches[fromLarge + j] < x) j++;
    if (j < sizeLarge && sketches[fromLarge + j] === x) found++;
  }
  // No name under τ (or none at all): 0 / 0.
  return found / sampled;
}
