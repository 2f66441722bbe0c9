import { test } from 'uvu';
import * as assert from 'uvu/assert';
// The `minhash` npm package (devDependency, CommonJS, no type declarations) is
// the reference implementation: classic MinHash with 128 (a·h + b) mod p
// permutations. @ts-ignore rather than @ts-expect-error so that adding
// declarations later does not break the build.
// @ts-ignore -- untyped CommonJS module
import minhashPkg from 'minhash';

import { StorylineError } from '../src/errors.js';
import { DEFAULT_MINHASH, EMPTY, MinHasher, MinHashSignature, containmentFromJaccard, estimateJaccard } from '../src/features/minhash.js';
import { DEFAULT_OPTIONS } from '../src/options.js';
import { jaccard, minhash } from '../src/features/signature.js';
import { hashString } from '../src/features/hash.js';
import { createTokens, tokenize } from '../src/normalize/tokenize.js';
import { mulberry32 } from './fixtures/random.js';

interface PkgMinhash {
  hashvalues: number[];
  update(s: string): void;
  jaccard(other: PkgMinhash): number;
}
const { Minhash: PkgMinhashCtor } = minhashPkg as { Minhash: new (config?: { numPerm?: number; seed?: number }) => PkgMinhash };

// Set STORYLINE_TEST_VERBOSE=1 to print the measured accuracy figures.
const verbose = process.env.STORYLINE_TEST_VERBOSE === '1';

// ---------------------------------------------------------------- helpers

const K = 128;
const W = 5;

/** ~2,000 distinct lower-case pseudo-words (letters only: each is exactly one token). */
function makeVocabulary(rand: () => number, size = 2000, minLen = 3, maxLen = 8): string[] {
  const words = new Set<string>();
  while (words.size < size) {
    let w = '';
    const len = minLen + Math.floor(rand() * (maxLen - minLen + 1));
    for (let i = 0; i < len; i++) w += String.fromCharCode(97 + Math.floor(rand() * 26));
    words.add(w);
  }
  return [...words];
}

function randomDoc(rand: () => number, vocab: string[], length: number): string[] {
  return Array.from({ length }, () => vocab[Math.floor(rand() * vocab.length)]);
}

/**
 * A variant of `words` with about `share` of its words substituted, deleted,
 * or preceded by an insertion; scattered edits (each breaks up to 5
 * shingles: low Jaccard) or clustered runs (high Jaccard for the same share).
 */
function editDoc(rand: () => number, vocab: string[], words: string[], share: number, clustered: boolean): string[] {
  const n = words.length;
  const edited = new Uint8Array(n);
  if (clustered) {
    let budget = Math.round(share * n);
    while (budget > 0) {
      const len = Math.min(budget, 1 + Math.floor(rand() * 30));
      const at = Math.floor(rand() * n);
      for (let i = at; i < Math.min(n, at + len); i++) edited[i] = 1;
      budget -= len;
    }
  } else {
    for (let i = 0; i < n; i++) edited[i] = rand() < share ? 1 : 0;
  }
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    if (!edited[i]) {
      out.push(words[i]);
      continue;
    }
    const r = rand();
    const other = vocab[Math.floor(rand() * vocab.length)];
    if (r < 1 / 3) out.push(other); // substitute
    else if (r < 2 / 3) continue; // delete
    else out.push(other, words[i]); // insert before
  }
  if (out.length === 0) out.push(vocab[0]);
  return out;
}

/** The exact shingle set, as the implementation defines it: w-word windows, or all words when fewer than w. */
function shingleSet(words: string[], w = W): Set<string> {
  const lower = words.map((x) => x.toLowerCase());
  const set = new Set<string>();
  if (lower.length === 0) return set;
  if (lower.length < w) {
    set.add(lower.join(' '));
    return set;
  }
  for (let i = 0; i + w <= lower.length; i++) set.add(lower.slice(i, i + w).join(' '));
  return set;
}

function exactJaccard(a: Set<string>, b: Set<string>): number {
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  const union = a.size + b.size - inter;
  return union === 0 ? 0 : inter / union;
}

/** Three standard errors of a k-bin estimate plus one bin of resolution. */
const tolerance = (j: number, sds = 3) => sds * Math.sqrt((j * (1 - j)) / K) + 1 / K;

interface Pair {
  a: string[];
  b: string[];
  exact: number;
}

function makePairs(seed: number, count: number, minLen: number, maxLen: number, vocab?: string[]): Pair[] {
  const rand = mulberry32(seed);
  vocab ??= makeVocabulary(rand);
  const pairs: Pair[] = [];
  for (let p = 0; p < count; p++) {
    const a = randomDoc(rand, vocab, minLen + Math.floor(rand() * (maxLen - minLen + 1)));
    const b = editDoc(rand, vocab, a, rand() * 0.6, p % 2 === 0);
    pairs.push({ a, b, exact: exactJaccard(shingleSet(a), shingleSet(b)) });
  }
  return pairs;
}

interface Accuracy {
  within: number; // share of pairs with |error| ≤ tolerance
  meanError: number; // mean signed error
  meanAbsError: number;
  /** Σ error² / Σ J(1 − J)/k: 1 for classic MinHash, below 1 for OPH on large sets. */
  varianceRatio: number;
  deciles: number[]; // pairs per tenth of exact Jaccard
}

function accuracy(pairs: Pair[], estimate: (p: Pair) => number, sds = 3): Accuracy {
  let within = 0;
  let sum = 0;
  let sumAbs = 0;
  let sumSq = 0;
  let sumVar = 0;
  const deciles = new Array<number>(10).fill(0);
  for (const p of pairs) {
    const e = estimate(p) - p.exact;
    if (Math.abs(e) <= tolerance(p.exact, sds)) within++;
    sum += e;
    sumAbs += Math.abs(e);
    sumSq += e * e;
    sumVar += (p.exact * (1 - p.exact)) / K;
    deciles[Math.min(9, Math.floor(p.exact * 10))]++;
  }
  const n = pairs.length;
  return { within: within / n, meanError: sum / n, meanAbsError: sumAbs / n, varianceRatio: sumSq / sumVar, deciles };
}

const ours = (p: Pair) => minhash(p.a.join(' '), { shingleSize: W }).jaccard(minhash(p.b.join(' '), { shingleSize: W }));

// The same computation as minhash() (signature.ts: tokenize, then sign) with
// buffers reused: minhash() allocates 1,024-token buffers per call, which
// dominates for thousands of tiny texts.
const sharedTokens = createTokens();
const sharedHasher = new MinHasher({ shingleSize: W });
const sigA = new Uint32Array(K);
const sigB = new Uint32Array(K);
function oursReusing(p: Pair): number {
  sharedTokens.count = 0;
  tokenize(p.a.join(' '), sharedTokens);
  sharedHasher.sign(sharedTokens.hash, sharedTokens.count, sigA);
  sharedTokens.count = 0;
  tokenize(p.b.join(' '), sharedTokens);
  sharedHasher.sign(sharedTokens.hash, sharedTokens.count, sigB);
  return estimateJaccard(sigA, 0, sigB, 0, K);
}

function pkgSignature(words: string[]): PkgMinhash {
  const m = new PkgMinhashCtor({ numPerm: K, seed: 1 });
  for (const s of shingleSet(words)) m.update(s);
  return m;
}

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
