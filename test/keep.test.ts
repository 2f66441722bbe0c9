/**
 * neardup/keep.ts: which member of a group dedup keeps, against a sort of
 * the members by each rule's stated order (a naive reference).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { KEEP_RULES, keepContainers, keptMembers, type KeepRule } from '../src/neardup/keep.js';
import { mulberry32, shuffled } from './fixtures/random.js';

test('keptMembers agrees with a sort by each rule on random groups', () => {
  const random = mulberry32(3);
  for (let round = 0; round < 200; round++) {
    const n = 2 + Math.floor(random() * 12);
    const date = Float64Array.from({ length: n }, () => (random() < 0.3 ? NaN : Math.floor(random() * 4)));
    const shingles = Uint32Array.from({ length: n }, () => Math.floor(random() * 4));
    const rank = Int32Array.from(shuffled([...Array(n).keys()], round));
    const members = [...Array(n).keys()].filter(() => random() < 0.7);
    if (members.length < 2) continue;
    const order: Record<KeepRule, (a: number, b: number) => number> = {
      earliest: (a, b) => (Number.isNaN(date[a]) ? 1e9 : date[a]) - (Number.isNaN(date[b]) ? 1e9 : date[b]) || rank[a] - rank[b],
      longest: (a, b) => shingles[b] - shingles[a] || rank[a] - rank[b],
      first: (a, b) => a - b,
    };
    for (const rule of ['earliest', 'longest', 'first'] as const) {
      const kept = keptMembers(n, [{ members: shuffled(members, round + 7) }], { date, shingles }, rank, rule);
      const best = [...members].sort(order[rule])[0];
      for (let d = 0; d < n; d++) assert.is(kept[d], members.includes(d) ? best : d, `${rule}, round ${round}`);
    }
  }
});

test('keptMembers: documents in no group keep themselves; every group keeps one of its own', () => {
  const date = Float64Array.from([NaN, 3, 1, NaN, 2]);
  const shingles = Uint32Array.from([5, 5, 9, 1, 9]);
  const rank = Int32Array.from([4, 3, 2, 1, 0]);
  const groups = [{ members: [0, 1] }, { members: [2, 4] }];
  assert.equal([...keptMembers(5, groups, { date, shingles }, rank, 'earliest')], [1, 1, 2, 3, 2]);
  assert.equal([...keptMembers(5, groups, { date, shingles }, rank, 'longest')], [1, 1, 4, 3, 4]);
  assert.equal([...keptMembers(5, groups, { date, shingles }, rank, 'first')], [0, 0, 2, 3, 2]);
});

test('keepContainers: a contained group moves to the kept member of its container; chains end outermost; a container stays', () => {
  // Groups: {0, 1} kept 0; {2} ; {3, 4} kept 4; {5}. Ranks: the document numbers.
  const rank = Int32Array.from([0, 1, 2, 3, 4, 5]);
  const kept = Int32Array.from([0, 0, 2, 4, 4, 5]);
  // 1 is inside 3 (whose group keeps 4); 4 is inside 5; 2 is inside 3 and inside 5.
  keepContainers(kept, [{ inner: 1, outer: 3 }, { inner: 4, outer: 5 }, { inner: 2, outer: 5 }, { inner: 2, outer: 3 }], rank);
  // 0's group -> 4 -> 5; 2 -> the container whose kept member is first by id: 4 (rank 4) before 5 (rank 5), then 4 -> 5.
  assert.equal([...kept], [5, 5, 5, 5, 5, 5]);
  // Two containers of one text: the first by id; the containers stay.
  const two = Int32Array.from([0, 1, 2]);
  keepContainers(two, [{ inner: 0, outer: 2 }, { inner: 0, outer: 1 }], Int32Array.from([0, 1, 2]));
  assert.equal([...two], [1, 1, 2]);
  // A containment inside one group changes nothing.
  const same = Int32Array.from([1, 1]);
  keepContainers(same, [{ inner: 0, outer: 1 }], Int32Array.from([0, 1]));
  assert.equal([...same], [1, 1]);
  // A loop (only through groups of unequal members) ends at its member first in id order.
  const loop = Int32Array.from([0, 1, 2]);
  keepContainers(loop, [{ inner: 0, outer: 1 }, { inner: 1, outer: 2 }, { inner: 2, outer: 0 }], Int32Array.from([2, 0, 1]));
  assert.equal([...loop], [1, 1, 1]);
});

test('keepContainers: the first container by id whatever the order containments come in; a container that is document 0; a loop entered from outside', () => {
  for (const containments of [
    [{ inner: 0, outer: 1 }, { inner: 0, outer: 2 }],
    [{ inner: 0, outer: 2 }, { inner: 0, outer: 1 }],
  ]) {
    const kept = Int32Array.from([0, 1, 2]);
    keepContainers(kept, containments, Int32Array.from([0, 1, 2]));
    assert.equal([...kept], [1, 1, 2], JSON.stringify(containments));
  }
  // Document 0 contains 1, and 2 is in 1's group: both end at 0.
  const zero = Int32Array.from([0, 1, 1]);
  keepContainers(zero, [{ inner: 1, outer: 0 }], Int32Array.from([0, 1, 2]));
  assert.equal([...zero], [0, 0, 0]);
  // Document 0 is the first container of 1, met before another (2): it stays the one named.
  const firstZero = Int32Array.from([0, 1, 2]);
  keepContainers(firstZero, [{ inner: 1, outer: 0 }, { inner: 1, outer: 2 }], Int32Array.from([0, 1, 2]));
  assert.equal([...firstZero], [0, 0, 2]);
  // A chain through a document already resolved to document 0: 2 in 1, 1 in 0.
  const throughZero = Int32Array.from([0, 1, 2]);
  keepContainers(throughZero, [{ inner: 1, outer: 0 }, { inner: 2, outer: 1 }], Int32Array.from([0, 1, 2]));
  assert.equal([...throughZero], [0, 0, 0]);
  // 0 -> 1 -> 2 -> 3 -> 1: the loop is 1, 2, 3 and ends at its member first by id (2); 0, first by id of all, is outside it.
  const entered = Int32Array.from([0, 1, 2, 3]);
  keepContainers(entered, [{ inner: 0, outer: 1 }, { inner: 1, outer: 2 }, { inner: 2, outer: 3 }, { inner: 3, outer: 1 }], Int32Array.from([0, 2, 1, 3]));
  assert.equal([...entered], [2, 2, 2, 2]);
});

test('KEEP_RULES: the three rules, by the names the options take', () => {
  assert.equal([...KEEP_RULES], ['earliest', 'longest', 'first']);
});

test.run();
