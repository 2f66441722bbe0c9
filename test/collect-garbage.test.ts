/**
 * collectGarbage (util/collect-garbage.ts) really collects, in a process
 * started without --expose-gc (as the CLI and API users run).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { collectGarbage } from '../src/util/collect-garbage.js';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

test('an object nothing references is gone after collectGarbage', async () => {
  // Made in a function of its own and a turn earlier: a WeakRef's target lives at least to the end of the turn that made it.
  const ref = (() => new WeakRef(new Float64Array(1 << 20)))();
  const kept = new Float64Array(1 << 20);
  await nextTurn();
  collectGarbage();
  await nextTurn();
  assert.is(ref.deref(), undefined);
  assert.is(kept.length, 1 << 20);
});

test('calling it again works the same (the collector is found once)', async () => {
  const ref = (() => new WeakRef({ large: new Array(100_000).fill('x') }))();
  await nextTurn();
  collectGarbage();
  collectGarbage();
  await nextTurn();
  assert.is(ref.deref(), undefined);
});

test.run();
