/**
 * The costly MinHash checks, moved out of minhash.test.ts (which runs once
 * per features mutant, where instrumented code made them take ~15 s): the
 * accuracy on 3,000 pairs of short documents (128 bins mostly densified),
 * a round trip of the largest settings (4,096 bins for 1 shingle: millions
 * of densification probes) and jaccard() at 4,096 bins. They stay in `npm test`.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { StorylineError } from '../src/errors.js';
import { DEFAULT_MINHASH, EMPTY, MinHasher, MinHashSignature, containmentFromJaccard, estimateJaccard } from '../src/features/minhash.js';
import { DEFAULT_OPTIONS } from '../src/options.js';
import { jaccard, minhash } from '../src/features/signature.js';
import { hashString } from '../src/features/hash.js';
import { createTokens, tokenize } from '../src/normalize/tokenize.js';
import { mulberry32 } from './fixtures/random.js';
import { verbose, makePairs, accuracy, oursReusing } from './fixtures/minhash-pairs.js';

test('accuracy: short documents of 3–20 words (mostly empty bins, densified)', () => {
  // With m ≤ 32 shingles in 128 bins, two shingles sharing a bin leave one of
  // them without weight, so OPH's variance here is ~1.4–1.8× the classic
  // J(1 − J)/k (measured; it is ≤ 1× once m ≳ k). About 0.6% of pairs then
  // miss the 3-SE bound, so many pairs are used to keep the 99% check
  // robust to a change of hash constants (expected ~18 misses of 3,000, limit 30).
  const pairs = makePairs(2002, 3000, 3, 20);
  const acc = accuracy(pairs, oursReusing);
  if (verbose) console.log('short docs', acc);
  assert.ok(acc.deciles[0] > 0 && acc.deciles[5] > 0 && acc.deciles[9] > 0, `deciles ${acc.deciles}`);
  assert.ok(acc.within >= 0.99, `within 3 SE: ${acc.within}`);
  assert.ok(Math.abs(acc.meanError) <= 0.01, `mean error ${acc.meanError}`);
  assert.ok(acc.varianceRatio < 2.5, `variance ratio ${acc.varianceRatio}`);
});

const FOX = 'the quick brown fox jumps over the lazy dog';

test('minhash() and jaccard() at 4,096 bins: one word changed of nine breaks 3 of 7 three-word shingles, J = 4/10', () => {
  const edited = 'the quick brown fox leaps over the lazy dog';
  assert.ok(Math.abs(jaccard(FOX, edited, { numPerm: 4096 }) - 4 / 10) < 0.05, String(jaccard(FOX, edited, { numPerm: 4096 })));
});

test('toBytes / fromBytes: a round trip of the largest settings (numPerm 4096, shingleSize 16, seed 0)', () => {
  const t = minhash(FOX, { numPerm: 4096, shingleSize: 16, seed: 0 });
  const back = MinHashSignature.fromBytes(t.toBytes());
  assert.equal([back.numPerm, back.shingleSize, back.seed, back.shingles], [t.numPerm, t.shingleSize, t.seed, t.shingles]);
  assert.equal(Array.from(back.values), Array.from(t.values));
  assert.is(back.jaccard(t), 1);
});

test.run();
