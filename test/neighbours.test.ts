import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { NearestNeighbours } from '../src/events/neighbours.js';
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

test.run();
