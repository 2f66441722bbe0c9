import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { NearestNeighbours } from '../src/events/neighbours.js';
import { mulberry32 } from './fixtures/random.js';
import { differenceSorted, mergeSorted, sortedUnique } from '../src/util/sorted-keys.js';

const list = (nn: NearestNeighbours, i: number) => Array.from(nn.neighbours.subarray(i * nn.k, (i + 1) * nn.k));

test('offer keeps the k most similar, most similar first, ties to the lower index, whatever the order', () => {
  const offers: Array<[number, number]> = [[1, 0.2], [2, 0.9], [3, 0.5], [4, 0.5], [5, 0.1], [6, 0.7]];
  for (const order of [offers, [...offers].reverse()]) {
    const nn = new NearestNeighbours(7, 3);
    for (const [j, s] of order) nn.offer(0, j, s);
    assert.equal(list(nn, 0), [2, 6, 3]);
  }
  const few = new NearestNeighbours(3, 3);
  few.offer(0, 1, 0.4);
  assert.equal(list(few, 0), [1, -1, -1]);
});

test('shared: common neighbours plus mutual membership, over k + 2', () => {
  const nn = new NearestNeighbours(6, 2);
  // 0 → {1, 2}; 1 → {0, 2}; 3 → {4, 5}
  nn.offer(0, 1, 0.9);
  nn.offer(0, 2, 0.8);
  nn.offer(1, 0, 0.9);
  nn.offer(1, 2, 0.7);
  nn.offer(3, 4, 0.9);
  nn.offer(3, 5, 0.8);
  assert.is(nn.shared(0, 1), (1 + 2) / 4); // share 2, and each lists the other
  assert.is(nn.shared(1, 0), nn.shared(0, 1));
  assert.is(nn.shared(0, 3), 0);
});

test('pairsThroughNeighbours: items with a neighbour in common, hubs skipped', () => {
  const nn = new NearestNeighbours(5, 1);
  nn.offer(0, 4, 1);
  nn.offer(1, 4, 1);
  nn.offer(2, 4, 1);
  nn.offer(3, 2, 1);
  assert.equal(Array.from(nn.pairsThroughNeighbours(64)), [0 * 5 + 1, 0 * 5 + 2, 1 * 5 + 2]);
  assert.equal(Array.from(nn.pairsThroughNeighbours(2)), [], '4 is the neighbour of 3 items: a hub');
});

test('sortedUnique and differenceSorted', () => {
  assert.equal(Array.from(sortedUnique(Float64Array.from([5, 1, 5, 3, 1]))), [1, 3, 5]);
  assert.equal(Array.from(differenceSorted(Float64Array.from([1, 4, 9, 10, 12]), Float64Array.from([2, 4, 10, 11]))), [1, 9, 12]);
  assert.equal(Array.from(differenceSorted(Float64Array.from([7]), new Float64Array(0))), [7]);
  assert.equal(Array.from(differenceSorted(new Float64Array(0), Float64Array.from([7]))), []);
  assert.ok(differenceSorted(Float64Array.from([3]), Float64Array.from([1])).buffer instanceof SharedArrayBuffer, 'in shared memory');
  const lists = [[3, 8, 20], [], [1, 8, 9, 21], [3, 4]].map((l) => Float64Array.from(l));
  assert.equal(Array.from(mergeSorted(lists)), [1, 3, 4, 8, 9, 20, 21]);
  assert.equal(Array.from(mergeSorted([])), []);
});

/** The pairs of items with a common neighbour, counted from the lists one by one (hubs: listed by more than maxReverse). */
function naivePairs(nn: NearestNeighbours, maxReverse: number): number[] {
  const listedBy = new Map<number, number[]>();
  for (let i = 0; i < nn.items; i++) for (const n of list(nn, i)) if (n >= 0) listedBy.set(n, [...(listedBy.get(n) ?? []), i]);
  const out = new Set<number>();
  for (const who of listedBy.values()) {
    if (who.length > maxReverse) continue;
    for (const i of who) for (const j of who) if (i < j) out.add(i * nn.items + j);
  }
  return [...out].sort((a, b) => a - b);
}

test('pairsThroughNeighbours: item 0 as the common neighbour, a list of exactly maxReverse, a hub before other lists', () => {
  // 1, 2 and 3 list 0; 4 and 5 list 6; 6 lists 0 too (0 is then listed by four); 0 lists nothing.
  const nn = new NearestNeighbours(7, 2);
  for (const i of [1, 2, 3, 6]) nn.offer(i, 0, 0.9);
  nn.offer(4, 6, 0.8);
  nn.offer(5, 6, 0.8);
  nn.offer(4, 5, 0.5);
  const key = (i: number, j: number) => i * 7 + j;
  assert.equal(Array.from(nn.pairsThroughNeighbours(64)), [key(1, 2), key(1, 3), key(1, 6), key(2, 3), key(2, 6), key(3, 6), key(4, 5)]);
  assert.equal(Array.from(nn.pairsThroughNeighbours(4)), Array.from(nn.pairsThroughNeighbours(64)), 'a list of exactly maxReverse is no hub');
  assert.equal(Array.from(nn.pairsThroughNeighbours(3)), [key(4, 5)], '0 is a hub: only 6 gives a pair');
  for (const max of [1, 2, 3, 4, 64]) assert.equal(Array.from(nn.pairsThroughNeighbours(max)), naivePairs(nn, max), `maxReverse ${max}`);
});

test('pairsThroughNeighbours against the lists read one by one, on random neighbour lists', () => {
  const random = mulberry32(21);
  for (let round = 0; round < 20; round++) {
    const items = 2 + Math.floor(random() * 12);
    const nn = new NearestNeighbours(items, 1 + Math.floor(random() * 3));
    // Each j offered to i once at most (as clustering offers each candidate pair once each way).
    for (let i = 0; i < items; i++) for (let j = 0; j < items; j++) if (i !== j && random() < 0.3) nn.offer(i, j, Math.floor(random() * 4) / 4);
    for (const max of [1, 2, 3, 64]) assert.equal(Array.from(nn.pairsThroughNeighbours(max)), naivePairs(nn, max), `round ${round}, maxReverse ${max}`);
  }
});

test('NearestNeighbours.over: the same items, lists, shared counts and pairs as the lists it reads', () => {
  const nn = new NearestNeighbours(5, 2);
  nn.offer(0, 4, 0.9);
  nn.offer(1, 4, 0.8);
  nn.offer(1, 0, 0.7);
  nn.offer(3, 1, 0.6);
  const over = NearestNeighbours.over(nn.neighbours, 2);
  assert.is(over.items, 5);
  assert.is(over.k, 2);
  for (let i = 0; i < 5; i++) assert.equal(list(over, i), list(nn, i));
  assert.is(over.shared(0, 1), nn.shared(0, 1));
  assert.is(over.shared(0, 1), (1 + 1) / 4, 'they share 4, and 1 lists 0');
  assert.equal(Array.from(over.pairsThroughNeighbours(64)), [0 * 5 + 1], 'both list 4; 3 lists 1, whom no one else lists');
});

test('offer: a tie with item 1 already kept goes to item 1 (the lower index)', () => {
  const nn = new NearestNeighbours(4, 1);
  nn.offer(0, 1, 0.5);
  nn.offer(0, 3, 0.5);
  assert.equal(list(nn, 0), [1]);
  nn.offer(2, 3, 0.5);
  nn.offer(2, 1, 0.5);
  assert.equal(list(nn, 2), [1]);
});

test.run();
