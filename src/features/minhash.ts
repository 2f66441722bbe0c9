/**
 * MinHash signatures by one-permutation hashing (OPH) with optimal
 * densification.
 *
 * Classic MinHash applies k hash functions to every shingle: k multiply-adds
 * per shingle, which made it 5× slower than tokenizing (FACTS: ~5,700 docs/s
 * at k = 128). OPH (Li, Owen & Zhang, NIPS 2012) hashes each shingle once:
 * the hash picks one of k bins and the shingle competes for that bin's
 * minimum. Bins left empty by short texts borrow the value of a non-empty
 * bin chosen by a fixed per-bin probe sequence (Shrivastava, ICML 2017,
 * "Optimal densification for fast and accurate minwise hashing", Alg. 2),
 * which keeps the estimator unbiased with variance close to classic MinHash:
 *
 *   P[sig_A[i] = sig_B[i]] = J(A, B),   Ĵ = (1/k) Σ [sig_A[i] = sig_B[i]],
 *   standard error ≈ sqrt(J (1 − J) / k).
 *
 * Shingles are w consecutive tokens, hashed by a rolling polynomial over the
 * tokens' 32-bit hashes, so a shingle costs two multiplies, not w.
 */
import { StorylineError, invalidOption } from '../errors.js';
import { fmix32 } from './hash.js';

export interface MinHashOptions {
  /**
   * Signature length k (number of bins). More bins, smaller error:
   * sqrt(J(1 − J)/k) ≈ 0.035 at J = 0.8, k = 128.
   * @defaultValue 128
   */
  numPerm?: number;
  /**
   * Words per shingle. Shorter shingles survive edits better (an edit
   * breaks w shingles) but make unrelated texts share more. 3, as
   * `analyze` uses, so signatures from `minhash()` compare with its
   * near-duplicate threshold.
   * @defaultValue 3
   */
  shingleSize?: number;
  /**
   * Seed of every hash; signatures are comparable only under equal seeds.
   * @defaultValue 1
   */
  seed?: number;
}

export const DEFAULT_MINHASH: Required<MinHashOptions> = { numPerm: 128, shingleSize: 3, seed: 1 };

export function resolveMinHashOptions(options: MinHashOptions = {}): Required<MinHashOptions> {
  const o = { ...DEFAULT_MINHASH, ...options };
  if (!Number.isInteger(o.numPerm) || o.numPerm < 8 || o.numPerm > 4096) {
    throw invalidOption('numPerm', 'an integer from 8 to 4096', o.numPerm);
  }
  if (!Number.isInteger(o.shingleSize) || o.shingleSize < 1 || o.shingleSize > 16) {
    throw invalidOption('shingleSize', 'an integer from 1 to 16', o.shingleSize);
  }
  if (!Number.isInteger(o.seed) || o.seed < 0 || o.seed > 0xffffffff) {
    throw invalidOption('seed', 'an unsigned 32-bit integer', o.seed);
  }
  return o;
}

/** The value of a bin no shingle reached (only in a signature of an empty text). */
export const EMPTY = 0xffffffff;

const ROLL = 0x2f0f3a2b | 1; // odd multiplier of the rolling shingle hash

/**
 * Computes signatures with fixed settings; reuses its scratch buffers, so
 * one instance per thread signs any number of documents without allocating.
 */
export class MinHasher {
  readonly numPerm: number;
  readonly shingleSize: number;
  readonly seed: number;
  private readonly filled: Uint8Array;
  private readonly rollOut: number; // ROLL^(w-1) mod 2^32, to drop the oldest token
  private readonly binSeed: number;
  private readonly valueSeed: number;
  private readonly probeSeed: number;

  constructor(options: MinHashOptions = {}) {
    const o = resolveMinHashOptions(options);
    this.numPerm = o.numPerm;
    this.shingleSize = o.shingleSize;
    this.seed = o.seed;
    this.filled = new Uint8Array(o.numPerm);
    let p = 1;
    for (let i = 1; i < o.shingleSize; i++) p = Math.imul(p, ROLL);
    this.rollOut = p;
    this.binSeed = fmix32(o.seed ^ 0x5bd1e995);
    this.valueSeed = fmix32(o.seed ^ 0x1b873593);
    this.probeSeed = fmix32(o.seed ^ 0xcc9e2d51);
  }

  /**
   * Signs the shingles of `tokenHashes[0, count)` into `out[offset, offset + k)`
   * and returns the number of shingles. Fewer than w tokens make one
   * shingle of all of them, so short texts still match their copies; no
   * tokens at all give a signature of EMPTY values and 0.
   */
  sign(tokenHashes: Uint32Array, count: number, out: Uint32Array, offset = 0): number {
    const k = this.numPerm;
    const w = this.shingleSize;
    const filled = this.filled;
    filled.fill(0);
    out.fill(EMPTY, offset, offset + k);
    if (count === 0) return 0;

    const shingles = count >= w ? count - w + 1 : 1;
    let roll = 0;
    const first = Math.min(w, count);
    for (let i = 0; i < first - 1; i++) roll = (Math.imul(roll, ROLL) + tokenHashes[i]) | 0;
    for (let i = first - 1; i < count; i++) {
      roll = (Math.imul(roll, ROLL) + tokenHashes[i]) | 0;
      const h = fmix32(roll ^ this.binSeed);
      // Multiply-high maps h uniformly onto k bins for any k, not just powers of 2.
      const bin = Math.floor((h * k) / 4294967296);
      const value = fmix32(h ^ this.valueSeed);
      const at = offset + bin;
      if (filled[bin] === 0 || value < out[at]) {
        out[at] = value;
        filled[bin] = 1;
      }
      if (i >= w - 1) roll = (roll - Math.imul(tokenHashes[i - w + 1], this.rollOut)) | 0;
    }
    this.densify(out, offset);
    return shingles;
  }

  /** Optimal densification: each empty bin probes bins by a fixed sequence until a filled one. */
  private densify(out: Uint32Array, offset: number): void {
    const k = this.numPerm;
    const filled = this.filled;
    let empty = 0;
    for (let i = 0; i < k; i++) if (filled[i] === 0) empty++;
    if (empty === 0 || empty === k) return;
    for (let i = 0; i < k; i++) {
      if (filled[i] !== 0) continue;
      for (let attempt = 1; ; attempt++) {
        const probe = fmix32(Math.imul(i + 1, 0x9e3779b1) ^ Math.imul(attempt, 0x85ebca77) ^ this.probeSeed);
        const j = Math.floor((probe * k) / 4294967296);
        if (filled[j] !== 0) {
          out[offset + i] = out[offset + j];
          break;
        }
      }
    }
  }
}

/** Fraction of equal positions in two signatures of length k: the Jaccard estimate. */
export function estimateJaccard(a: Uint32Array, aOffset: number, b: Uint32Array, bOffset: number, k: number): number {
  let equal = 0;
  for (let i = 0; i < k; i++) if (a[aOffset + i] === b[bOffset + i]) equal++;
  return equal / k;
}

/**
 * Share of the smaller set A found in B, from the Jaccard estimate and the
 * set sizes: |A ∩ B| = J (|A| + |B|) / (1 + J), so C = |A ∩ B| / |A|.
 */
export function containmentFromJaccard(jaccard: number, sizeA: number, sizeB: number): number {
  if (sizeA === 0) return 0;
  return Math.min(1, (jaccard * (sizeA + sizeB)) / (1 + jaccard) / sizeA);
}

const SIGNATURE_MAGIC = [0x53, 0x4c]; // "SL"
const SIGNATURE_LAYOUT_VERSION = 1;
const SIGNATURE_HEADER_BYTES = 16;

/** A document's MinHash signature with the settings that made it. */
export class MinHashSignature {
  constructor(
    readonly values: Uint32Array,
    /** Number of shingles the text had (a proxy for the shingle set's size). */
    readonly shingles: number,
    readonly shingleSize: number,
    readonly seed: number,
  ) {}

  get numPerm(): number {
    return this.values.length;
  }

  /** Estimated Jaccard similarity; throws if the settings differ. */
  jaccard(other: MinHashSignature): number {
    this.assertComparable(other);
    if (this.shingles === 0 || other.shingles === 0) return 0;
    return estimateJaccard(this.values, 0, other.values, 0, this.numPerm);
  }

  /** Estimated share of this text's shingles that also occur in `other`. */
  containedIn(other: MinHashSignature): number {
    return containmentFromJaccard(this.jaccard(other), this.shingles, other.shingles);
  }

  equals(other: MinHashSignature): boolean {
    this.assertComparable(other);
    return this.values.every((v, i) => v === other.values[i]);
  }

  /**
   * The signature as bytes, to store or send (layout version 1, all
   * integers little-endian; 16 + 4 × numPerm bytes):
   *
   *   0  'S' 'L'      magic
   *   2  u8           layout version (1)
   *   3  u8           shingleSize
   *   4  u32          numPerm
   *   8  u32          seed
   *   12 u32          shingles
   *   16 u32 × numPerm values
   */
  toBytes(): Uint8Array {
    const bytes = new Uint8Array(SIGNATURE_HEADER_BYTES + 4 * this.numPerm);
    const view = new DataView(bytes.buffer);
    bytes.set(SIGNATURE_MAGIC, 0);
    view.setUint8(2, SIGNATURE_LAYOUT_VERSION);
    view.setUint8(3, this.shingleSize);
    view.setUint32(4, this.numPerm, true);
    view.setUint32(8, this.seed, true);
    view.setUint32(12, this.shingles, true);
    for (let i = 0; i < this.numPerm; i++) view.setUint32(SIGNATURE_HEADER_BYTES + 4 * i, this.values[i], true);
    return bytes;
  }

  /**
   * A signature from `toBytes()` output.
   * @throws StorylineError `INVALID_SIGNATURE` for bytes that are not a signature of a known layout version
   */
  static fromBytes(bytes: Uint8Array): MinHashSignature {
    const invalid = (why: string) => new StorylineError('INVALID_SIGNATURE', `MinHashSignature.fromBytes: ${why}`);
    if (!(bytes instanceof Uint8Array)) throw invalid(`expected a Uint8Array (or Buffer), got ${bytes === null ? 'null' : typeof bytes}`);
    if (bytes.length < SIGNATURE_HEADER_BYTES || bytes[0] !== SIGNATURE_MAGIC[0] || bytes[1] !== SIGNATURE_MAGIC[1]) {
      throw invalid('not a MinHash signature (toBytes() output starts with "SL")');
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const version = view.getUint8(2);
    if (version !== SIGNATURE_LAYOUT_VERSION) throw invalid(`layout version ${version} is not one this storyline reads (${SIGNATURE_LAYOUT_VERSION})`);
    const numPerm = view.getUint32(4, true);
    const expected = SIGNATURE_HEADER_BYTES + 4 * numPerm;
    if (bytes.length !== expected) throw invalid(`${numPerm} values take ${expected} bytes, got ${bytes.length}`);
    let options: Required<MinHashOptions>;
    try {
      options = resolveMinHashOptions({ numPerm, shingleSize: view.getUint8(3), seed: view.getUint32(8, true) });
    } catch (e) {
      throw invalid((e as Error).message);
    }
    const shingles = view.getUint32(12, true);
    const values = new Uint32Array(numPerm);
    for (let i = 0; i < numPerm; i++) values[i] = view.getUint32(SIGNATURE_HEADER_BYTES + 4 * i, true);
    if (shingles === 0 && values.some((v) => v !== EMPTY)) throw invalid('a signature of no shingles has values');
    return new MinHashSignature(values, shingles, options.shingleSize, options.seed);
  }

  private assertComparable(other: MinHashSignature): void {
    if (other.numPerm !== this.numPerm || other.seed !== this.seed || other.shingleSize !== this.shingleSize) {
      throw new StorylineError(
        'INCOMPATIBLE_SIGNATURES',
        `cannot compare MinHash signatures made with different settings ` +
          `(numPerm ${this.numPerm} vs ${other.numPerm}, seed ${this.seed} vs ${other.seed}, ` +
          `shingleSize ${this.shingleSize} vs ${other.shingleSize}); sign both texts with the same options`,
      );
    }
  }
}
