import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { collectGarbage } from '../src/util/collect-garbage.js';
import { detached } from '../src/util/detached.js';

test('detached: the same characters, whatever the length', () => {
  for (const s of ['', 'a', 'twelve chars', 'thirteen char', 'Déjà vu in Zürich: “quotes” and 😀 emoji', 'x'.repeat(5000)]) {
    assert.is(detached(s), s);
    assert.is(detached(s.slice(1)), s.slice(1));
  }
});

test('detached: a headline kept from each of many texts keeps none of the texts alive', () => {
  /** Heap in use after keeping one 40-character slice of each of 500 texts of 20,000 characters. */
  const heldBy = (keep: (s: string) => string): number => {
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    const kept: string[] = [];
    for (let i = 0; i < 500; i++) {
      const text = `${i} `.repeat(20_000 / 2).slice(0, 20_000) + String(i); // a fresh flat string each time
      kept.push(keep(text.slice(100, 140)));
    }
    collectGarbage();
    const held = process.memoryUsage().heapUsed - before;
    assert.is(kept.length, 500);
    return held;
  };
  const sliced = heldBy((s) => s);
  const copied = heldBy(detached);
  // Plain slices keep every text (500 × 20,000 one-byte characters, ~10 MB); copies keep ~40 characters each.
  assert.ok(sliced > 5_000_000, `plain slices held ${sliced} bytes: the premise of this test (V8 slices are views) no longer holds`);
  assert.ok(copied < 1_000_000, `detached slices held ${copied} bytes`);
});

test.run();
