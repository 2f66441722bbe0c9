/**
 * Near-duplicate groups at scale (neardup/join.ts): the same answers as
 * verifying every candidate pair, output and work linear in the corpus,
 * and nothing that depends on input order. Each check is against a
 * reference written out here (brute force), never against the engine.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';

import { MinHasher, estimateJaccard } from '../src/features/minhash.js';
import { ALL_PAIRS_GROUP, candidateThreshold, findNearDuplicates, type NearDupFeatures, type NearDupResult } from '../src/neardup/groups.js';
import { EXACT_BUCKET } from '../src/neardup/join.js';
import { bandKey } from '../src/neardup/lsh.js';
import { optimalLshParams } from '../src/neardup/params.js';
import { mulberry32 } from './fixtures/random.js';

const K = 128;
const W = 3;
const T = 0.6;
const PARAMS = optimalLshParams(candidateThreshold(T), K);

type Doc = Uint32Array;

/** Features of `docs` placed at input positions `order` (position p holds document order[p]); rank = document number. */
function featuresOf(docs: Doc[], order = docs.map((_, i) => i)): { features: NearDupFeatures; rank: Int32Array } {
  const hasher = new MinHasher({ numPerm: K, shingleSize: W });
  const n = docs.length;
  const signatures = new Uint32Array(n * K);
  const shingles = new Uint32Array(n);
  order.forEach((d, p) => (shingles[p] = hasher.sign(docs[d], docs[d].length, signatures, p * K)));
  return { features: { count: n, numPerm: K, flags: new Uint8Array(n), shingles, signatures }, rank: Int32Array.from(order) };
}

/** The result with positions replaced by document numbers (ranks): comparable across input orders. */
function byDocument(r: NearDupResult, rank: Int32Array): unknown {
  return {
    representative: Array.from({ length: rank.length }, (_, p) => p)
      .sort((x, y) => rank[x] - rank[y])
      .map((p) => rank[r.representative[p]]),
    groups: r.groups.map((g) => ({ members: g.members.map((m) => rank[m]), pairs: g.pairs.map((p) => [rank[p.a], rank[p.b], p.jaccard]), spanning: g.spanning })),
    containments: r.containments.map((c) => [rank[c.inner], rank[c.outer], c.containment]),
  };
}

function shuffle(n: number, seed: number): number[] {
  const rand = mulberry32(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

function randomDoc(rand: () => number, length: number): Doc {
  return Uint32Array.from({ length }, () => (rand() * 2 ** 32) >>> 0);
}

/** A copy with `runs` runs of 1–3 replaced tokens. */
function edited(rand: () => number, doc: Doc, runs: number): Doc {
  const out = doc.slice();
  for (let r = 0; r < runs; r++) {
    const at = Math.floor(rand() * out.length);
    for (let i = at; i < Math.min(out.length, at + 1 + Math.floor(rand() * 3)); i++) out[i] = (rand() * 2 ** 32) >>> 0;
  }
  return out;
}

/** 20 fixed tokens with `slots` slots of `values` values: one template, many short texts. */
function templated(rand: () => number, count: number, slots: number, values: number): Doc[] {
  const after = new Set(Array.from({ length: slots }, (_, s) => Math.floor(((s + 0.5) * 20) / slots)));
  return Array.from({ length: count }, () => {
    const out: number[] = [];
    let slot = 0;
    for (let i = 0; i < 20; i++) {
      out.push(1000 + i);
      if (after.has(i)) out.push(100000 * (1 + slot++) + Math.floor(rand() * values));
    }
    return Uint32Array.from(out);
  });
}

/** Labels per document (the smallest document number of its set), from unions over 0..n-1. */
function components(n: number, edges: Array<[number, number]>): number[] {
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x])));
  for (const [a, b] of edges) parent[Math.max(find(a), find(b))] = Math.min(find(a), find(b));
  return Array.from({ length: n }, (_, i) => find(i));
}

/** Group labels the engine gave, per document number (lone documents label themselves). */
function engineLabels(r: NearDupResult, rank: Int32Array): number[] {
  const labels = Array.from({ length: rank.length }, (_, i) => i);
  for (const g of r.groups) for (const m of g.members) labels[rank[m]] = Math.min(...g.members.map((x) => rank[x]));
  return labels;
}

/**
 * Verification on signatures, written out: near-duplicates when the estimated Jaccard
 * reaches T, or the smaller text is contained (≥ T) in a larger one it makes up 60% of.
 */
function verdict(f: NearDupFeatures, a: number, b: number): { near: boolean; contained: boolean; small: number; large: number; containment: number } {
  const jaccard = estimateJaccard(f.signatures, a * K, f.signatures, b * K, K);
  const [small, large] = f.shingles[a] <= f.shingles[b] ? [a, b] : [b, a];
  const containment = Math.min(1, (jaccard * (f.shingles[small] + f.shingles[large])) / (1 + jaccard) / f.shingles[small]);
  const near = jaccard >= T || (containment >= T && f.shingles[small] / f.shingles[large] >= 0.6);
  return { near, contained: !near && containment >= T, small, large, containment };
}

/** Pairs (a < b, input positions) sharing at least one band key, and the largest bucket. */
function bandPairs(f: NearDupFeatures): { pairs: Array<[number, number]>; largestBucket: number } {
  const n = f.count;
  const keys = Array.from({ length: n }, (_, d) => Array.from({ length: PARAMS.bands }, (_, b) => bandKey(f.signatures, d * K, b, PARAMS.rows)));
  const pairs: Array<[number, number]> = [];
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) if (keys[a].some((k, band) => k === keys[b][band])) pairs.push([a, b]);
  let largestBucket = 0;
  for (let band = 0; band < PARAMS.bands; band++) {
    const sizes = new Map<number, number>();
    for (let d = 0; d < n; d++) sizes.set(keys[d][band], (sizes.get(keys[d][band]) ?? 0) + 1);
    for (const s of sizes.values()) largestBucket = Math.max(largestBucket, s);
  }
  return { pairs, largestBucket };
}

/** Every pair LSH proposes, verified: groups, the verified pairs inside each, and containments between groups. */
function allPairsReference(f: NearDupFeatures, rank: Int32Array) {
  const { pairs, largestBucket } = bandPairs(f);
  const near: Array<[number, number]> = [];
  const contained: Array<[number, number, number]> = [];
  for (const [a, b] of pairs) {
    const v = verdict(f, a, b);
    if (v.near) near.push([rank[a], rank[b]]);
    else if (v.contained) contained.push([rank[v.small], rank[v.large], v.containment]);
  }
  const labels = components(f.count, near);
  return { labels, near, containments: contained.filter(([i, o]) => labels[i] !== labels[o]), largestBucket };
}

// ---------------------------------------------------------------- exact where buckets are small

test('buckets of at most EXACT_BUCKET: groups, small groups\' pairs and containments equal verifying every candidate pair', () => {
  const rand = mulberry32(71);
  // A small vocabulary: families at a spread of similarities, many pairs near the threshold.
  const vocab = Array.from({ length: 300 }, (_, i) => i + 1);
  const docs: Doc[] = [];
  for (let family = 0; family < 40; family++) {
    const base = Uint32Array.from({ length: 30 + Math.floor(rand() * 90) }, () => vocab[Math.floor(rand() * vocab.length)]);
    docs.push(base);
    for (let v = 0; v < 4; v++) docs.push(edited(rand, base, Math.floor(rand() * 10)));
    // the family's text inside a page twice its length: containment
    if (family % 5 === 0) docs.push(Uint32Array.from([...base, ...randomDoc(rand, base.length)]));
  }
  const { features, rank } = featuresOf(docs, shuffle(docs.length, 3));
  const want = allPairsReference(features, rank);
  assert.ok(want.largestBucket <= EXACT_BUCKET, `largest bucket ${want.largestBucket}`);
  const got = findNearDuplicates(features, rank, { threshold: T });
  assert.equal(engineLabels(got, rank), want.labels, 'groups');
  assert.ok(got.groups.length >= 20 && got.groups.every((g) => g.members.length <= ALL_PAIRS_GROUP), 'fixture: many small groups');
  const gotPairs = got.groups.flatMap((g) => g.pairs.map((p) => `${rank[p.a]}~${rank[p.b]}`)).sort();
  assert.equal(gotPairs, want.near.map(([a, b]) => (a < b ? `${a}~${b}` : `${b}~${a}`)).sort(), 'pairs: every verified candidate pair');
  const gotContainments = got.containments.map((c) => `${rank[c.inner]}<${rank[c.outer]}`).sort();
  assert.equal(gotContainments, want.containments.map(([i, o]) => `${i}<${o}`).sort(), 'containments');
  assert.ok(gotContainments.length >= 4, `fixture: containments (${gotContainments.length})`);
});

// ---------------------------------------------------------------- exact Jaccard, planted families

function shingleSet(doc: Doc): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + W <= doc.length; i++) out.add(`${doc[i]},${doc[i + 1]},${doc[i + 2]}`);
  return out;
}

test('planted families (one of 100 copies, one of 80 edits) give the groups of exact Jaccard by brute force', () => {
  const rand = mulberry32(5);
  const docs: Doc[] = [];
  const wire = randomDoc(rand, 400);
  for (let i = 0; i < 100; i++) docs.push(wire); // > EXACT_BUCKET identical copies
  const story = randomDoc(rand, 500);
  for (let i = 0; i < 80; i++) docs.push(edited(rand, story, 2)); // > EXACT_BUCKET light edits
  for (let f = 0; f < 30; f++) {
    const base = randomDoc(rand, 150 + Math.floor(rand() * 300));
    const size = 2 + Math.floor(rand() * 5);
    for (let i = 0; i < size; i++) docs.push(edited(rand, base, i));
  }
  for (let i = 0; i < 10; i++) {
    const article = randomDoc(rand, 200);
    docs.push(article, Uint32Array.from([...article, ...randomDoc(rand, 200)])); // an article filling half a page
  }
  for (let i = 0; i < 150; i++) docs.push(randomDoc(rand, 100 + Math.floor(rand() * 400)));
  const n = docs.length;

  // Shared shingles of every pair (a < b) that shares any, counted through the holders of each shingle.
  const sets = docs.map(shingleSet);
  const holders = new Map<string, number[]>();
  sets.forEach((set, d) => set.forEach((s) => (holders.get(s) ?? holders.set(s, []).get(s)!).push(d)));
  const sharedOf = new Map<number, number>();
  for (const list of holders.values()) for (let x = 0; x < list.length; x++) for (let y = x + 1; y < list.length; y++) sharedOf.set(list[x] * n + list[y], (sharedOf.get(list[x] * n + list[y]) ?? 0) + 1);
  const near: Array<[number, number]> = [];
  const contained = new Set<string>();
  for (const [key, shared] of sharedOf) {
    const a = Math.floor(key / n);
    const b = key - a * n;
    const [small, large] = sets[a].size <= sets[b].size ? [a, b] : [b, a];
    const jaccard = shared / (sets[a].size + sets[b].size - shared);
    const containment = shared / sets[small].size;
    if (jaccard >= T || (containment >= T && sets[small].size / sets[large].size >= 0.6)) near.push([a, b]);
    else if (containment >= T) contained.add(`${small}<${large}`);
  }
  const want = components(n, near);

  const { features, rank } = featuresOf(docs, shuffle(n, 9));
  const got = findNearDuplicates(features, rank, { threshold: T });
  assert.equal(engineLabels(got, rank), want);
  assert.ok(got.groups.some((g) => g.members.length === 100) && got.groups.some((g) => g.members.length === 80), 'both large families found');
  assert.equal(new Set(got.containments.map((c) => `${rank[c.inner]}<${rank[c.outer]}`)), contained);
});

// ---------------------------------------------------------------- input order

test('a shuffled corpus gives the same groups, pairs, containments and representatives, also with buckets over EXACT_BUCKET', () => {
  const rand = mulberry32(17);
  const docs: Doc[] = [];
  const wire = randomDoc(rand, 300);
  for (let i = 0; i < 120; i++) docs.push(wire);
  const story = randomDoc(rand, 300);
  for (let i = 0; i < 90; i++) docs.push(edited(rand, story, 1 + (i % 3)));
  docs.push(...templated(rand, 300, 6, 8));
  for (let i = 0; i < 5; i++) {
    const article = randomDoc(rand, 150);
    docs.push(article, Uint32Array.from([...randomDoc(rand, 150), ...article]));
  }
  for (let i = 0; i < 50; i++) docs.push(randomDoc(rand, 200));
  const first = featuresOf(docs);
  assert.ok(bandPairs(first.features).largestBucket > EXACT_BUCKET, 'fixture: a bucket over EXACT_BUCKET');
  const want = byDocument(findNearDuplicates(first.features, first.rank, { threshold: T }), first.rank);
  for (const seed of [1, 2, 3]) {
    const other = featuresOf(docs, shuffle(docs.length, seed));
    assert.equal(byDocument(findNearDuplicates(other.features, other.rank, { threshold: T }), other.rank), want, `shuffle ${seed}`);
  }
});

// ---------------------------------------------------------------- linear output and work

test('a large group lists a spanning tree: members − 1 verified pairs that connect every member', () => {
  const rand = mulberry32(23);
  const docs = templated(rand, 600, 6, 8);
  const { features, rank } = featuresOf(docs, shuffle(docs.length, 4));
  const result = findNearDuplicates(features, rank, { threshold: T });
  const big = result.groups.find((g) => g.members.length > ALL_PAIRS_GROUP);
  assert.ok(big !== undefined && big.members.length >= 500, `a group of most of the template: ${result.groups.map((g) => g.members.length)}`);
  assert.is(big.pairs.length, big.members.length - 1);
  assert.ok(big.spanning);
  const members = new Set(big.members);
  const neighbours = new Map<number, number[]>(big.members.map((m) => [m, []]));
  for (const p of big.pairs) {
    assert.ok(members.has(p.a) && members.has(p.b) && rank[p.a] < rank[p.b], 'a pair of members, in id order');
    assert.is(p.jaccard, estimateJaccard(features.signatures, p.a * K, features.signatures, p.b * K, K));
    assert.ok(verdict(features, p.a, p.b).near, 'each pair verifies');
    neighbours.get(p.a)!.push(p.b);
    neighbours.get(p.b)!.push(p.a);
  }
  const seen = new Set([big.members[0]]);
  const queue = [big.members[0]];
  while (queue.length > 0) for (const m of neighbours.get(queue.pop()!)!) if (!seen.has(m)) queue.push(m), seen.add(m);
  assert.is(seen.size, big.members.length, 'the pairs connect every member');
  // small groups are never marked
  for (const g of result.groups) assert.is(g.spanning, g.members.length > ALL_PAIRS_GROUP);
});

test('families of 64 and of 300 copies: one verification per copy, not one per pair of copies', () => {
  const rand = mulberry32(31);
  const docs: Doc[] = [];
  for (let f = 0; f < 30; f++) {
    const article = randomDoc(rand, 200 + Math.floor(rand() * 300));
    for (let i = 0; i < 64; i++) docs.push(article);
  }
  const wire = randomDoc(rand, 300);
  for (let i = 0; i < 300; i++) docs.push(wire);
  const { features, rank } = featuresOf(docs, shuffle(docs.length, 8));
  const result = findNearDuplicates(features, rank, { threshold: T });
  assert.equal(result.groups.map((g) => g.members.length).sort((a, b) => a - b), [...Array(30).fill(64), 300]);
  // every copy joins its family once (families − 1 fewer); listing each bucket's pairs verified ~31.5 per copy
  const n = docs.length;
  assert.ok(result.candidates <= n, `candidate pairs verified: ${result.candidates} for ${n} documents`);
  assert.ok(result.groups.every((g) => g.pairs.length === g.members.length - 1));
});

test.run();
