/**
 * A document's names (capitalised words inside sentences) as a bottom-k
 * sketch: the NAME_SKETCH smallest distinct token hashes, and how many
 * distinct names there were. Two sketches estimate how much of one
 * document's names the other holds (exactly, when neither has more than
 * NAME_SKETCH names).
 *
 * Why near-duplicate detection needs it: a copy keeps its names, even
 * edited (a reprint with one word in ten replaced keeps nine names in
 * ten), while two stories written from one formula ("X Corp raises
 * quarterly dividend …") share most of their shingles and few of their
 * names. Token hashes are already uniform (fmix32), so the smallest are a
 * uniform sample of the names.
 */

import { U32Map } from '../util/u32-map.js';

/** Names kept per document. */
export const NAME_SKETCH = 16;

/** Collects one document's names; reused from document to document. */
export class NameSketcher {
  /** The smallest distinct hashes offered, ascending (the first `size`). */
  private readonly smallest = new Uint32Array(NAME_SKETCH);
  private size = 0;
  /** Distinct hashes offered (a name is offered at each of its occurrences); a U32Map, as a Set would box hashes above 2^30. */
  private readonly seen = new U32Map(64);

  reset(): void {
    this.size = 0;
    this.seen.clear();
  }

  offer(hash: number): void {
    const h = hash >>> 0;
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

  /** Distinct names offered since `reset`. */
  get count(): number {
    return this.seen.size;
  }

  /** Writes the sketch to out[at, at + NAME_SKETCH) (unused slots 0); returns `count`. */
  write(out: Uint32Array, at: number): number {
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
export function nameContainment(sketches: Uint32Array, counts: Uint32Array, a: number, b: number): number {
  if (counts[a] === counts[b]) {
    const [x, y] = [shareIn(sketches, counts, a, b), shareIn(sketches, counts, b, a)];
    return x >= y || Number.isNaN(y) ? x : y;
  }
  return counts[a] < counts[b] ? shareIn(sketches, counts, a, b) : shareIn(sketches, counts, b, a);
}

/** The share of `small`'s names under τ (see `nameContainment`) that `large`'s sketch holds; NaN when none is under it. */
function shareIn(sketches: Uint32Array, counts: Uint32Array, small: number, large: number): number {
  const sizeSmall = Math.min(counts[small], NAME_SKETCH);
  const sizeLarge = Math.min(counts[large], NAME_SKETCH);
  const fromSmall = small * NAME_SKETCH;
  const fromLarge = large * NAME_SKETCH;
  const bound = (d: number, size: number) => (counts[d] > NAME_SKETCH ? sketches[d * NAME_SKETCH + size - 1] : Infinity);
  const tau = Math.min(bound(small, sizeSmall), bound(large, sizeLarge));
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
