/**
 * The features folder on hand-made inputs, every answer worked out by hand
 * or by a plain reference written here (never the code's own output): the
 * batch and the store written field by field, releases, TF-IDF's formula
 * and its caps, kind shares, cosines, the vector store, the stop-word list
 * as written, options at their bounds, signature bytes, hashes against a
 * BigInt FNV-1a / fmix32, dates at month and leap-year edges.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  BLOCK_BOILERPLATE,
  BLOCK_HEADLINE,
  BLOCK_MAY_OPEN_STORY,
  BLOCK_TAIL,
  BatchBuilder,
  DOC_PUBLISHED,
  batchBuffers,
  releaseBlockTerms,
  releaseLeadNumbers,
  releaseSignatures,
  segmentFeatures,
  type BlockFeatures,
  type FeatureBatch,
} from '../src/features/batch.js';
import { FeatureStore } from '../src/features/store.js';
import { STOP_WORDS } from '../src/features/stop-words.js';
import { Surfaces } from '../src/features/surfaces.js';
import {
  DEFAULT_TERM_WEIGHTS,
  DocumentFrequencies,
  EMPTY_VECTOR,
  VectorArena,
  copyVector,
  cosine,
  kindShareScales,
  kindWeight,
  tfidf,
  topNormalised,
  type SparseVector,
} from '../src/features/tfidf.js';
import { VectorStore } from '../src/features/vector-store.js';
import { BlockVectors } from '../src/features/block-vectors.js';
import { TopTerms } from '../src/features/top-terms.js';
import { U32Map } from '../src/util/u32-map.js';
import { FeatureExtractor, HEAD_PARAGRAPHS, MIN_EDGE_TOKENS, TAIL_PARAGRAPHS } from '../src/features/extract.js';
import { DOC_CAPITALS, DOC_EMPTY, DOC_NO_STORY } from '../src/features/batch.js';
import { keepCorpusNames } from '../src/features/capital-names.js';
import { TermIndex, heaviest, DEFAULT_CANDIDATE_LIMITS } from '../src/features/term-index.js';
import { CHECK_OFFSET, checkStep, checkString, combine, fmix32, fnvStep, hashString, FNV_OFFSET } from '../src/features/hash.js';
import { DEFAULT_MINHASH, EMPTY, MinHasher, MinHashSignature, containmentFromJaccard, estimateJaccard, resolveMinHashOptions } from '../src/features/minhash.js';
import { jaccard, minhash } from '../src/features/signature.js';
import { mulberry32 } from './fixtures/random.js';
import { NAME, NUMBER, TermExtractor, TermList, WORD, inCapitals, namesInText, surfaceOf, termKind } from '../src/features/terms.js';
import { preferSurface } from '../src/features/surfaces.js';
import { dayNumber, firstDateIn, formatDay, parseDate } from '../src/features/dates.js';
import { createTokens, tokenize } from '../src/normalize/tokenize.js';
import { StorylineError } from '../src/errors.js';

// ---------------------------------------------------------------- helpers

const f32 = (x: number) => Math.fround(x);
const vec = (ids: number[], weights: number[]): SparseVector => ({ ids: Uint32Array.from(ids), weights: Float32Array.from(weights) });
const arr = (a: ArrayLike<number>) => Array.from(a);

function block(from: number, to: number, kind: number, date: number, tokens: number, headline: string): BlockFeatures {
  return { from, to, kind, date, tokens, headline };
}
function terms(ids: number[], counts: number[], spare = 2) {
  // Arrays longer than `length`: only [0, length) may be read.
  return { ids: Uint32Array.from([...ids, ...Array(spare).fill(999)]), counts: Uint32Array.from([...counts, ...Array(spare).fill(7)]), length: ids.length };
}
function lead(ids: number[], at: number[]) {
  return { ids: Uint32Array.from([...ids, 555]), at: Uint8Array.from([...at, 66]), length: ids.length };
}

/** Two documents by hand: doc 0 of two blocks, doc 1 of none; numPerm 8, room for 3. */
function firstBatch(): FeatureBatch {
  const b = new BatchBuilder(3, 8);
  assert.is(b.signatureOffset, 0);
  assert.is(b.signatureBuffer.length, 24);
  b.signatureBuffer.set([1, 2, 3, 4, 5, 6, 7, 8], b.signatureOffset);
  b.addBlock(block(0, 10, BLOCK_HEADLINE, 19000, 3, 'Title'), terms([8, 12], [2, 65536]), lead([2, 6], [0, 4]));
  b.addBlock(block(11, 40, BLOCK_BOILERPLATE, NaN, 9, ''), terms([], []), lead([], []));
  // Edge paragraphs: two, with the record of the paragraphs between them (0 tokens); the arrays hold one more than `length`.
  const edges = { hashes: Uint32Array.from([77, 0, 88, 999]), tokens: Uint16Array.from([5, 0, 6, 9]), length: 3 };
  b.add({ shingles: 3, tokens: 12, flags: DOC_PUBLISHED, date: 19001, repeatedLines: 2, title: 'Title', edges }, Surfaces.of([8, 12], ['Eight', 'twelve']));
  assert.is(b.signatureOffset, 8);
  b.signatureBuffer.set([9, 10, 11, 12, 13, 14, 15, 16], b.signatureOffset);
  b.add({ shingles: 0, tokens: 0, flags: 1, date: NaN, repeatedLines: 0, title: '' }, Surfaces.of([8, 4], ['EIGHT', 'four']));
  assert.is(b.signatureOffset, 16);
  return b.finish();
}

// ---------------------------------------------------------------- BatchBuilder

test('BatchBuilder: every array of a hand-made batch, at its exact size', () => {
  const f = firstBatch();
  assert.is(f.count, 2);
  assert.is(f.numPerm, 8);
  assert.equal(arr(f.signatures), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
  assert.equal(arr(f.shingles), [3, 0]);
  assert.equal(arr(f.tokens), [12, 0]);
  assert.equal(arr(f.flags), [DOC_PUBLISHED, 1]);
  assert.equal(arr(f.date), [19001, NaN]);
  assert.equal(arr(f.edgeStart), [0, 3, 3]);
  assert.equal(arr(f.edgeHash), [77, 0, 88]);
  assert.equal(arr(f.edgeTokens), [5, 0, 6]);
  assert.equal(arr(f.repeatedLines), [2, 0]);
  assert.equal(arr(f.blockStart), [0, 2, 2]);
  assert.equal(arr(f.blockFrom), [0, 11]);
  assert.equal(arr(f.blockTo), [10, 40]);
  assert.equal(arr(f.blockKind), [BLOCK_HEADLINE, BLOCK_BOILERPLATE]);
  assert.equal(arr(f.blockDate), [19000, NaN]);
  assert.equal(arr(f.blockTokens), [3, 9]);
  assert.equal(arr(f.termStart), [0, 2, 2]);
  assert.equal(arr(f.termId), [8, 12]);
  // 65,536 does not fit 16 bits: it is stored as 65,535, not wrapped to 0
  assert.equal(arr(f.termCount), [2, 65535]);
  assert.equal(arr(f.leadStart), [0, 2, 2]);
  assert.equal(arr(f.leadId), [2, 6]);
  assert.equal(arr(f.leadAt), [0, 4]);
  // ids ascending; 8 written 'Eight' and 'EIGHT': not all capitals wins
  assert.equal(arr(f.surfaceIds), [4, 8, 12]);
  assert.equal(f.surfaces, ['four', 'Eight', 'twelve']);
  assert.equal(f.titles, ['Title', '']);
  assert.equal(f.headlines, ['Title', '']);
  // own buffers, exact size: transferable without the builder's spare room
  for (const a of [f.signatures, f.shingles, f.tokens, f.flags, f.date, f.repeatedLines, f.edgeStart, f.edgeHash, f.edgeTokens, f.blockStart, f.blockFrom, f.blockTo, f.blockKind, f.blockDate, f.blockTokens, f.termStart, f.termId, f.termCount, f.leadStart, f.leadId, f.leadAt, f.surfaceIds]) {
    assert.is(a.byteOffset, 0);
    assert.is(a.buffer.byteLength, a.byteLength);
  }
});

test('BatchBuilder: counts at 65,535 are kept as they are; the caller\'s counts are not changed; a full builder throws', () => {
  const b = new BatchBuilder(1, 8);
  const t = terms([4, 8, 12], [65535, 1, 65535]);
  b.addBlock(block(0, 1, 0, NaN, 1, ''), t, lead([], []));
  const t2 = terms([16], [100000]);
  b.addBlock(block(1, 2, 0, NaN, 1, ''), t2, lead([], []));
  assert.equal(arr(t2.counts.subarray(0, 1)), [100000]);
  b.add({ shingles: 1, tokens: 2, flags: 0, date: NaN, repeatedLines: 0, title: 'x' }, new Surfaces());
  assert.throws(() => b.add({ shingles: 1, tokens: 2, flags: 0, date: NaN, repeatedLines: 0, title: 'y' }, new Surfaces()), /BatchBuilder is full/);
  const f = b.finish();
  assert.equal(arr(f.termCount), [65535, 1, 65535, 65535]);
  assert.equal(arr(f.termStart), [0, 3, 4]);
  assert.equal(arr(f.blockStart), [0, 2]);
  assert.equal(f.titles, ['x']);
});

test('batchBuffers: the buffers of every typed array, in order; segmentFeatures: the same arrays, nothing else', () => {
  const f = firstBatch();
  const want = [
    f.signatures, f.shingles, f.tokens, f.flags, f.date, f.repeatedLines, f.edgeStart, f.edgeHash, f.edgeTokens, f.nameSketch, f.nameCount,
    f.blockStart, f.blockFrom, f.blockTo, f.blockKind, f.blockDate, f.blockTokens, f.termStart, f.termId, f.termCount, f.leadStart, f.leadId, f.leadAt, f.surfaceIds,
  ].map((a) => a.buffer);
  const got = batchBuffers(f);
  assert.is(got.length, 24);
  for (let i = 0; i < 24; i++) assert.ok(got[i] === want[i], `buffer ${i}`);
  const s = segmentFeatures(f);
  assert.equal(Object.keys(s).sort(), ['blockFrom', 'blockKind', 'blockStart', 'blockTo', 'blockTokens', 'count', 'termCount', 'termId', 'termStart']);
  assert.is(s.count, 2);
  for (const k of ['blockStart', 'blockFrom', 'blockTo', 'blockKind', 'blockTokens', 'termStart', 'termId', 'termCount'] as const) assert.ok(s[k] === f[k], k);
});

test('release*: the dropped arrays are empty and of their type; the rest stay', () => {
  const f = firstBatch();
  releaseSignatures(f);
  assert.instance(f.signatures, Uint32Array);
  assert.is(f.signatures.length, 0);
  assert.equal([f.edgeStart.length, f.edgeHash.length, f.edgeTokens.length, f.nameSketch.length, f.nameCount.length], [0, 0, 0, 0, 0]);
  assert.instance(f.nameSketch, Uint16Array);
  assert.instance(f.nameCount, Uint32Array);
  assert.is(f.shingles.length, 2);
  releaseBlockTerms(f);
  assert.instance(f.termStart, Uint32Array);
  assert.instance(f.termId, Uint32Array);
  assert.instance(f.termCount, Uint16Array);
  assert.equal([f.termStart.length, f.termId.length, f.termCount.length], [0, 0, 0]);
  assert.is(f.leadId.length, 2);
  releaseLeadNumbers(f);
  assert.instance(f.leadStart, Uint32Array);
  assert.instance(f.leadId, Uint32Array);
  assert.instance(f.leadAt, Uint8Array);
  assert.equal([f.leadStart.length, f.leadId.length, f.leadAt.length], [0, 0, 0]);
  assert.is(f.blockFrom.length, 2);
});

// ---------------------------------------------------------------- FeatureStore

test('FeatureStore: batches appended one after another, offsets moved by what came before', () => {
  const b = new BatchBuilder(2, 8);
  b.signatureBuffer.set([21, 22, 23, 24, 25, 26, 27, 28], 0);
  b.addBlock(block(5, 7, 0, 17000, 4, 'Next'), terms([4, 20], [1, 3]), lead([10], [7]));
  b.add({ shingles: 5, tokens: 4, flags: 0, date: 18000, repeatedLines: 1, title: 'Next', edges: { hashes: Uint32Array.from([66]), tokens: Uint16Array.from([4]), length: 1 } }, Surfaces.of([4, 20], ['Four', 'twenty']));
  const second = b.finish();
  const store = new FeatureStore(8);
  const empty = store.finish();
  assert.is(empty.count, 0);
  assert.equal([arr(empty.blockStart), arr(empty.termStart), arr(empty.leadStart)], [[0], [0], [0]]);
  store.append(firstBatch());
  store.append(second);
  const f = store.finish();
  assert.is(f.count, 3);
  assert.is(f.numPerm, 8);
  assert.equal(arr(f.signatures), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 21, 22, 23, 24, 25, 26, 27, 28]);
  assert.equal(arr(f.shingles), [3, 0, 5]);
  assert.equal(arr(f.tokens), [12, 0, 4]);
  assert.equal(arr(f.flags), [DOC_PUBLISHED, 1, 0]);
  assert.equal(arr(f.date), [19001, NaN, 18000]);
  assert.equal(arr(f.repeatedLines), [2, 0, 1]);
  assert.equal(arr(f.edgeStart), [0, 3, 3, 4]);
  assert.equal(arr(f.edgeHash), [77, 0, 88, 66]);
  assert.equal(arr(f.edgeTokens), [5, 0, 6, 4]);
  assert.equal(arr(f.blockStart), [0, 2, 2, 3]);
  assert.equal(arr(f.blockFrom), [0, 11, 5]);
  assert.equal(arr(f.blockTo), [10, 40, 7]);
  assert.equal(arr(f.blockKind), [BLOCK_HEADLINE, BLOCK_BOILERPLATE, 0]);
  assert.equal(arr(f.blockDate), [19000, NaN, 17000]);
  assert.equal(arr(f.blockTokens), [3, 9, 4]);
  assert.equal(arr(f.termStart), [0, 2, 2, 4]);
  assert.equal(arr(f.termId), [8, 12, 4, 20]);
  assert.equal(arr(f.termCount), [2, 65535, 1, 3]);
  assert.equal(arr(f.leadStart), [0, 2, 2, 3]);
  assert.equal(arr(f.leadId), [2, 6, 10]);
  assert.equal(arr(f.leadAt), [0, 4, 7]);
  // 4 was 'four' in the first batch and 'Four' in the second: equal length, code-unit order ('F' < 'f')
  assert.equal(arr(f.surfaceIds), [4, 8, 12, 20]);
  assert.equal(f.surfaces, ['Four', 'Eight', 'twelve', 'twenty']);
  assert.equal(f.titles, ['Title', '', 'Next']);
  assert.equal(f.headlines, ['Title', '', 'Next']);
  // segmentation's arrays are shared with worker threads
  for (const a of [f.blockStart, f.blockFrom, f.blockTo, f.blockKind, f.blockTokens, f.termStart, f.termId, f.termCount]) assert.instance(a.buffer, SharedArrayBuffer);
  // the others are not
  for (const a of [f.signatures, f.shingles, f.tokens, f.flags, f.date, f.repeatedLines, f.blockDate, f.leadStart, f.leadId, f.leadAt]) assert.not.instance(a.buffer, SharedArrayBuffer);
});

// ---------------------------------------------------------------- stop words

test('stop words: the list as written (the general list and the news words), each once', () => {
  const news = ['s', 't', 'd', 'll', 're', 've', 'm', 'don', 'doesn', 'didn', 'isn', 'wasn', 'won', 'also', 'would', 'could', 'should', 'may', 'might', 'must', 'shall', 'will', 'us', 'one', 'two', 'new', 'per', 'mr', 'mrs', 'ms'];
  const set = new Set(STOP_WORDS);
  assert.is(set.size, STOP_WORDS.length);
  for (const w of news) assert.ok(set.has(w), w);
  for (const w of ['', 'Stryker was here', 'storm', 'said ']) assert.not.ok(set.has(w), JSON.stringify(w));
  for (const w of ['said', 'yourself', 'z', '$', '0', '_', 'about', 'why']) assert.ok(set.has(w), w);
  // 170 general words (natural's list) and 20 news words not among them (counted in the source by hand)
  assert.is(STOP_WORDS.length, 170 + 20);
});

// ---------------------------------------------------------------- TF-IDF

/** Features of documents of blocks given as term-id lists (each counted once); `boiler` marks boilerplate blocks. */
function features(docs: number[][][], boiler: Set<number> = new Set()) {
  const blockStart = [0];
  const termStart = [0];
  const termId: number[] = [];
  const kinds: number[] = [];
  for (const d of docs) {
    for (const b of d) {
      termId.push(...b);
      termStart.push(termId.length);
      kinds.push(boiler.has(kinds.length) ? BLOCK_BOILERPLATE : 0);
    }
    blockStart.push(kinds.length);
  }
  return {
    count: docs.length,
    blockStart: Uint32Array.from(blockStart),
    blockFrom: new Int32Array(kinds.length),
    blockTo: new Int32Array(kinds.length),
    blockKind: Uint8Array.from(kinds),
    blockTokens: new Uint32Array(kinds.length),
    termStart: Uint32Array.from(termStart),
    termId: Uint32Array.from(termId),
    termCount: Uint16Array.from(termId.map(() => 1)),
  };
}

test('DocumentFrequencies: idf = ln((N + 1) / (df + 1)) + 1 over counted documents, a term once per document, story blocks only', () => {
  // doc 0: [4, 8] [4]; doc 1: [8] [12 (boilerplate)]; doc 2: [4]; doc 3 (not counted): [4, 8, 12]
  const f = features([[[4, 8], [4]], [[8], [12]], [[4]], [[4, 8, 12]]], new Set([3]));
  const story = (b: number) => (f.blockKind[b] & BLOCK_BOILERPLATE) === 0;
  const df = DocumentFrequencies.ofDocuments(f, (d) => d !== 3, story);
  assert.is(df.documents, 3);
  assert.is(df.idf(4), Math.log(4 / 3) + 1); // docs 0 and 2 (twice in doc 0: once)
  assert.is(df.idf(8), Math.log(4 / 3) + 1); // docs 0 and 1
  assert.is(df.idf(12), Math.log(4 / 1) + 1); // only in boilerplate and an uncounted document
  assert.is(df.idf(16), Math.log(4 / 1) + 1);
  assert.instance(df.share().idf.buffer, SharedArrayBuffer);
  const again = DocumentFrequencies.fromShared(df.share());
  assert.is(again.documents, 3);
  assert.equal([again.idf(4), again.idf(12)], [df.idf(4), df.idf(12)]);
  // one document's blocks, each a document: doc 0's two story blocks
  const blocks = DocumentFrequencies.ofBlocks(f, 0, story);
  assert.is(blocks.documents, 2);
  assert.is(blocks.idf(4), Math.log(3 / 3) + 1);
  assert.is(blocks.idf(8), Math.log(3 / 2) + 1);
  assert.is(blocks.idf(12), Math.log(3 / 1) + 1);
  // doc 1: block 3 is boilerplate, so one document
  const one = DocumentFrequencies.ofBlocks(f, 1, story);
  assert.is(one.documents, 1);
  assert.is(one.idf(8), Math.log(2 / 2) + 1);
  assert.is(one.idf(12), Math.log(2 / 1) + 1);
});

test('tfidf: (1 + ln count) · idf · kind, for counts below and above the table of logarithms; kindWeight by the two low bits', () => {
  for (const c of [1, 2, 3, 1023, 1024, 1025, 5000]) assert.is(tfidf(c, 2.5, 1.5), (1 + Math.log(c)) * 2.5 * 1.5, String(c));
  const w = { word: 2, name: 3, number: 5 };
  assert.equal([kindWeight(8, w), kindWeight(9, w), kindWeight(10, w), kindWeight(11, w)], [2, 3, 5, 2]);
  assert.equal(DEFAULT_TERM_WEIGHTS, { word: 1, name: 1.5, number: 1 });
  assert.equal([arr(EMPTY_VECTOR.ids), arr(EMPTY_VECTOR.weights)], [[], []]);
});

test('topNormalised: L2-normalised, the heaviest kept (ties: lower id) in id order, in all or per kind', () => {
  const ids = Uint32Array.from([4, 8, 12, 16]);
  const w = Float64Array.from([3, 4, 0, 4]);
  // all kept: 3-4-0-4 over √41
  let v = topNormalised(ids, w, 4, 10);
  assert.equal(arr(v.ids), [4, 8, 12, 16]);
  assert.equal(arr(v.weights), [3, 4, 0, 4].map((x) => f32(x / Math.sqrt(41))));
  // exactly as many as the cap: all kept
  v = topNormalised(ids, w, 4, 4);
  assert.equal(arr(v.ids), [4, 8, 12, 16]);
  // cap 2: the two 4s
  v = topNormalised(ids, w, 4, 2);
  assert.equal(arr(v.ids), [8, 16]);
  assert.equal(arr(v.weights), [f32(4 / Math.sqrt(32)), f32(4 / Math.sqrt(32))]);
  // cap 1: of two equal weights, the lower id
  v = topNormalised(ids, w, 4, 1);
  assert.equal([arr(v.ids), arr(v.weights)], [[8], [1]]);
  // only the first n count
  v = topNormalised(ids, w, 2, 10);
  assert.equal([arr(v.ids), arr(v.weights)], [[4, 8], [f32(0.6), f32(0.8)]]);
  // no weight at all: zeros, not NaN
  v = topNormalised(Uint32Array.from([4]), Float64Array.from([0]), 1, 5);
  assert.equal(arr(v.weights), [0]);
  // per kind: words 4 (w 1), 8 (w 2); names 5 (w 3), 9 (w 1); numbers 6 (w 2)
  const kids = Uint32Array.from([4, 5, 6, 8, 9]);
  const kw = Float64Array.from([1, 3, 2, 2, 1]);
  v = topNormalised(kids, kw, 5, [1, 1, 0]);
  assert.equal(arr(v.ids), [5, 8]);
  assert.equal(arr(v.weights), [f32(3 / Math.sqrt(13)), f32(2 / Math.sqrt(13))]);
  v = topNormalised(kids, kw, 5, [2, 0, 1]);
  assert.equal(arr(v.ids), [4, 6, 8]);
  assert.equal(arr(v.weights), [1, 2, 2].map((x) => f32(x / 3)));
  // more terms than the scratch arrays start with (1,024): they grow
  const n = 3000;
  const big = Uint32Array.from({ length: n }, (_, i) => 4 * (i + 1));
  const bw = Float64Array.from({ length: n }, (_, i) => (i === 2500 ? 3 : i === 2999 ? 4 : 0));
  v = topNormalised(big, bw, n, 2);
  assert.equal([arr(v.ids), arr(v.weights)], [[4 * 2501, 4 * 3000], [f32(0.6), f32(0.8)]]);
  v = topNormalised(big, bw, n, [2, 2, 2]);
  assert.equal(arr(v.ids), [4 * 2501, 4 * 3000]);
});

test('VectorArena: vectors side by side in a slab, a new slab when one is full, reset reuses it; copyVector copies', () => {
  const arena = new VectorArena(64); // 8 terms per slab
  const a = arena.allocate(3);
  const b = arena.allocate(5);
  assert.ok(a.ids.buffer === b.ids.buffer);
  assert.equal([a.ids.byteOffset, a.weights.byteOffset, b.ids.byteOffset, b.weights.byteOffset], [0, 12, 24, 44]);
  const c = arena.allocate(1); // 8 + 64 > 64: a new slab
  assert.ok(c.ids.buffer !== a.ids.buffer);
  assert.is(c.ids.byteOffset, 0);
  const big = arena.allocate(20); // larger than a slab: a slab of its own size
  assert.is(big.ids.buffer.byteLength, 160);
  arena.reset();
  const d = arena.allocate(1);
  assert.ok(d.ids.buffer === big.ids.buffer);
  assert.is(d.ids.byteOffset, 0);
  const v = vec([4, 8], [0.5, 0.25]);
  const copy = copyVector(v);
  assert.equal([arr(copy.ids), arr(copy.weights)], [[4, 8], [0.5, 0.25]]);
  v.ids[0] = 100;
  assert.is(copy.ids[0], 4);
});

test('kindShareScales: each kind normalised to its share, the shares of absent kinds given to the others', () => {
  const out = new Float64Array(10).fill(-1);
  // words 4 (0.6) and 8 (0.8), name 5 (2): weights as given, not a unit vector
  kindShareScales(vec([4, 5, 8], [0.6, 2, 0.8]), [0.5, 0.3, 0.2], out, 2);
  // present: words and names, shares 0.5 + 0.3 = 0.8; numbers absent → 0
  assert.is(out[2], Math.sqrt(0.5 / 0.8 / (f32(0.6) * f32(0.6) + f32(0.8) * f32(0.8))));
  assert.is(out[3], Math.sqrt(0.3 / 0.8 / 4));
  assert.is(out[4], 0);
  assert.is(out[5], 1);
  assert.equal([out[0], out[1], out[6]], [-1, -1, -1]);
  // a number only (id 6) and a kind-3 id (7): the number takes every share
  kindShareScales(vec([6, 7], [0.5, 9]), [0.5, 0.3, 0.2], out, 0);
  assert.equal(arr(out.subarray(0, 4)), [0, 0, Math.sqrt(1 / 0.25), 1]);
  // no weight: all 1
  kindShareScales(vec([4], [0]), [0.5, 0.3, 0.2], out, 0);
  assert.equal(arr(out.subarray(0, 4)), [1, 1, 1, 1]);
  kindShareScales(EMPTY_VECTOR, [0.5, 0.3, 0.2], out, 6);
  assert.equal(arr(out.subarray(6, 10)), [1, 1, 1, 1]);
});

test('kindShareScales: a kind with fewer distinct terms than fullShareTerms gets that part of its share, the rest going to the kinds present', () => {
  const out = new Float64Array(4);
  // words 4 (0.6) and 8 (0.8), name 5 (2), number 6 (0.5)
  const v = vec([4, 5, 6, 8], [0.6, 2, 0.5, 0.8]);
  const words = f32(0.6) * f32(0.6) + f32(0.8) * f32(0.8);
  // one number of three: a third of 0.2
  kindShareScales(v, [0.5, 0.3, 0.2], out, 0, [0, 0, 3]);
  const present = 0.5 + 0.3 + 0.2 / 3;
  assert.is(out[0], Math.sqrt(0.5 / present / words));
  assert.is(out[1], Math.sqrt(0.3 / present / 4));
  assert.is(out[2], Math.sqrt(0.2 / 3 / present / 0.25));
  assert.is(out[3], 1);
  // the scaled vector keeps unit norm
  assert.ok(Math.abs(out[0] ** 2 * words + out[1] ** 2 * 4 + out[2] ** 2 * 0.25 - 1) < 1e-12);
  // exactly as many terms as asked, or no cap: the whole share
  for (const full of [[0, 0, 1], [2, 1, 0], [0, 0, 0]] as const) {
    kindShareScales(v, [0.5, 0.3, 0.2], out, 0, [...full]);
    assert.equal(arr(out), [Math.sqrt(0.5 / words), Math.sqrt(0.3 / 4), Math.sqrt(0.2 / 0.25), 1], full.join(','));
  }
  // two words of three, one name of two, one number of four
  kindShareScales(v, [0.5, 0.3, 0.2], out, 0, [3, 2, 4]);
  const parts = [(0.5 * 2) / 3, 0.3 / 2, 0.2 / 4];
  const sum = parts[0] + parts[1] + parts[2];
  assert.is(out[0], Math.sqrt(parts[0] / sum / words));
  assert.is(out[1], Math.sqrt(parts[1] / sum / 4));
  assert.is(out[2], Math.sqrt(parts[2] / sum / 0.25));
  // a term of weight 0 is no term: one name counted, not two
  kindShareScales(vec([4, 5, 9], [1, 1, 0]), [0.5, 0.5, 0], out, 0, [0, 2, 0]);
  assert.is(out[1], Math.sqrt(0.25 / 0.75 / 1));
});

test('cosine: the dot product over shared ids of sorted vectors', () => {
  const a = vec([4, 8, 12, 20], [0.5, 0.5, 0.5, 0.5]);
  const b = vec([8, 16, 20, 24], [0.25, 0.5, 0.75, 1]);
  assert.is(cosine(a, b), 0.5 * 0.25 + 0.5 * 0.75);
  assert.is(cosine(b, a), 0.5 * 0.25 + 0.5 * 0.75);
  assert.is(cosine(a, EMPTY_VECTOR), 0);
  assert.is(cosine(vec([4], [0.5]), vec([4], [0.5])), 0.25);
  assert.is(cosine(vec([4, 100], [1, 1]), vec([8, 100], [1, 1])), 1);
});

// ---------------------------------------------------------------- VectorStore

test('VectorStore: pushed vectors read back, scaled, across growth; terms; views over its arrays are read only', () => {
  const s = new VectorStore(1, 2);
  assert.is(s.push(vec([4, 8], [0.5, 0.25])), 0);
  assert.is(s.push(vec([12, 16, 20], [1, 2, 3]), (id) => id / 4), 1); // grows both arrays
  assert.is(s.push(EMPTY_VECTOR), 2);
  assert.is(s.push(vec([24], [0.1])), 3);
  assert.is(s.count, 4);
  assert.is(s.terms, 6);
  assert.equal([arr(s.vector(0).ids), arr(s.vector(0).weights)], [[4, 8], [0.5, 0.25]]);
  assert.equal([arr(s.vector(1).ids), arr(s.vector(1).weights)], [[12, 16, 20], [3, 8, 15]]);
  assert.equal([arr(s.vector(2).ids), arr(s.vector(2).weights)], [[], []]);
  assert.equal([arr(s.vector(3).ids), arr(s.vector(3).weights)], [[24], [f32(0.1)]]);
  assert.equal(arr(s.start.subarray(0, 5)), [0, 2, 5, 5, 6]);
  const shared = s.share();
  assert.is(shared.count, 4);
  const view = VectorStore.over(shared);
  assert.is(view.count, 4);
  assert.equal(arr(view.vector(1).weights), [3, 8, 15]);
  assert.throws(() => view.push(vec([4], [1])), /read only/);
  // over arrays with gaps: end given apart from start
  const gaps = VectorStore.over({ count: 2, start: Uint32Array.from([0, 3]), end: Uint32Array.from([1, 5]), ids: Uint32Array.from([4, 0, 0, 8, 12]), weights: Float32Array.from([1, 0, 0, 2, 3]) });
  assert.equal(arr(gaps.vector(1).ids), [8, 12]);
  assert.is(gaps.terms, 3);
  // without end: end[i] = start[i + 1]
  const plain = VectorStore.over({ count: 2, start: Uint32Array.from([0, 1, 3]), ids: Uint32Array.from([4, 8, 12]), weights: Float32Array.from([1, 2, 3]) });
  assert.equal(arr(plain.vector(1).ids), [8, 12]);
});

test('VectorStore: a shared store is in shared memory and made at its final size', () => {
  const s = new VectorStore(2, 3, true);
  assert.instance(s.ids.buffer, SharedArrayBuffer);
  assert.instance(s.weights.buffer, SharedArrayBuffer);
  assert.instance(s.start.buffer, SharedArrayBuffer);
  s.push(vec([4, 8], [1, 2]));
  assert.throws(() => s.push(vec([4, 8], [1, 2])), /a shared store is made at its final size/);
  s.push(vec([12], [3]));
  assert.throws(() => s.push(EMPTY_VECTOR), /a shared store is made at its final size/);
  assert.equal(arr(s.vector(1).ids), [12]);
  assert.is(s.count, 2);
  const plain = new VectorStore(2, 3);
  assert.not.instance(plain.ids.buffer, SharedArrayBuffer);
});

// ---------------------------------------------------------------- hashes (against BigInt references)

const M32 = 0xffffffffn;
function fmixRef(x: bigint): bigint {
  x ^= x >> 16n;
  x = (x * 0x85ebca6bn) & M32;
  x ^= x >> 13n;
  x = (x * 0xc2b2ae35n) & M32;
  x ^= x >> 16n;
  return x;
}
/** FNV-1a over UTF-16 code units (offset basis 2166136261, prime 16777619), then fmix32. */
function hashRef(s: string): number {
  let h = 2166136261n;
  for (let i = 0; i < s.length; i++) h = ((h ^ BigInt(s.charCodeAt(i))) * 16777619n) & M32;
  return Number(fmixRef(h));
}
function combineRef(a: number, b: number): number {
  return Number(fmixRef((((BigInt(a >>> 0) ^ 0x9e3779b9n) * 16777619n) & M32) ^ BigInt(b >>> 0)));
}

test('hashString, fmix32, combine, fnvStep: the FNV-1a and MurmurHash3 finaliser arithmetic, unsigned', () => {
  assert.is(FNV_OFFSET, 2166136261);
  // FNV-1a's published 32-bit value for "a" is 0xe40c292c (before the finaliser)
  assert.is(fnvStep(FNV_OFFSET, 97) >>> 0, 0xe40c292c);
  assert.is(fmix32(0), 0);
  for (const x of [1, 0x80000000, 0xffffffff, 0xdeadbeef, 12345]) assert.is(fmix32(x), Number(fmixRef(BigInt(x))), String(x));
  for (const s of ['', 'a', 'storm', 'Cairo', 'é', '𝔘x', 'a much longer string of words']) {
    const h = hashString(s);
    assert.is(h, hashRef(s), s);
    assert.ok(h >= 0 && h <= 0xffffffff);
  }
  for (const [a, b] of [[0, 0], [1, 2], [2, 1], [0xffffffff, 7], [hashString('cairo'), 1]]) assert.is(combine(a, b), combineRef(a, b), `${a},${b}`);
});

/** The check hash: xor then multiply by 0x5bd1e995 from 0x9747b28c, no finaliser. */
function checkRef(s: string): number {
  let h = 0x9747b28cn;
  for (let i = 0; i < s.length; i++) h = ((h ^ BigInt(s.charCodeAt(i))) * 0x5bd1e995n) & M32;
  return Number(h);
}

test('checkString, checkStep: the second hash\'s arithmetic, unsigned; it tells apart words whose first hashes collide', () => {
  assert.is(CHECK_OFFSET, 0x9747b28c);
  assert.is(checkStep(0, 1) >>> 0, 0x5bd1e995);
  for (const s of ['', 'a', 'storm', 'Cairo', 'é', '𝔘x', 'a much longer string of words']) {
    const h = checkString(s);
    assert.is(h, checkRef(s), s);
    assert.ok(h >= 0 && h <= 0xffffffff);
  }
  // Pairs of made-up words found colliding on hashString in a generated archive of 100,000 documents.
  for (const [a, b] of [['raisgrios', 'grionnatda'], ['wissandwu', 'catdrat'], ['chearbris', 'fondgro'], ['bugeark', 'satrar']]) {
    assert.is(hashString(a), hashString(b), `${a} and ${b} collide on the first hash`);
    assert.is.not(checkString(a), checkString(b), `${a} and ${b} differ on the check`);
  }
});

// ---------------------------------------------------------------- MinHash options and signatures

function codeAndMessage(f: () => unknown): [string, string] {
  try {
    f();
  } catch (e) {
    assert.instance(e, StorylineError);
    return [(e as StorylineError).code, (e as Error).message];
  }
  return ['', ''];
}

test('MinHash options: each bound allowed, one past it refused, with the option named', () => {
  assert.equal(DEFAULT_MINHASH, { numPerm: 128, shingleSize: 3, seed: 1 });
  assert.equal(resolveMinHashOptions(), { numPerm: 128, shingleSize: 3, seed: 1 });
  for (const ok of [{ numPerm: 8 }, { numPerm: 4096 }, { shingleSize: 1 }, { shingleSize: 16 }, { seed: 0 }, { seed: 0xffffffff }]) {
    assert.equal(resolveMinHashOptions(ok), { ...DEFAULT_MINHASH, ...ok });
  }
  const refused: Array<[object, string]> = [
    [{ numPerm: 7 }, 'options.numPerm must be an integer from 8 to 4096, got 7'],
    [{ numPerm: 4097 }, 'options.numPerm must be an integer from 8 to 4096, got 4097'],
    [{ numPerm: 8.5 }, 'options.numPerm must be an integer from 8 to 4096, got 8.5'],
    [{ shingleSize: 0 }, 'options.shingleSize must be an integer from 1 to 16, got 0'],
    [{ shingleSize: 17 }, 'options.shingleSize must be an integer from 1 to 16, got 17'],
    [{ shingleSize: 2.5 }, 'options.shingleSize must be an integer from 1 to 16, got 2.5'],
    [{ seed: -1 }, 'options.seed must be an unsigned 32-bit integer, got -1'],
    [{ seed: 2 ** 32 }, 'options.seed must be an unsigned 32-bit integer, got 4294967296'],
    [{ seed: 0.5 }, 'options.seed must be an unsigned 32-bit integer, got 0.5'],
  ];
  for (const [o, message] of refused) {
    assert.equal(codeAndMessage(() => resolveMinHashOptions(o)), ['INVALID_OPTION', message]);
    assert.equal(codeAndMessage(() => new MinHasher(o)), ['INVALID_OPTION', message]);
  }
});

test('containmentFromJaccard and estimateJaccard by hand', () => {
  assert.is(containmentFromJaccard(0.5, 0, 10), 0);
  // |A∩B| = J(|A| + |B|)/(1 + J): 0.25 · 40 / 1.25 = 8 of |A| = 10
  assert.is(containmentFromJaccard(0.25, 10, 30), 0.8);
  assert.is(containmentFromJaccard(0.5, 10, 20), 1);
  assert.is(containmentFromJaccard(0.6, 10, 20), 1); // capped at 1
  assert.is(containmentFromJaccard(0, 10, 20), 0);
  const a = Uint32Array.from([9, 1, 2, 3, 4, 9]);
  const b = Uint32Array.from([1, 2, 0, 4, 7, 7]);
  assert.is(estimateJaccard(a, 1, b, 0, 4), 3 / 4);
  assert.is(estimateJaccard(a, 1, b, 0, 2), 1);
  assert.is(estimateJaccard(a, 0, b, 0, 6), 0);
});

test('MinHasher.sign: no tokens give EMPTY and 0; fewer tokens than w make one shingle; signatures at an offset leave the rest alone', () => {
  const h = new MinHasher({ numPerm: 8, shingleSize: 3 });
  const out = new Uint32Array(24).fill(5);
  assert.is(h.sign(new Uint32Array(0), 0, out, 8), 0);
  assert.equal(arr(out), [...Array(8).fill(5), ...Array(8).fill(EMPTY), ...Array(8).fill(5)]);
  const tokens = Uint32Array.from([11, 22, 33, 44]);
  // 4 tokens, w 3: 2 shingles; 2 tokens: 1 shingle; 1 token: 1
  assert.is(h.sign(tokens, 4, out, 0), 2);
  assert.is(h.sign(tokens, 2, out, 0), 1);
  assert.is(h.sign(tokens, 1, out, 16), 1);
  assert.equal(arr(out.subarray(8, 16)), Array(8).fill(EMPTY));
  // one shingle fills one bin; densification copies its value to every bin
  const one = out.subarray(16, 24);
  assert.ok(one.every((v) => v === one[0]) && one[0] !== EMPTY, arr(one).join(','));
  // the same shingles in another order of tokens: another signature; the same tokens: the same
  const x = new Uint32Array(8);
  const y = new Uint32Array(8);
  h.sign(Uint32Array.from([1, 2, 3]), 3, x);
  h.sign(Uint32Array.from([1, 2, 3, 99]), 3, y);
  assert.equal(arr(x), arr(y));
  // w = 1: the signature of a set of hashes does not depend on their order or repeats
  const w1 = new MinHasher({ numPerm: 16, shingleSize: 1 });
  const p = new Uint32Array(16);
  const q = new Uint32Array(16);
  w1.sign(Uint32Array.from([5, 6, 7, 8, 9, 10, 11, 12]), 8, p);
  w1.sign(Uint32Array.from([12, 11, 10, 9, 9, 8, 7, 6, 5, 5]), 10, q);
  assert.equal(arr(p), arr(q));
  // a rolling hash that drops the oldest token: the shingle (1 2 3) hashes the same after other tokens
  const w3 = new MinHasher({ numPerm: 512, shingleSize: 3 });
  const r = new Uint32Array(512);
  const t = new Uint32Array(512);
  w3.sign(Uint32Array.from([1, 2, 3]), 3, r);
  w3.sign(Uint32Array.from([7, 8, 9, 1, 2, 3]), 6, t);
  const value = r[0]; // the one shingle's value, in every bin
  assert.ok(t.includes(value), 'shingle (1 2 3) after three other tokens');
});

test('MinHashSignature: jaccard of empty signatures is 0; incomparable settings throw; toBytes fields', () => {
  const e = minhash('');
  const f = minhash('storm over the city today');
  assert.is(e.shingles, 0);
  assert.ok(e.values.every((v) => v === EMPTY));
  assert.is(e.jaccard(e), 0);
  assert.is(e.jaccard(f), 0);
  assert.is(f.jaccard(e), 0);
  assert.is(f.jaccard(f), 1);
  assert.is(f.containedIn(f), 1);
  assert.is(e.containedIn(f), 0);
  // a signature of shingles whose values are all EMPTY (as a hand-made one may be) still says 0 beside an empty text's
  const allEmpty = new MinHashSignature(new Uint32Array(128).fill(EMPTY), 5, 3, 1);
  assert.is(allEmpty.jaccard(allEmpty), 1);
  assert.is(allEmpty.jaccard(e), 0);
  assert.is(e.jaccard(allEmpty), 0);
  assert.is(jaccard('storm over the city today', f), 1);
  assert.is(jaccard(f, 'storm over the city today'), 1);
  for (const other of [minhash('x', { numPerm: 64 }), minhash('x', { seed: 2 }), minhash('x', { shingleSize: 2 })]) {
    const [code, message] = codeAndMessage(() => f.jaccard(other));
    assert.is(code, 'INCOMPATIBLE_SIGNATURES');
    assert.match(message, /^cannot compare MinHash signatures made with different settings \(numPerm 128 vs \d+, seed 1 vs \d+, shingleSize 3 vs \d\); sign both texts with the same options$/);
    assert.is(codeAndMessage(() => f.equals(other))[0], 'INCOMPATIBLE_SIGNATURES');
  }
  assert.ok(f.equals(minhash('storm over the city today')));
  assert.not.ok(f.equals(minhash('storm over the city tonight')));
  // header of a signature made by hand
  const s = new MinHashSignature(Uint32Array.from([1, 2, 3, 4, 5, 6, 7, 0x01020304]), 9, 4, 0x0a0b0c0d);
  const bytes = s.toBytes();
  assert.equal(arr(bytes.subarray(0, 16)), [0x53, 0x4c, 1, 4, 8, 0, 0, 0, 0x0d, 0x0c, 0x0b, 0x0a, 9, 0, 0, 0]);
  assert.equal(arr(bytes.subarray(44, 48)), [4, 3, 2, 1]);
  const back = MinHashSignature.fromBytes(bytes);
  assert.equal([arr(back.values), back.shingles, back.shingleSize, back.seed, back.numPerm], [arr(s.values), 9, 4, 0x0a0b0c0d, 8]);
});

test('MinHashSignature.fromBytes: each refusal and its message', () => {
  const good = new MinHashSignature(Uint32Array.from([1, 2, 3, 4, 5, 6, 7, 8]), 2, 3, 1).toBytes();
  const edit = (f: (b: Uint8Array) => void, length = good.length) => {
    const b = new Uint8Array(length);
    b.set(good.subarray(0, Math.min(length, good.length)));
    f(b);
    return b;
  };
  const cases: Array<[unknown, string]> = [
    [null, 'expected a Uint8Array (or Buffer), got null'],
    ['SL', 'expected a Uint8Array (or Buffer), got string'],
    [[0x53, 0x4c], 'expected a Uint8Array (or Buffer), got object'],
    [good.subarray(0, 15), 'not a MinHash signature (toBytes() output starts with "SL")'],
    [edit((b) => (b[0] = 0x54)), 'not a MinHash signature (toBytes() output starts with "SL")'],
    [edit((b) => (b[1] = 0x4d)), 'not a MinHash signature (toBytes() output starts with "SL")'],
    [edit((b) => (b[2] = 2)), 'layout version 2 is not one this storyline reads (1)'],
    [edit((b) => (b[2] = 0)), 'layout version 0 is not one this storyline reads (1)'],
    [edit(() => {}, good.length + 4), '8 values take 48 bytes, got 52'],
    [good.subarray(0, 44), '8 values take 48 bytes, got 44'],
    [edit((b) => (b[3] = 0)), 'options.shingleSize must be an integer from 1 to 16, got 0'],
    [edit((b) => (b[3] = 17)), 'options.shingleSize must be an integer from 1 to 16, got 17'],
    [edit((b) => b.set([0, 0, 0, 0], 12)), 'a signature of no shingles has values'],
  ];
  for (const [input, why] of cases) {
    assert.equal(codeAndMessage(() => MinHashSignature.fromBytes(input as Uint8Array)), ['INVALID_SIGNATURE', `MinHashSignature.fromBytes: ${why}`], why);
  }
  // 16 bytes exactly: a header that says 0 values is refused by numPerm, not by length
  const header = edit((b) => b.set([0, 0, 0, 0], 4), 16);
  assert.equal(codeAndMessage(() => MinHashSignature.fromBytes(header)), ['INVALID_SIGNATURE', 'MinHashSignature.fromBytes: options.numPerm must be an integer from 8 to 4096, got 0']);
  // no shingles and every value EMPTY: accepted
  const empty = new MinHashSignature(new Uint32Array(8).fill(EMPTY), 0, 3, 1).toBytes();
  assert.is(MinHashSignature.fromBytes(empty).shingles, 0);
});

// ---------------------------------------------------------------- terms

test('TermExtractor: stemmed words, names, numbers of two digits or more; stop words and one-letter words left out', () => {
  const text = 'Storms hit Cairo and 2023 saw 7 storms in Cairo. Cairo ox é 42';
  const tokens = createTokens(4);
  tokenize(text, tokens);
  const words = Array.from({ length: tokens.count }, (_, k) => text.slice(tokens.start[k], tokens.end[k]));
  assert.equal(words, ['Storms', 'hit', 'Cairo', 'and', '2023', 'saw', '7', 'storms', 'in', 'Cairo', 'Cairo', 'ox', 'é', '42']);
  const initial = new Uint8Array(tokens.count);
  initial[0] = 1;
  initial[10] = 1;
  const names = namesInText(tokens, initial, text)!;
  assert.equal([names.size, names.has(hashRef('cairo')), names.has(hashRef('storms'))], [1, true, false]);
  const word = (stem: string) => (hashRef(stem) & ~3) >>> 0;
  const name = (folded: string) => ((combineRef(hashRef(folded), NAME) & ~3) | NAME) >>> 0;
  const number = (digits: string) => ((combineRef(hashRef(digits), NUMBER) & ~3) | NUMBER) >>> 0;
  const want = [
    [word('storm'), 0], [word('hit'), 1], [name('cairo'), 2], [number('2023'), 4], [word('saw'), 5],
    [word('storm'), 7], [name('cairo'), 9], [name('cairo'), 10], [word('ox'), 11], [number('42'), 13],
  ];
  const extractor = new TermExtractor();
  for (let round = 0; round < 2; round++) {
    // twice: the second time from the cache
    const out = new TermList(2);
    extractor.termsOf(text, tokens, 0, tokens.count, initial, names, out);
    assert.equal(Array.from(out.ids.subarray(0, out.count), (id, i) => [id, out.at[i]]), want, `round ${round}`);
  }
  // a range: only its tokens
  const part = new TermList();
  extractor.termsOf(text, tokens, 4, 8, initial, names, part);
  assert.equal(Array.from(part.at.subarray(0, part.count)), [4, 5, 7]);
  const upTo7 = new TermList();
  extractor.termsOf(text, tokens, 4, 7, initial, names, upTo7);
  assert.equal(Array.from(upTo7.at.subarray(0, upTo7.count)), [4, 5]);
  assert.equal([termKind(word('storm')), termKind(name('cairo')), termKind(number('42'))], [WORD, NAME, NUMBER]);
  assert.equal([WORD, NAME, NUMBER], [0, 1, 2]);
  // how terms are shown: names as written, words and numbers folded
  assert.is(surfaceOf(text, tokens, 2, name('cairo')), 'Cairo');
  assert.is(surfaceOf(text, tokens, 0, word('storm')), 'storms');
  assert.is(surfaceOf(text, tokens, 4, number('2023')), '2023');
});

test('TermExtractor: a word\'s term id never depends on the words read before it, even one whose token hash collides with it', () => {
  const termsOf = (extractor: TermExtractor, text: string): number[] => {
    const tokens = createTokens();
    tokenize(text, tokens);
    const out = new TermList();
    extractor.termsOf(text, tokens, 0, tokens.count, new Uint8Array(tokens.count), new U32Map(4), out);
    return Array.from(out.ids.subarray(0, out.count));
  };
  // raisgrios and grionnatda share a token hash but stem differently (raisgrio, grionnatda); the
  // stop word "with" and iuhdcfu share one too (found by meeting in the middle of FNV-1a).
  assert.is(hashString('iuhdcfu'), hashString('with'));
  for (const [a, b] of [['raisgrios', 'grionnatda'], ['grionnatda', 'raisgrios'], ['with', 'iuhdcfu'], ['iuhdcfu', 'with']]) {
    const alone = termsOf(new TermExtractor(), b);
    const extractor = new TermExtractor();
    termsOf(extractor, a);
    assert.equal(termsOf(extractor, b), alone, `${b} after ${a}`);
  }
  assert.equal(termsOf(new TermExtractor(), 'raisgrios grionnatda'), [(hashRef('raisgrio') & ~3) >>> 0, (hashRef('grionnatda') & ~3) >>> 0]);
  // Stop words are told by the token hash alone: a word whose hash is a stop word's is taken for it, in every order.
  assert.equal(termsOf(new TermExtractor(), 'iuhdcfu with iuhdcfu storm'), [(hashRef('storm') & ~3) >>> 0]);
});

test('namesInText: capitalised, not opening a sentence, not digits', () => {
  const text = 'Alpha met Beta and GAMMA. Delta 2024';
  const tokens = createTokens();
  tokenize(text, tokens);
  const initial = new Uint8Array(tokens.count);
  initial[0] = 1;
  initial[5] = 1;
  const names = namesInText(tokens, initial, text)!;
  assert.equal([names.has(hashRef('alpha')), names.has(hashRef('beta')), names.has(hashRef('gamma')), names.has(hashRef('delta')), names.has(hashRef('met'))], [false, true, true, false, false]);
  assert.is(names.size, 2);
  // A map given is emptied first and filled with this text's names alone.
  const other = 'Then Omega came.';
  const otherTokens = createTokens();
  tokenize(other, otherTokens);
  const reused = namesInText(otherTokens, Uint8Array.from([1, 0, 0]), other, names)!;
  assert.is(reused, names);
  assert.equal([reused.size, reused.has(hashRef('omega')), reused.has(hashRef('beta'))], [1, true, false]);
});

test('a text in capitals: no case, so every word counts as a word and as a name; the case of 40 letters decides, at most 1 in 20 lower', () => {
  // 40 letters, 2 of them lower case (1 in 20): in capitals; 3 lower: not; 39 letters say nothing.
  const letters = (n: number, lower: number) => 'A'.repeat(n - lower) + 'a'.repeat(lower);
  assert.equal([inCapitals(letters(40, 2)), inCapitals(letters(40, 3)), inCapitals(letters(39, 0)), inCapitals(letters(40, 0)), inCapitals(letters(100, 5)), inCapitals(letters(100, 6))], [true, false, false, true, true, false]);
  // Digits, spaces and letters outside ASCII do not count.
  assert.is(inCapitals(`${'A'.repeat(38)} 1234 ÉÉÉ`), false);
  // Lower case first, the capitals after it: told at the end, not before (the scan stops early only when capitals can no longer win).
  assert.equal([inCapitals('aa' + 'A'.repeat(38)), inCapitals('aaa' + 'A'.repeat(57)), inCapitals('aaa' + 'A'.repeat(56)), inCapitals('a. ' + 'A'.repeat(39))], [true, true, false, true]);
  const naive = (t: string) => {
    const upper = (t.match(/[A-Z]/g) ?? []).length;
    const lower = (t.match(/[a-z]/g) ?? []).length;
    return upper + lower >= 40 && lower * 20 <= upper + lower;
  };
  const random = mulberry32(77);
  const pieces = ['A', 'Z', 'a', 'z', ' ', '1', 'É', 'é', '.', '@', '[', '`', '{'];
  let inCaps = 0;
  for (let round = 0; round < 3000; round++) {
    const share = random();
    let t = '';
    for (let i = Math.floor(random() * 120); i > 0; i--) t += random() < share ? pieces[Math.floor(random() * 2)] : pieces[2 + Math.floor(random() * 11)];
    assert.is(inCapitals(t), naive(t), JSON.stringify(t));
    if (naive(t)) inCaps++;
  }
  assert.ok(inCaps > 100 && inCaps < 2900, `both answers drawn (${inCaps} in capitals)`);
  const text = 'STORMS HIT CAIRO AND THE NILE. CAIRO WAITS FOR 2023 AND MORE STORMS';
  const tokens = createTokens();
  tokenize(text, tokens);
  const initial = new Uint8Array(tokens.count);
  initial[0] = 1;
  initial[6] = 1;
  assert.is(namesInText(tokens, initial, text), null);
  const out = new TermList();
  new TermExtractor().termsOf(text, tokens, 0, tokens.count, initial, null, out);
  const word = (stem: string) => (hashRef(stem) & ~3) >>> 0;
  const name = (folded: string) => ((combineRef(hashRef(folded), NAME) & ~3) | NAME) >>> 0;
  const number = (digits: string) => ((combineRef(hashRef(digits), NUMBER) & ~3) | NUMBER) >>> 0;
  assert.equal(Array.from(out.ids.subarray(0, out.count), (id, i) => [id, out.at[i]]), [
    [name('storms'), 0], [word('storm'), 0], [name('hit'), 1], [word('hit'), 1], [name('cairo'), 2], [word('cairo'), 2],
    [name('nile'), 5], [word('nile'), 5], [name('cairo'), 6], [word('cairo'), 6], [name('waits'), 7], [word('wait'), 7],
    [number('2023'), 9], [name('storms'), 12], [word('storm'), 12],
  ]);
});

test('TermList grows past its capacity and keeps every occurrence', () => {
  const list = new TermList(1);
  for (let i = 0; i < 9; i++) list.push(0xfffffff0 + i, i * 3);
  assert.is(list.count, 9);
  assert.equal(Array.from(list.ids.subarray(0, 9)), Array.from({ length: 9 }, (_, i) => 0xfffffff0 + i));
  assert.equal(Array.from(list.at.subarray(0, 9)), Array.from({ length: 9 }, (_, i) => i * 3));
});

// ---------------------------------------------------------------- surfaces

test('preferSurface: one-letter capitals are no shouting; lengths, then code units; Surfaces keeps the first form of a new id', () => {
  assert.is(preferSurface('US', 'Us'), 'Us');
  assert.is(preferSurface('Us', 'US'), 'Us');
  assert.is(preferSurface('A', 'b'), 'A');
  assert.is(preferSurface('b', 'A'), 'A');
  assert.is(preferSurface('NATO', 'Nato'), 'Nato');
  assert.is(preferSurface('ab', 'abc'), 'ab');
  assert.is(preferSurface('abc', 'ab'), 'ab');
  assert.is(preferSurface('ab', 'ab'), 'ab');
  assert.is(preferSurface('12', '13'), '12'); // digits equal their upper case: both "shout", then order
  assert.is(preferSurface('13', '12'), '12');
  const s = new Surfaces();
  assert.is(s.get(5), undefined);
  s.offer(5, 'ZETA');
  s.offer(6, 'eta');
  assert.equal([s.size, s.get(5), s.get(6)], [2, 'ZETA', 'eta']);
  s.offer(5, 'Zeta');
  assert.equal([s.size, s.get(5)], [2, 'Zeta']);
  const seen: Array<[number, string]> = [];
  s.forEach((id, form) => seen.push([id, form]));
  assert.equal(seen, [[5, 'Zeta'], [6, 'eta']]);
});

// ---------------------------------------------------------------- dates

/** Days since 1970-01-01 by the platform's calendar (years 100 and later). */
const utcDay = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 86_400_000;

test('dayNumber: month lengths and leap years at their edges; formatDay', () => {
  const valid: Array<[number, number, number]> = [
    [1970, 1, 1], [2000, 2, 29], [2004, 2, 29], [2023, 2, 28], [2023, 12, 31], [2023, 4, 30], [2023, 6, 30], [2023, 9, 30], [2023, 11, 30],
    [2023, 1, 31], [2023, 3, 31], [2023, 5, 31], [2023, 7, 31], [2023, 8, 31], [2023, 10, 31], [1600, 2, 29], [1601, 3, 1], [1969, 12, 31], [2400, 2, 29], [9999, 12, 31], [100, 1, 1],
  ];
  for (const [y, m, d] of valid) assert.is(dayNumber(y, m, d), utcDay(y, m, d), `${y}-${m}-${d}`);
  const invalid: Array<[number, number, number]> = [
    [1900, 2, 29], [2100, 2, 29], [2023, 2, 29], [2023, 2, 30], [2023, 4, 31], [2023, 6, 31], [2023, 9, 31], [2023, 11, 31],
    [2023, 1, 32], [2023, 12, 32], [2023, 0, 1], [2023, 13, 1], [2023, 1, 0],
  ];
  for (const [y, m, d] of invalid) assert.ok(Number.isNaN(dayNumber(y, m, d)), `${y}-${m}-${d}`);
  // year 0 is a leap year (proleptic Gregorian): 0000-03-01 is 719,468 days before 1970-01-01
  assert.is(dayNumber(0, 3, 1), -719468);
  assert.is(dayNumber(0, 2, 29), -719469);
  assert.is(formatDay(0), '1970-01-01');
  assert.is(formatDay(19388), '2023-01-31');
  assert.is(formatDay(-1), '1969-12-31');
});

test('parseDate: every form, separators that must match, month or day first, trimmed; NaN otherwise', () => {
  const day = utcDay(2023, 1, 31);
  for (const s of ['2023-01-31', '2023/1/31', '2023.01.31', '2023-01-31T10:00:00Z', '  2023-01-31  ', '1/31/2023', '01/31/2023 10:00', '31/1/2023', '31.01.2023', '31.1.2023', 'Jan 31, 2023', 'Tuesday, January 31st 2023 at noon', '31 January 2023', '31st of Jan. 2023', 'JAN 31 2023']) {
    assert.is(parseDate(s), day, s);
  }
  // up to 12 the first number is the month
  assert.is(parseDate('12/1/2023'), utcDay(2023, 12, 1));
  assert.is(parseDate('13/1/2023'), utcDay(2023, 1, 13));
  assert.is(parseDate('5.6.2023'), utcDay(2023, 6, 5));
  assert.is(parseDate('0999-12-31'), utcDay(999, 12, 31));
  // the numeric forms are read at the start only
  for (const s of ['on 2023-01-31', 'on 1/31/2023', 'on 31.01.2023']) assert.ok(Number.isNaN(parseDate(s)), s);
  for (const s of [undefined, '', '   ', '2023-01/31', '2023-01-311', '2023-1-32', '31/31/2023', '1/31/20233', '31.01.20233', 'Jan 32, 2023', '32 Jan 2023', 'yesterday', '20230131', 'Febtober 3, 2023']) {
    assert.ok(Number.isNaN(parseDate(s)), String(s));
  }
});

test('firstDateIn: the earliest full date in the text whatever its form; impossible dates skipped; 19xx and 20xx only', () => {
  assert.ok(Number.isNaN(firstDateIn('no year here, Jan 31')));
  assert.ok(Number.isNaN(firstDateIn('in 1850, Jan 31, 1850')));
  assert.is(firstDateIn('On 5 March 2021 and then March 4, 2021'), utcDay(2021, 3, 5));
  assert.is(firstDateIn('On March 4, 2021 and then 5 March 2021'), utcDay(2021, 3, 4));
  assert.is(firstDateIn('dated 2020-02-29, also 1.1.2020'), utcDay(2020, 2, 29));
  assert.is(firstDateIn('dated 1.1.2020, also 2020-02-29'), utcDay(2020, 1, 1));
  // an impossible date is passed over for the next of its form
  assert.is(firstDateIn('February 30, 2020 or February 28, 2020'), utcDay(2020, 2, 28));
  assert.is(firstDateIn('2021-02-29 then 2021-03-01'), utcDay(2021, 3, 1));
  // a later form does not win over an earlier one, nor an earlier impossible one over a later possible one
  assert.is(firstDateIn('30 February 2020, then 2020-03-02, then Mar 3, 2020'), utcDay(2020, 3, 2));
  assert.is(firstDateIn('Sept. 9th, 1999'), utcDay(1999, 9, 9));
  assert.is(firstDateIn('2023-01-31T10:00'), utcDay(2023, 1, 31));
  assert.ok(Number.isNaN(firstDateIn('2023-01-311')));
  assert.ok(Number.isNaN(firstDateIn('1/31/2023')));
});

// ---------------------------------------------------------------- TermIndex

/** Five items; with 2 terms each indexed, item 4 indexes 20 and 4 (of its tied 4 and 16, the lower id). */
const ITEMS = [vec([4, 8], [0.8, 0.6]), vec([4, 12], [0.6, 0.8]), vec([8], [1]), vec([16], [1]), vec([4, 16, 20], [0.5, 0.5, 0.7])];
const pairList = (p: Float64Array, n: number) => Array.from(p, (x) => [Math.floor(x / n), x % n]);

test('TermIndex.pairs by hand: all pairs sharing an indexed term; candidates and holders per term bound them', () => {
  assert.equal(DEFAULT_CANDIDATE_LIMITS, { holdersPerTerm: 64, candidates: 32 });
  assert.equal(heaviest(ITEMS[4], 2), [2, 0]);
  assert.equal(heaviest(ITEMS[4], 5), [2, 0, 1]);
  // lists: 4 → 0 (.8), 1 (.6), 4 (.5); 8 → 2 (1), 0 (.6); 12 → 1; 16 → 3; 20 → 4 (16 of item 4 is not indexed)
  const all = new TermIndex(ITEMS, 2, 10);
  assert.equal(pairList(all.pairs(), 5), [[0, 1], [0, 2], [0, 4], [1, 4]]);
  // one candidate each: 0 → 2 (.6 over .48 and .4), 1 → 0 (.48), 2 → 0, 4 → 0 (.4 over .3)
  assert.equal(pairList(new TermIndex(ITEMS, 2, 10, { candidates: 1 }).pairs(), 5), [[0, 1], [0, 2], [0, 4]]);
  // one holder per term, heaviest first: 0 reads itself in list 4 (skipped) and 2 in list 8; 2 reads itself
  assert.equal(pairList(new TermIndex(ITEMS, 2, 10, { holdersPerTerm: 1 }).pairs(), 5), [[0, 1], [0, 2], [0, 4]]);
  // ranges: item 0's proposals, and the union of two ranges is the whole
  assert.equal(pairList(all.pairs(0, 1), 5), [[0, 1], [0, 2], [0, 4]]);
  assert.equal(pairList(all.pairs(4, 5), 5), [[0, 4], [1, 4]]);
  assert.equal(pairList(all.pairs(3, 4), 5), []);
  // one term indexed per item: 0 → 4, 1 → 12, 2 → 8, 3 → 16, 4 → 20: 0 and 1 meet in list 4 only through 0
  assert.equal(pairList(new TermIndex(ITEMS, 1, 10).pairs(), 5), []);
  // the same index from a vector source, and from what it shares
  const store = new VectorStore();
  for (const v of ITEMS) store.push(v);
  assert.equal(Array.from(new TermIndex(store, 2, 10).pairs()), Array.from(all.pairs()));
  const again = TermIndex.fromShared(all.share());
  assert.equal(Array.from(again.pairs()), Array.from(all.pairs()));
  assert.equal(again.query(vec([8], [1])), [0, 2]);
});

test('TermIndex.query by hand: the heaviest terms of the query only, groups excluded, never itself', () => {
  const index = new TermIndex(ITEMS, 2, 10, { groups: [0, 0, 1, 2, 2] });
  assert.equal(index.query(vec([4, 16], [0.9, 0.1])), [0, 1, 3, 4]);
  assert.equal(index.query(vec([4, 16], [0.9, 0.1]), 2), [0, 1]);
  assert.equal(index.query(vec([4, 16], [0.9, 0.1]), 0), [3, 4]);
  // an item found through two terms: once, its scores summed (0.8 + 0.6 beats item 2's 1 for one candidate)
  assert.equal(index.query(vec([4, 8], [1, 1])), [0, 1, 2, 4]);
  assert.equal(new TermIndex(ITEMS, 2, 10, { candidates: 1 }).query(vec([4, 8], [1, 1])), [0]);
  // an index without groups ignores the group asked to leave out
  assert.equal(new TermIndex(ITEMS, 2, 10).query(vec([4, 16], [0.9, 0.1]), 2), [0, 1, 3, 4]);
  // groups never leave items out of pairs()
  assert.equal(pairList(index.pairs(), 5), [[0, 1], [0, 2], [0, 4], [1, 4]]);
  assert.equal(pairList(new TermIndex(ITEMS, 2, 10, { groups: [1, 1, 1, 1, 1] }).pairs(), 5), [[0, 1], [0, 2], [0, 4], [1, 4]]);
  // list 8 holds 0 (0.6) and 2 (1): the heavier first
  assert.equal(new TermIndex(ITEMS, 2, 10, { holdersPerTerm: 1 }).query(vec([8], [1])), [2]);
  // groups given as a plain array are shared as an Int32Array
  const g = index.share().groups;
  assert.instance(g, Int32Array);
  assert.equal(Array.from(g!), [0, 0, 1, 2, 2]);
  // 12 is the third heaviest of three: not read
  assert.equal(index.query(vec([8, 12, 16], [0.5, 0.1, 0.4])), [0, 2, 3]);
  assert.equal(index.query(vec([100], [1])), []);
  assert.equal(index.query(EMPTY_VECTOR), []);
  // at most `candidates`, the largest partial dot products (ties: lower item)
  const two = new TermIndex(ITEMS, 2, 10, { candidates: 2 });
  assert.equal(two.query(vec([4, 16], [0.9, 0.1])), [0, 1]);
  assert.equal(two.query(vec([8, 16], [0.5, 0.5])), [2, 3]);
  // a term held by more items than maxPosting proposes nothing to a query
  assert.equal(new TermIndex(ITEMS, 2, 2).query(vec([4], [1])), []);
  assert.equal(new TermIndex(ITEMS, 2, 3).query(vec([4], [1])), [0, 1, 4]);
});

test('TermIndex: days apart, unknown days, and days ignored without a limit', () => {
  assert.equal(pairList(new TermIndex(ITEMS, 2, 10, { days: [0, 100, 5, NaN, 0], maxDaysApart: 10 }).pairs(), 5), [[0, 2], [0, 4]]);
  assert.equal(pairList(new TermIndex(ITEMS, 2, 10, { days: [0, 100, 10, NaN, 0], maxDaysApart: 10 }).pairs(), 5), [[0, 2], [0, 4]]);
  assert.equal(pairList(new TermIndex(ITEMS, 2, 10, { days: [0, 100, 11, NaN, 0], maxDaysApart: 10 }).pairs(), 5), [[0, 4]]);
  assert.equal(pairList(new TermIndex(ITEMS, 2, 10, { days: [0, 100, 5, NaN, NaN], maxDaysApart: 10 }).pairs(), 5), [[0, 2], [0, 4], [1, 4]]);
  assert.equal(pairList(new TermIndex(ITEMS, 2, 10, { days: [0, 100, 5, NaN, 0] }).pairs(), 5), [[0, 1], [0, 2], [0, 4], [1, 4]]);
  // a query has no day of its own: days never exclude its items
  assert.equal(new TermIndex(ITEMS, 2, 10, { days: [0, 100, 5, NaN, 0], maxDaysApart: 10 }).query(vec([4], [1])), [0, 1, 4]);
  // shared and rebuilt elsewhere: the days go along
  const shared = new TermIndex(ITEMS, 2, 10, { days: [0, 100, 5, NaN, 0], maxDaysApart: 10 }).share();
  assert.equal(pairList(TermIndex.fromShared(shared).pairs(), 5), [[0, 2], [0, 4]]);
  assert.instance(shared.itemLists!.days, Float64Array);
  assert.is(shared.itemLists!.maxDaysApart, 10);
  assert.instance(shared.groups ?? new Int32Array(0), Int32Array);
});

test('TermIndex: a term over maxPosting, read for an item with too few candidates, is a window of holders of its own', () => {
  // items 0-3 hold only term 4 (4 holders > maxPosting 3); a window of 2 holders starts at
  // (imul(item + 1, 0x9e3779b1) >>> 0) mod (4 - 2 + 1): item 0 at 1, item 1 at 1, items 2 and 3 at 2
  const only = [0, 1, 2, 3].map(() => vec([4], [1]));
  assert.equal(pairList(new TermIndex(only, 2, 3, { holdersPerTerm: 2 }).pairs(), 4), [[0, 1], [0, 2], [1, 2], [2, 3]]);
  // items 0 and 3 also share term 8: with one candidate, they find each other and read no window
  const some = [vec([4, 8], [1, 0.5]), vec([4], [1]), vec([4], [1]), vec([4, 8], [1, 0.5])];
  assert.equal(pairList(new TermIndex(some, 2, 3, { holdersPerTerm: 2, candidates: 1 }).pairs(), 4), [[0, 3], [1, 2], [2, 3]]);
  assert.equal(pairList(new TermIndex(some, 2, 3, { holdersPerTerm: 2 }).pairs(), 4), [[0, 1], [0, 2], [0, 3], [1, 2], [2, 3]]);
  // the same with the common list not the first, and groups (which windows ignore)
  const after = [vec([100], [1]), ...only];
  // (items 1-4 now: windows at (imul(item + 1, 0x9e3779b1) >>> 0) mod 3 = 1, 2, 2, 2)
  assert.equal(pairList(new TermIndex(after, 2, 3, { holdersPerTerm: 2, groups: [1, 1, 1, 1, 1] }).pairs(), 5), [[1, 2], [1, 3], [2, 3], [2, 4], [3, 4]]);
  // exactly maxPosting holders: an ordinary list, each item reading its 2 heaviest holders (0 and 1)
  assert.equal(pairList(new TermIndex(only, 2, 4, { holdersPerTerm: 2 }).pairs(), 4), [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3]]);
});

test('TermIndex: posting lists heaviest holder first (ties: lower item), short and long, read up to holdersPerTerm', () => {
  for (const [n, heavy] of [[10, [3, 7, 8, 9]], [40, [5, 17, 30, 39]]] as const) {
    // item 0 holds term 8 alone, so term 4's list is not the first; item n + 1 holds term 12 alone, so a list follows it
    const items = Array.from({ length: n + 2 }, (_, i) => (i === 0 ? vec([8], [1]) : i === n + 1 ? vec([12], [1]) : vec([4], [(heavy as readonly number[]).includes(i) ? 1 : 0.25 + i / 1000])));
    const index = new TermIndex(items, 4, 100, { holdersPerTerm: 3 });
    assert.equal(index.query(vec([4], [1])), [heavy[0], heavy[1], heavy[2]], `${n} holders`);
    // the next heaviest after the ties: the highest of the rest
    const more = new TermIndex(items, 4, 100, { holdersPerTerm: 5 });
    const rest = Array.from({ length: n }, (_, i) => i + 1).filter((i) => i <= n && !(heavy as readonly number[]).includes(i)).pop()!;
    assert.equal(more.query(vec([4], [1])), [...heavy, rest].sort((a, b) => a - b), `${n} holders, 5 read`);
    assert.equal([index.query(vec([8], [1])), index.query(vec([12], [1]))], [[0], [n + 1]], `${n} holders: the lists around`);
  }
});

test('TermIndex built for queries only: pairs() refused, queries answered, nothing of items shared', () => {
  const q = new TermIndex(ITEMS, 2, 10, { queriesOnly: true });
  assert.throws(() => q.pairs(), /^TermIndex: pairs\(\) on an index built for queries only$/);
  assert.equal(q.query(vec([4, 16], [0.9, 0.1])), [0, 1, 3, 4]);
  const shared = q.share();
  assert.is(shared.itemLists, undefined);
  assert.equal([shared.items, shared.termsPerItem, shared.maxPosting, shared.holdersPerTerm, shared.candidates], [5, 2, 10, 64, 32]);
  const rebuilt = TermIndex.fromShared(shared);
  assert.throws(() => rebuilt.pairs(), /queries only/);
  assert.equal(rebuilt.query(vec([4, 16], [0.9, 0.1])), [0, 1, 3, 4]);
  // shared memory when asked, and only then
  const s = new TermIndex(ITEMS, 2, 10, { shared: true }).share();
  assert.instance(s.listItems.buffer, SharedArrayBuffer);
  for (const a of [s.itemLists!.start, s.itemLists!.lists, s.itemLists!.weights]) assert.instance(a.buffer, SharedArrayBuffer);
  const plainShare = new TermIndex(ITEMS, 2, 10).share();
  for (const a of [plainShare.itemLists!.start, plainShare.itemLists!.lists, plainShare.itemLists!.weights, plainShare.listItems]) assert.not.instance(a.buffer, SharedArrayBuffer);
  const sq = new TermIndex(ITEMS, 2, 10, { shared: true, queriesOnly: true }).share();
  assert.instance(sq.listItems.buffer, SharedArrayBuffer);
  assert.not.instance(new TermIndex(ITEMS, 2, 10).share().listItems.buffer, SharedArrayBuffer);
});

// ---------------------------------------------------------------- FeatureExtractor

/** The tail rule (segments/tiling.ts tailCut) off: tests of what a block holds, on texts too short for it to be beside the point. */
const NO_TAIL = { tiling: { minTailTerms: 0 } };

function extractAll(texts: Array<[string, string | undefined]>, options = {}): FeatureBatch {
  const ex = new FeatureExtractor({ minhash: { numPerm: 16 }, ...options });
  const b = new BatchBuilder(texts.length, ex.numPerm);
  for (const [text, date] of texts) ex.extract(text, date, b);
  return b.finish();
}

const STORY = 'Storm Hits Cairo\n\nThe storm hit Cairo on Monday. Officials in Cairo said 42 people were hurt.';
const BOILER = 'Subscribe to our newsletter\n\nCopyright 2020 All rights reserved.';
/** A site menu of 38 tokens: one boilerplate block. */
const MENU_38 = 'Home | World | Business | Politics | Sport | Culture | Health | Tech | Science | Opinion | Local | Video | Podcasts | Newsletters | Weather | Travel | Style | Food | Books | Music | Film | Money | Markets | Jobs | Cars | Homes | Events | Games | Puzzles | Obituaries | Letters | Contact | Archive | About | Careers | Advertise | Help | Sitemap';

test('FeatureExtractor: flags (empty, no story, published), tokens, shingles of the story only, title', () => {
  const f = extractAll([[STORY, '2023-01-31'], ['', undefined], [BOILER, 'Jan 2, 2020'], [`${STORY}\n\n${BOILER}`, 'not a date'], ['   \n\n  ', undefined]]);
  assert.is(f.numPerm, 16);
  assert.equal(arr(f.flags), [DOC_PUBLISHED, DOC_EMPTY, DOC_NO_STORY | DOC_PUBLISHED, 0, DOC_EMPTY]);
  assert.equal(arr(f.date), [utcDay(2023, 1, 31), NaN, utcDay(2020, 1, 2), NaN, NaN]);
  // 17 tokens in the story (3 + 14), 9 in the boilerplate
  assert.equal(arr(f.tokens), [17, 0, 9, 26, 0]);
  // 3-word shingles over the story only (17 − 2), over every token when there is no story (9 − 2)
  assert.equal(arr(f.shingles), [15, 0, 7, 15, 0]);
  const sig = (d: number) => arr(f.signatures.subarray(d * 16, d * 16 + 16));
  assert.equal(sig(3), sig(0));
  assert.equal(sig(1), Array(16).fill(EMPTY));
  assert.equal(f.titles, ['Storm Hits Cairo', '', '', 'Storm Hits Cairo', '']);
  // every token is in one block
  for (let d = 0; d < f.count; d++) {
    let sum = 0;
    for (let b = f.blockStart[d]; b < f.blockStart[d + 1]; b++) sum += f.blockTokens[b];
    assert.is(sum, f.tokens[d], `doc ${d}`);
  }
  const boilerBlocks = Array.from({ length: f.blockStart[3] - f.blockStart[2] }, (_, i) => f.blockKind[f.blockStart[2] + i] & BLOCK_BOILERPLATE);
  assert.ok(boilerBlocks.length > 0 && boilerBlocks.every((k) => k !== 0));
});

test('FeatureExtractor: a document\'s features never depend on the documents its thread extracted before it, in any order', () => {
  const big = Array.from({ length: 9000 }, (_, i) => `Officials in Zorvath ${i % 7 === 0 ? 'Raisgrios' : 'Kelmor'} said ${i} people waited.`).join('\n\n');
  const docs: Array<[string, string | undefined]> = [
    ['Raisgrios wins\n\nThe raisgrios of the valley were counted on Monday by 42 officials.', '2023-01-31'],
    ['Grionnatda falls\n\nThe grionnatda of the valley were counted on Monday by 42 officials.', undefined],
    [STORY, undefined],
    ['PROTESTERS MARCH IN CAIRO\n\nTHOUSANDS MARCHED THROUGH CAIRO ON FRIDAY. POLICE SAID 42 PEOPLE WERE DETAINED.', undefined],
    [big, undefined],
    [`${MENU_38}\n\n${STORY}\n\n${BOILER}`, '2020-01-02'],
    ['Storm hits Cairo\n\nThe storm hit Cairo on Monday, and officials said the river rose.\n\nQuake strikes Lima\n\nA quake struck Lima on Tuesday, killing 12.', undefined],
  ];
  // Every field as plain values (NaN, no date, as null: a typed array's NaN never equals itself).
  const one = (ex: FeatureExtractor, [text, date]: [string, string | undefined]) => {
    const b = new BatchBuilder(1, ex.numPerm);
    ex.extract(text, date, b);
    return JSON.stringify(Object.entries(b.finish()).map(([k, v]) => [k, ArrayBuffer.isView(v) ? Array.from(v as Uint32Array) : v]));
  };
  const alone = docs.map((d) => one(new FeatureExtractor({ minhash: { numPerm: 16 } }), d));
  for (const order of [[0, 1, 2, 3, 4, 5, 6], [6, 5, 4, 3, 2, 1, 0], [4, 1, 6, 0, 3, 5, 2, 4, 1]]) {
    const shared = new FeatureExtractor({ minhash: { numPerm: 16 } });
    for (const d of order) assert.is(one(shared, docs[d]), alone[d], `document ${d} in the order ${order.join(',')}`);
  }
});

test('keepCorpusNames: a text in capitals keeps as names only the words a mixed-case text writes as names', () => {
  const CAPS = 'PROTESTERS MARCH IN CAIRO\n\nTHOUSANDS MARCHED THROUGH CAIRO ON FRIDAY. POLICE IN CAIRO SAID 42 PEOPLE WERE DETAINED NEAR TAHRIR.';
  const f = extractAll([[STORY, undefined], [CAPS, undefined], [CAPS.replace('CAIRO ON', 'GIZA ON'), undefined]]);
  assert.equal(arr(f.flags).map((x) => x & DOC_CAPITALS), [0, DOC_CAPITALS, DOC_CAPITALS]);
  const termsOf = (d: number) => Array.from({ length: f.termStart[f.blockStart[d + 1]] - f.termStart[f.blockStart[d]] }, (_, k) => f.termStart[f.blockStart[d]] + k);
  const mixedNames = new Set(termsOf(0).filter((t) => termKind(f.termId[t]) === NAME).map((t) => f.termId[t]));
  assert.ok(mixedNames.size > 0);
  const before = arr(f.termCount);
  const drop = new Set([1, 2].flatMap(termsOf).filter((t) => termKind(f.termId[t]) === NAME && !mixedNames.has(f.termId[t])));
  assert.ok(drop.size > 5, 'every word of a text in capitals is a name too');
  assert.ok([1, 2].flatMap(termsOf).some((t) => termKind(f.termId[t]) === NAME && mixedNames.has(f.termId[t])), 'CAIRO is a name in the mixed-case text');
  assert.is(keepCorpusNames(f), drop.size);
  assert.equal(arr(f.termCount), before.map((c, t) => (drop.has(t) ? 0 : c)));
  // Again: nothing left to drop.
  assert.is(keepCorpusNames(f), 0);
  // A corpus all in capitals, or with none, is left as it is.
  for (const texts of [[CAPS, CAPS.toUpperCase()], [STORY, STORY]]) {
    const g = extractAll(texts.map((t): [string, undefined] => [t, undefined]));
    const counts = arr(g.termCount);
    assert.is(keepCorpusNames(g), 0);
    assert.equal(arr(g.termCount), counts);
  }
});

test('FeatureExtractor: a title is not a date stamp; the first story block with a headline (or with none) decides it', () => {
  const stamped = 'Posted Nov 27, 2005 8:20 AM ET\n\nStorm Hits Cairo\n\nThe storm hit Cairo on Monday. Officials in Cairo said 42 people were hurt.';
  const f = extractAll([[stamped, undefined]]);
  assert.equal(f.titles, ['Storm Hits Cairo']);
  assert.ok(!f.headlines.includes('Posted Nov 27, 2005 8:20 AM ET'));
});

test('FeatureExtractor: terms per block capped at maxTermsPerBlock (the most frequent); surfaces of the 12 heaviest story terms', () => {
  // 14 words, each written its rank's number of times: "alpha" 14 times ... "oscar" once
  const words = ['alpha', 'bravo', 'cargo', 'delta', 'ember', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo', 'lima', 'mike', 'oscar'];
  const parts: string[] = [];
  for (let r = 0; r < words.length; r++) for (let k = 0; k <= r; k++) parts.push(words[words.length - 1 - r]);
  // one paragraph: interleave so no line looks like a headline
  const text = `${parts.join(' ')}.`;
  const f = extractAll([[text, undefined]]);
  assert.is(f.blockStart[1], 1);
  assert.is(f.termStart[1], 14);
  const capped = extractAll([[text, undefined]], { maxTermsPerBlock: 3 });
  assert.is(capped.termStart[1], 3);
  assert.equal(arr(capped.termCount).sort((a, b) => b - a), [14, 13, 12]);
  assert.equal(arr(f.termCount).sort((a, b) => b - a), Array.from({ length: 14 }, (_, i) => 14 - i));
  // the 12 most frequent terms' written forms: all but the two rarest words
  assert.equal([...f.surfaces].sort(), words.slice(0, 12).sort());
  // with no cap given, 64
  const many = Array.from({ length: 70 }, (_, i) => `w${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}x`);
  const g = extractAll([[`${many.join(' ')}.`, undefined]]);
  assert.is(g.termStart[1], 64);
});

test('FeatureExtractor: a term keeps its preferred written form, whichever way it is written first', () => {
  const f = extractAll([['They met in CAIRO and again in Cairo and in CAIRO on Monday.', undefined]]);
  assert.ok(f.surfaces.includes('Cairo'), f.surfaces.join(','));
  assert.not.ok(f.surfaces.includes('CAIRO'));
  const g = extractAll([['They met in Cairo and again in CAIRO and in Cairo on Monday.', undefined]]);
  assert.ok(g.surfaces.includes('Cairo'), g.surfaces.join(','));
});

test('FeatureExtractor: the signature is minhash() of the text when it is all story, and of the story alone otherwise', () => {
  const texts: Array<[string, string | undefined]> = [[STORY, undefined], [`${BOILER}\n\n${STORY}`, undefined], ['One. Two words here. And three more words.', undefined]];
  const f = extractAll(texts, NO_TAIL);
  const sig = (d: number) => arr(f.signatures.subarray(d * 16, d * 16 + 16));
  const ref = minhash(STORY, { numPerm: 16 });
  assert.equal([sig(0), f.shingles[0]], [arr(ref.values), ref.shingles]);
  // boilerplate first: its tokens are not hashed
  assert.equal([sig(1), f.shingles[1]], [arr(ref.values), ref.shingles]);
  const three = minhash(texts[2][0], { numPerm: 16 });
  assert.equal([sig(2), f.shingles[2]], [arr(three.values), three.shingles]);
  // block kinds: the boilerplate head, then the story opening with its headline; every block opens a paragraph
  const P = BLOCK_MAY_OPEN_STORY;
  assert.equal(arr(f.blockKind), [BLOCK_HEADLINE | P, BLOCK_BOILERPLATE | P, BLOCK_HEADLINE | P, P]);
  assert.equal(f.titles, ['Storm Hits Cairo', 'Storm Hits Cairo', '']);
});

// ---------------------------------------------------------------- the tail rule in the extractor

const TAIL_ARTICLE = [
  'Springfield council approves budget after long debate',
  'The Springfield city council approved a budget of 412 million dollars on Tuesday after a debate that ran past midnight.',
  'Mayor Ellen Hartley said the budget keeps property taxes flat for a third year while adding money for road repairs.',
  'Council members who opposed the plan said the road money came from cuts to the public library system.',
  'The library director, Marcus Webb, said branch hours would shrink on weekends unless donors stepped in.',
].join('\n\n');
const TAIL_LAST = 'the warehouse held furniture worth several million dollars, and the owners will rebuild the depot in the spring.';

/** Each block of the first document: where it starts, and whether it is a tail and may open a story. */
function tailKinds(text: string): Array<{ from: number; tail: boolean; opens: boolean }> {
  const f = extractAll([[text, undefined]]);
  return range(f.blockStart[0], f.blockStart[1]).map((b) => ({ from: f.blockFrom[b], tail: (f.blockKind[b] & BLOCK_TAIL) !== 0, opens: (f.blockKind[b] & BLOCK_MAY_OPEN_STORY) !== 0 }));
}

test('FeatureExtractor: a last paragraph opening with a lead starts a tail block; one opening with a quote, a pronoun or a connective, or after a colon, does not', () => {
  const tailAt = (text: string, at: number) => tailKinds(text).some((b) => b.tail && b.from === at);
  const lead = `${TAIL_ARTICLE}\n\nThe Ashcombe company said ${TAIL_LAST}\n`;
  const at = lead.indexOf('The Ashcombe company');
  const kinds = tailKinds(lead);
  assert.ok(kinds.some((b) => b.tail && b.from === at && b.opens), JSON.stringify(kinds));
  // Every block here opens a paragraph that may open a story.
  assert.ok(kinds.every((b) => b.opens));
  // Off (minTailTerms 0): no tail.
  assert.ok(extractAll([[lead, undefined]], NO_TAIL).blockKind.every((k) => (k & BLOCK_TAIL) === 0));
  for (const opening of ['She said ', 'But ', 'Then ', '"We know ', '\u201cWe know ', 'It is clear ', 'HE SAID ']) {
    const text = `${TAIL_ARTICLE}\n\n${opening}${TAIL_LAST}\n`;
    assert.not.ok(tailAt(text, text.indexOf(opening)), opening);
    // Such a paragraph start may not open a story either.
    assert.not.ok(tailKinds(text).find((b) => b.from === text.indexOf(opening))?.opens, opening);
  }
  // A paragraph that a colon at the end of the one before introduces (spaces after the colon are trimmed with the line).
  const quoted = `${TAIL_ARTICLE}\n\nAsked about the depot, Hartley replied:\n\nThe Ashcombe company said ${TAIL_LAST}\n`;
  assert.not.ok(tailAt(quoted, quoted.indexOf('The Ashcombe company')));
  // A colon inside the paragraph before (10:30), not at its end, introduces nothing.
  const timed = `${TAIL_ARTICLE}\n\nThe vote was taken at 10:30\n\nThe Ashcombe company said ${TAIL_LAST}\n`;
  assert.ok(tailAt(timed, timed.indexOf('The Ashcombe company')), JSON.stringify(tailKinds(timed)));
  const inside = `${TAIL_ARTICLE}\n\nHartley said one thing: the vote stands.\n\nThe Ashcombe company said ${TAIL_LAST}\n`;
  assert.ok(tailAt(inside, inside.indexOf('The Ashcombe company')), JSON.stringify(tailKinds(inside)));
  // A block that starts inside a paragraph (small windows cut between sentences of other words) may open no story.
  const two = 'Flood in Cairo\n\nThe river flooded the old market streets of Cairo on Monday morning. Shops and homes along the river were under water by noon. Budget talks in Paris ended without any deal on farm subsidies. Ministers from France and Spain blamed each other for the failure.\n';
  const f = extractAll([[two, undefined]], { tiling: { windowTerms: 6, minBlockTerms: 6, minDepth: 0.05, minTailTerms: 0 } });
  const starts = range(f.blockStart[0], f.blockStart[1]).map((b) => ({ from: f.blockFrom[b], opens: (f.blockKind[b] & BLOCK_MAY_OPEN_STORY) !== 0 }));
  const inParagraph = starts.filter((b) => b.from > 0 && two.slice(b.from - 2, b.from) !== '\n\n');
  assert.ok(inParagraph.length > 0, JSON.stringify(starts));
  assert.ok(inParagraph.every((b) => !b.opens), JSON.stringify(starts));
  assert.ok(starts[0].opens);
});

test('FeatureExtractor: a tail block and the block before it keep the terms the two keep as one block, with their own counts', () => {
  // Two short paragraphs at the end, a footer after them: tails start at the last paragraphs' starts. With 4 terms a
  // block, each block the rule cuts (as extracted with the rule off) keeps its 4 heaviest; cut, each piece keeps those
  // of the 4 it holds, counted in the piece, so that the pieces' counts add up to the block's. Every other block is
  // as with the rule off.
  const text = `${TAIL_ARTICLE}\n\nThe Ashcombe depot burned overnight in Riverton, and the depot fire burned for six hours.\n\nFirefighters said the Riverton depot fire was out by dawn, and the depot owners will rebuild.\n\nCopyright 2024 Springfield Herald. All rights reserved.\n`;
  const o = { maxTermsPerBlock: 4 };
  const off = extractAll([[text, undefined]], { ...o, ...NO_TAIL });
  const on = extractAll([[text, undefined]], o);
  const all = extractAll([[text, undefined]], { maxTermsPerBlock: 10000 });
  const termsOfBlock = (f: FeatureBatch, b: number) => new Map(range(f.termStart[b], f.termStart[b + 1]).map((t) => [f.termId[t], f.termCount[t]]));
  const sorted = (m: Map<number, number> | Array<[number, number]>) => [...m].sort((x, y) => x[0] - y[0]);
  const isTail = (b: number) => (on.blockKind[b] & BLOCK_TAIL) !== 0;
  assert.is(all.blockStart[1], on.blockStart[1]);
  // Each block cut by the rule: a block that is no tail and the tails right after it, one block with the rule off.
  const groups: number[][] = [];
  for (let b = 0; b + 1 < on.blockStart[1]; b++) {
    if (isTail(b) || !isTail(b + 1)) continue;
    const group = [b];
    while (isTail(group[group.length - 1] + 1)) group.push(group[group.length - 1] + 1);
    groups.push(group);
  }
  assert.ok(groups.length > 0 && groups.some((g) => g.length > 2), JSON.stringify(groups));
  const cutBlocks: number[] = [];
  for (const group of groups) {
    const cut = range(0, off.blockStart[1]).find((b) => off.blockFrom[b] === on.blockFrom[group[0]])!;
    assert.is(off.blockTo[cut], on.blockTo[group[group.length - 1]]);
    cutBlocks.push(cut);
    const kept = termsOfBlock(off, cut);
    assert.is(kept.size, 4);
    const sums = new Map<number, number>();
    for (const b of group) {
      // The piece's own counts of every term (it holds more than 4), restricted to the 4 kept.
      const own = termsOfBlock(all, b);
      assert.ok(own.size > 4, `block ${b}: ${own.size} terms`);
      const expected = sorted([...own].filter(([id]) => kept.has(id)));
      assert.equal(sorted(termsOfBlock(on, b)), expected, `block ${b}`);
      for (const [id, n] of expected) sums.set(id, (sums.get(id) ?? 0) + n);
    }
    assert.equal(sorted(sums), sorted(kept));
  }
  // Blocks before and after (the footer) keep what they keep with the rule off.
  const other = (f: FeatureBatch, skip: number[]) => range(0, f.blockStart[1]).filter((b) => !skip.includes(b)).map((b) => [f.blockFrom[b], sorted(termsOfBlock(f, b))]);
  assert.equal(other(on, groups.flat()), other(off, cutBlocks));
  assert.ok((on.blockKind[on.blockStart[1] - 1] & BLOCK_BOILERPLATE) !== 0, 'the footer is a block after the tails');
});

/** Each document's edge paragraphs as [hash, tokens] records, from extracting `texts` into one batch. */
function edgeRecords(texts: string[]): Array<Array<[number, number]>> {
  const ex = new FeatureExtractor();
  const b = new BatchBuilder(texts.length, ex.numPerm);
  for (const t of texts) ex.extract(t, undefined, b);
  const f = b.finish();
  return texts.map((_, d) => Array.from({ length: f.edgeStart[d + 1] - f.edgeStart[d] }, (_, k): [number, number] => [f.edgeHash[f.edgeStart[d] + k], f.edgeTokens[f.edgeStart[d] + k]]));
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);

/** Paragraph i: 7 + i % 3 tokens, words of its own. */
const paragraph = (i: number) => `Paragraph number ${i} says ${'more '.repeat(i % 3)}about the harbour.`;

test('FeatureExtractor: edge paragraphs are the first 3 and the last 10 in text order, the middle one record of 0 tokens, as the same paragraphs give alone', () => {
  assert.equal([HEAD_PARAGRAPHS, TAIL_PARAGRAPHS, MIN_EDGE_TOKENS], [3, 10, 4]);
  const doc = (from: number, to: number) => range(from, to).map(paragraph).join('\n\n');
  const [thirteen, fourteen, lastTen, twentyFive] = edgeRecords([doc(0, 13), doc(0, 14), doc(4, 14), doc(0, 25)]);
  // 13 paragraphs: all of them, no middle record; each paragraph has its hash in any document.
  assert.equal(thirteen.map(([, t]) => t), range(0, 13).map((i) => 7 + (i % 3)));
  assert.equal(fourteen.slice(0, 3), thirteen.slice(0, 3));
  // 14: the first 3, the middle (paragraph 3), then paragraphs 4..13, as a document of those 10 alone records them.
  assert.equal(fourteen[3], [0, 0]);
  assert.equal(fourteen.slice(4), lastTen);
  assert.is(fourteen.length, 14);
  assert.equal(fourteen.slice(4, 13), thirteen.slice(4, 13));
  // 25: the ring has turned more than once; still the last 10 in order.
  assert.equal(twentyFive.slice(0, 4), fourteen.slice(0, 4));
  assert.equal(twentyFive.slice(4).map(([, t]) => t), range(15, 25).map((i) => 7 + (i % 3)));
  assert.is(new Set(twentyFive.slice(4).map(([h]) => h)).size, 10);
  assert.not.ok(twentyFive.slice(4).some(([h]) => fourteen.some(([h2]) => h2 === h)), 'paragraphs 15..24 are none of 0..13');
});

test('FeatureExtractor: edge paragraphs of 4 tokens are recorded, of 3 not (they take no place); a repeated paragraph once; tokens capped at 65,535', () => {
  // The 4-token line (16 characters: under the 20 from which a repeated line is skipped as boilerplate) comes twice.
  const [records] = edgeRecords([['We are here.', paragraph(0), 'We are here now.', paragraph(1), paragraph(2), 'We are here now.'].join('\n\n')]);
  // Head: paragraph 0, the 4-token line, paragraph 1 (the 3-token line is skipped); tail: paragraph 2, the line again (kept once).
  assert.equal(records.map(([, t]) => t), [7, 4, 8, 9]);
  const [same] = edgeRecords([[paragraph(0), 'We are here now.', paragraph(1), paragraph(2)].join('\n\n')]);
  assert.equal(same.map(([, t]) => t), [7, 4, 8, 9]);
  assert.equal(records, same);
  // The order of a paragraph's words is part of its hash.
  const [ab, ba] = edgeRecords(['Harbour pier storm ferry closed today.', 'Pier harbour storm ferry closed today.']);
  assert.is.not(ab[0][0], ba[0][0]);
  const [huge] = edgeRecords([`${Array.from({ length: 70_000 }, (_, i) => `w${i}`).join(' ')}.`]);
  assert.equal(huge.map(([, t]) => t), [65_535]);
});

test('FeatureExtractor: more tokens than the scratch arrays hold (65,536) are all hashed', () => {
  // every token a word of its own, so the last 4,464 shingles are new ones; 128 bins
  const words = Array.from({ length: 70_000 }, (_, i) => `w${i}`);
  const text = `${words.join(' ')}.`;
  const ex = new FeatureExtractor();
  const b = new BatchBuilder(1, 128);
  ex.extract(text, undefined, b);
  const f = b.finish();
  const ref = minhash(text);
  assert.is(f.tokens[0], 70_000);
  assert.equal([arr(f.signatures), f.shingles[0]], [arr(ref.values), ref.shingles]);
});

test('FeatureExtractor: a sentence-opening word is a word, not a name, unless it is capitalised mid-sentence too', () => {
  const f = extractAll([['The storm hit the town. Officials met Reuters. Reuters said so.', undefined]]);
  const ids = arr(f.termId);
  const word = (stem: string) => (hashRef(stem) & ~3) >>> 0;
  const name = (folded: string) => ((combineRef(hashRef(folded), NAME) & ~3) | NAME) >>> 0;
  assert.ok(ids.includes(word('offici')), 'Officials opens a sentence: a word');
  assert.not.ok(ids.includes(name('officials')));
  assert.ok(ids.includes(name('reuters')), 'Reuters: a name');
  assert.not.ok(ids.includes(word('reuter')), 'Reuters opening a sentence is still the name');
});

test('FeatureExtractor: a headline that is only a date stamp is no headline; a block of boilerplate first does not decide the title', () => {
  const f = extractAll([[`Posted Nov 27, 2005 8:20 AM ET\n\n${STORY.split('\n\n')[1]}`, undefined], [`${BOILER}\n\n${STORY}`, undefined]], NO_TAIL);
  assert.equal(f.headlines, ['', '', 'Storm Hits Cairo']);
  assert.equal(f.titles, ['', 'Storm Hits Cairo']);
  assert.equal(arr(f.blockKind), [BLOCK_HEADLINE | BLOCK_MAY_OPEN_STORY, BLOCK_BOILERPLATE | BLOCK_MAY_OPEN_STORY, BLOCK_HEADLINE | BLOCK_MAY_OPEN_STORY]);
});

test('FeatureExtractor: lead numbers: within the first 75 tokens of their block, each once, at their first token from the block\'s start', () => {
  const w = Array.from({ length: 74 }, (_, i) => `w${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`).join(' ');
  const number = (digits: string) => ((combineRef(hashRef(digits), NUMBER) & ~3) | NUMBER) >>> 0;
  const f = extractAll([
    [`${w} 10 11 more words here.`, undefined], // 10 is token 74, 11 token 75
    ['Storms hit towns 2023 again.', undefined], // its 4th term is a number
    ['Calm weather today.', undefined], // 3 terms: no number
    ['Storms hit 12 towns in 2023 and 12 more in 2024.', undefined],
    ['Again 12 towns.', undefined],
    [`${BOILER.replace('2020', 'two thousand')}\n\n${STORY}`, undefined], // the story block starts at token 10
    [`${MENU_38}\n\n${STORY}`, undefined], // the story block starts at token 38
  ], NO_TAIL);
  const lead = (b: number) => [arr(f.leadId.subarray(f.leadStart[b], f.leadStart[b + 1])), arr(f.leadAt.subarray(f.leadStart[b], f.leadStart[b + 1]))];
  assert.equal(lead(0), [[number('10')], [74]]);
  assert.equal(lead(1), [[number('2023')], [3]]);
  assert.equal(lead(2), [[], []]);
  assert.equal(lead(3), [[number('12'), number('2023'), number('2024')], [2, 5, 10]]);
  assert.equal(lead(4), [[number('12')], [1]]);
  assert.equal(f.blockStart[6] - f.blockStart[5], 2);
  // Storm(0) Hits Cairo The storm hit Cairo on Monday Officials in Cairo said 42(13)
  assert.equal(lead(f.blockStart[5] + 1), [[number('42')], [13]]);
  // 42 is token 51 of the document: within 75 of its block's start (38), not of the document's.
  assert.equal(f.blockStart[7] - f.blockStart[6], 2);
  assert.equal(lead(f.blockStart[6] + 1), [[number('42')], [13]]);
});

test('FeatureExtractor: a top term first met at token 1 keeps its written form', () => {
  const f = extractAll([['The storm hit the storm wall and the storm came back.', undefined]]);
  assert.ok(f.surfaces.includes('storm'), f.surfaces.join(','));
});

// ---------------------------------------------------------------- TopTerms at its limits

test('TopTerms: a count of 2^20 (too large to pack) takes the comparator path and gives the same answer; more terms than its scratch arrays', () => {
  const top = new TopTerms();
  // id 40 counted 2^20 times, 8 three times, 12 and 4 twice, 16 once
  const ids = new Uint32Array(2 ** 20 + 8);
  ids.fill(40);
  ids.set([8, 8, 8, 12, 12, 4, 4, 16], 2 ** 20);
  const got = (max: number) => {
    const t = top.byId(ids, 0, ids.length, max);
    return [arr(t.ids.subarray(0, t.length)), arr(t.counts.subarray(0, t.length))];
  };
  // (each call counts the 2^20 again: two calls only)
  assert.equal(got(3), [[4, 8, 40], [2, 3, 2 ** 20]]); // 4 and 12 tie: the smaller id
  assert.equal(got(10), [[4, 8, 12, 16, 40], [2, 3, 2, 1, 2 ** 20]]);
  const into = new U32Map(4);
  // (heaviest's packing is right up to ~3 million repeats, where the double loses the id's bits: its comparator path gives the same set here)
  top.heaviest(ids, [0, ids.length], [0], 3, into);
  assert.equal([into.size, into.has(40), into.has(8), into.has(4), into.has(12)], [3, true, true, true, false]);
  // one less than 2^20 packs
  const fewer = ids.subarray(1);
  const t = top.byId(fewer, 0, fewer.length, 2);
  assert.equal([arr(t.ids.subarray(0, t.length)), arr(t.counts.subarray(0, t.length))], [[8, 40], [3, 2 ** 20 - 1]]);
  // 3,000 distinct terms (more than the 1,024 its arrays start with), all kept, or the 5 most frequent
  const many = Uint32Array.from({ length: 3000 }, (_, i) => 4 * (3000 - i));
  const all = top.byId(many, 0, 3000, 5000);
  assert.is(all.length, 3000);
  assert.equal([all.ids[0], all.ids[2999], all.counts[1500]], [4, 12000, 1]);
  const twice = Uint32Array.from([...many, 400, 800, 800]);
  const five = top.byId(twice, 0, twice.length, 5);
  assert.equal([arr(five.ids.subarray(0, 5)), arr(five.counts.subarray(0, 5))], [[4, 8, 12, 400, 800], [1, 1, 1, 2, 3]]);
  const heavy = top.heaviest(twice, [0, 3003], [0], 2, into);
  assert.equal([heavy.size, heavy.has(400), heavy.has(800)], [2, true, true]);
});

test('Surfaces.of: exactly the ids given', () => {
  const s = Surfaces.of([7, 9], ['seven', 'nine', 'extra']);
  assert.is(s.size, 2);
  assert.equal(s.sorted(), { ids: Uint32Array.from([7, 9]), forms: ['seven', 'nine'] });
});

test('BlockVectors: a document of more terms than its arrays start with (1,024), loaded first though it is not document 0', () => {
  // doc 0: one block of term 4; doc 1: two blocks of 1,500 distinct words each, 500 of them shared
  const b1 = Array.from({ length: 1500 }, (_, i) => 8 * (i + 1));
  const b2 = Array.from({ length: 1500 }, (_, i) => 8 * (i + 1001));
  const f = features([[[4]], [b1, b2]]);
  const df = DocumentFrequencies.ofBlocks(f, 1, () => true);
  const v = new BlockVectors(f, df, DEFAULT_TERM_WEIGHTS, 5000);
  v.load(1);
  const got = v.vector([1, 2], new VectorArena());
  // terms 8..8000 (1,000 of them only in block 1, 500 in both, 1,000 only in block 2): idf 1 + ln(3/2) for one block, 1 for both
  const idf1 = Math.log(3 / 2) + 1;
  const raw = Array.from({ length: 2500 }, (_, i) => (i >= 1000 && i < 1500 ? (1 + Math.log(2)) * 1 : idf1));
  const norm = Math.sqrt(raw.reduce((a, x) => a + x * x, 0));
  assert.is(got.ids.length, 2500);
  assert.equal([got.ids[0], got.ids[1000], got.ids[2499]], [8, 8008, 20000]);
  assert.equal([got.weights[0], got.weights[1200], got.weights[2499]], [f32(raw[0] / norm), f32(raw[1200] / norm), f32(raw[2499] / norm)]);
  v.load(0);
  const zero = v.vector([0], new VectorArena());
  assert.equal([arr(zero.ids), arr(zero.weights)], [[4], [1]]);
});

test.run();
