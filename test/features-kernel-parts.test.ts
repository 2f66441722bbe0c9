/**
 * The small parts the features stage is built from: the float sort, the
 * top-terms ranking, the word cache and the task packer (the growable store
 * arrays: growable-scale.test.ts). Each is
 * checked against the plain way of doing the same thing.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TopTerms } from '../src/features/top-terms.js';
import { UNSEEN, WordIdCache } from '../src/features/word-cache.js';
import { TaskPacker, rawInputOf } from '../src/pool/pack.js';
import { groupByKey, sortFloat64, sortIndexesByKey, sortSmallestFloat64 } from '../src/util/sort.js';
import { U32Map } from '../src/util/u32-map.js';
import { mulberry32 } from './fixtures/random.js';

test('sortFloat64 sorts any stretch as a numeric sort would, leaving the rest alone', () => {
  const random = mulberry32(7);
  for (const n of [0, 1, 2, 3, 16, 17, 40, 100, 333, 2000]) {
    const values = Array.from({ length: n }, () => Math.floor(random() * 2 ** 32) * 2 ** 20 + Math.floor(random() * 2 ** 20));
    const a = Float64Array.from([-1, ...values, -2]);
    sortFloat64(a, 1, n + 1);
    assert.equal(Array.from(a), [-1, ...[...values].sort((x, y) => x - y), -2]);
  }
  const ascending = Float64Array.from({ length: 500 }, (_, i) => i);
  sortFloat64(ascending, 0, 500);
  assert.equal(Array.from(ascending), Array.from({ length: 500 }, (_, i) => i));
  const descending = Float64Array.from({ length: 500 }, (_, i) => 500 - i);
  sortFloat64(descending, 0, 500);
  assert.equal(Array.from(descending), Array.from({ length: 500 }, (_, i) => i + 1));
});

test('sortIndexesByKey orders indexes by unsigned key, ties in index order, as a stable comparator sort would', () => {
  const random = mulberry32(11);
  for (const [n, distinct] of [[0, 1], [1, 1], [5, 2], [300, 7], [5000, 2 ** 32], [5000, 40]]) {
    const keys = new Uint32Array(n + 3).fill(0xffffffff); // past `count`: never read
    for (let i = 0; i < n; i++) keys[i] = Math.floor(random() * distinct) * Math.floor(2 ** 32 / Math.min(distinct, 2 ** 32));
    const expected = Array.from({ length: n }, (_, i) => i).sort((a, b) => keys[a] - keys[b] || a - b);
    const out = new Uint32Array(n + 3);
    const got = sortIndexesByKey(keys, n, out, new Uint32Array(n + 3));
    assert.is(got, out);
    assert.equal(Array.from(got.subarray(0, n)), expected, `n ${n}, ${distinct} keys`);
  }
});

test('groupByKey lists each group\'s indexes in index order, groups in key order, empty groups included', () => {
  const random = mulberry32(12);
  for (const [n, groups] of [[0, 0], [0, 3], [1, 1], [7, 3], [500, 40], [500, 900]]) {
    const keys = Int32Array.from({ length: n }, () => Math.floor(random() * groups));
    const { start, members } = groupByKey(keys, groups);
    assert.is(start.length, groups + 1);
    for (let g = 0; g < groups; g++) {
      const want = Array.from({ length: n }, (_, i) => i).filter((i) => keys[i] === g);
      assert.equal(Array.from(members.subarray(start[g], start[g + 1])), want, `n ${n}, group ${g} of ${groups}`);
    }
    assert.is(start[groups], n);
  }
});

/** The reference: count, rank by (count desc, id asc), keep `max`, order by id. */
function naiveTop(ids: number[], max: number): { ids: number[]; counts: number[] } {
  const counts = new Map<number, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  const kept = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, max).sort((a, b) => a[0] - b[0]);
  return { ids: kept.map((e) => e[0]), counts: kept.map((e) => e[1]) };
}

test('TopTerms.byId keeps the most frequent terms (ties: smaller id) by ascending id; heaviest picks the same set', () => {
  const random = mulberry32(3);
  const top = new TopTerms();
  for (const [n, vocabulary, max] of [[0, 5, 4], [10, 5, 64], [300, 40, 8], [500, 400, 64], [2000, 3000, 64]]) {
    const ids = Array.from({ length: n }, () => (Math.floor(random() ** 2 * vocabulary) * 2654435761) >>> 0);
    const padded = [7, ...ids, 9];
    const kept = top.byId(padded, 1, n + 1, max);
    assert.equal({ ids: Array.from(kept.ids.subarray(0, kept.length)), counts: Array.from(kept.counts.subarray(0, kept.length)) }, naiveTop(ids, max));
    const into = new U32Map(4);
    const half = 1 + Math.floor(n / 2);
    const set = top.heaviest(padded, [1, half, n + 1], [0, 0], max, into);
    assert.is(set, into);
    const expected = naiveTop(ids, max).ids;
    assert.is(set.size, expected.length);
    for (const id of expected) assert.ok(set.has(id));
    // A skipped stretch does not count, and the map holds only this call's terms.
    const firstHalf = top.heaviest(padded, [0, 1, half, n + 2], [1, 0, 1], max, into);
    const expectedFirst = naiveTop(ids.slice(0, half - 1), max).ids;
    assert.is(firstHalf.size, expectedFirst.length);
    for (const id of expectedFirst) assert.ok(firstHalf.has(id));
  }
});

test('TaskPacker: inputs come back as they went in, whatever their size, and each task starts afresh', () => {
  const packer = new TaskPacker();
  const big = Buffer.alloc(3 * 1024 * 1024, 0x61);
  const index = [
    packer.add({ kind: 'line', name: 'a.jsonl', n: 1, bytes: Buffer.from('{"id":"x"}') }),
    packer.add({ kind: 'file', origin: 'b/c.txt', size: big.length + 5, bytes: big }),
    packer.add({ kind: 'doc', doc: { id: 'd', text: 'hello', origin: 'item 0', warnings: [] } }),
  ];
  assert.equal(index, [0, 1, 2]);
  const task = packer.take();
  const back = task.inputs.map((input) => rawInputOf(input, task.bytes));
  assert.equal(back[0], { kind: 'line', name: 'a.jsonl', n: 1, bytes: new Uint8Array(Buffer.from('{"id":"x"}')) });
  assert.ok(back[1].kind === 'file' && back[1].size === big.length + 5 && Buffer.from(back[1].bytes).equals(big));
  assert.equal(back[2], { kind: 'doc', doc: { id: 'd', text: 'hello', origin: 'item 0', warnings: [] } });
  assert.is(packer.count, 0);
  packer.recycle(task.bytes); // its arena comes back, still holding the old bytes past what the next task writes
  assert.is(packer.add({ kind: 'line', name: 'a.jsonl', n: 2, bytes: Buffer.from('z') }), 0);
  const first = packer.take();
  assert.equal(Array.from(first.bytes), [0x7a]);
  packer.add({ kind: 'line', name: 'a.jsonl', n: 3, bytes: Buffer.from('yy') });
  const second = packer.take();
  assert.equal(Array.from(second.bytes), [0x79, 0x79]);
  assert.ok(first.bytes.buffer !== second.bytes.buffer, 'two tasks never share an arena');
});

test('sortSmallestFloat64: the k smallest of any stretch, ascending, in its first k places; the stretch keeps its values and the rest is untouched', () => {
  const random = mulberry32(8);
  for (const n of [0, 1, 2, 5, 16, 17, 18, 33, 100, 257, 1000, 3000]) {
    for (const k of [0, 1, 2, 12, 16, 17, 64, n - 1, n, n + 5]) {
      if (k < 0) continue;
      // Distinct values, as the engine sorts; every fourth stretch also with repeats, which must not break it.
      const repeats = (n + k) % 4 === 0;
      const values = Array.from({ length: n }, () => (repeats ? Math.floor(random() * 20) : Math.floor(random() * 2 ** 32) * 2 ** 20 + Math.floor(random() * 2 ** 20)));
      const a = Float64Array.from([-1, ...values, -2]);
      sortSmallestFloat64(a, 1, n + 1, k);
      const sorted = [...values].sort((x, y) => x - y);
      const m = Math.min(k, n);
      assert.equal(Array.from(a.subarray(1, 1 + m)), sorted.slice(0, m), `n ${n}, k ${k}`);
      assert.equal(Array.from(a.subarray(1, n + 1)).sort((x, y) => x - y), sorted, `n ${n}, k ${k}: the same values`);
      assert.equal([a[0], a[n + 1]], [-1, -2]);
    }
  }
  const ascending = Float64Array.from({ length: 500 }, (_, i) => i);
  sortSmallestFloat64(ascending, 0, 500, 64);
  assert.equal(Array.from(ascending.subarray(0, 64)), Array.from({ length: 64 }, (_, i) => i));
  const descending = Float64Array.from({ length: 500 }, (_, i) => 500 - i);
  sortSmallestFloat64(descending, 0, 500, 12);
  assert.equal(Array.from(descending.subarray(0, 12)), Array.from({ length: 12 }, (_, i) => i + 1));
});

test('WordIdCache answers as a Map of (hash, check) pairs would (ids as signed 32-bit), across growths', () => {
  const random = mulberry32(11);
  const cache = new WordIdCache(4);
  const reference = new Map<string, [number, number, number]>();
  const checks: number[] = [];
  const put = (hash: number, check: number, id: number) => {
    cache.set(hash, check, id);
    reference.set(`${hash},${check}`, [hash, check, id]);
  };
  for (let i = 0; i < 20_000; i++) {
    const hash = Math.floor(random() * 2 ** 32) >>> 0;
    put(hash, Math.floor(random() * 2 ** 32) >>> 0, (Math.floor(random() * 2 ** 32) & ~3) >>> 0);
    // Keys that share one of the two hashes are other keys.
    if (i % 7 === 0) put(hash, Math.floor(random() * 2 ** 32) >>> 0, (Math.floor(random() * 2 ** 32) & ~3) >>> 0);
    if (i % 11 === 0) put(Math.floor(random() * 2 ** 32) >>> 0, hash, (Math.floor(random() * 2 ** 32) & ~3) >>> 0);
    if (i % 5 === 0) checks.push(reference.size);
  }
  put(0, 0, 0);
  put(0xfffffffc, 0xfffffffc, 0xfffffffc);
  put(0, 1, 4);
  put(1, 0, 8);
  put(0, 0, 12); // a key set again: the last id
  for (const [hash, check, id] of reference.values()) {
    assert.is(cache.get(hash, check) >>> 0, id);
    // The same hashes passed signed (as the term extractor passes them) find the same entry.
    assert.is(cache.get(hash | 0, check | 0), cache.get(hash, check));
  }
  let unseen = 0;
  for (let i = 0; i < 1000; i++) {
    const [hash, check] = [Math.floor(random() * 2 ** 32) >>> 0, Math.floor(random() * 2 ** 32) >>> 0];
    if (!reference.has(`${hash},${check}`)) unseen += cache.get(hash, check) === UNSEEN ? 1 : 0;
  }
  assert.is(unseen, 1000);
  // Another hash with a check that is set: unseen too (a key is both hashes, not either).
  const entries = [...reference.values()];
  for (const at of checks) {
    const [, check] = entries[at - 1];
    const hash = Math.floor(random() * 2 ** 32) >>> 0;
    if (!reference.has(`${hash},${check}`)) assert.is(cache.get(hash, check), UNSEEN);
  }
  assert.is(cache.get(1, 1), UNSEEN);
  // Two keys with one check whose hashes start at the same slot (of 16, a new small cache's): told apart.
  const slotOf16 = (hash: number) => Math.imul(hash, 0x9e3779b1) >>> 28;
  for (let trial = 0; trial < 100; trial++) {
    const small = new WordIdCache(4);
    const [a, check] = [Math.floor(random() * 2 ** 32) >>> 0, Math.floor(random() * 2 ** 32) >>> 0];
    let b = a;
    while (b === a || slotOf16(b) !== slotOf16(a)) b = Math.floor(random() * 2 ** 32) >>> 0;
    small.set(a, check, 4);
    assert.is(small.get(b, check), UNSEEN);
    small.set(b, check, 8);
    assert.equal([small.get(a, check), small.get(b, check)], [4, 8]);
  }
});

test('U32Map finds a key passed signed or unsigned (the same 32 bits) as one key', () => {
  const random = mulberry32(12);
  const map = new U32Map(4);
  const keys: number[] = [];
  for (let i = 0; i < 5_000; i++) {
    const key = Math.floor(random() * 2 ** 32) >>> 0;
    keys.push(key);
    if (i % 2 === 0) map.set(key, i);
    else map.set(key | 0, i);
  }
  for (let i = 0; i < keys.length; i++) {
    assert.ok(map.has(keys[i]) && map.has(keys[i] | 0));
    assert.is(map.get(keys[i] | 0), map.get(keys[i]));
  }
  assert.is(map.size, new Set(keys).size, 'a signed and an unsigned key are never two entries');
});

test.run();
