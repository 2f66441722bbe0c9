/**
 * U32Map (src/util/u32-map.ts) against a plain Map as the reference: random
 * keys over the whole 32-bit range with 0 and 0xffffffff among them, adds,
 * sets, lookups of missing keys, iteration in insertion order, clear and
 * reuse, growth from no arrays at all, at each table load it is made with.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { U32Map } from '../src/util/u32-map.js';
import { mulberry32 } from './fixtures/random.js';

/** Every entry of `map` in iteration order, by keyAt/valueAt and by forEach, as the reference's. */
function assertSame(map: U32Map, reference: Map<number, number>, label: string): void {
  assert.is(map.size, reference.size, `${label}: size`);
  const expected = [...reference];
  const byIndex = Array.from({ length: map.size }, (_, i) => [map.keyAt(i), map.valueAt(i)]);
  assert.equal(byIndex, expected, `${label}: keyAt/valueAt in insertion order`);
  const byForEach: number[][] = [];
  map.forEach((key, value) => byForEach.push([key, value]));
  assert.equal(byForEach, expected, `${label}: forEach in insertion order`);
  for (const [key, value] of reference) {
    assert.ok(map.has(key), `${label}: has ${key}`);
    assert.is(map.get(key, -7), value, `${label}: get ${key}`);
  }
}

/** Keys drawn from a small pool (so that adds hit existing keys) that holds 0 and 0xffffffff. */
function keyPool(random: () => number, n: number): number[] {
  const pool = [0, 0xffffffff, 1, 0x80000000];
  while (pool.length < n) pool.push(Math.floor(random() * 2 ** 32) >>> 0);
  return pool;
}

for (const [capacity, maxLoad] of [
  [0, undefined],
  [0, 0.75],
  [1, 0.5],
  [16, 0.75],
  [100, 0.625],
  [3, 0.9],
  [0, 1 / 16],
] as const) {
  test(`U32Map made with capacity ${capacity} and maxLoad ${maxLoad ?? 'default'} holds what a Map holds, in the same order`, () => {
    const random = mulberry32(41 + capacity);
    const map = new U32Map(capacity, maxLoad === undefined ? {} : { maxLoad });
    assertSame(map, new Map(), 'new');
    assert.is(map.get(0), 0, 'a missing key reads as 0 by default');
    assert.is(map.get(0xffffffff, -1), -1);
    for (const round of [0, 1, 2]) {
      const reference = new Map<number, number>();
      const pool = keyPool(random, [50, 3000, 400][round]);
      const steps = [200, 12_000, 1_000][round];
      for (let s = 0; s < steps; s++) {
        const key = pool[Math.floor(random() * pool.length)];
        const by = Math.floor(random() * 9) - 4 + (random() < 0.1 ? 0.5 : 0);
        if (random() < 0.2) {
          map.set(key, by);
          reference.set(key, by);
        } else {
          const sum = (reference.get(key) ?? 0) + by;
          reference.set(key, sum);
          assert.is(map.add(key, by), sum);
        }
        // A key never added reads as missing, and asking does not add it.
        const absent = (Math.floor(random() * 2 ** 32) >>> 0) | 1;
        if (!reference.has(absent)) {
          assert.not.ok(map.has(absent));
          assert.is(map.get(absent, -3), -3);
        }
      }
      assertSame(map, reference, `round ${round}`);
      map.updateAll((v) => 2 * v);
      for (const [key, value] of reference) reference.set(key, 2 * value);
      assertSame(map, reference, `round ${round} doubled`);
      map.clear();
      assertSame(map, new Map(), `round ${round} cleared`);
      for (const key of pool.slice(0, 8)) assert.not.ok(map.has(key), `cleared: ${key} gone`);
    }
  });
}

test('U32Map keys 0 and 0xffffffff are entries like any other, also passed signed', () => {
  const map = new U32Map(0);
  map.add(0, 2);
  map.add(-1, 3); // 0xffffffff passed signed
  map.add(0xffffffff, 1);
  assert.equal([map.keyAt(0), map.valueAt(0), map.keyAt(1), map.valueAt(1)], [0, 2, 0xffffffff, 4]);
  assert.is(map.get(0), 2);
  assert.is(map.get(-1), 4);
  map.set(0, 0);
  assert.ok(map.has(0), 'value 0 at key 0 is still an entry');
  assert.is(map.size, 2);
});

test('U32Map made with capacity 0 shares nothing with another once keys are added', () => {
  const a = new U32Map(0);
  const b = new U32Map(0);
  a.add(5, 1);
  assert.not.ok(b.has(5));
  assert.is(b.size, 0);
  b.clear();
  b.add(6, 2);
  assert.not.ok(a.has(6));
  assert.equal([a.size, b.size], [1, 1]);
});

test('U32Map refuses NaN, which marks its empty slots', () => {
  const map = new U32Map(4);
  assert.throws(() => map.set(1, NaN), /NaN/);
  assert.throws(() => map.add(2, NaN), /NaN/);
  map.add(3, Infinity);
  assert.throws(() => map.add(3, -Infinity), /NaN/);
  assert.throws(() => map.updateAll(() => NaN), /NaN/);
  assert.throws(() => new U32Map(4, { maxLoad: 1 }), /maxLoad/);
  assert.throws(() => new U32Map(0, { maxLoad: 0.01 }), /maxLoad/);
  assert.not.ok(map.has(1) || map.has(2));
});

test.run();
