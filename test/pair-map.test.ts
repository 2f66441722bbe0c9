/**
 * PairMap (src/util/pair-map.ts) against a plain Map as the reference:
 * pairs drawn from a small pool (so that sets overwrite), lookups of pairs
 * never set, 0 and 2^31 − 1 on either side, growth from the smallest
 * table, and pruning by `retain` with a random predicate, repeatedly, as
 * graph linkage prunes its measured pairs.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PairMap } from '../src/util/pair-map.js';
import { resized } from '../src/util/typed-array.js';
import { mulberry32 } from './fixtures/random.js';

const MAX = 2 ** 31 - 1;

function assertSame(map: PairMap, reference: Map<string, number>, pool: Array<[number, number]>, label: string): void {
  assert.is(map.size, reference.size, `${label}: size`);
  for (const [lo, hi] of pool) assert.is(map.get(lo, hi), reference.get(`${lo},${hi}`) ?? -1, `${label}: get ${lo},${hi}`);
}

test('PairMap: gets what was last set, -1 for a pair never set, through growth and repeated pruning', () => {
  const random = mulberry32(17);
  for (const poolSize of [3, 40, 5000]) {
    const pool: Array<[number, number]> = [[0, 0], [0, 1], [1, 0], [MAX, 0], [0, MAX], [MAX, MAX]];
    while (pool.length < poolSize + 6) pool.push([Math.floor(random() * (poolSize < 100 ? 8 : MAX)), Math.floor(random() * (poolSize < 100 ? 8 : MAX))]);
    const map = new PairMap();
    const reference = new Map<string, number>();
    for (let round = 0; round < 4; round++) {
      for (let k = 0; k < poolSize * 3; k++) {
        const [lo, hi] = pool[Math.floor(random() * pool.length)];
        const value = Math.floor(random() * MAX);
        map.set(lo, hi, value);
        reference.set(`${lo},${hi}`, value);
      }
      assertSame(map, reference, pool, `pool ${poolSize}, round ${round}, set`);
      const threshold = random();
      const keep = (lo: number, hi: number) => ((Math.imul(lo, 31) ^ hi) >>> 0) / 2 ** 32 < threshold;
      map.retain(keep);
      for (const key of [...reference.keys()]) {
        const [lo, hi] = key.split(',').map(Number);
        if (!keep(lo, hi)) reference.delete(key);
      }
      assertSame(map, reference, pool, `pool ${poolSize}, round ${round}, retained`);
    }
  }
});

test('PairMap: (a, b) and (b, a) are different pairs; retaining nothing empties the map, which then takes new pairs', () => {
  const map = new PairMap();
  map.set(2, 5, 7);
  assert.is(map.get(5, 2), -1);
  map.set(5, 2, 9);
  assert.equal([map.get(2, 5), map.get(5, 2), map.size], [7, 9, 2]);
  map.retain(() => false);
  assert.equal([map.get(2, 5), map.size], [-1, 0]);
  map.set(2, 5, 0);
  assert.equal([map.get(2, 5), map.size], [0, 1]);
});

test('resized: the first entries in a new array of the size asked, the rest zero, the original untouched', () => {
  const a = Float64Array.from([1.5, 2, 3, 4]);
  const small = resized(a, 3, 2);
  assert.instance(small, Float64Array);
  assert.equal([...small], [1.5, 2, 0]);
  const large = resized(Int32Array.from([7, 8]), 5, 2);
  assert.instance(large, Int32Array);
  assert.equal([...large], [7, 8, 0, 0, 0]);
  small[0] = 9;
  assert.is(a[0], 1.5);
});

test.run();
