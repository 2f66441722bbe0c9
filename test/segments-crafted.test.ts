/**
 * Segmentation after the workers' proposals (segments/resolve.ts, flat.ts,
 * crossdoc.ts, corpus.ts, tasks.ts, stored-segment.ts) on hand-made
 * features, where every vector is worked out by hand: terms are words (id
 * a multiple of 4) counted once, and every term is in exactly one counted
 * document, so every idf is the same and a vector of n terms weighs 1/√n
 * each. Vectors of 1, 4 or 16 terms then have exact weights (1, 0.5,
 * 0.25), so cosines are exact and thresholds can be met exactly. Evidence
 * documents are not counted: their representative is another document
 * (an empty one, or the text they copy).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BLOCK_BOILERPLATE, BLOCK_HEADLINE, BLOCK_MAY_OPEN_STORY, BLOCK_TAIL, type FeatureBatch, type SegmentFeatures } from '../src/features/batch.js';
import { DEFAULT_TERM_WEIGHTS, DocumentFrequencies, EMPTY_VECTOR, type SparseVector } from '../src/features/tfidf.js';
import { IN_THIS_THREAD, eventVectors, segmentObjects, splitCorpus, type SegmentRunner } from '../src/segments/corpus.js';
import { CorpusEvidence, type CrossDocOptions } from '../src/segments/crossdoc.js';
import { flatBuffers, flatten, isBoilerplate, unflatten, withoutVectors } from '../src/segments/flat.js';
import { resolveSegments, type ResolvedSegment, type SegmentationOptions } from '../src/segments/resolve.js';
import { StoredSegment } from '../src/segments/stored-segment.js';
import { segment } from '../src/segments/segment.js';

// ---------------------------------------------------------------- features by hand

interface BlockSpec {
  /** Term names (letters); each a word counted once. */
  terms: string;
  tokens: number;
  headline?: boolean;
  boilerplate?: boolean;
  /** The block starts inside a paragraph (blocks open paragraphs unless told). */
  inParagraph?: boolean;
  /** A tail block (segments/tiling.ts `tailStarts`): cut off the story before it only for the corpus to judge. */
  tail?: boolean;
}

/** Term name (a character) → id: a word (id & 3 = 0), ids ascending with the name. */
const id = (name: string): number => 4 * name.charCodeAt(0);

/**
 * Features of documents given as blocks. Block k of a document spans
 * characters [100k, 100k + 50), so a segment of blocks k..m spans
 * [100k, 100m + 50).
 */
function features(docs: BlockSpec[][]): SegmentFeatures {
  const blocks = docs.flat();
  const blockStart = new Uint32Array(docs.length + 1);
  docs.forEach((d, i) => (blockStart[i + 1] = blockStart[i] + d.length));
  const termStart = new Uint32Array(blocks.length + 1);
  const ids: number[] = [];
  blocks.forEach((b, i) => {
    const sorted = [...new Set(b.terms)].map(id).sort((x, y) => x - y);
    ids.push(...sorted);
    termStart[i + 1] = ids.length;
  });
  const inDoc = docs.flatMap((d) => d.map((_, k) => k));
  return {
    count: docs.length,
    blockStart,
    blockFrom: Int32Array.from(inDoc, (k) => 100 * k),
    blockTo: Int32Array.from(inDoc, (k) => 100 * k + 50),
    blockKind: Uint8Array.from(blocks, (b) => (b.boilerplate ? BLOCK_BOILERPLATE : 0) | (b.headline ? BLOCK_HEADLINE : 0) | (b.inParagraph ? 0 : BLOCK_MAY_OPEN_STORY) | (b.tail ? BLOCK_TAIL : 0)),
    blockTokens: Uint32Array.from(blocks, (b) => b.tokens),
    termStart,
    termId: Uint32Array.from(ids),
    termCount: new Uint16Array(ids.length).fill(1),
  };
}

/** One idf for every term: frequencies over one block that holds them all. */
const EVEN_DF = DocumentFrequencies.ofBlocks(features([[{ terms: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', tokens: 1 }]]), 0, () => true);

const story = (terms: string, tokens = 100, headline = false): BlockSpec => ({ terms, tokens, headline });
const furniture = (terms = '', tokens = 5): BlockSpec => ({ terms, tokens, boilerplate: true });

/** A segment as: blocks (within the document), kind, opening, span and tokens. */
function shape(f: SegmentFeatures, doc: number, s: ResolvedSegment): string {
  const first = f.blockStart[doc];
  return `${s.blocks.map((b) => b - first).join(',')} ${s.boilerplate ? 'boilerplate' : 'story'} ${s.openedBy} ${s.start}-${s.end} ${s.tokens}`;
}

/** The term names of a vector, e.g. "abcd". */
function terms(v: SparseVector): string {
  return Array.from(v.ids, (x) => String.fromCharCode(x / 4)).join('');
}

function resolve(docs: BlockSpec[][], options: SegmentationOptions = {}, doc = 0): string[] {
  const f = features(docs);
  return resolveSegments(f, doc, EVEN_DF, DEFAULT_TERM_WEIGHTS, 100, options).map((s) => shape(f, doc, s));
}

// ---------------------------------------------------------------- resolve.ts

test('resolveSegments: the most similar neighbours merge first, while the cosine reaches mergeSimilarity (exactly is enough)', () => {
  // cos(0,1) = 3/4, cos(1,2) = 0, cos(2,3) = 2/4 exactly: at 0.5, 0+1 and 2+3 merge (margins 0.25 and 0), 1|2 stays.
  assert.equal(resolve([[story('abcd'), story('abce'), story('fghi'), story('fgxy')]], { mergeSimilarity: 0.5 }), [
    '0,1 story edge 0-150 200',
    '2,3 story cohesion 200-350 200',
  ]);
  // Just above 2/4, 2|3 stays.
  assert.equal(resolve([[story('abcd'), story('abce'), story('fghi'), story('fgxy')]], { mergeSimilarity: 0.5000001 }).length, 3);
  // cos(A,B) = 2/4 and cos(B,C) = 3/4: B+C merge first, and then A·(B+C) = 0.41 < 0.5 keeps A apart.
  // (A+B first would give (A+B)·C = 0.59 and one segment.)
  assert.equal(resolve([[story('abcd'), story('abef'), story('befg')]], { mergeSimilarity: 0.5 }), ['0 story edge 0-50 100', '1,2 story cohesion 100-250 200']);
  // Mirrored, A+B merge first (3/4 against 2/4).
  assert.equal(resolve([[story('befg'), story('abef'), story('abcd')]], { mergeSimilarity: 0.5 }), ['0,1 story edge 0-150 200', '2 story cohesion 200-250 100']);
  // Equally similar pairs (2/4 and 2/4): the first merges, and then (A+B)·C = 0.32 keeps C apart.
  assert.equal(resolve([[story('abcd'), story('abef'), story('efgh')]], { mergeSimilarity: 0.5 }), ['0,1 story edge 0-150 200', '2 story cohesion 200-250 100']);
});

test('resolveSegments: a tail block is one with the block before it, as cohesion would see the two unsplit', () => {
  const tail = (terms: string, tokens: number): BlockSpec => ({ terms, tokens, tail: true });
  // Nothing shared (cos 0) and long enough (100 tokens) to stand alone, yet one part: a tail is cut only for the corpus.
  assert.equal(resolve([[story('abcd'), tail('efgh', 100)]]), ['0,1 story edge 0-150 200']);
  // Two tails after a story: one part of three blocks; the story after them (cos 0 with it) is a part of its own.
  assert.equal(resolve([[story('abcd'), tail('efgh', 30), tail('ijkl', 30), story('mnop')]]), ['0,1,2 story edge 0-250 160', '3 story cohesion 300-350 100']);
  // The part's tokens count the tail's: 50 + 20 = 70 is not under minSegmentTokens (60), so it is not merged into
  // the next part (cos 0 with it, which merging would not care about).
  assert.equal(resolve([[story('abcd', 50), tail('abce', 20), story('wxyz')]]), ['0,1 story edge 0-150 70', '2 story cohesion 200-250 100']);
});

test('resolveSegments: a block opening with a headline needs headlineMergeSimilarity; the merged part keeps its first block\'s headline', () => {
  // cos(A, H) = 2/4: merged at 0.5 exactly, kept apart above it; mergeSimilarity does not apply to it.
  assert.equal(resolve([[story('abcd'), story('abef', 100, true)]], { mergeSimilarity: 0, headlineMergeSimilarity: 0.5 }), ['0,1 story edge 0-150 200']);
  assert.equal(resolve([[story('abcd'), story('abef', 100, true)]], { mergeSimilarity: 0, headlineMergeSimilarity: 0.51 }), [
    '0 story edge 0-50 100',
    '1 story headline 100-150 100',
  ]);
  // The headline is the earlier block: the later one needs only mergeSimilarity.
  assert.equal(resolve([[story('abcd', 100, true), story('abef')]], { mergeSimilarity: 0.5, headlineMergeSimilarity: 0.9 }), ['0,1 story edge 0-150 200']);
  // A | H + B: H and B merge (3/4), A·H = 0; the part H+B opens with a headline.
  assert.equal(resolve([[story('abcd'), story('efgh', 100, true), story('efgi')]], { mergeSimilarity: 0.5, headlineMergeSimilarity: 0.5 }), [
    '0 story edge 0-50 100',
    '1,2 story headline 100-250 200',
  ]);
  // The defaults: 0.05 and 0.35 (cos 1/4 merges a plain block, not a headline).
  assert.equal(resolve([[story('abcd'), story('aefg')]]), ['0,1 story edge 0-150 200']);
  assert.equal(resolve([[story('abcd'), story('aefg', 100, true)]]).length, 2);
  // 1/16 ≥ 0.05 merges, 0 does not.
  assert.equal(resolve([[story('abcdefghijklmnop'), story('aABCDEFGHIJKLMNO')]]).length, 1);
  assert.equal(resolve([[story('abcdefghijklmnop'), story('ABCDEFGHIJKLMNOP')]]).length, 2);
  // 60 tokens by default: 59 joins its neighbour.
  assert.equal(resolve([[story('abcd'), story('ABCD', 59)]]).length, 1);
  assert.equal(resolve([[story('abcd'), story('ABCD', 60)]]).length, 2);
});

test('resolveSegments: a part under minSegmentTokens joins its more similar neighbour (the one before on a tie), shortest first', () => {
  const o = { mergeSimilarity: 2, headlineMergeSimilarity: 2, minSegmentTokens: 60 };
  // S (10 tokens) shares 1/4 with A and 2/4 with B: it joins B.
  assert.equal(resolve([[story('abcd'), story('aefg', 10), story('efhi')]], o), ['0 story edge 0-50 100', '1,2 story cohesion 100-250 110']);
  // A tie (1/4 each side): it joins A.
  assert.equal(resolve([[story('abcd'), story('aefg', 10), story('ehij')]], o), ['0,1 story edge 0-150 110', '2 story cohesion 200-250 100']);
  // 59 tokens is short, 60 is not.
  assert.equal(resolve([[story('abcd'), story('efgh', 60)]], o).length, 2);
  assert.equal(resolve([[story('abcd'), story('efgh', 59)]], o), ['0,1 story edge 0-150 159']);
  // The first part and the last part have one neighbour each.
  assert.equal(resolve([[story('abcd', 10), story('efgh'), story('ijkl')]], o), ['0,1 story edge 0-150 110', '2 story cohesion 200-250 100']);
  assert.equal(resolve([[story('abcd'), story('efgh'), story('ijkl', 10)]], o), ['0 story edge 0-50 100', '1,2 story cohesion 100-250 110']);
  // Two short parts: the shorter (20) goes first, to B (2/4 against 0); then 30 + ... A (30) is still short and joins B+C.
  assert.equal(resolve([[story('abcd', 30), story('efgh', 100), story('efij', 20), story('mnop', 100)]], o), [
    '0,1,2 story edge 0-250 150',
    '3 story cohesion 300-350 100',
  ]);
  // Equally short: the first of them goes first.
  assert.equal(resolve([[story('abcd', 100), story('aefg', 20), story('ehij', 20), story('hklm', 100)]], o), [
    '0,1 story edge 0-150 120',
    '2,3 story cohesion 200-350 120',
  ]);
  // The shortest goes first even when another short part comes before it; which one goes first decides where
  // C goes: after A joins B, C shares 0.18 with A+B (more than 1/8 with D), before it, nothing with B.
  const d16 = 'iABCDEFGHIJKLMNO';
  assert.equal(resolve([[story('abcd', 10), story('efgh'), story('aijk', 30), story(d16)]], o), ['0,1,2 story edge 0-250 140', '3 story cohesion 300-350 100']);
  assert.equal(resolve([[story('abcd', 30), story('efgh'), story('aijk', 10), story(d16)]], o), ['0,1 story edge 0-150 130', '2,3 story cohesion 200-350 110']);
  // A lone short part stays as it is.
  assert.equal(resolve([[story('abcd', 10)]], o), ['0 story edge 0-50 10']);
});

test('resolveSegments: boilerplate runs are segments of their own, with no vector; a story after one opens at an edge', () => {
  const f = features([
    [story('zz', 1)],
    [furniture('ab'), furniture('cd'), story('abcd'), story('efgh', 100, true), furniture(), story('abef'), story('ijkl')],
  ]);
  const segs = resolveSegments(f, 1, EVEN_DF, DEFAULT_TERM_WEIGHTS, 100, { mergeSimilarity: 0.5 });
  assert.equal(
    segs.map((s) => shape(f, 1, s)),
    ['0,1 boilerplate edge 0-150 10', '2 story edge 200-250 100', '3 story headline 300-350 100', '4 boilerplate edge 400-450 5', '5 story edge 500-550 100', '6 story cohesion 600-650 100'],
  );
  assert.equal(segs.map((s) => terms(s.vector)), ['', 'abcd', 'efgh', '', 'abef', 'ijkl']);
  assert.equal(Array.from(segs[1].vector.weights), [0.5, 0.5, 0.5, 0.5]);
  // maxTerms caps a vector (equal weights: the lower ids stay).
  const capped = resolveSegments(f, 1, EVEN_DF, DEFAULT_TERM_WEIGHTS, 2, { mergeSimilarity: 0.5 });
  assert.equal(capped.map((s) => terms(s.vector)), ['', 'ab', 'ef', '', 'ab', 'ij']);
  // A document of no blocks has no segments.
  assert.equal(resolve([[story('a')], []], {}, 1), []);
});

// ---------------------------------------------------------------- flat.ts, stored-segment.ts

/** Segments by hand: [blocks, boilerplate, opening, vector terms]; span and tokens from the features. */
function segs(f: SegmentFeatures, list: Array<[number[], boolean, ResolvedSegment['openedBy'], string]>): ResolvedSegment[] {
  return list.map(([blocks, boilerplate, openedBy, t]) => {
    const ids = Uint32Array.from([...t].map(id));
    const vector = { ids, weights: Float32Array.from(ids, (_, i) => i + 1) };
    const first = blocks[0];
    const last = blocks[blocks.length - 1];
    return { blocks, boilerplate, openedBy, start: f.blockFrom[first], end: f.blockTo[last], tokens: blocks.reduce((n, b) => n + f.blockTokens[b], 0), vector };
  });
}

test('flatten / unflatten: runs of blocks, kinds and openings as bits, vectors back to back; and back as the same segments', () => {
  const f = features([[story('ab', 10), story('cd', 20), furniture()], [story('ef', 30), story('gh', 40, true), story('ij', 50)], []]);
  const doc0 = segs(f, [[[0, 1], false, 'edge', 'ab'], [[2], true, 'edge', '']]);
  const doc1 = segs(f, [[[3], false, 'edge', 'e'], [[4], false, 'headline', 'gh'], [[5], false, 'corpus', 'ijk']]);
  const flat = flatten([doc0, doc1, []], 7, { shared: false });
  assert.is(flat.firstDoc, 7);
  assert.equal(Array.from(flat.segmentStart), [0, 2, 5, 5]);
  assert.equal(Array.from(flat.firstBlock), [0, 2, 3, 4, 5]);
  assert.equal(Array.from(flat.blockCount), [2, 1, 1, 1, 1]);
  // bit 0 boilerplate, bits 1-2: edge 0, headline 1, cohesion 2, corpus 3
  assert.equal(Array.from(flat.kind), [0, 1, 0, 2, 6]);
  assert.equal(Array.from(flat.vectorStart!), [0, 2, 2, 3, 5, 8]);
  assert.equal(Array.from(flat.ids!), [...'abeghijk'].map(id));
  assert.equal(Array.from(flat.weights!), [1, 2, 1, 1, 2, 1, 2, 3]);
  assert.equal([0, 1, 2, 3, 4].map((s) => isBoilerplate(flat, s)), [false, true, false, false, false]);
  assert.not.ok(flat.ids!.buffer instanceof SharedArrayBuffer);
  // A cohesion opening: bits 1-2 = 2.
  assert.equal(Array.from(flatten([segs(f, [[[0], false, 'cohesion', '']])], 0).kind), [4]);

  const back = unflatten(f, flat);
  assert.equal(back.map((d) => d.map((s) => `${s.blocks.join(',')} ${s.boilerplate} ${s.openedBy} ${s.start}-${s.end} ${s.tokens} ${terms(s.vector)} ${Array.from(s.vector.weights).join(',')}`)), [
    ['0,1 false edge 0-150 30 ab 1,2', '2 true edge 200-250 5  '],
    ['3 false edge 0-50 30 e 1', '4 false headline 100-150 40 gh 1,2', '5 false corpus 200-250 50 ijk 1,2,3'],
    [],
  ]);
  // Vectors are read only when all three arrays are there.
  for (const partial of [{ ...flat, vectorStart: undefined }, { ...flat, ids: undefined }, { ...flat, weights: undefined }]) {
    assert.ok(unflatten(f, partial).flat().every((x) => x.vector.ids.length === 0));
  }
  // Without vectors: none sent, none read.
  const bare = flatten([doc0, doc1, []], 7);
  assert.equal([bare.vectorStart, bare.ids, bare.weights], [undefined, undefined, undefined]);
  assert.ok(unflatten(f, bare).flat().every((s) => s.vector.ids.length === 0 && s.vector.weights.length === 0));
  assert.equal(Object.keys(withoutVectors(flat)).sort(), ['blockCount', 'firstBlock', 'firstDoc', 'kind', 'segmentStart']);
  assert.equal(withoutVectors(flat).kind, flat.kind);
  assert.is(withoutVectors(flat).firstDoc, 7);
});

test('flatten: a segment that is not a run of blocks is refused; vectors into a region of shared arrays, which they must fit', () => {
  const f = features([[story('ab'), story('cd'), story('ef')], [story('gh'), story('ij')]]);
  assert.throws(() => flatten([segs(f, [[[0, 1, 2], false, 'edge', '']]), segs(f, [[[3, 3], false, 'edge', '']])], 4), (e: Error) => e.message === 'segment of document 5 is not a run of blocks');
  assert.throws(() => flatten([segs(f, [[[0, 2], false, 'edge', '']])], 0), /not a run of blocks/);
  assert.throws(() => flatten([segs(f, [[[1, 0], false, 'edge', '']])], 0), /not a run of blocks/);

  const region = { ids: new Uint32Array(new SharedArrayBuffer(4 * 8)), weights: new Float32Array(new SharedArrayBuffer(4 * 8)), from: 3, to: 7 };
  const four = segs(f, [[[0], false, 'edge', 'ab'], [[1, 2], false, 'cohesion', 'cd']]);
  const flat = flatten([four], 2, region);
  assert.equal(Array.from(flat.vectorStart!), [3, 5, 7]);
  assert.equal(Array.from(region.ids), [0, 0, 0, ...[...'abcd'].map(id), 0]);
  assert.is(flat.ids, region.ids);
  assert.equal(unflatten(f, flat)[0].map((s) => terms(s.vector)), ['ab', 'cd']);
  assert.throws(
    () => flatten([four], 2, { ...region, to: 6 }),
    (e: Error) => e.message === "the segment vectors of the run from document 2 hold 4 terms, more than their region's 3",
  );
  // Shared arrays stay where they are: only the others are transferred.
  const shared = flatten([four], 0, { shared: true });
  assert.ok(shared.ids!.buffer instanceof SharedArrayBuffer && shared.weights!.buffer instanceof SharedArrayBuffer);
  assert.equal(flatBuffers(shared), [shared.segmentStart.buffer, shared.firstBlock.buffer, shared.blockCount.buffer, shared.kind.buffer, shared.vectorStart!.buffer]);
  const own = flatten([four], 0, { shared: false });
  assert.is(flatBuffers(own).length, 7);
  assert.is(flatBuffers(flatten([four], 0)).length, 4);
});

test('StoredSegment: its vector is a view of the arrays until one is assigned; a boilerplate one (no arrays) is empty', () => {
  const arrays = { ids: Uint32Array.from([4, 8, 12, 16]), weights: Float32Array.from([1, 2, 3, 4]) };
  const s = new StoredSegment([0], false, 'edge', 0, 50, 10, arrays, 1, 3);
  assert.equal([Array.from(s.vector.ids), Array.from(s.vector.weights)], [[8, 12], [2, 3]]);
  arrays.weights[1] = 9;
  assert.is(s.vector.weights[0], 9, 'a view, not a copy');
  const v = { ids: Uint32Array.from([20]), weights: Float32Array.from([1]) };
  s.vector = v;
  assert.is(s.vector, v);
  assert.is(new StoredSegment([0], true, 'edge', 0, 50, 10, undefined, 0, 0).vector, EMPTY_VECTOR);
  assert.equal(Object.keys({ ...s }).sort(), ['blocks', 'boilerplate', 'end', 'openedBy', 'start', 'tokens']);
});

// ---------------------------------------------------------------- crossdoc.ts, corpus.ts, tasks.ts

/** Every story run resolved as one segment: the corpus alone decides the splits. */
const ONE_SEGMENT: SegmentationOptions = { mergeSimilarity: -1, headlineMergeSimilarity: -1, minSegmentTokens: 0 };

interface CorpusRun {
  /** Per document, its segments' shapes. */
  shapes: string[][];
  /** Per document, its segments' event vectors' terms. */
  vectors: string[][];
  segments: ResolvedSegment[][];
  splits: number;
  storeSize: number;
  /** The runs' document ranges the tasks were given. */
  resolved: string[];
  split: number;
  vectored: number;
}

/** The corpus through splitCorpus, eventVectors and segmentObjects, with a runner that records its tasks. */
async function segmentCorpus(
  docs: BlockSpec[][],
  representative: number[],
  crossDoc: CrossDocOptions = {},
  o: { eventTerms?: [number, number, number]; threads?: number } = {},
): Promise<CorpusRun> {
  const f = features(docs);
  const seen = { resolved: [] as string[], split: 0, vectored: 0 };
  const runner: SegmentRunner = {
    resolve: async (task) => {
      seen.resolved.push(`${task.from}-${task.to}`);
      const flat = await IN_THIS_THREAD.resolve(task);
      // Resolved vectors are in shared memory: the cross-document index reads them where they are, from any thread.
      assert.ok(flat.ids!.buffer instanceof SharedArrayBuffer && flat.weights!.buffer instanceof SharedArrayBuffer);
      return flat;
    },
    split: (task) => (seen.split++, IN_THIS_THREAD.split(task)),
    vectors: (task) => (seen.vectored++, IN_THIS_THREAD.vectors(task)),
    threads: o.threads ?? 1,
  };
  const split = await splitCorpus(f as FeatureBatch, Int32Array.from(representative), DEFAULT_TERM_WEIGHTS, 100, { ...ONE_SEGMENT, crossDoc }, runner);
  const made = await eventVectors(split, o.eventTerms ?? [100, 100, 100], runner);
  const { segments, vectors } = segmentObjects(f, made);
  return {
    shapes: segments.map((d, doc) => d.map((x) => shape(f, doc, x))),
    vectors: segments.map((d) => d.map((x) => terms(x.vector))),
    segments,
    splits: split.crossDocSplits,
    storeSize: vectors.ids.length,
    ...seen,
  };
}

const L_R = [story('ab', 75), story('cd', 75), story('ef', 75), story('gh', 75)];
const SPLIT_L_R = ['0,1 story edge 0-150 150', '2,3 story corpus 200-350 150'];

test('cross-document split: another report of one side (not counted: its representative is an empty document) splits the segment there', async () => {
  // A = abcd | efgh; B reports efgh.
  const run = await segmentCorpus([L_R, [story('efgh')], []], [0, 2, 2]);
  assert.equal(run.shapes, [SPLIT_L_R, ['0 story edge 0-50 100'], []]);
  assert.is(run.splits, 1);
  assert.equal(run.vectors, [['abcd', 'efgh'], ['efgh'], []]);
  assert.equal(Array.from(run.segments[0][1].vector.weights), [0.5, 0.5, 0.5, 0.5]);
  // Each side needs minSideTokens (150: 75 + 75 is enough, 151 is not, unless the last side is a tail: see the next test).
  assert.equal((await segmentCorpus([L_R, [story('efgh')], []], [0, 2, 2], { minSideTokens: 151, minTailTokens: 151 })).shapes[0], ['0,1,2,3 story edge 0-350 300']);
  // A perfect split with the first side short (100 tokens) is not made; a short last side is a tail (next test).
  const shortFirst = await segmentCorpus([[story('abcd', 100), story('efgh', 200)], [story('efgh')], []], [0, 2, 2]);
  assert.equal([shortFirst.shapes[0].length, shortFirst.splits], [1, 0]);
  // A copy of the text (same representative) is no evidence.
  const copy = await segmentCorpus([L_R, [story('efgh')]], [0, 0]);
  assert.equal([copy.shapes[0].length, copy.splits], [1, 0]);
  // No other report at all: no split.
  assert.equal((await segmentCorpus([L_R], [0])).splits, 0);
  // A document after the first of its run is split on its own blocks.
  assert.equal((await segmentCorpus([[story('z', 1)], L_R, [story('efgh')], []], [0, 1, 3, 3])).shapes[1], SPLIT_L_R);
  // Boilerplate is never split, whatever the evidence.
  const furnitureRun = L_R.map((b) => ({ ...b, boilerplate: true }));
  assert.equal((await segmentCorpus([furnitureRun, [story('efgh')], []], [0, 2, 2])).splits, 0);
  // With no minimum length, a split still leaves a block on each side: a report of the whole text is no reason to split.
  assert.equal((await segmentCorpus([[story('abcd'), story('efgh')], [story('abcdefgh')], []], [0, 2, 2], { minSideTokens: 0 })).splits, 0);
  // A segment of two blocks splits between them.
  assert.equal((await segmentCorpus([[story('abcd', 150), story('efgh', 150)], [story('efgh')], []], [0, 2, 2])).shapes[0], ['0 story edge 0-50 150', '1 story corpus 100-150 150']);
});

test('cross-document split: a short story appended last (a tail) is cut off when another report matches it and not the story before it', async () => {
  // A = abcdefgh (200 tokens) | ij (20 tokens, a teaser of B's story); B reports ijkl. cos(ij, ijkl) = 1/√2.
  const appended = [story('abcdefgh', 200), story('ij', 20)];
  const cut = ['0 story edge 0-50 200', '1 story corpus 100-150 20'];
  const r = await segmentCorpus([appended, [story('ijkl')], []], [0, 2, 2]);
  assert.equal(r.shapes[0], cut);
  assert.is(r.splits, 1);
  // With footer furniture after it, the tail is still the story's last part.
  const footed = await segmentCorpus([[...appended, furniture()], [story('ijkl')], []], [0, 2, 2]);
  assert.equal(footed.shapes[0], [...cut, '2 boilerplate edge 200-250 5']);
  // minTailTokens (8) and minTailHeadTokens (30), each met exactly, then missed by one.
  const sized = (head: number, tail: number) => segmentCorpus([[story('abcdefgh', head), story('ij', tail)], [story('ijkl')], []], [0, 2, 2]);
  assert.is((await sized(30, 8)).splits, 1);
  assert.is((await sized(30, 7)).splits, 0);
  assert.is((await sized(29, 8)).splits, 0);
  // The tail must be the side the corpus supports: another report of the story before it (abcdefgh), none of the tail, cuts nothing.
  assert.is((await segmentCorpus([appended, [story('abcdefgh')], []], [0, 2, 2])).splits, 0);
  // A last paragraph that shares words with its story (cos 1/4 ≥ maxTailSideSimilarity) is its own, however well matched.
  assert.is((await segmentCorpus([[story('abcdefgh', 200), story('aij', 20)], [story('aijk')], []], [0, 2, 2])).splits, 0);
  // The story before it resembling the tail's match (abij: cos with abcdefgh 1/4 > tailOtherSideRatio · 1/√2) cuts nothing.
  assert.is((await segmentCorpus([appended, [story('abij')], []], [0, 2, 2])).splits, 0);
  // A match below tailSupportSimilarity: ij against ijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ01 (64 terms), cos 2/√128 < 0.15.
  assert.is((await segmentCorpus([appended, [story('ijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ01')], []], [0, 2, 2])).splits, 0);
  // A tail starts a paragraph: one from inside the story's last paragraph is none.
  assert.is((await segmentCorpus([[story('abcdefgh', 200), { ...story('ij', 20), inParagraph: true }], [story('ijkl')], []], [0, 2, 2])).splits, 0);
  // A short part that is not the last of the story (another long story follows) is no tail.
  const middle = [story('abcdefgh', 200), story('ij', 20), story('mnopqrst', 200)];
  assert.is((await segmentCorpus([middle, [story('ijkl')], []], [0, 2, 2])).splits, 0);
});

test('cross-document split: a tail is the short end of the document last story only, also after other splits', async () => {
  // A short part that reports elsewhere support (ij: ijkl), at the end of a story that furniture and another story
  // follow, is not the end of the document story: no split. Without the story after the furniture, it is one.
  const early = [story('abcdefgh', 200), story('ij', 20), furniture(), story('mnopqrst', 200)];
  assert.is((await segmentCorpus([early, [story('ijkl')], []], [0, 2, 2])).splits, 0);
  assert.is((await segmentCorpus([early.slice(0, 3), [story('ijkl')], []], [0, 2, 2])).splits, 1);
  // A first story split at cd | ef (efgh reports its second half) leaves the last story, after the furniture,
  // the last: its short end ij (ijkl) is cut off too. Two splits, the segments numbered anew by the first.
  const two = await segmentCorpus([[...L_R, furniture(), story('mnopqrst', 200), story('ij', 20)], [story('efgh')], [story('ijkl')], []], [0, 3, 3, 3]);
  assert.is(two.splits, 2);
  assert.equal(two.shapes[0], [...SPLIT_L_R, '4 boilerplate edge 400-450 5', '5 story edge 500-550 200', '6 story corpus 600-650 20']);
  // Once the end (kl: reported by kl, whose other side abcdefghij shares none of it) is cut off, the part before it
  // is no longer the story end: its own short end (ij, which ij reports) stays.
  const ends = await segmentCorpus([[story('abcdefgh', 200), story('ij', 20), story('kl', 20)], [story('kl')], [story('ij')], []], [0, 3, 3, 3]);
  assert.equal(ends.shapes[0], ['0,1 story edge 0-150 220', '2 story corpus 200-250 20']);
  assert.is(ends.splits, 1);
  // A tail of two blocks cut off (ij of 30 tokens and kl: ijkl reports both, support 1; kl alone is 2/√6 like klm,
  // which shares m with the rest, 1/√33 > 0.1 · 2/√6: no support) is the story end now: its own short end (kl, whose
  // best match klm shares nothing with ij, while ij reports its other side) is cut off in turn.
  const twice = await segmentCorpus([[story('abcdefghm', 200), story('ij', 30), story('kl', 20)], [story('ijkl')], [story('klm')], [story('ij')], []], [0, 4, 4, 4, 4]);
  assert.equal(twice.shapes[0], ['0 story edge 0-50 200', '1 story corpus 100-150 30', '2 story corpus 200-250 20']);
  assert.is(twice.splits, 2);
});

test('document frequencies: one count per representative document, over story blocks only', async () => {
  // Counted: documents 0, 1 and 3 (N = 3); a is in 0 and 1 (df 2), b in 0 only (df 1). Document 2 is a copy of 1
  // (not counted), and the a in document 3's furniture is not counted. idf = ln((N + 1) / (df + 1)) + 1.
  const run = await segmentCorpus([[story('ab')], [story('a')], [story('a')], [story('c'), furniture('a')]], [0, 1, 1, 3]);
  const idfA = Math.log(4 / 3) + 1;
  const idfB = Math.log(4 / 2) + 1;
  const norm = Math.hypot(idfA, idfB);
  assert.equal(Array.from(run.segments[0][0].vector.weights), [Math.fround(idfA / norm), Math.fround(idfB / norm)]);
});

test('cross-document split: sides at least maxSideSimilarity alike stay together (cos exactly 1/4 here)', async () => {
  // A = abcd | aefg (cos 1/4); B reports aefg: support 1 − 1/4. (Background off: B also shares a with abcd.)
  const a = [story('ab', 75), story('cd', 75), story('ef', 75), story('ga', 75)];
  const docs = [a, [story('aefg')], []];
  const off = { backgroundSimilarity: 2 };
  assert.is((await segmentCorpus(docs, [0, 2, 2], { ...off, maxSideSimilarity: 0.25 })).splits, 0);
  assert.is((await segmentCorpus(docs, [0, 2, 2], { ...off, maxSideSimilarity: 0.2500001 })).splits, 1);
  assert.is((await segmentCorpus(docs, [0, 2, 2], off)).splits, 1, 'default 0.35');
  assert.is((await segmentCorpus([a, [story('abcdefgh')], []], [0, 2, 2], off)).splits, 0, 'default 0.35 > 1/4, but no side is supported alone');
});

test('cross-document split: supportSimilarity, otherSideRatio, and the background rule, each met exactly', async () => {
  // A = abcd | efgh; B = aefz (z counted once, in B's representative): cos(efgh, B) = 2/4, cos(abcd, B) = 1/4.
  // Side efgh: X = B (1/2 ≥ 0.3), the other side's 1/4 ≤ 0.5 · 1/2; but abcd's best match is B too (1/4 ≥ 0.2),
  // and efgh · B = 1/2 ≥ 0.1: background, no split. Side abcd: X = B at 1/4 < 0.3.
  // Boilerplate is no part of document frequencies: the e in the furniture of B's representative leaves every idf alike.
  const docs = [L_R, [story('aefz')], [story('z', 1), furniture('e')]];
  const reps = [0, 2, 2];
  const splits = async (o: CrossDocOptions) => (await segmentCorpus(docs, reps, o)).splits;
  assert.is(await splits({}), 0, 'background by default');
  assert.is(await splits({ backgroundSimilarity: 0.25 }), 0);
  assert.is(await splits({ backgroundSimilarity: 0.2500001 }), 1);
  assert.is(await splits({ backgroundOverlap: 0.5 }), 0);
  assert.is(await splits({ backgroundOverlap: 0.5000001 }), 1);
  const off = { backgroundSimilarity: 2 };
  assert.is(await splits({ ...off, supportSimilarity: 0.5 }), 1);
  assert.is(await splits({ ...off, supportSimilarity: 0.5000001 }), 0);
  assert.is(await splits({ ...off, otherSideRatio: 0.5 }), 1);
  assert.is(await splits({ ...off, otherSideRatio: 0.4999999 }), 0);
  const split = await segmentCorpus(docs, reps, off);
  assert.equal(split.shapes[0], SPLIT_L_R);
});

test('cross-document split: the best split first, then the left part again (three stories, two splits)', async () => {
  // A = abcd efgh ijkl (two blocks each); B = ijkl (1), C = abcy (3/4 with abcd), D = efgz (3/4 with efgh).
  // Best first: abcdefgh | ijkl (support 1, against 3/4 at abcd | efghijkl and 0.82 between blocks 3 and 4),
  // then abcd | efgh (3/4) in the left part.
  const a = ['ab', 'cd', 'ef', 'gh', 'ij', 'kl'].map((t) => story(t, 75));
  const run = await segmentCorpus([a, [story('ijkl')], [story('abcy')], [story('efgz')], [story('yz', 1)]], [0, 4, 4, 4, 4]);
  assert.equal(run.shapes[0], ['0,1 story edge 0-150 150', '2,3 story corpus 200-350 150', '4,5 story corpus 400-550 150']);
  assert.is(run.splits, 2);
  assert.equal(run.vectors[0], ['abcd', 'efgh', 'ijkl']);
});

test('cross-document split: a side\'s match is its most similar outside segment, not the last one proposed', async () => {
  // efgh: B (document 1) matches it at 1, C (document 2) at 1/4 (under 0.3): the split stands on B.
  const run = await segmentCorpus([L_R, [story('efgh')], [story('exyz')], [story('xyz', 1)]], [0, 3, 3, 3]);
  assert.equal(run.shapes[0], SPLIT_L_R);
});

test('CorpusEvidence.index: runs come with their vectors', () => {
  const f = features([[story('ab')]]);
  const flat = flatten([segs(f, [[[0], false, 'edge', 'ab']])], 0, { shared: true });
  const reps = Int32Array.from([0]);
  // The index lives in shared memory, for every thread to ask where it is, and keeps no item lists (it is only queried).
  const shared = CorpusEvidence.index([flat], reps).index;
  assert.ok([shared.lists, shared.listStart, shared.listItems, shared.listWeights].every((a) => a.buffer instanceof SharedArrayBuffer));
  assert.is(shared.itemLists, undefined);
  for (const bare of [withoutVectors(flat), { ...flat, vectorStart: undefined }, { ...flat, ids: undefined }, { ...flat, weights: undefined }]) {
    assert.throws(() => CorpusEvidence.index([bare], reps), (e: Error) => e.message === 'CorpusEvidence: runs come with their vectors');
  }
});

test('cross-document split: of two outside segments equally similar to a side, the first proposed is its match', async () => {
  // efgh matches B = efxy and C = efab at 1/2 each; B (first) shares nothing with abcd, C shares 1/2 (more than
  // half of 1/2): on B the split stands, on C it would not. (Background off: abcd matches C.)
  const run = await segmentCorpus([L_R, [story('efxy')], [story('efab')], [story('xy', 1)]], [0, 3, 3, 3], { backgroundSimilarity: 2 });
  assert.equal(run.shapes[0], SPLIT_L_R);
});

test('cross-document split: support is the match less what the other side shares with it, and the best support wins', async () => {
  // A = abcd efgh ijkl; C = abce, B = ijkm (m counted once, in their representative).
  // Between 1 and 2: abcd matches C at 3/4, efghijkl shares 0.18 of it: 0.57 (efghijkl's own support is background).
  // Between 2 and 3: ijkl matches B at 3/4, abcdefgh shares none: 0.75, the best. Then abcd | efgh: efgh matches
  // C at 1/4, which shares abcd's story (3/4): background, no more splits.
  const a = [story('abcd', 150), story('efgh', 150), story('ijkl', 150)];
  const run = await segmentCorpus([a, [story('abce')], [story('ijkm')], [story('m', 1)]], [0, 3, 3, 3]);
  assert.equal(run.shapes[0], ['0,1 story edge 0-150 300', '2 story corpus 200-250 150']);
});

test('the corpus in runs of at least 500 documents, a few per thread; evidence and copies found across runs; event vectors in one store', async () => {
  // 1,002 documents: runs [0, 500), [500, 1000), [1000, 1002). A copy of efgh in the second run (representative 0)
  // is no evidence; a report of it in the third run (representative 999, empty), after another document, is.
  const empty = (n: number) => Array.from({ length: n }, (): BlockSpec[] => []);
  const docs = [L_R, ...empty(599), [story('efgh')], ...empty(399), [story('mnop')], [furniture('xy', 5), story('efgh')]];
  const reps = docs.map((_, d) => (d === 600 ? 0 : d === 1001 ? 999 : d));
  const run = await segmentCorpus(docs, reps, {}, { eventTerms: [2, 1, 2] });
  assert.equal(run.resolved, ['0-500', '500-1000', '1000-1002']);
  assert.equal([run.split, run.vectored], [3, 3]);
  assert.equal(run.shapes[0], SPLIT_L_R);
  assert.equal(run.shapes[1001], ['0 boilerplate edge 0-50 5', '1 story edge 100-150 100']);
  // Event vectors: 2 words each (the lower ids on equal weights); boilerplate has none.
  assert.equal([run.vectors[0], run.vectors[600], run.vectors[1001]], [['ab', 'ef'], ['ef'], ['', 'ef']]);
  assert.equal(Array.from(run.segments[0][0].vector.weights), [Math.fround(Math.SQRT1_2), Math.fround(Math.SQRT1_2)]);
  // The store holds, per story segment, its blocks' terms up to 2 + 1 + 2, here 4 each: A's two, the copy, mnop, the report.
  assert.is(run.storeSize, 20);
  // Without the report, the copy alone splits nothing.
  const alone = await segmentCorpus(docs.slice(0, 1000), reps.slice(0, 1000));
  assert.equal([alone.splits, alone.shapes[0].length], [0, 1]);
  // A report that is the first segment of the second of three runs splits (the one in the third is a copy now).
  const second = await segmentCorpus(docs, reps.map((r, d) => (d === 600 ? 999 : d === 1001 ? 0 : r)));
  assert.equal(second.shapes[0], SPLIT_L_R);
  // Two threads: still runs of 500 (1,002 / 8 is under it).
  assert.equal((await segmentCorpus(docs, reps, {}, { threads: 2 })).resolved, ['0-500', '500-1000', '1000-1002']);
  // 4,004 documents on one thread: runs of 1,001 (a quarter each).
  assert.equal((await segmentCorpus([L_R, ...empty(4003)], [...Array(4004).keys()])).resolved, ['0-1001', '1001-2002', '2002-3003', '3003-4004']);
});

// ---------------------------------------------------------------- segment.ts

test('segment(): a text alone, cut by minimum description length where its topic changes, boilerplate apart', () => {
  const concert = [
    'The orchestra announced a winter season of Brahms symphonies, with the conductor returning from Vienna.',
    'Tickets for the symphonies go on sale in October, and the conductor will also lead two Vienna concerts.',
    'The orchestra hall reopens after repairs to its organ and the stage, which cost the orchestra two seasons.',
  ].join('\n\n');
  const harbour = [
    'The harbour council approved the new ferry terminal on Monday after months of debate about dredging costs.',
    'Ferry operators said the terminal would double crossings to the islands and shorten queues at the harbour gates.',
    'Dredging of the harbour basin starts in spring, and the terminal should open to ferry passengers next summer.',
  ].join('\n\n');
  const text = `${concert}\n\n${harbour}\n\nShare this article`;
  const h = concert.length + 2;
  const b = h + harbour.length + 2;
  // Blocks of 8 terms or more; TextTiling would also cut after the second concert paragraph, and merging parts
  // under 60 tokens (the pipeline's default) would leave one segment.
  const tiling = { minBlockTerms: 8 };
  assert.equal(segment(text, { tiling }), [
    { start: 0, end: concert.length, kind: 'story' },
    { start: h, end: h + harbour.length, kind: 'story' },
    { start: b, end: text.length, kind: 'boilerplate' },
  ]);
  // The caller's options hold: a segment cost high enough makes no cut, and so does merging short parts.
  assert.equal(segment(text, { tiling: { ...tiling, penaltyScale: 100 } }).length, 2);
  assert.equal(segment(text, { tiling, segmentation: { minSegmentTokens: 1000 } }).length, 2);
});

test.run();
