import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { StorylineError } from '../src/errors.js';
import { DEFAULT_MINHASH, EMPTY, MinHasher, MinHashSignature, containmentFromJaccard, estimateJaccard } from '../src/features/minhash.js';
import { DEFAULT_OPTIONS } from '../src/options.js';
import { jaccard, minhash } from '../src/features/signature.js';
import { hashString } from '../src/features/hash.js';
import { createTokens, tokenize } from '../src/normalize/tokenize.js';
import { mulberry32 } from './fixtures/random.js';
import { verbose, K, makeVocabulary, randomDoc, makePairs, accuracy, ours, pkgSignature, type Pair } from './fixtures/minhash-pairs.js';

// ---------------------------------------------------------------- accuracy

test('accuracy: 320 pairs of 50–800 words, ≥ 99% within 3 SE, no bias', () => {
  const pairs = makePairs(1001, 320, 50, 800);
  const acc = accuracy(pairs, ours);
  if (verbose) console.log('long docs', acc);
  // the generator spreads exact Jaccard over 0..1 (otherwise the test proves little)
  assert.ok(acc.deciles.every((c) => c >= 5), `deciles ${acc.deciles}`);
  // |error| ≤ 3 SE fails for ~0.3% of pairs if the estimator is binomial(k, J)/k
  assert.ok(acc.within >= 0.99, `within 3 SE: ${acc.within}`);
  // unbiased: the mean of 320 errors has SE ≈ 0.002
  assert.ok(Math.abs(acc.meanError) <= 0.01, `mean error ${acc.meanError}`);
  // OPH on sets larger than k: variance at most classic MinHash's (plus noise)
  assert.ok(acc.varianceRatio < 1.3, `variance ratio ${acc.varianceRatio}`);
});

test('MinHasher on raw hash arrays matches exact Jaccard of the hash sets (w = 1, k = 256)', () => {
  const rand = mulberry32(5);
  const hasher = new MinHasher({ numPerm: 256, shingleSize: 1 });
  const sa = new Uint32Array(256);
  const sb = new Uint32Array(256);
  let within = 0;
  const trials = 200;
  for (let t = 0; t < trials; t++) {
    const n = 5 + Math.floor(rand() * 500);
    const a = Uint32Array.from({ length: n }, () => (rand() * 2 ** 32) >>> 0);
    const overlap = Math.floor(rand() * (n + 1));
    const b = Uint32Array.from({ length: n }, (_, i) => (i < overlap ? a[i] : (rand() * 2 ** 32) >>> 0));
    hasher.sign(a, a.length, sa);
    hasher.sign(b, b.length, sb);
    const exact = overlap / (2 * n - overlap);
    const est = estimateJaccard(sa, 0, sb, 0, 256);
    if (Math.abs(est - exact) <= 3 * Math.sqrt((exact * (1 - exact)) / 256) + 1 / 256) within++;
  }
  assert.ok(within / trials >= 0.98, `within 3 SE: ${within / trials}`);
});

// ---------------------------------------------------------------- reference implementation

test('agreement with the `minhash` npm package on 100 pairs', () => {
  // The package hashes each shingle string once per permutation (k times), so
  // documents are 30–160 words of 3–5 letters here.
  const pairs = makePairs(3003, 100, 30, 160, makeVocabulary(mulberry32(3004), 2000, 3, 5));
  let agree = 0;
  let sumAbs = 0;
  const pkgEstimates = new Map<Pair, number>();
  for (const p of pairs) {
    const theirs = pkgSignature(p.a).jaccard(pkgSignature(p.b));
    pkgEstimates.set(p, theirs);
    const mine = ours(p);
    // Two independent estimates: their difference has SD √2·σ; 4σ + 0.02 ≈ 2.8 SD of the difference plus slack.
    if (Math.abs(mine - theirs) <= 4 * Math.sqrt((p.exact * (1 - p.exact)) / K) + 0.02) agree++;
    sumAbs += Math.abs(mine - theirs);
  }
  // The package itself, against the truth: its (a·h + b) % p overflows doubles
  // (a·h reaches 2^65), but it stays a deterministic function of the shingle,
  // so it is still an unbiased, if less than min-wise independent, estimator here.
  const theirAcc = accuracy(pairs, (p) => pkgEstimates.get(p)!);
  const ourAcc = accuracy(pairs, ours);
  if (verbose) console.log('package vs exact', theirAcc, 'ours vs exact', ourAcc, 'agreement', agree / pairs.length, 'mean |ours − package|', sumAbs / pairs.length);
  assert.ok(theirAcc.within >= 0.97, `package within 3 SE: ${theirAcc.within}`);
  assert.ok(Math.abs(theirAcc.meanError) <= 0.02, `package mean error ${theirAcc.meanError}`);
  assert.ok(agree / pairs.length >= 0.97, `agreement ${agree / pairs.length}`);
  assert.ok(sumAbs / pairs.length < 0.05, `mean |ours − package| ${sumAbs / pairs.length}`);
});

// ---------------------------------------------------------------- determinism and golden values

const FOX = 'the quick brown fox jumps over the lazy dog';

test('golden: minhash(FOX) with seed 1, k 128, w 5 is stable', () => {
  const a = minhash(FOX, { shingleSize: 5 });
  const b = minhash(FOX, { shingleSize: 5 });
  assert.equal(Array.from(a.values), Array.from(b.values));
  assert.is(a.shingles, 5); // 9 words → 9 − 5 + 1 shingles
  assert.is(a.numPerm, 128);
  // Recorded from the implementation (OPH + optimal densification over
  // FNV-1a/fmix32 token hashes). A change of any hash, seed derivation or
  // bin mapping changes these and makes old signatures incomparable.
  assert.equal(Array.from(a.values.subarray(0, 8)), GOLDEN_FOX);
});

test('golden: a 300-token text (bins compete: 296 shingles in 128 bins)', () => {
  const rand = mulberry32(2024);
  const vocab = makeVocabulary(rand, 500);
  const text = randomDoc(rand, vocab, 300).join(' ');
  const sig = minhash(text, { shingleSize: 5 });
  assert.is(sig.shingles, 296);
  // FNV-1a over the values as a checksum, plus a few values (recorded from the implementation)
  let h = 0x811c9dc5;
  for (const v of sig.values) h = Math.imul(h ^ v, 0x01000193) >>> 0;
  assert.equal([h, sig.values[0], sig.values[64], sig.values[127]], GOLDEN_LONG);
});

const GOLDEN_LONG = [2832102954, 306830494, 73182739, 3679647878];

const GOLDEN_FOX = [2414448990, 949667144, 3795510645, 114846466, 949667144, 114846466, 2414448990, 2855288114];

test('seeds: different seeds give different values; equal settings are deterministic across instances', () => {
  const s1 = minhash(FOX, { seed: 1 });
  const s2 = minhash(FOX, { seed: 2 });
  let equal = 0;
  for (let i = 0; i < K; i++) if (s1.values[i] === s2.values[i]) equal++;
  // 5 shingles → ≤ 5 distinct values per signature; with independent seeds no value should coincide
  assert.ok(equal < 4, `${equal} equal values across seeds`);
  const hasher = new MinHasher({ seed: 7 });
  const hashes = Uint32Array.from(FOX.split(' '), hashString);
  const x = new Uint32Array(K);
  const y = new Uint32Array(2 * K).fill(123);
  hasher.sign(hashes, hashes.length, x);
  new MinHasher({ seed: 7 }).sign(hashes, hashes.length, y, K); // into an offset
  assert.equal(Array.from(y.subarray(K)), Array.from(x));
  assert.ok(y.subarray(0, K).every((v) => v === 123), 'nothing written before the offset');
  // token hashes from the tokenizer are the same as hashString of the words
  assert.equal(Array.from(x), Array.from(minhash(FOX, { seed: 7 }).values));
});

test('incompatible settings throw INCOMPATIBLE_SIGNATURES', () => {
  const base = minhash(FOX);
  for (const other of [minhash(FOX, { seed: 2 }), minhash(FOX, { shingleSize: 5 }), minhash(FOX, { numPerm: 64 })]) {
    for (const f of [() => base.jaccard(other), () => base.containedIn(other), () => base.equals(other), () => other.jaccard(base)]) {
      try {
        f();
        assert.unreachable('should throw');
      } catch (e) {
        assert.instance(e, StorylineError);
        assert.is((e as StorylineError).code, 'INCOMPATIBLE_SIGNATURES');
      }
    }
  }
  // jaccard() on texts uses equal options for both, so it never throws
  assert.is(jaccard(FOX, FOX, { seed: 9, shingleSize: 3 }), 1);
});

test('invalid options throw INVALID_OPTION', () => {
  for (const o of [{ numPerm: 4 }, { numPerm: 1.5 }, { shingleSize: 0 }, { shingleSize: 17 }, { seed: -1 }, { seed: 2 ** 32 }]) {
    try {
      new MinHasher(o);
      assert.unreachable(`should throw for ${JSON.stringify(o)}`);
    } catch (e) {
      assert.instance(e, StorylineError);
      assert.is((e as StorylineError).code, 'INVALID_OPTION');
    }
  }
});

test('empty, identical and short texts', () => {
  const empty = minhash('');
  assert.is(empty.shingles, 0);
  assert.ok(empty.values.every((v) => v === EMPTY));
  assert.is(empty.jaccard(empty), 0); // nothing to compare: not "identical"
  assert.is(empty.jaccard(minhash(FOX)), 0);
  assert.is(minhash('  ,.!  ').shingles, 0); // punctuation only: no tokens
  assert.is(minhash(FOX).jaccard(minhash(FOX)), 1);
  assert.is(jaccard(FOX, FOX), 1);
  // case and punctuation do not matter: same tokens
  assert.is(jaccard(FOX, 'The QUICK brown fox — jumps over the lazy dog!'), 1);
  // fewer tokens than the shingle size: one shingle of all of them
  const short = minhash('Lavrov met Shoukry');
  assert.is(short.shingles, 1);
  assert.is(short.jaccard(minhash('lavrov met shoukry.')), 1);
  assert.is(short.jaccard(minhash('Lavrov met Blinken')), 0);
  assert.ok(short.equals(minhash('LAVROV MET SHOUKRY')));
  // a single shingle fills every bin by densification
  assert.ok(short.values.every((v) => v === short.values[0] && v !== EMPTY));
  // no bin is left EMPTY in a non-empty text
  assert.ok(minhash(FOX).values.every((v) => v !== EMPTY));
});

test('word order matters (shingles), token multiset alone does not', () => {
  const reversed = FOX.split(' ').reverse().join(' ');
  assert.is(jaccard(FOX, reversed), 0);
});

// ---------------------------------------------------------------- containment

test('containment: A inside A+B (B unrelated, same size)', () => {
  const rand = mulberry32(77);
  const vocab = makeVocabulary(rand);
  const a = randomDoc(rand, vocab, 400).join(' ');
  const b = randomDoc(rand, vocab, 400).join(' ');
  const sa = minhash(a);
  const sab = minhash(`${a} ${b}`);
  // exact: J = 396 / (796 + 4 − ...) ≈ 0.5; C(A in AB) = 1, C(AB in A) = |A| / |AB| ≈ 0.5
  const inner = sa.containedIn(sab);
  const outer = sab.containedIn(sa);
  if (verbose) console.log('containment', { jaccard: sa.jaccard(sab), inner, outer });
  assert.ok(inner >= 0.8, `A in A+B: ${inner}`);
  assert.ok(Math.abs(outer - 0.5) <= 0.15, `A+B in A: ${outer}`);
  assert.ok(Math.abs(sa.jaccard(sab) - 0.5) <= 0.15);
});

test('containmentFromJaccard: formula and edge cases', () => {
  // |A| = 100 ⊂ B, |B| = 300: J = 100/300 = 1/3 → C = (1/3 · 400)/(4/3)/100 = 1
  assert.ok(Math.abs(containmentFromJaccard(1 / 3, 100, 300) - 1) < 1e-12);
  // |A| = |B| = 100, overlap 50: J = 50/150 = 1/3 → C = 0.5
  assert.ok(Math.abs(containmentFromJaccard(1 / 3, 100, 100) - 0.5) < 1e-12);
  assert.is(containmentFromJaccard(0.9, 0, 10), 0);
  assert.is(containmentFromJaccard(0, 10, 10), 0);
  assert.is(containmentFromJaccard(1, 10, 10), 1);
  // capped at 1 when the estimate overshoots
  assert.is(containmentFromJaccard(0.6, 100, 300), 1);
});

test('MinHashSignature exposes its settings', () => {
  const s = new MinHashSignature(new Uint32Array(16), 3, 4, 9);
  assert.is(s.numPerm, 16);
  assert.is(s.shingleSize, 4);
  assert.is(s.seed, 9);
  assert.is(minhash(FOX, { numPerm: 64 }).values.length, 64);
});

test('minhash() and jaccard() default to the shingle size analyze uses (3 words)', () => {
  assert.is(minhash(FOX).shingleSize, DEFAULT_OPTIONS.shingleSize);
  assert.is(DEFAULT_MINHASH.shingleSize, DEFAULT_OPTIONS.shingleSize);
  // 3-word shingles of FOX: 7; a signature made with an explicit 3 is the same signature
  assert.is(minhash(FOX).shingles, 7);
  assert.ok(minhash(FOX).equals(minhash(FOX, { shingleSize: 3 })));
  // (jaccard's default shingle size at 4,096 bins: minhash-large.test.ts)
});

test('toBytes / fromBytes: the documented layout, a round trip for every setting', () => {
  const s = minhash(FOX, { numPerm: 8, shingleSize: 2, seed: 0xdeadbeef });
  const bytes = s.toBytes();
  assert.is(bytes.length, 16 + 4 * 8);
  const view = new DataView(bytes.buffer);
  assert.equal([bytes[0], bytes[1], bytes[2], bytes[3]], [0x53, 0x4c, 1, 2]);
  assert.is(view.getUint32(4, true), 8);
  assert.is(view.getUint32(8, true), 0xdeadbeef);
  assert.is(view.getUint32(12, true), 8); // 9 words, 2-word shingles
  for (let i = 0; i < 8; i++) assert.is(view.getUint32(16 + 4 * i, true), s.values[i]);
  // (the largest settings, numPerm 4096 and shingleSize 16: minhash-large.test.ts)
  for (const t of [s, minhash(FOX), minhash(''), minhash('one'), minhash(FOX, { numPerm: 16, shingleSize: 16, seed: 0 })]) {
    const back = MinHashSignature.fromBytes(t.toBytes());
    assert.equal([back.numPerm, back.shingleSize, back.seed, back.shingles], [t.numPerm, t.shingleSize, t.seed, t.shingles]);
    assert.equal(Array.from(back.values), Array.from(t.values));
    assert.is(back.jaccard(t), t.shingles === 0 ? 0 : 1);
  }
  // a Buffer, and bytes at an offset inside a larger buffer
  const inside = new Uint8Array(bytes.length + 3);
  inside.set(bytes, 3);
  assert.ok(MinHashSignature.fromBytes(inside.subarray(3)).equals(s));
  assert.ok(MinHashSignature.fromBytes(Buffer.from(bytes)).equals(s));
});

test('fromBytes rejects what is not a signature with INVALID_SIGNATURE and says why', () => {
  const good = minhash(FOX, { numPerm: 8 }).toBytes();
  const changed = (at: number, value: number) => {
    const b = good.slice();
    b[at] = value;
    return b;
  };
  const cases: Array<[unknown, RegExp]> = [
    [new Uint8Array(0), /not a MinHash signature/],
    [new TextEncoder().encode('hello, this is not a signature at all'), /not a MinHash signature/],
    [changed(2, 2), /layout version 2/],
    [good.subarray(0, good.length - 1), /8 values take 48 bytes, got 47/],
    [changed(3, 0), /shingleSize must be an integer from 1 to 16/],
    [changed(4, 4), /4 values take 32 bytes, got 48/],
    ['SL', /expected a Uint8Array/],
    [null, /expected a Uint8Array/],
  ];
  for (const [input, message] of cases) {
    try {
      MinHashSignature.fromBytes(input as Uint8Array);
      assert.unreachable(`should reject ${String(input)}`);
    } catch (e) {
      assert.instance(e, StorylineError);
      assert.is((e as StorylineError).code, 'INVALID_SIGNATURE');
      assert.match((e as Error).message, message);
    }
  }
  const empty = minhash('', { numPerm: 8 }).toBytes();
  empty[16] = 1;
  assert.throws(() => MinHashSignature.fromBytes(empty), /no shingles has values/);
});

test.run();
