/**
 * findNearDuplicates and LshIndex on crafted signatures: each document's
 * slots are distinct except where a test copies a range from another, so
 * every estimated Jaccard is known exactly (equal slots / 128) and every
 * containment can be worked out by hand, also exactly at the bounds of the
 * rule (estimate, containment, share of the larger).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';

import { StorylineError } from '../src/errors.js';
import { DOC_EMPTY } from '../src/features/batch.js';
import { EMPTY, MinHashSignature } from '../src/features/minhash.js';
import { ALL_PAIRS_GROUP, candidateThreshold, findNearDuplicates, type NearDupResult } from '../src/neardup/groups.js';
import { ANCHORS, EXACT_BUCKET } from '../src/neardup/join.js';
import { LshIndex } from '../src/neardup/lsh.js';

const K = 128;

/** A copy of `slots` slots [from, to) of document `source` into document `target`, in the order given. */
type Copy = { target: number; source: number; from: number; to: number };

/**
 * Features of documents with the given shingle counts; slot i of document d
 * holds d · K + i + 1 (distinct everywhere) until a copy overwrites it.
 */
function crafted(shingles: number[], copies: Copy[], flags: number[] = []) {
  const n = shingles.length;
  const signatures = Uint32Array.from({ length: n * K }, (_, i) => i + 1);
  for (const { target, source, from, to } of copies) signatures.copyWithin(target * K + from, source * K + from, source * K + to);
  return { count: n, numPerm: K, flags: Uint8Array.from({ length: n }, (_, d) => flags[d] ?? 0), shingles: Uint32Array.from(shingles), signatures };
}

const identity = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

function run(shingles: number[], copies: Copy[], threshold: number, rank = identity(shingles.length), flags?: number[]): NearDupResult {
  return findNearDuplicates(crafted(shingles, copies, flags), rank, { threshold });
}

/** Every document a full copy of document 0. */
const copiesOf0 = (n: number): Copy[] => Array.from({ length: n - 1 }, (_, i) => ({ target: i + 1, source: 0, from: 0, to: K }));

const members = (r: NearDupResult) => r.groups.map((g) => g.members);
const contained = (r: NearDupResult) => r.containments.map((c) => [c.inner, c.outer, c.containment]);

// ---------------------------------------------------------------- the rule at its bounds

test('containment exactly at the threshold with a share over 0.6 is a near-duplicate; one slot less is nothing', () => {
  // 80 and 100 shingles, 64 of 128 slots equal: J = 0.5, C = 0.5 · 180 / 1.5 / 80 = 0.75 (exact in binary)
  const at = run([80, 100], [{ target: 1, source: 0, from: 0, to: 64 }], 0.75);
  assert.equal(members(at), [[0, 1]]);
  assert.equal(at.groups[0].pairs, [{ a: 0, b: 1, jaccard: 0.5 }]);
  assert.equal(at.containments, []);
  // 63 slots: C = 63 · 180 / 191 / 80 ≈ 0.742 < 0.75, and J < 0.75: neither
  const below = run([80, 100], [{ target: 1, source: 0, from: 0, to: 63 }], 0.75);
  assert.equal(members(below), []);
  assert.equal(below.containments, []);
});

test('containment exactly at the threshold with a share under 0.6 is a containment, smaller text inside, whichever comes first', () => {
  // 50 and 100 shingles, 32 slots equal: J = 0.25, C = 0.25 · 150 / 1.25 / 50 = 0.6 (exact); share 0.5
  assert.equal(contained(run([50, 100], [{ target: 1, source: 0, from: 0, to: 32 }], 0.6)), [[0, 1, 0.6]]);
  // the larger text first: still the smaller one is inside
  const r = run([100, 50], [{ target: 1, source: 0, from: 0, to: 32 }], 0.6);
  assert.equal(members(r), []);
  assert.equal(contained(r), [[1, 0, 0.6]]);
  // 31 slots: C = 31 · 150 / 159 / 50 ≈ 0.585 < 0.6: nothing
  const below = run([50, 100], [{ target: 1, source: 0, from: 0, to: 31 }], 0.6);
  assert.equal(members(below), []);
  assert.equal(below.containments, []);
});

test('share exactly 0.6 of the larger makes a contained text a near-duplicate; 0.59 leaves a containment', () => {
  // J = 0.5 < 0.75; C = 0.5 · 160 / 1.5 / 60 ≈ 0.889 ≥ 0.75; share 60 / 100 = 0.6
  const at = run([60, 100], [{ target: 1, source: 0, from: 0, to: 64 }], 0.75);
  assert.equal(members(at), [[0, 1]]);
  assert.equal(at.containments, []);
  // 59 / 100 = 0.59: C ≈ 0.898, the same pair is only a containment
  const under = run([59, 100], [{ target: 1, source: 0, from: 0, to: 64 }], 0.75);
  assert.equal(members(under), []);
  assert.equal(under.containments.map((c) => [c.inner, c.outer]), [[0, 1]]);
  assert.ok(Math.abs(under.containments[0].containment - (0.5 * 159) / 1.5 / 59) < 1e-12);
});

test('a threshold of 0.9: near-duplicates by containment at equal sizes, containment capped at 1', () => {
  // equal sizes, so containment 2J / (1 + J) > J: at 115 slots J ≈ 0.898, C ≈ 0.946 ≥ 0.9 with share 1: a near-duplicate by containment
  assert.equal(members(run([100, 100], [{ target: 1, source: 0, from: 0, to: 115 }], 0.9)), [[0, 1]]);
  // 30 and 100 shingles, 40 slots: J = 0.3125, C = min(1, 0.3125 · 130 / 1.3125 / 30) = 1, share 0.3: containment 1
  assert.equal(contained(run([30, 100], [{ target: 1, source: 0, from: 0, to: 40 }], 0.9)), [[0, 1, 1]]);
  // 60 slots: J ≈ 0.469, C = 0.469 · 200 / 1.469 / 100 ≈ 0.638 < 0.9 with equal-ish sizes: nothing
  assert.equal(run([100, 100], [{ target: 1, source: 0, from: 0, to: 60 }], 0.9).containments, []);
});

test('candidateThreshold: half the threshold, the threshold capped at 0.6, never under 0.2', () => {
  assert.is(candidateThreshold(0.5), 0.25);
  assert.is(candidateThreshold(0.6), 0.3);
  assert.is(candidateThreshold(0.8), 0.3);
  assert.is(candidateThreshold(1), 0.3);
  assert.is(candidateThreshold(0.3), 0.2);
});

// ---------------------------------------------------------------- empty documents

test('empty documents (flagged, or of no shingles) join nothing, even with equal signatures', () => {
  // 0 is flagged empty but copies 1 entirely; 2 and 3 have no shingles and equal slots; 4 copies 1 too
  const copies = [
    { target: 0, source: 1, from: 0, to: K },
    { target: 3, source: 2, from: 0, to: K },
    { target: 4, source: 1, from: 0, to: K },
  ];
  const r = run([100, 100, 0, 0, 100], copies, 0.6, identity(5), [DOC_EMPTY, 0, 0, 0, 0]);
  assert.equal(members(r), [[1, 4]]);
  assert.equal(r.containments, []);
  assert.equal(Array.from(r.representative), [0, 1, 2, 3, 1]);
});

// ---------------------------------------------------------------- order and representatives

test('groups, members, pairs and containments come in rank order, not input order', () => {
  // positions 0..5 with ranks [3, 0, 5, 1, 4, 2]; groups {0, 2}, {1, 4}, {3, 5} by full copies
  const rank = Int32Array.from([3, 0, 5, 1, 4, 2]);
  const copies = [
    { target: 2, source: 0, from: 0, to: K },
    { target: 4, source: 1, from: 0, to: K },
    { target: 5, source: 3, from: 0, to: K },
  ];
  const r = run([100, 100, 100, 100, 100, 100], copies, 0.6, rank);
  // by rank: group {1 (rank 0), 4 (rank 4)}, then {3 (rank 1), 5 (rank 2)}, then {0 (rank 3), 2 (rank 5)}
  assert.equal(members(r), [
    [1, 4],
    [3, 5],
    [0, 2],
  ]);
  assert.equal(
    r.groups.map((g) => g.pairs.map((p) => [p.a, p.b])),
    [[[1, 4]], [[3, 5]], [[0, 2]]],
  );
});

test('containments in rank order of the inner text, then of the outer', () => {
  // an article (position 0, rank 2) in two pages (1: rank 1, 2: rank 0), and another article (3, rank 3) in page 2:
  // articles 40 shingles, pages 100, 64 equal slots (J 0.5, C = 0.5 · 140 / 1.5 / 40 > 1, so 1)
  const rank = Int32Array.from([2, 1, 0, 3]);
  const copies = [
    { target: 1, source: 0, from: 0, to: 64 },
    { target: 2, source: 0, from: 64, to: K },
    { target: 3, source: 2, from: 0, to: 64 },
  ];
  // the pages share no slot; article 0 shares 64 slots with each page (J 0.5), article 3 shares page 2's own slots 0..63
  const r = run([40, 100, 100, 40], copies, 0.6, rank);
  assert.equal(members(r), []);
  // inner rank 2 (position 0) before inner rank 3 (position 3); position 0's outers by rank: 2 (rank 0), then 1 (rank 1)
  assert.equal(contained(r), [
    [0, 2, 1],
    [0, 1, 1],
    [3, 2, 1],
  ]);
});

test('containment between members of one group is not listed', () => {
  // inner I (0, 50 shingles) and outer O (2, 100): 64 equal slots, J 0.5, share 0.5: a containment alone;
  // M (1, 70) shares 80 slots with each (J 0.625 ≥ 0.6), so all three are one group
  const copies = [
    { target: 2, source: 0, from: 0, to: 64 },
    { target: 1, source: 0, from: 0, to: 80 },
    { target: 1, source: 2, from: 80, to: 96 },
  ];
  const r = run([50, 70, 100], copies, 0.6);
  assert.equal(members(r), [[0, 1, 2]]);
  assert.equal(
    r.groups[0].pairs.map((p) => [p.a, p.b, p.jaccard]),
    [
      [0, 1, 0.625],
      [1, 2, 0.625],
    ],
  );
  assert.equal(r.containments, []);
});

test('representative: the member with the most shingles, then the lowest rank, whatever the input order', () => {
  // one group of three equal signatures: position 0 (100 shingles, rank 1), 1 (90, rank 0), 2 (100, rank 2)
  const copies = [
    { target: 1, source: 0, from: 0, to: K },
    { target: 2, source: 0, from: 0, to: K },
  ];
  const r = run([100, 90, 100], copies, 0.6, Int32Array.from([1, 0, 2]));
  assert.equal(Array.from(r.representative), [0, 0, 0]);
  // the fullest copy last in input order, lowest in rank among the fullest
  const s = run([90, 100, 100], copies, 0.6, Int32Array.from([0, 2, 1]));
  assert.equal(Array.from(s.representative), [2, 2, 2]);
});

// ---------------------------------------------------------------- pairs listed

test('a group of ALL_PAIRS_GROUP copies lists all its pairs in id order; one more copy lists the spanning tree', () => {
  assert.is(ALL_PAIRS_GROUP, 16);
  const all = run(Array(16).fill(100), copiesOf0(16), 0.6);
  assert.is(all.groups[0].spanning, false);
  const every: number[][] = [];
  for (let a = 0; a < 16; a++) for (let b = a + 1; b < 16; b++) every.push([a, b]);
  assert.equal(all.groups[0].pairs.map((p) => [p.a, p.b]), every);
  const tree = run(Array(17).fill(100), copiesOf0(17), 0.6);
  assert.is(tree.groups[0].spanning, true);
  // each copy joined the first of the bucket
  assert.equal(tree.groups[0].pairs.map((p) => [p.a, p.b]), Array.from({ length: 16 }, (_, i) => [0, i + 1]));
});

test('a spanning tree\'s pairs are in id order, though its edges were met band by band in another order', () => {
  // threshold 0.3: LSH of 44 bands × 2 rows (slots 0..87). Equal sizes: near from 23 equal slots (C = 2J / (1 + J) ≥ 0.3).
  // Family A = 9..17 shares bands 0..11; family B = 0..8 shares slots 104..127 (outside every band), and k = 1..8
  // shares band 30 − k with 0; 8 ~ 9 share bands 40..43 and slots 88..103. Edges are met as A's (band 0),
  // B's from (0, 8) down to (0, 1) (bands 22..29), then the bridge (band 40).
  const copies: Copy[] = [];
  for (let d = 10; d <= 17; d++) copies.push({ target: d, source: 9, from: 0, to: 24 });
  for (let k = 1; k <= 8; k++) copies.push({ target: k, source: 0, from: 104, to: K }, { target: k, source: 0, from: 2 * (30 - k), to: 2 * (30 - k) + 2 });
  copies.push({ target: 9, source: 8, from: 80, to: 104 });
  const r = run(Array(18).fill(100), copies, 0.3);
  assert.equal(members(r), [Array.from({ length: 18 }, (_, i) => i)]);
  assert.equal(
    r.groups[0].pairs.map((p) => [p.a, p.b]),
    [...Array.from({ length: 8 }, (_, i) => [0, i + 1]), [8, 9], ...Array.from({ length: 8 }, (_, i) => [9, i + 10])],
  );
});

test('a small group lists every pair that is an LSH candidate and verifies, not a near pair that shares no band', () => {
  // threshold 0.6: 42 bands × 3 rows (slots 0..125). Equal sizes: near from 55 equal slots.
  // Z (2) equals X (0) on rows 0 and 1 of every band (84 slots, J 0.66) but never on a whole band;
  // Y (1) equals X on bands 0..20 and Z on bands 21..41; W (3) is a copy of Y.
  const copies: Copy[] = [];
  for (let band = 0; band < 42; band++) copies.push({ target: 2, source: 0, from: band * 3, to: band * 3 + 2 });
  copies.push({ target: 1, source: 0, from: 0, to: 63 }, { target: 1, source: 2, from: 63, to: 126 }, { target: 3, source: 1, from: 0, to: K });
  const r = run([100, 100, 100, 100], copies, 0.6);
  assert.equal(members(r), [[0, 1, 2, 3]]);
  assert.equal(
    r.groups[0].pairs.map((p) => [p.a, p.b]),
    [
      [0, 1],
      [0, 3],
      [1, 2],
      [1, 3],
      [2, 3],
    ],
  );
});

// ---------------------------------------------------------------- buckets: exact up to EXACT_BUCKET, bounded above

/**
 * `n` documents that all share band 0 (slots 0 and 1) of the 44 × 2 layout of threshold 0.3,
 * and nothing else but what `more` copies: one bucket. Two of them are near (C ≥ 0.3) when they
 * share 23 slots or more.
 */
function oneBucket(n: number, more: Copy[]): NearDupResult {
  return run(Array(n).fill(100), [...Array.from({ length: n - 1 }, (_, i) => ({ target: i + 1, source: 0, from: 0, to: 2 })), ...more], 0.3);
}

test('a bucket of EXACT_BUCKET documents is resolved exactly; in one document larger, members far apart are not compared', () => {
  assert.is(EXACT_BUCKET, 64);
  // 30 and 50 share slots 88..127 (outside every band): J = 42/128, near, and candidates only through band 0
  const pair = { target: 50, source: 30, from: 88, to: K };
  assert.equal(members(oneBucket(64, [pair])), [[30, 50]]);
  // bounded: 50 is tried against the first ANCHORS components (0..7) and 49 only
  assert.equal(members(oneBucket(65, [pair])), []);
});

test('exact bucket: each member tried against each group it is not joined to, member by member until one verifies (work counted by hand)', () => {
  // A (0), B (1), C (2), D (3): C near A (slots 88..111) and near B (row 0 of bands 1..5 and slots 112..127)
  const copies: Copy[] = [{ target: 2, source: 0, from: 88, to: 112 }, { target: 2, source: 1, from: 112, to: K }];
  for (let band = 1; band <= 5; band++) copies.push({ target: 2, source: 1, from: band * 2, to: band * 2 + 1 });
  const r = oneBucket(4, copies);
  assert.equal(members(r), [[0, 1, 2]]);
  // joining: B against A (1); C against A (joins), then against B's group (joins): 2; D against A, B and C: 3.
  // Then listing the group's pairs that share a band: 3.
  assert.is(r.candidates, 6 + 3);
  // ten copies: each joins the first at one verification, the other bands' buckets cost nothing; then 45 pairs listed
  assert.is(run(Array(10).fill(100), copiesOf0(10), 0.6).candidates, 9 + 45);
  // 0..3 near each other (slots 88..111); 4 near 1 only (row 0 of bands 1..20, slots 112..127). 1, 2, 3 join 0 at
  // one verification each; 4 is tried against 0 (no) then 1 (joins), and not against 2 or 3: 5; listing 10 pairs
  const chain: Copy[] = [1, 2, 3].map((d) => ({ target: d, source: 0, from: 88, to: 112 }));
  chain.push({ target: 4, source: 1, from: 112, to: K });
  for (let band = 1; band <= 20; band++) chain.push({ target: 4, source: 1, from: band * 2, to: band * 2 + 1 });
  const five = oneBucket(5, chain);
  assert.equal(members(five), [[0, 1, 2, 3, 4]]);
  assert.is(five.candidates, 5 + 10);
});

test('bounded bucket: members meet the first member of each of the first ANCHORS components and the member before them', () => {
  assert.is(ANCHORS, 8);
  // families by position: 0 0 1 2 … 9, then 0..9 eight times, then 10 10 10; a family shares slots 88..111 (near)
  const family = [0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  for (let round = 0; round < 8; round++) for (let f = 0; f < 10; f++) family.push(f);
  family.push(10, 10, 10);
  const first = new Map<number, number>();
  const copies: Copy[] = [];
  family.forEach((f, d) => {
    if (first.has(f)) copies.push({ target: d, source: first.get(f)!, from: 88, to: 112 });
    else first.set(f, d);
  });
  const r = oneBucket(family.length, copies);
  // anchors: families 0..7 (the second 0 joined the first, so it takes no anchor); 8 and 9 meet neither
  // an anchor of theirs nor a neighbour; 10 joins through neighbours
  const want = [0, 1, 2, 3, 4, 5, 6, 7, 10].map((f) => family.flatMap((g, d) => (g === f ? [d] : [])));
  assert.equal(members(r), want);
  // joining costs at most ANCHORS + 1 verifications a member; listing a group's pairs (all share band 0) n(n − 1)/2
  const listing = want.reduce((sum, g) => sum + (g.length * (g.length - 1)) / 2, 0);
  assert.ok(r.candidates - listing <= (ANCHORS + 1) * family.length, `${r.candidates} verifications`);
});

// ---------------------------------------------------------------- LshIndex: empty signatures and errors

function errorOf(f: () => unknown): StorylineError {
  try {
    f();
  } catch (e) {
    assert.instance(e, StorylineError);
    return e as StorylineError;
  }
  assert.unreachable('expected a StorylineError');
  throw new Error('unreachable');
}

test('LshIndex: a signature of no shingles, or of EMPTY values only, is empty: kept out of buckets; one EMPTY slot is not', () => {
  const params = { bands: 32, rows: 4 };
  const values = Uint32Array.from({ length: K }, (_, i) => i + 1);
  const index = new LshIndex(params);
  index.insert('no-shingles', new MinHashSignature(values, 0, 3, 1));
  index.insert('all-empty', new MinHashSignature(new Uint32Array(K).fill(EMPTY), 5, 3, 1));
  const withEmptySlot = values.slice();
  withEmptySlot[0] = EMPTY;
  index.insert('one-empty-slot', new MinHashSignature(withEmptySlot, 50, 3, 1));
  assert.is(index.size, 3);
  // slots 4.. are the same as `values`: shares bands 1..31 with one-empty-slot, and nothing with the empties
  assert.equal(index.query(new MinHashSignature(values, 50, 3, 1)), ['one-empty-slot']);
  assert.equal(index.query(new MinHashSignature(new Uint32Array(K).fill(EMPTY), 5, 3, 1)), []);
  assert.equal(index.query(new MinHashSignature(values, 0, 3, 1)), []);
});

test('LshIndex errors say what is wrong: the duplicate key, the length needed and given, the settings that differ', () => {
  const index = new LshIndex({ bands: 25, rows: 5 });
  const sig = (numPerm: number, shingleSize = 3, seed = 1) => new MinHashSignature(Uint32Array.from({ length: numPerm }, (_, i) => i + 1), 10, shingleSize, seed);
  index.insert('first', sig(K));
  const duplicate = errorOf(() => index.insert('first', sig(K)));
  assert.is(duplicate.code, 'INVALID_OPTION');
  assert.match(duplicate.message, /duplicate key "first"/);
  const short = errorOf(() => index.query(sig(64)));
  assert.is(short.code, 'INCOMPATIBLE_SIGNATURES');
  assert.match(short.message, /at least 125 values .* got 64/);
  for (const other of [sig(K, 4), sig(K, 3, 2), sig(130)]) {
    const mixed = errorOf(() => index.query(other));
    assert.is(mixed.code, 'INCOMPATIBLE_SIGNATURES');
    assert.match(mixed.message, /same numPerm, seed and shingleSize/);
  }
});

test.run();
