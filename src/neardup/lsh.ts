/**
 * Locality-sensitive hashing over MinHash signatures: texts that agree on
 * all `rows` values of any of `bands` bands become candidate pairs.
 *
 * Two forms with one band-key function:
 * - `candidatePairs`: the whole corpus at once. Per band, documents are
 *   sorted by band key and equal runs are buckets: O(n log n) per band and
 *   8 bytes per document, instead of millions of Map entries.
 * - `LshIndex`: incremental insert/query, for API users who index as they go.
 */
import { combine, fmix32 } from '../features/hash.js';
import { EMPTY, type MinHashSignature } from '../features/minhash.js';
import type { LshParams } from './params.js';
import { StorylineError } from '../errors.js';
import { sortIndexesByKey } from '../util/sort.js';
import { sortedUnique } from '../util/sorted-keys.js';
import { GrowableArray } from '../util/growable.js';

export function bandKey(signatures: Uint32Array, offset: number, band: number, rows: number): number {
  let h = fmix32(band + 0x7f4a7c15);
  const start = offset + band * rows;
  for (let i = 0; i < rows; i++) h = combine(h, signatures[start + i]);
  return h;
}

/**
 * Buckets larger than this are not expanded into all their pairs: each
 * member is paired with the bucket's first member only, which keeps the work
 * linear when thousands of texts share a band (identical wire copies) and
 * still joins them all in one group.
 */
export const MAX_BUCKET_PAIRS = 64;

/**
 * Pair keys reserved (address space only, committed as written: see
 * util/growable.ts) for the candidates of all bands, repeats and all. The
 * list then never grows by copying, and its memory goes back to the system
 * as one block when it is dropped; a doubling array leaves a trail of freed
 * copies, and the C allocator keeps freed blocks of up to 32 MiB for reuse
 * (README, Performance: memory the allocator keeps).
 */
const PAIRS_RESERVED = 2 ** 28;

/**
 * Candidate pairs (i < j) among `n` signatures of length `numPerm`, as
 * numbers i * n + j, sorted. `skip[i] = 1` leaves document i out (empty texts).
 *
 * Pairs are gathered in a flat array, repeats and all (a pair of copies
 * meets in most bands), then sorted and made unique: a Set of keys above
 * 2^30 allocated a heap number per insert.
 */
export function candidatePairs(signatures: Uint32Array, n: number, numPerm: number, params: LshParams, skip?: Uint8Array): Float64Array {
  const members = new Uint32Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) if (skip === undefined || skip[i] === 0) members[m++] = i;
  const keys = new Uint32Array(m);
  const order = new Uint32Array(m);
  const scratch = new Uint32Array(m);
  const pairs = new GrowableArray(Float64Array, PAIRS_RESERVED);
  for (let band = 0; band < params.bands; band++) {
    for (let x = 0; x < m; x++) keys[x] = bandKey(signatures, members[x] * numPerm, band, params.rows);
    // Members sorted by band key (ties in document order): equal runs are the band's buckets.
    const sorted = sortIndexesByKey(keys, m, order, scratch);
    for (let s = 0; s < m; ) {
      let e = s + 1;
      while (e < m && keys[sorted[e]] === keys[sorted[s]]) e++;
      const size = e - s;
      if (size > 1) {
        if (size <= MAX_BUCKET_PAIRS) {
          for (let x = s; x < e; x++) for (let y = x + 1; y < e; y++) pairs.push(members[sorted[x]] * n + members[sorted[y]]);
        } else {
          for (let x = s + 1; x < e; x++) pairs.push(members[sorted[s]] * n + members[sorted[x]]);
        }
      }
      s = e;
    }
  }
  return sortedUnique(pairs.values()).slice();
}

/** An incremental LSH index over MinHashSignatures, keyed by caller ids. */
export class LshIndex {
  private readonly tables: Array<Map<number, string[]>>;
  private readonly keys = new Set<string>();
  /** Each key's band keys, so `remove` finds its buckets (empty signatures have none). */
  private readonly bandKeysOf = new Map<string, Uint32Array>();
  private settings: { numPerm: number; seed: number; shingleSize: number } | undefined;

  constructor(readonly params: LshParams) {
    this.tables = Array.from({ length: params.bands }, () => new Map());
  }

  get size(): number {
    return this.keys.size;
  }

  insert(key: string, signature: MinHashSignature): void {
    if (this.keys.has(key)) throw new StorylineError('INVALID_OPTION', `LshIndex: duplicate key "${key}"; remove(key) it first or use another key`);
    this.check(signature);
    this.keys.add(key);
    if (isEmpty(signature)) return;
    const bandKeys = new Uint32Array(this.params.bands);
    for (let band = 0; band < this.params.bands; band++) {
      const k = (bandKeys[band] = bandKey(signature.values, 0, band, this.params.rows));
      const bucket = this.tables[band].get(k);
      if (bucket) bucket.push(key);
      else this.tables[band].set(k, [key]);
    }
    this.bandKeysOf.set(key, bandKeys);
  }

  /**
   * Takes `key` out of the index (then it may be inserted again); false if
   * it was not there. Costs the size of its buckets.
   */
  remove(key: string): boolean {
    if (!this.keys.delete(key)) return false;
    const bandKeys = this.bandKeysOf.get(key);
    if (bandKeys === undefined) return true;
    this.bandKeysOf.delete(key);
    for (let band = 0; band < this.params.bands; band++) {
      const bucket = this.tables[band].get(bandKeys[band])!;
      if (bucket.length === 1) this.tables[band].delete(bandKeys[band]);
      else bucket.splice(bucket.indexOf(key), 1);
    }
    return true;
  }

  /** Keys of indexed signatures sharing at least one band with `signature` (never throws for unseen bands). */
  query(signature: MinHashSignature): string[] {
    this.check(signature);
    const found = new Set<string>();
    if (isEmpty(signature)) return [];
    for (let band = 0; band < this.params.bands; band++) {
      const bucket = this.tables[band].get(bandKey(signature.values, 0, band, this.params.rows));
      if (bucket) for (const key of bucket) found.add(key);
    }
    return [...found].sort();
  }

  private check(signature: MinHashSignature): void {
    const s = { numPerm: signature.numPerm, seed: signature.seed, shingleSize: signature.shingleSize };
    if (s.numPerm < this.params.bands * this.params.rows) {
      throw new StorylineError(
        'INCOMPATIBLE_SIGNATURES',
        `LshIndex needs signatures of at least ${this.params.bands * this.params.rows} values (bands × rows), got ${s.numPerm}`,
      );
    }
    if (this.settings === undefined) this.settings = s;
    else if (this.settings.numPerm !== s.numPerm || this.settings.seed !== s.seed || this.settings.shingleSize !== s.shingleSize) {
      throw new StorylineError('INCOMPATIBLE_SIGNATURES', 'LshIndex: all signatures must be made with the same numPerm, seed and shingleSize');
    }
  }
}

function isEmpty(signature: MinHashSignature): boolean {
  return signature.shingles === 0 || signature.values.every((v) => v === EMPTY);
}
