/**
 * The data structures behind the fast paths: the typed-array hash map, the
 * k-heaviest selection, and the bounded candidate search of TermIndex,
 * each checked against the plain implementation it replaces.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';

import { TermIndex, heaviest } from '../src/features/term-index.js';
import type { SparseVector } from '../src/features/tfidf.js';
import { heaviestFirst, keepHeaviest } from '../src/util/heaviest.js';
import { U32Map } from '../src/util/u32-map.js';
import { mergeSorted, sortedUnique } from '../src/util/sorted-keys.js';
import { mulberry32 } from './fixtures/random.js';

test('U32Map agrees with Map on random uint32 keys, through growth and clear', () => {
  const random = mulberry32(5);
  const map = new U32Map(4);
  for (let round = 0; round < 3; round++) {
    const reference = new Map<number, number>();
    for (let i = 0; i < 5000; i++) {
      // Few distinct keys in round 0 (many updates), then mostly new ones; 0 and 2^32-1 included.
      const key = round === 0 ? Math.floor(random() * 300) : i === 0 ? 0 : i === 1 ? 0xffffffff : Math.floor(random() * 2 ** 32);
      const by = Math.floor(random() * 10);
      reference.set(key, (reference.get(key) ?? 0) + by);
      map.add(key, by);
    }
    assert.is(map.size, reference.size);
    for (const [k, v] of reference) assert.is(map.get(k, -1), v);
    assert.is(map.get(12345678, -1), reference.get(12345678) ?? -1);
    const keys: number[] = [];
    map.forEach((k) => keys.push(k));
    assert.equal(keys, [...reference.keys()], 'iteration in insertion order');
    map.clear();
    assert.is(map.size, 0);
    assert.not.ok(map.has(keys[0]));
  }
});

test('keepHeaviest keeps what a full sort by (weight desc, tie asc) keeps', () => {
  const random = mulberry32(9);
  for (let trial = 0; trial < 3000; trial++) {
    const n = 1 + Math.floor(random() * 300);
    const k = 1 + Math.floor(random() * 120);
    // Every third trial has only four distinct weights: many ties at the cut.
    const w = Float64Array.from({ length: n }, () => Math.floor(random() * (trial % 3 === 0 ? 4 : 1000)));
    const tie = Uint32Array.from({ length: n }, () => Math.floor(random() * 2 ** 32));
    const items = Array.from({ length: n }, (_, i) => i);
    const kept = keepHeaviest(items, k, w, tie);
    const want = Array.from({ length: n }, (_, i) => i)
      .sort((x, y) => w[y] - w[x] || tie[x] - tie[y])
      .slice(0, k);
    assert.equal(items.slice(0, kept).sort((a, b) => a - b), want.sort((a, b) => a - b));
  }
});

function randomVectors(count: number, vocabulary: number, terms: number, seed: number): SparseVector[] {
  const random = mulberry32(seed);
  return Array.from({ length: count }, () => {
    const ids = new Set<number>();
    while (ids.size < terms) ids.add(1 + Math.floor(random() * vocabulary));
    const sorted = [...ids].sort((a, b) => a - b);
    const weights = Float32Array.from(sorted, () => random());
    return { ids: Uint32Array.from(sorted), weights };
  });
}

/** The unbounded search: all pairs sharing an indexed term held by at most maxPosting items. */
function bruteForcePairs(vectors: SparseVector[], termsPerItem: number, maxPosting: number): number[] {
  const holders = new Map<number, number[]>();
  vectors.forEach((v, item) => {
    for (const k of heaviest(v, termsPerItem)) holders.set(v.ids[k], [...(holders.get(v.ids[k]) ?? []), item]);
  });
  const pairs = new Set<number>();
  for (const list of holders.values()) {
    if (list.length > maxPosting) continue;
    for (let x = 0; x < list.length; x++) for (let y = x + 1; y < list.length; y++) pairs.add(list[x] * vectors.length + list[y]);
  }
  return [...pairs].sort((a, b) => a - b);
}

test('TermIndex under its limits proposes exactly the pairs sharing an indexed term', () => {
  const vectors = randomVectors(300, 2000, 20, 3);
  const index = new TermIndex(vectors, 8, 50, { holdersPerTerm: 1000, candidates: 1000 });
  assert.equal([...index.pairs()], bruteForcePairs(vectors, 8, 50));
  assert.equal(index.pairs().length > 100, true, 'the test corpus has pairs to find');
});

test('TermIndex bounds the candidates of each item and query', () => {
  const vectors = randomVectors(400, 300, 20, 4);
  const index = new TermIndex(vectors, 8, 1000, { holdersPerTerm: 16, candidates: 5 });
  const pairs = index.pairs();
  assert.ok(pairs.length <= 5 * vectors.length, `${pairs.length} pairs`);
  assert.ok(bruteForcePairs(vectors, 8, 1000).length > 10 * vectors.length, 'unbounded, there are many more');
  const found = index.query(vectors[0]);
  assert.ok(found.length <= 5);
  assert.equal(found, [...found].sort((a, b) => a - b));
});

test('TermIndex keeps the candidates with the largest overlap and skips the excluded group', () => {
  // Item 0 and the query share three heavy terms; items 1..20 share one each.
  const v = (ids: number[], weights: number[]): SparseVector => ({ ids: Uint32Array.from(ids), weights: Float32Array.from(weights) });
  const vectors = [v([1, 2, 3], [0.6, 0.6, 0.5]), ...Array.from({ length: 20 }, (_, i) => v([1 + (i % 3), 100 + i], [0.3, 0.9]))];
  const groups = vectors.map((_, i) => (i === 5 ? 7 : i));
  const index = new TermIndex(vectors, 3, 1000, { holdersPerTerm: 100, candidates: 3, groups });
  const query = v([1, 2, 3], [0.6, 0.6, 0.5]);
  assert.ok(index.query(query).includes(0));
  assert.not.ok(index.query(query, 0).includes(0), 'group 0 is excluded');
  assert.equal(index.query(query, 7).length, 3);
});

test('heaviest: the k heaviest entries, heaviest first, ties by smaller id, as a full sort gives', () => {
  const random = mulberry32(21);
  for (const [n, k] of [[0, 4], [1, 4], [5, 16], [40, 16], [300, 16], [300, 64]]) {
    // Few distinct weights: many ties.
    const ids = Uint32Array.from({ length: n }, (_, i) => 1000 + 7 * i);
    const weights = Float32Array.from({ length: n }, () => Math.floor(random() * 6) / 6);
    const expected = Array.from({ length: n }, (_, i) => i).sort((a, b) => weights[b] - weights[a] || ids[a] - ids[b]).slice(0, k);
    assert.equal(heaviest({ ids, weights }, k), expected, `n ${n}, k ${k}`);
  }
});

test('heaviestFirst on float64 weights and any tie order (event centroids)', () => {
  const random = mulberry32(23);
  for (const [n, k] of [[0, 20], [3, 20], [20, 20], [500, 20]]) {
    const weight = Float64Array.from({ length: n }, () => Math.floor(random() * 4) * 0.1 + 0.05);
    const tie = Uint32Array.from({ length: n }, () => Math.floor(random() * 2 ** 32));
    const out = new Uint32Array(k);
    const kept = heaviestFirst(weight, tie, n, k, out);
    const expected = Array.from({ length: n }, (_, i) => i).sort((a, b) => weight[b] - weight[a] || tie[a] - tie[b]).slice(0, k);
    assert.equal(Array.from(out.subarray(0, kept)), expected, `n ${n}`);
  }
});

test('TermIndex reads the heaviest holders of a term first (ties: lower item), on short and long posting lists', () => {
  const random = mulberry32(22);
  for (const holders of [10, 32, 33, 200]) {
    const weights = Array.from({ length: holders }, () => Math.floor(random() * 5) / 5 + 0.1);
    const vectors: SparseVector[] = weights.map((w) => ({ ids: Uint32Array.of(42), weights: Float32Array.of(w) }));
    const index = new TermIndex(vectors, 1, 1000, { holdersPerTerm: 6, candidates: 1000 });
    const f32 = Float32Array.from(weights);
    const expected = Array.from({ length: holders }, (_, i) => i).sort((a, b) => f32[b] - f32[a] || a - b).slice(0, 6).sort((a, b) => a - b);
    assert.equal(index.query({ ids: Uint32Array.of(42), weights: Float32Array.of(1) }), expected, `${holders} holders`);
  }
});

test('TermIndex: a list over maxPosting but shorter than the sampling window is read whole, never past its end', () => {
  // Five items share term 42 (a list of 5 over maxPosting 3, under the 64 holders a sample reads); 7 holds another term.
  const vectors: SparseVector[] = [0, 1, 2, 3, 4].map((i) => ({ ids: Uint32Array.of(42), weights: Float32Array.of(0.5 + i / 10) }));
  vectors.push({ ids: Uint32Array.of(7), weights: Float32Array.of(1) });
  const n = vectors.length;
  const index = new TermIndex(vectors, 1, 3);
  const pairs = Array.from(index.pairs(), (key) => [Math.floor(key / n), key % n]);
  const expected: number[][] = [];
  for (let i = 0; i < 5; i++) for (let j = i + 1; j < 5; j++) expected.push([i, j]);
  assert.equal(pairs, expected);
});

test('TermIndex never pairs items published further apart than maxDaysApart (unknown days pair with any)', () => {
  const vectors = randomVectors(300, 2000, 20, 6);
  const random = mulberry32(8);
  const days = Float64Array.from(vectors, () => (random() < 0.2 ? NaN : Math.floor(random() * 200)));
  const index = new TermIndex(vectors, 8, 50, { holdersPerTerm: 1000, candidates: 1000, days, maxDaysApart: 30 });
  const n = vectors.length;
  const all = bruteForcePairs(vectors, 8, 50);
  const near = all.filter((key) => !(Math.abs(days[Math.floor(key / n)] - days[key % n]) > 30));
  assert.equal([...index.pairs()], near);
  assert.ok(near.length < 0.75 * all.length, `${near.length} of ${all.length} pairs are within 30 days`);
  assert.ok(near.some((key) => Number.isNaN(days[Math.floor(key / n)]) || Number.isNaN(days[key % n])), 'undated items are paired');
});

test('TermIndex pairs of item ranges, in another thread, merge into the pairs of all items', () => {
  const vectors = randomVectors(500, 400, 20, 10);
  const random = mulberry32(9);
  const days = new Float64Array(new SharedArrayBuffer(8 * vectors.length));
  days.forEach((_, i) => (days[i] = random() < 0.2 ? NaN : Math.floor(random() * 100)));
  const limits = { holdersPerTerm: 16, candidates: 6, days, maxDaysApart: 20, shared: true };
  const index = new TermIndex(vectors, 8, 1000, limits);
  const all = index.pairs();
  assert.ok(all.length > 500, `${all.length} pairs`);
  const received = TermIndex.fromShared(structuredClone(index.share()));
  const parts = [[0, 120], [120, 121], [121, 400], [400, 500]].map(([from, to]) => received.pairs(from, to));
  parts.forEach((part) => assert.equal([...part], [...sortedUnique(part.slice())], 'each part sorted, without repeats'));
  assert.equal([...mergeSorted(parts)], [...all]);
  assert.ok(index.share().itemLists!.lists.buffer instanceof SharedArrayBuffer, 'item lists are shared, not copied');
});

test('TermIndex built for queries only answers every query as the full index does, and refuses pairs()', () => {
  const vectors = randomVectors(400, 300, 20, 9);
  const groups = vectors.map((_, i) => i % 7);
  const limits = { holdersPerTerm: 16, candidates: 5, groups };
  const full = new TermIndex(vectors, 8, 1000, limits);
  const lean = new TermIndex(vectors, 8, 1000, { ...limits, queriesOnly: true });
  vectors.forEach((v, i) => assert.equal(lean.query(v, i % 7), full.query(v, i % 7)));
  assert.ok(full.query(vectors[0], 0).length > 0, 'queries find something');
  assert.throws(() => lean.pairs(), /queries only/);
  // Shared with another thread, as CorpusEvidence sends it: the same answers.
  const sharedGroups = new Int32Array(new SharedArrayBuffer(4 * groups.length));
  sharedGroups.set(groups);
  const built = new TermIndex(vectors, 8, 1000, { ...limits, groups: sharedGroups, queriesOnly: true, shared: true });
  const received = TermIndex.fromShared(structuredClone(built.share()));
  vectors.forEach((v, i) => assert.equal(received.query(v, i % 7), full.query(v, i % 7)));
  assert.ok(built.share().listItems.buffer instanceof SharedArrayBuffer, 'posting lists are shared, not copied');
});

test.run();
