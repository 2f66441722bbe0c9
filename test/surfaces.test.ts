/**
 * Surfaces (src/features/surfaces.ts): one written form per term, the same
 * whatever the order forms are offered in, for term ids of all 32 bits.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Surfaces, preferSurface } from '../src/features/surfaces.js';
import { mulberry32 } from './fixtures/random.js';

test('preferSurface: not all capitals, then shortest, then code-unit order', () => {
  assert.is(preferSurface('NATO', 'Nato'), 'Nato');
  assert.is(preferSurface('Kyiv', 'Kiev'), 'Kiev');
  assert.is(preferSurface('Erdoğan', 'Erdogan'), 'Erdogan');
  assert.is(preferSurface('U.S.', 'US'), 'US');
});

test('Surfaces: the kept form does not depend on the order of offers, and ids above 2^31 work', () => {
  const offers: Array<[number, string]> = [
    [0xfffffffd, 'NATO'], [0xfffffffd, 'Nato'], [7, 'Lavrov'], [0x80000001, 'Kyiv'], [0x80000001, 'Kiev'], [7, 'LAVROV'], [12, 'x'],
  ];
  const rand = mulberry32(3);
  let first: ReturnType<Surfaces['sorted']> | undefined;
  for (let round = 0; round < 20; round++) {
    const shuffled = offers.map((o) => [rand(), o] as const).sort((a, b) => a[0] - b[0]).map(([, o]) => o);
    const surfaces = new Surfaces(2); // small: the map grows on the way
    for (const [id, form] of shuffled) surfaces.offer(id, form);
    const sorted = surfaces.sorted();
    assert.equal([...sorted.ids], [7, 12, 0x80000001, 0xfffffffd]);
    assert.equal(sorted.forms, ['Lavrov', 'x', 'Kiev', 'Nato']);
    first ??= sorted;
    assert.equal(sorted, first);
    assert.is(surfaces.get(0xfffffffd), 'Nato');
    assert.is(surfaces.get(0xfffffffd | 0), 'Nato', 'the same 32 bits, signed');
    assert.is(surfaces.get(5), undefined);
  }
});

test('Surfaces: forEach in first-offer order; of() rebuilds from sorted arrays; clear() empties', () => {
  const surfaces = new Surfaces();
  surfaces.offer(9, 'b');
  surfaces.offer(3, 'a');
  surfaces.offer(9, 'B');
  const seen: Array<[number, string]> = [];
  surfaces.forEach((id, form) => seen.push([id, form]));
  assert.equal(seen, [[9, 'B'], [3, 'a']]);
  const { ids, forms } = surfaces.sorted();
  assert.equal(Surfaces.of(ids, forms).sorted(), { ids, forms });
  surfaces.clear();
  assert.is(surfaces.size, 0);
  assert.is(surfaces.get(9), undefined);
  surfaces.offer(9, 'c');
  assert.equal(surfaces.sorted().forms, ['c']);
});

test.run();
