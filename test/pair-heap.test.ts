/**
 * PairHeap (src/events/pair-heap.ts) against a sorted list as the
 * reference: entries appended then heapified, and pushed one by one, come
 * out by key, then a, then b, each with its clock; and a heap of at least
 * MIN_SHRINK slots gives its drained tail back (twice its entries once
 * under a quarter full), keeping every entry.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MIN_SHRINK, PairHeap } from '../src/events/pair-heap.js';
import { mulberry32 } from './fixtures/random.js';

interface Entry {
  key: number;
  a: number;
  b: number;
  at: number;
}

const byOrder = (x: Entry, y: Entry) => x.key - y.key || x.a - y.a || x.b - y.b;

function entries(n: number, seed: number): Entry[] {
  const random = mulberry32(seed);
  // Few distinct keys and pairs: ties on the key, and on the key and a.
  return Array.from({ length: n }, (_, i) => ({ key: Math.floor(random() * 8) / 8, a: Math.floor(random() * 5), b: Math.floor(random() * 1000), at: i }));
}

function drain(heap: PairHeap, count: number): Entry[] {
  const out: Entry[] = [];
  for (let k = 0; k < count; k++) {
    const key = heap.topKey();
    out.push({ key, ...heap.pop() });
  }
  return out;
}

test('PairHeap: appended and heapified, or pushed, entries come out by key, then a, then b, with their clocks', () => {
  for (const n of [1, 2, 17, 500]) {
    const all = entries(n, n);
    const sorted = [...all].sort(byOrder);
    const appended = new PairHeap(0);
    for (const e of all) appended.append(e.key, e.a, e.b, e.at);
    appended.heapify();
    // Pairs repeat with other clocks: compare the order of (key, a, b), then the clocks of each run of one pair.
    const out = drain(appended, n);
    assert.equal(out.map((e) => [e.key, e.a, e.b]), sorted.map((e) => [e.key, e.a, e.b]), `appended, ${n}`);
    assert.equal(out.map((e) => e.at).sort((x, y) => x - y), all.map((e) => e.at), `every clock once, ${n}`);
    assert.is(appended.length, 0);
    const pushed = new PairHeap(4);
    for (const e of all) pushed.push(e.key, e.a, e.b, e.at);
    assert.equal(drain(pushed, n).map((e) => [e.key, e.a, e.b]), sorted.map((e) => [e.key, e.a, e.b]), `pushed, ${n}`);
  }
});

test('PairHeap: a heap of MIN_SHRINK slots or more, drained below a quarter, shrinks to twice its entries and loses none', () => {
  const n = 2 * MIN_SHRINK;
  const all = entries(n, 7);
  const heap = new PairHeap(n);
  for (const e of all) heap.append(e.key, e.a, e.b, e.at);
  heap.heapify();
  assert.is(heap.capacity, n);
  const out = drain(heap, n - n / 4);
  assert.is(heap.capacity, n, 'a quarter full: not yet');
  out.push(...drain(heap, 1));
  assert.is(heap.length, n / 4 - 1);
  assert.is(heap.capacity, 2 * (n / 4 - 1), 'under a quarter: twice its entries');
  out.push(...drain(heap, heap.length));
  assert.equal(out.map((e) => [e.key, e.a, e.b]), [...all].sort(byOrder).map((e) => [e.key, e.a, e.b]));
  assert.ok(heap.capacity < MIN_SHRINK, `${heap.capacity}`);
  // Exactly MIN_SHRINK slots shrink too.
  const exact = new PairHeap(MIN_SHRINK);
  for (let k = 0; k < MIN_SHRINK; k++) exact.append(k, 0, 0, 0);
  exact.heapify();
  drain(exact, MIN_SHRINK - MIN_SHRINK / 4 + 1);
  assert.is(exact.capacity, 2 * (MIN_SHRINK / 4 - 1));
  // Below MIN_SHRINK a heap keeps its arrays.
  const small = new PairHeap(MIN_SHRINK - 1);
  for (let k = 0; k < 100; k++) small.push(k, 0, 0, 0);
  drain(small, 99);
  assert.is(small.capacity, MIN_SHRINK - 1);
  heap.push(0.5, 1, 2, 3);
  assert.equal([heap.length, heap.topKey(), heap.pop()], [1, 0.5, { a: 1, b: 2, at: 3 }], 'a drained heap takes entries again');
});

test.run();
