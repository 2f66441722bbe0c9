/**
 * GrowableArray across many growths (~1.9 million values compared): moved out of
 * features-kernel-parts.test.ts, where it cost ~0.8 s of each features mutant's run
 * while checking only src/util/growable.ts. It stays in `npm test`.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GrowableArray } from '../src/util/growable.js';

test('GrowableArray appends across many growths (doubling, or a jump to its reserve) and keeps every value', () => {
  for (const reserve of [0, 3_000_000]) checkGrowth(new GrowableArray(Uint32Array, reserve));
});

function checkGrowth(grown: GrowableArray<Uint32Array>): void {
  const expected: number[] = [];
  for (let round = 0; round < 200; round++) {
    const chunk = Uint32Array.from({ length: round * 97 }, (_, i) => (round * 1_000_003 + i) >>> 0);
    grown.append(chunk);
    expected.push(...chunk);
    grown.push(round);
    expected.push(round);
  }
  assert.is(grown.length, expected.length);
  assert.equal(Array.from(grown.values()), expected);
}

test.run();
