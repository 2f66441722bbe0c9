import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { StorylineError } from '../src/errors.js';
import { BatchBuilder, type FeatureBatch } from '../src/features/batch.js';
import { Surfaces } from '../src/features/surfaces.js';
import { FeatureExtractor } from '../src/features/extract.js';
import { MinHasher, estimateJaccard } from '../src/features/minhash.js';
import { createTokens, tokenize } from '../src/normalize/tokenize.js';
import { minhash } from '../src/features/signature.js';
import { candidateThreshold, findNearDuplicates } from '../src/neardup/groups.js';
import { LshIndex, MAX_BUCKET_PAIRS, bandKey, candidatePairs } from '../src/neardup/lsh.js';
import { candidateProbability, optimalLshParams, type LshParams } from '../src/neardup/params.js';
import { mulberry32 } from './fixtures/random.js';
import { CORPUS } from './fixtures/paths.js';

// ---------------------------------------------------------------- helpers

function corpusTexts(): string[] {
  return fs
    .readdirSync(CORPUS)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => fs.readFileSync(path.join(CORPUS, f), 'utf8'));
}

const K = 128;

function makeVocabulary(rand: () => number, size = 2000): string[] {
  const words = new Set<string>();
  while (words.size < size) {
    let w = '';
    const len = 3 + Math.floor(rand() * 6);
    for (let i = 0; i < len; i++) w += String.fromCharCode(97 + Math.floor(rand() * 26));
    words.add(w);
  }
  return [...words];
}

function randomWords(rand: () => number, vocab: string[], n: number): string[] {
  return Array.from({ length: n }, () => vocab[Math.floor(rand() * vocab.length)]);
}

/** A copy with `runs` runs of 1–4 substituted words: a light edit. */
function lightEdit(rand: () => number, vocab: string[], words: string[], runs: number): string[] {
  const out = words.slice();
  for (let r = 0; r < runs; r++) {
    const at = Math.floor(rand() * out.length);
    const len = 1 + Math.floor(rand() * 4);
    for (let i = at; i < Math.min(out.length, at + len); i++) out[i] = vocab[Math.floor(rand() * vocab.length)];
  }
  return out;
}

function shingleSet(words: string[], w = 5): Set<string> {
  const set = new Set<string>();
  if (words.length < w) set.add(words.join(' '));
  else for (let i = 0; i + w <= words.length; i++) set.add(words.slice(i, i + w).join(' '));
  return set;
}

function exactJaccard(a: string[], b: string[]): number {
  const sa = shingleSet(a);
  const sb = shingleSet(b);
  let inter = 0;
  for (const x of sa) if (sb.has(x)) inter++;
  return inter / (sa.size + sb.size - inter);
}

/** Signatures of `docs` packed as candidatePairs expects: doc i at [i·k, i·k + k). */
function pack(docs: string[][]): Uint32Array {
  const out = new Uint32Array(docs.length * K);
  docs.forEach((d, i) => out.set(minhash(d.join(' ')).values, i * K));
  return out;
}

/** The brute-force definition: pairs (i < j) whose signatures hold the same values in every row of at least one band (values compared, not band keys). */
function naiveCandidates(signatures: Uint32Array, n: number, params: LshParams, skip?: Uint8Array): number[] {
  const shareBand = (i: number, j: number, band: number) => {
    for (let r = band * params.rows; r < (band + 1) * params.rows; r++) if (signatures[i * K + r] !== signatures[j * K + r]) return false;
    return true;
  };
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    if (skip?.[i]) continue;
    for (let j = i + 1; j < n; j++) {
      if (skip?.[j]) continue;
      if (Array.from({ length: params.bands }, (_, b) => b).some((b) => shareBand(i, j, b))) out.push(i * n + j);
    }
  }
  return out;
}

/** optimalLshParams is a brute-force search (~20 ms): compute each threshold once. */
const paramsCache = new Map<number, LshParams>();
function paramsFor(t: number): LshParams {
  let p = paramsCache.get(t);
  if (p === undefined) paramsCache.set(t, (p = optimalLshParams(t, K)));
  return p;
}

function expectCode(f: () => unknown, code: string): void {
  try {
    f();
  } catch (e) {
    assert.instance(e, StorylineError);
    assert.is((e as StorylineError).code, code);
    return;
  }
  assert.unreachable(`expected StorylineError ${code}`);
}

// ---------------------------------------------------------------- parameters

test('candidateProbability: 0 at 0, 1 at 1, monotone in s, bands and rows', () => {
  const p = { bands: 25, rows: 5 };
  assert.is(candidateProbability(0, p), 0);
  assert.is(candidateProbability(1, p), 1);
  let prev = -1;
  for (let s = 0; s <= 1.0000001; s += 0.01) {
    const q = candidateProbability(s, p);
    assert.ok(q >= prev && q >= 0 && q <= 1, `s=${s}`);
    prev = q;
  }
  // more bands: more chances; more rows: each band harder to match
  assert.ok(candidateProbability(0.5, { bands: 30, rows: 5 }) > candidateProbability(0.5, p));
  assert.ok(candidateProbability(0.5, { bands: 25, rows: 6 }) < candidateProbability(0.5, p));
  // closed form: 1 − (1 − s^r)^b
  assert.ok(Math.abs(candidateProbability(0.8, p) - (1 - Math.pow(1 - 0.8 ** 5, 25))) < 1e-15);
});

// ---------------------------------------------------------------- candidatePairs

test('candidatePairs: recall ≥ 99% on 60 true near-duplicate pairs among 300, few candidates', () => {
  const rand = mulberry32(4242);
  const vocab = makeVocabulary(rand);
  const docs: string[][] = [];
  const truePairs: Array<[number, number]> = [];
  for (let i = 0; i < 60; i++) {
    const a = randomWords(rand, vocab, 100 + Math.floor(rand() * 300));
    let b: string[];
    do b = lightEdit(rand, vocab, a, 1 + Math.floor(rand() * 4));
    while (exactJaccard(a, b) < 0.8);
    truePairs.push([docs.length, docs.length + 1]);
    docs.push(a, b);
  }
  for (let i = 0; i < 180; i++) docs.push(randomWords(rand, vocab, 100 + Math.floor(rand() * 300)));
  // shuffle so that pairs are not adjacent
  const order = docs.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const position = new Array<number>(docs.length);
  order.forEach((d, p) => (position[d] = p));
  const shuffled = order.map((d) => docs[d]);
  const n = shuffled.length;
  const params = paramsFor(0.5);
  const cands = candidatePairs(pack(shuffled), n, K, params);
  const set = new Set(cands);
  let found = 0;
  for (const [x, y] of truePairs) {
    const [i, j] = [position[x], position[y]].sort((u, v) => u - v);
    if (set.has(i * n + j)) found++;
  }
  const recall = found / truePairs.length;
  const share = cands.length / ((n * (n - 1)) / 2);
  if (process.env.STORYLINE_TEST_VERBOSE === '1') console.log('LSH', { params, recall, candidates: cands.length, share });
  assert.ok(recall >= 0.99, `recall ${recall}`);
  assert.ok(share < 0.05, `candidate share ${share}`);
  // output format: sorted, i < j, no duplicates
  for (let c = 0; c < cands.length; c++) {
    const i = Math.floor(cands[c] / n);
    assert.ok(i < cands[c] - i * n, 'i < j');
    if (c > 0) assert.ok(cands[c] > cands[c - 1], 'sorted and unique');
  }
});

test('candidatePairs equals the brute-force "share one band key" set, also with skip', () => {
  const rand = mulberry32(99);
  const vocab = makeVocabulary(rand, 300); // a small vocabulary: unrelated texts share some shingles
  const docs: string[][] = [];
  for (let i = 0; i < 12; i++) {
    const base = randomWords(rand, vocab, 20 + Math.floor(rand() * 60));
    docs.push(base);
    // variants at a spread of similarities, so that some pairs share some bands and not others
    for (let v = 0; v < 3; v++) docs.push(lightEdit(rand, vocab, base, Math.floor(rand() * 12)));
  }
  const n = docs.length;
  const sigs = pack(docs);
  let nonEmpty = 0;
  for (const params of [{ bands: 25, rows: 5 }, { bands: 42, rows: 3 }, { bands: 8, rows: 16 }, { bands: 128, rows: 1 }]) {
    const got = Array.from(candidatePairs(sigs, n, K, params));
    const want = naiveCandidates(sigs, n, params);
    assert.equal(got, want, JSON.stringify(params));
    if (want.length > 0) nonEmpty++;
    const skip = new Uint8Array(n);
    for (let i = 0; i < n; i += 3) skip[i] = 1;
    assert.equal(Array.from(candidatePairs(sigs, n, K, params, skip)), naiveCandidates(sigs, n, params, skip), `${JSON.stringify(params)} with skip`);
  }
  assert.ok(nonEmpty >= 3, 'the fixture produces candidates');
});

test(`candidatePairs: a bucket larger than ${MAX_BUCKET_PAIRS} pairs each member with its first only`, () => {
  const n = 100;
  const sig = minhash('the same wire story printed by a hundred sites').values;
  const sigs = new Uint32Array(n * K);
  for (let i = 0; i < n; i++) sigs.set(sig, i * K);
  const cands = Array.from(candidatePairs(sigs, n, K, { bands: 25, rows: 5 }));
  // a star around document 0 (the smallest index in the bucket): linear, and still one component
  assert.equal(cands, Array.from({ length: n - 1 }, (_, j) => 0 * n + (j + 1)));
  // document 0 skipped: the star is around document 1
  const skip = new Uint8Array(n);
  skip[0] = 1;
  assert.equal(Array.from(candidatePairs(sigs, n, K, { bands: 25, rows: 5 }, skip)), Array.from({ length: n - 2 }, (_, j) => 1 * n + (j + 2)));
  // at the limit, all pairs are listed
  const m = MAX_BUCKET_PAIRS;
  const all = Array.from(candidatePairs(sigs.subarray(0, m * K), m, K, { bands: 25, rows: 5 }));
  assert.is(all.length, (m * (m - 1)) / 2);
});

test('bandKey depends on exactly the band\'s own rows, and on the band number', () => {
  const rows = 5;
  const sig = minhash('a text long enough to fill every bin of the signature with some value').values;
  const sigs = new Uint32Array(2 * K);
  sigs.set(sig, 0);
  sigs.set(sig, K);
  for (const band of [0, 7, 24]) {
    const key = bandKey(sigs, 0, band, rows);
    assert.is(bandKey(sigs, K, band, rows), key, 'same values at another offset: same key');
    for (let pos = 0; pos < K; pos++) {
      const changed = sigs.slice(0, K);
      changed[pos] ^= 1;
      const inBand = pos >= band * rows && pos < (band + 1) * rows;
      assert.is(bandKey(changed, 0, band, rows) !== key, inBand, `band ${band}, position ${pos}`);
    }
  }
  // equal values in different bands do not collide
  const flat = new Uint32Array(K).fill(42);
  assert.is.not(bandKey(flat, 0, 0, rows), bandKey(flat, 0, 1, rows));
});

test('candidatePairs: no documents, one document', () => {
  assert.is(candidatePairs(new Uint32Array(0), 0, K, { bands: 25, rows: 5 }).length, 0);
  assert.is(candidatePairs(minhash('one text only here').values, 1, K, { bands: 25, rows: 5 }).length, 0);
});

// ---------------------------------------------------------------- LshIndex

test('LshIndex: finds a near-duplicate, [] for an unseen text, rejects duplicates and mixed settings', () => {
  const rand = mulberry32(5);
  const vocab = makeVocabulary(rand);
  const a = randomWords(rand, vocab, 300);
  const b = lightEdit(rand, vocab, a, 3);
  assert.ok(exactJaccard(a, b) >= 0.8);
  const index = new LshIndex(paramsFor(0.5));
  index.insert('a', minhash(a.join(' ')));
  for (let i = 0; i < 20; i++) index.insert(`other-${i}`, minhash(randomWords(rand, vocab, 200).join(' ')));
  assert.is(index.size, 21);
  assert.equal(index.query(minhash(b.join(' '))), ['a']);
  // the inserted text finds itself
  assert.equal(index.query(minhash(a.join(' '))), ['a']);
  // an unseen, unrelated text: no bucket exists for any band (minhash's LshIndex throws a TypeError here)
  assert.equal(index.query(minhash(randomWords(rand, vocab, 300).join(' '))), []);
  // empty texts are accepted, never returned, and find nothing
  index.insert('empty', minhash(''));
  assert.is(index.size, 22);
  assert.equal(index.query(minhash('')), []);
  expectCode(() => index.insert('a', minhash(b.join(' '))), 'INVALID_OPTION');
  expectCode(() => index.query(minhash(b.join(' '), { seed: 2 })), 'INCOMPATIBLE_SIGNATURES');
  expectCode(() => index.insert('c', minhash(b.join(' '), { shingleSize: 4 })), 'INCOMPATIBLE_SIGNATURES');
  expectCode(() => new LshIndex({ bands: 25, rows: 5 }).insert('x', minhash('a b c', { numPerm: 64 })), 'INCOMPATIBLE_SIGNATURES');
  // a failed insert adds nothing
  assert.is(index.size, 22);
});

test('LshIndex agrees with candidatePairs', () => {
  const rand = mulberry32(6);
  const vocab = makeVocabulary(rand, 300);
  const docs: string[][] = [];
  for (let i = 0; i < 10; i++) {
    const base = randomWords(rand, vocab, 40);
    docs.push(base, lightEdit(rand, vocab, base, 4), lightEdit(rand, vocab, base, 8));
  }
  const params = { bands: 32, rows: 4 };
  const n = docs.length;
  const cands = new Set(candidatePairs(pack(docs), n, K, params));
  const index = new LshIndex(params);
  const sigs = docs.map((d) => minhash(d.join(' ')));
  sigs.forEach((s, i) => index.insert(String(i), s));
  for (let i = 0; i < n; i++) {
    const found = index.query(sigs[i]).map(Number).filter((j) => j !== i).sort((x, y) => x - y);
    const want: number[] = [];
    for (let j = 0; j < n; j++) if (j !== i && cands.has(Math.min(i, j) * n + Math.max(i, j))) want.push(j);
    assert.equal(found, want, `doc ${i}`);
  }
});

// ---------------------------------------------------------------- findNearDuplicates on the corpus

function extractAll(texts: string[]): FeatureBatch {
  const extractor = new FeatureExtractor({});
  const builder = new BatchBuilder(texts.length, extractor.numPerm);
  for (const t of texts) extractor.extract(t, undefined, builder);
  return builder.finish();
}

/** An unrelated article: sentences of pseudo-words in paragraphs, about `words` words long. */
function unrelatedArticle(seed: number, words: number): string {
  const rand = mulberry32(seed);
  const vocab = makeVocabulary(rand, 1500);
  const paragraphs: string[] = [];
  let count = 0;
  while (count < words) {
    const sentences: string[] = [];
    for (let s = 0; s < 3; s++) {
      const w = randomWords(rand, vocab, 8 + Math.floor(rand() * 12));
      count += w.length;
      sentences.push(w[0][0].toUpperCase() + w.join(' ').slice(1) + '.');
    }
    paragraphs.push(sentences.join(' '));
  }
  return paragraphs.join('\n\n');
}

test('findNearDuplicates on the corpus: copies grouped with their originals, an article inside a page is containment', () => {
  const seeds = corpusTexts(); // 000 … 004
  assert.is(seeds.length, 5);
  const [s0, , s2, , s4] = seeds;

  // An edited reprint of 004: new first line, two sentences reworded.
  const lines = s4.split('\n');
  lines[0] = 'Egypt and Russia Hold Talks in Moscow on Bilateral Ties';
  let edited = lines.join('\n');
  const e1 = 'Blinken had met with Shoukry on Monday during a visit to Cairo.';
  const e2 = 'Security and military coordination with the coalition continues, he said.';
  assert.ok(edited.includes(e1) && edited.includes(e2), 'fixture sentences exist');
  edited = edited.replace(e1, 'On Monday, Blinken had held talks with Shoukry while visiting Cairo.');
  edited = edited.replace(e2, 'He said the coalition and Iraq still coordinate on security and military matters.');

  // 002 (no boilerplate, so all of it is story) followed by an unrelated
  // article of the same length: Jaccard ≈ share ≈ 0.5 < 0.6 (MIN_SHARE_OF_LARGER).
  const tokens = createTokens();
  tokenize(s2, tokens);
  const page = `${s2}\n\n${unrelatedArticle(31, tokens.count)}`;

  const texts = [...seeds, s0 /* 5: exact copy of 000 */, edited /* 6: edited 004 */, page /* 7 */];
  const n = texts.length;
  const features = extractAll(texts);
  const rank = Int32Array.from({ length: n }, (_, i) => i);
  const result = findNearDuplicates(features, rank, { threshold: 0.8 });
  const jac = (a: number, b: number) => estimateJaccard(features.signatures, a * K, features.signatures, b * K, K);
  if (process.env.STORYLINE_TEST_VERBOSE === '1') {
    console.log('groups', JSON.stringify(result.groups), 'containments', JSON.stringify(result.containments), 'J(4,6)', jac(4, 6));
  }

  // exactly two groups: {000, copy} and {004, edited 004}; no two originals together
  assert.equal(result.groups.map((g) => g.members), [[0, 5], [4, 6]]);
  assert.is(result.groups[0].pairs[0].jaccard, 1);
  assert.ok(result.groups[1].pairs[0].jaccard >= 0.8 && result.groups[1].pairs[0].jaccard < 1);
  assert.equal(result.groups.map((g) => g.pairs.map((p) => [p.a, p.b])), [[[0, 5]], [[4, 6]]]);
  // representatives: equal shingle counts → the first id; otherwise the fuller copy
  assert.is(result.representative[0], 0);
  assert.is(result.representative[5], 0);
  assert.is(result.representative[4], result.representative[6]);
  assert.ok([4, 6].includes(result.representative[4]));
  for (const d of [1, 2, 3, 7]) assert.is(result.representative[d], d, `doc ${d} stands alone`);

  // 002 inside the page: containment, not a near-duplicate
  const c = result.containments.find((x) => x.inner === 2 && x.outer === 7);
  assert.ok(c !== undefined, `containment 002 ⊂ page: ${JSON.stringify(result.containments)}`);
  assert.ok(c.containment >= 0.8, `containment ${c.containment}`);
  assert.ok(Math.abs(jac(2, 7) - 0.5) < 0.15, `Jaccard ${jac(2, 7)} ≈ share 0.5`);
  assert.equal(result.containments, [c], 'no other containment');
  assert.ok(result.candidates >= 3);
});

test('findNearDuplicates: skips empty documents; independent of input order given rank', () => {
  const rand = mulberry32(8);
  const vocab = makeVocabulary(rand);
  const story = (w: string[]) => w.join(' ') + '.';
  const a = randomWords(rand, vocab, 200);
  const texts = [story(a), '', story(lightEdit(rand, vocab, a, 2)), '   \n ', story(randomWords(rand, vocab, 200))];
  const features = extractAll(texts);
  const rank = Int32Array.from([0, 1, 2, 3, 4]);
  const r = findNearDuplicates(features, rank, { threshold: 0.8 });
  assert.equal(r.groups.map((g) => g.members), [[0, 2]]);
  assert.is(r.representative[1], 1);
  assert.is(r.representative[3], 3);

  // the same documents in reverse order, with ranks that restore the id order
  const rev = extractAll([...texts].reverse());
  const revRank = Int32Array.from([4, 3, 2, 1, 0]);
  const r2 = findNearDuplicates(rev, revRank, { threshold: 0.8 });
  assert.equal(r2.groups.map((g) => g.members), [[4, 2]]); // positions 4 and 2 = ids 0 and 2, in rank order
  assert.is(r2.representative[2], r.representative[0] === 0 ? 4 : 2);
});

/** A FeatureBatch of bare documents (token hash arrays): signatures and shingle counts only. */
function batchOf(docs: Uint32Array[]): FeatureBatch {
  const hasher = new MinHasher();
  const builder = new BatchBuilder(docs.length, K);
  for (const d of docs) {
    const shingles = hasher.sign(d, d.length, builder.signatureBuffer, builder.signatureOffset);
    builder.add({ shingles, tokens: d.length, flags: 0, date: NaN, repeatedLines: 0, title: '' }, new Surfaces());
  }
  return builder.finish();
}

test('findNearDuplicates: containment recall for an article that is a third of a page', () => {
  // LSH proposes pairs with params for candidateThreshold(0.6) = 0.3 (42 bands × 3 rows),
  // and a fully contained text has Jaccard = its share of the page. At share 1/3 a pair is
  // a candidate with probability 1 − (1 − (1/3)³)⁴² ≈ 0.79 (at share 0.5, ≈ 0.996).
  const rand = mulberry32(12);
  const word = () => (rand() * 2 ** 32) >>> 0;
  const docs: Uint32Array[] = [];
  const pairs = 150;
  for (let i = 0; i < pairs; i++) {
    const n = 150 + Math.floor(rand() * 300);
    const article = Uint32Array.from({ length: n }, word);
    const page = new Uint32Array(3 * n);
    page.set(article);
    for (let j = n; j < 3 * n; j++) page[j] = word();
    docs.push(article, page);
  }
  const result = findNearDuplicates(batchOf(docs), Int32Array.from(docs, (_, i) => i), { threshold: 0.6 });
  assert.is(result.groups.length, 0, 'share 1/3 < MIN_SHARE_OF_LARGER 0.6: never a near-duplicate');
  let found = 0;
  for (const c of result.containments) {
    assert.ok(c.inner % 2 === 0 && c.outer === c.inner + 1, `only article ⊂ its page: ${JSON.stringify(c)}`);
    assert.ok(c.containment >= 0.6);
    found++;
  }
  // binomial(150, 0.79): mean 118, SD 5; 0.70 is 2.7 SD below
  assert.ok(found / pairs >= 0.7, `containment recall ${found / pairs}`);
});

test('candidateThreshold: below the threshold, at least 0.2', () => {
  for (const t of [0.5, 0.7, 0.8, 0.9, 0.95]) {
    const c = candidateThreshold(t);
    assert.ok(c < t && c >= 0.2, `t=${t}: ${c}`);
  }
  // 0.6 → min(0.6, 0.6)·0.5 = 0.3: low enough that a text a third of a page (J ≈ 0.33) is proposed
  assert.ok(Math.abs(candidateThreshold(0.6) - 0.3) < 1e-12);
});

test('LshIndex.remove: the key is no longer found, may be inserted again, and its buckets are left as if never inserted', () => {
  const rand = mulberry32(21);
  const vocab = makeVocabulary(rand);
  const a = randomWords(rand, vocab, 300);
  const copy = lightEdit(rand, vocab, a, 2);
  const index = new LshIndex(paramsFor(0.5));
  const fresh = new LshIndex(paramsFor(0.5));
  index.insert('a', minhash(a.join(' ')));
  index.insert('copy', minhash(copy.join(' ')));
  fresh.insert('copy', minhash(copy.join(' ')));
  index.insert('empty', minhash(''));
  assert.equal(index.query(minhash(a.join(' '))), ['a', 'copy']);
  assert.is(index.remove('a'), true);
  assert.is(index.remove('a'), false);
  assert.is(index.remove('never'), false);
  assert.is(index.remove('empty'), true);
  assert.is(index.size, 1);
  assert.equal(index.query(minhash(a.join(' '))), ['copy']);
  // the same answers as an index that never held 'a', for texts near and far
  for (const text of [a, copy, randomWords(rand, vocab, 300)]) assert.equal(index.query(minhash(text.join(' '))), fresh.query(minhash(text.join(' '))));
  index.insert('a', minhash(a.join(' ')));
  assert.equal(index.query(minhash(a.join(' '))), ['a', 'copy']);
  expectCode(() => index.insert('a', minhash(a.join(' '))), 'INVALID_OPTION');
  assert.is(index.remove('copy'), true);
  assert.is(index.remove('a'), true);
  assert.is(index.size, 0);
  assert.equal(index.query(minhash(a.join(' '))), []);
});

test('optimalLshParams: numPerm defaults to 128 (minhash()\'s signature length); arguments out of range throw', () => {
  const p = optimalLshParams(0.6);
  assert.equal(p, paramsFor(0.6));
  assert.ok(Number.isInteger(p.bands) && Number.isInteger(p.rows) && p.bands * p.rows <= 128);
  const call = optimalLshParams as (...args: unknown[]) => LshParams;
  for (const args of [[0], [1.5], [Number.NaN], ['0.6'], [0.6, 0], [0.6, 2.5], [0.6, 4097], [0.6, 128, -1], [0.6, 128, '0.3'], [0.6, 128, 0.3, Infinity]]) {
    expectCode(() => call(...args), 'INVALID_OPTION');
  }
  // the bounds themselves are allowed: threshold 1, one permutation, weights of 0
  assert.equal(optimalLshParams(0.5, 1), { bands: 1, rows: 1 });
  assert.ok(optimalLshParams(1, 16).bands >= 1);
  // the message names the option, what it must be and what it got
  const messageOf = (args: unknown[]) => {
    try {
      call(...args);
    } catch (e) {
      return (e as Error).message;
    }
    return '';
  };
  assert.is(messageOf([2]), 'options.threshold must be a number above 0 and at most 1, got 2');
  assert.is(messageOf([0.5, 0]), 'options.numPerm must be an integer from 1 to 4096, got 0');
  assert.is(messageOf([0.5, 16, 0.3, -1]), 'options.fnWeight must be a finite number of at least 0, got -1');
});

test.run();
