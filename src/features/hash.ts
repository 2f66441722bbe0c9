/**
 * 32-bit hashing primitives shared by tokens, shingles, terms and MinHash.
 * All return unsigned 32-bit integers and are identical on every thread and
 * process, which is what makes signatures comparable across workers.
 */

export const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** One FNV-1a step: folds a UTF-16 code unit into the running hash. */
export function fnvStep(hash: number, codeUnit: number): number {
  return Math.imul(hash ^ codeUnit, FNV_PRIME);
}

/** FNV-1a over a string's code units, finished with fmix32 for avalanche. */
export function hashString(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) h = fnvStep(h, s.charCodeAt(i));
  return fmix32(h);
}

/**
 * A second hash of the same code units, independent of FNV-1a (another
 * offset and multiplier): with the first, a 64-bit key for caches whose
 * entries must never be shared by two different tokens.
 */
export const CHECK_OFFSET = 0x9747b28c;

export function checkStep(hash: number, codeUnit: number): number {
  return Math.imul(hash ^ codeUnit, 0x5bd1e995);
}

/** The check hash of a string's code units (as `checkOf` in normalize/tokenize.ts gives it for a token). */
export function checkString(s: string): number {
  let h = CHECK_OFFSET;
  for (let i = 0; i < s.length; i++) h = checkStep(h, s.charCodeAt(i));
  return h >>> 0;
}

/**
 * MurmurHash3's finaliser: every input bit flips each output bit with
 * probability ~1/2, so low and high bits can be used as independent hashes.
 */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Mixes two 32-bit values into one (order matters). */
export function combine(a: number, b: number): number {
  return fmix32(Math.imul(a ^ 0x9e3779b9, 0x01000193) ^ b);
}
