/**
 * Locality-sensitive hashing over MinHash signatures: texts that agree on
 * all `rows` values of any of `bands` bands become candidate pairs.
 *
 * Two forms with one band-key function:
 * - `forEachBucket`: the whole corpus at once. Per band, documents are
 *   sorted by band key and equal runs are buckets: O(n) per band (a radix
 *   sort) and 16 bytes per document, instead of millions of Map entries.
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
 * Calls `visit(bucket, size, band)` for every bucket of two or more
 * documents, band by band. Per band, documents are sorted by band key (a
 * stable sort) and equal runs are buckets, so a bucket lists its documents
 * in their order in `docs`. `bucket` is scratch, valid during the call only.
 * Memory: 20 bytes per document, whatever the buckets' sizes.
 */
export function forEachBucket(
  signatures: Uint32Array,
  numPerm: number,
  params: LshParams,
  docs: Uint32Array,
  visit: (bucket: Uint32Array, size: number, band: number) => void,
): void {
  const m = docs.length;
  // Keys are computed in signature order and written to each document's place in `docs`:
  // reading signatures in `docs` order (ranks, not input order) missed the cache on every one.
  const n = Math.floor(signatures.length / numPerm);
  const place = new Int32Array(n).fill(-1);
  for (let x = 0; x < m; x++) place[docs[x]] = x;
  const keys = new Uint32Array(m);
  const order = new Uint32Array(m);
  const scratch = new Uint32Array(m);
  const bucket = new Uint32Array(m);
  for (let band = 0; band < params.bands; band++) {
    for (let d = 0; d < n; d++) if (place[d] >= 0) keys[place[d]] = bandKey(signatures, d * numPerm, band, params.rows);
    const sorted = sortIndexesByKey(keys, m, order, scratch);
    for (let s = 0; s < m; ) {
      let e = s + 1;
      while (e < m && keys[sorted[e]] === keys[sorted[s]]) e++;
      if (e - s > 1) {
        for (let x = s; x < e; x++) bucket[x - s] = docs[sorted[x]];
        visit(bucket, e - s, band);
      }
      s = e;
    }
  }
}

/**
 * Buckets larger than this are not expanded into all their pairs by
 * `candidatePairs`: each member is paired with the bucket's first member only.
 */
export const MAX_BUCKET_PAIRS = 64;

/**
 * Candidate pairs (i < j) among `n` signatures of length `numPerm`, as
 * numbers i * n + j, sorted: every pair sharing a bucket of at most
 * MAX_BUCKET_PAIRS, and each member of a larger bucket with its smallest
 * index. `skip[i] = 1` leaves document i out (empty texts). The pairs of all
 * bands are held at once, so this is for small sets (tests, checks);
 * `findNearDuplicates` joins buckets as it meets them instead.
 */
export function candidatePairs(signatures: Uint32Array, n: number, numPerm: number, params: LshParams, skip?: Uint8Array): Float64Array {
  const docs: number[] = [];
  for (let i = 0; i < n; i++) if (skip === undefined || skip[i] === 0) docs.push(i);
  const pairs = new GrowableArray(Float64Array);
  forEachBucket(signatures, numPerm, params, Uint32Array.from(docs), (bucket, size) => {
    if (size <= MAX_BUCKET_PAIRS) {
      for (let x = 0; x < size; x++) for (let y = x + 1; y < size; y++) pairs.push(bucket[x] * n + bucket[y]);
    } else {
      for (let x = 1; x < size; x++) pairs.push(bucket[0] * n + bucket[x]);
    }
  });
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
