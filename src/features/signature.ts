/**
 * One-call MinHash for API users: text in, signature out, with the same
 * tokenizer and settings as the pipeline.
 */
import { createTokens, tokenize } from '../normalize/tokenize.js';
import { MinHasher, MinHashSignature, resolveMinHashOptions, type MinHashOptions } from './minhash.js';

/** The MinHash signature of a text's word shingles. */
export function minhash(text: string, options: MinHashOptions = {}): MinHashSignature {
  const o = resolveMinHashOptions(options);
  const tokens = createTokens(1024);
  tokenize(text, tokens);
  const values = new Uint32Array(o.numPerm);
  const shingles = new MinHasher(o).sign(tokens.hash, tokens.count, values);
  return new MinHashSignature(values, shingles, o.shingleSize, o.seed);
}

/** Estimated Jaccard similarity of two texts (or two signatures made with equal options). */
export function jaccard(a: string | MinHashSignature, b: string | MinHashSignature, options: MinHashOptions = {}): number {
  const sa = typeof a === 'string' ? minhash(a, options) : a;
  const sb = typeof b === 'string' ? minhash(b, options) : b;
  return sa.jaccard(sb);
}
