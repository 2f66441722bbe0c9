/**
 * HashedDot (events/hashed-dot.ts) and SpreadDot give exactly the merge of
 * two sorted lists (`cosine`) of the vectors scaled by kind of term
 * (events/item-vectors.ts), bit for bit, whatever the order pairs are asked
 * in and however long the vectors are.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { HashedDot, dotProducts } from '../src/events/hashed-dot.js';
import { ScaledItems, denseScaledCopy } from '../src/events/item-vectors.js';
import { cosine, wordCapped, wordCappedCosine, type SparseVector } from '../src/features/tfidf.js';
import { VectorStore } from '../src/features/vector-store.js';
import { mulberry32 } from './fixtures/random.js';

function randomVector(random: () => number, terms: number, vocabulary: number): SparseVector {
  const ids = new Set<number>();
  // Ids near 2^32 too: term ids are hashes.
  while (ids.size < terms) ids.add(random() < 0.5 ? Math.floor(random() * vocabulary) : 0xffffffff - Math.floor(random() * vocabulary));
  const sorted = Uint32Array.from([...ids].sort((a, b) => a - b));
  return { ids: sorted, weights: Float32Array.from(sorted, () => random()) };
}

/** Vectors in a store, a random multiplier per item and kind of term, and the scaled vectors as a float32 copy would hold them. */
function scaledStore(random: () => number, raw: SparseVector[]) {
  const store = new VectorStore();
  for (const v of raw) store.push(v);
  const kindScale = Float64Array.from({ length: 4 * raw.length }, () => 0.5 + random());
  const vectors = raw.map((v, i) => ({ ids: v.ids, weights: Float32Array.from(v.weights, (w, x) => w * kindScale[4 * i + (v.ids[x] & 3)]) }));
  return { store, kindScale, vectors };
}

/**
 * The same vectors as a store over larger arrays, as the events stage
 * indexes them where segmentation wrote them: in reverse order, with gaps
 * between them.
 */
function gapped(store: VectorStore): VectorStore {
  const size = 2 * store.start[store.count] + 10 * store.count;
  const ids = new Uint32Array(size);
  const weights = new Float32Array(size);
  const start = new Uint32Array(store.count);
  const end = new Uint32Array(store.count);
  let at = 3;
  for (let i = store.count - 1; i >= 0; i--) {
    const v = store.vector(i);
    ids.set(v.ids, at);
    weights.set(v.weights, at);
    start[i] = at;
    end[i] = at + v.ids.length;
    at = end[i] + 1 + (i % 7);
  }
  return VectorStore.over({ count: store.count, start, end, ids, weights });
}

test('HashedDot equals cosine of the scaled vectors bit for bit, for short and long vectors, pairs in any order', () => {
  const random = mulberry32(11);
  const raw = Array.from({ length: 60 }, (_, i) => randomVector(random, i % 10 === 0 ? 700 : 1 + Math.floor(random() * 120), 400));
  const { store, kindScale, vectors } = scaledStore(random, raw);
  const dots = new HashedDot(store, kindScale);
  const dotsWithGaps = new HashedDot(gapped(store), kindScale);
  let nonZero = 0;
  for (let k = 0; k < 5000; k++) {
    const i = Math.floor(random() * vectors.length);
    const j = Math.floor(random() * vectors.length);
    const expected = cosine(vectors[i], vectors[j]);
    assert.is(dots.dot(i, j), expected, `pair ${i}, ${j}`);
    assert.is(dotsWithGaps.dot(i, j), expected, `pair ${i}, ${j}, store with gaps`);
    if (expected !== 0) nonZero++;
  }
  assert.ok(nonZero > 2500, `${nonZero} pairs share terms`);
  assert.is(dots.dot(3, 3), cosine(vectors[3], vectors[3]));
});

test('SpreadDot over the dense scaled copy gives the same sums (the two are chosen by store size)', () => {
  const random = mulberry32(12);
  const raw = Array.from({ length: 40 }, () => randomVector(random, 1 + Math.floor(random() * 150), 300));
  const { store, kindScale, vectors } = scaledStore(random, raw);
  const dense = denseScaledCopy(store, kindScale, false);
  assert.is(dense.distinct, new Set(raw.flatMap((v) => [...v.ids])).size);
  const spread = dotProducts(store, kindScale, dense);
  const withGaps = gapped(store);
  const denseOfGaps = denseScaledCopy(withGaps, kindScale, false);
  assert.equal([...denseOfGaps.store.ids], [...dense.store.ids], 'a store with gaps gives the same contiguous dense copy');
  assert.equal([...denseOfGaps.store.start], [...dense.store.start]);
  assert.equal([...denseOfGaps.store.weights], [...dense.store.weights]);
  const spreadOfGaps = dotProducts(withGaps, kindScale, denseOfGaps);
  for (let k = 0; k < 2000; k++) {
    const i = Math.floor(random() * vectors.length);
    const j = Math.floor(random() * vectors.length);
    assert.is(spread.dot(i, j), cosine(vectors[i], vectors[j]), `pair ${i}, ${j}`);
    assert.is(spreadOfGaps.dot(i, j), cosine(vectors[i], vectors[j]), `pair ${i}, ${j}, store with gaps`);
  }
});

test('ScaledItems gives each item scaled, as the candidate search reads it', () => {
  const random = mulberry32(13);
  const raw = Array.from({ length: 30 }, (_, i) => randomVector(random, i === 7 ? 600 : 1 + Math.floor(random() * 80), 300));
  const { store, kindScale, vectors } = scaledStore(random, raw);
  for (const items of [new ScaledItems(store, kindScale), new ScaledItems(gapped(store), kindScale)]) {
    assert.is(items.count, 30);
    vectors.forEach((v, i) => {
      const got = items.vector(i);
      assert.equal([...got.ids], [...v.ids]);
      assert.equal([...got.weights], [...v.weights]);
    });
  }
});

test('HashedDot of an empty vector is 0 either way', () => {
  const store = new VectorStore();
  store.push({ ids: new Uint32Array(0), weights: new Float32Array(0) });
  store.push({ ids: Uint32Array.of(1, 5), weights: Float32Array.of(0.5, 0.5) });
  const dots = new HashedDot(store, new Float64Array(8).fill(1));
  assert.is(dots.dot(0, 1), 0);
  assert.is(dots.dot(1, 0), 0);
});

test('HashedDot: a first question about item 1 (no item hashed yet) is answered from item 1', () => {
  const random = mulberry32(14);
  const raw = Array.from({ length: 4 }, () => randomVector(random, 5 + Math.floor(random() * 20), 40));
  const { store, kindScale, vectors } = scaledStore(random, raw);
  for (const [i, j] of [[1, 0], [1, 2], [0, 1]]) {
    const dots = new HashedDot(store, kindScale);
    assert.is(dots.dot(i, j), cosine(vectors[i], vectors[j]), `first pair ${i}, ${j}`);
  }
});

test('HashedDot: past 2^32 - 2 items hashed, the slot marks start again and the sums stay right', () => {
  const random = mulberry32(15);
  const raw = Array.from({ length: 6 }, () => randomVector(random, 3 + Math.floor(random() * 30), 60));
  const { store, kindScale, vectors } = scaledStore(random, raw);
  const dots = new HashedDot(store, kindScale);
  // Four billion items hashed, as far as the table can tell (its mark counter is private).
  (dots as unknown as { generation: number }).generation = 0xffffffff - 3;
  let nonZero = 0;
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < vectors.length; i++) {
      for (let j = 0; j < vectors.length; j++) {
        const expected = cosine(vectors[i], vectors[j]);
        assert.is(dots.dot(i, j), expected, `round ${round}, pair ${i}, ${j}`);
        if (expected !== 0) nonZero++;
      }
    }
  }
  assert.ok(nonZero > 30, `${nonZero}`);
});

/** The word cap (`maxWordShare`) from its definition: the scaled vectors' products summed by kind, on the pair's own terms. */
function cappedReference(a: SparseVector, b: SparseVector, maxWordShare: number): number {
  const weightOf = new Map([...a.ids].map((id, x) => [id, a.weights[x]]));
  let all = 0;
  let namesAndNumbers = 0;
  b.ids.forEach((id, x) => {
    if (!weightOf.has(id)) return;
    all += weightOf.get(id)! * b.weights[x];
    if ((id & 3) !== 0) namesAndNumbers += weightOf.get(id)! * b.weights[x];
  });
  const named = (v: SparseVector) => [...v.ids].some((id, x) => (id & 3) === 1 && v.weights[x] !== 0);
  return named(a) && named(b) ? Math.min(all, namesAndNumbers / (1 - maxWordShare)) : all;
}

test('with a word cap, HashedDot and SpreadDot give the capped cosine of the reference; items without names are not capped', () => {
  const random = mulberry32(17);
  const raw = Array.from({ length: 50 }, () => randomVector(random, 1 + Math.floor(random() * 60), 120));
  // Some items without names: their names dropped, or weighed 0 by their kind's multiplier.
  raw.forEach((v, i) => {
    if (i % 5 !== 0) return;
    const keep = [...v.ids].map((id, x) => [id, x]).filter(([id]) => (id & 3) !== 1);
    raw[i] = { ids: Uint32Array.from(keep, ([id]) => id), weights: Float32Array.from(keep, ([, x]) => v.weights[x]) };
  });
  const { store, kindScale, vectors } = scaledStore(random, raw);
  for (const i of [3, 8]) {
    kindScale[4 * i + 1] = 0;
    vectors[i] = { ids: vectors[i].ids, weights: Float32Array.from(vectors[i].weights, (w, x) => ((vectors[i].ids[x] & 3) === 1 ? 0 : w)) };
  }
  const dense = denseScaledCopy(store, kindScale, false);
  let capped = 0;
  let unnamed = 0;
  for (const share of [0.35, 0.6]) {
    const kernels = [new HashedDot(store, kindScale, share), dotProducts(store, kindScale, dense, share), dotProducts(gapped(store), kindScale, undefined, share)];
    for (let k = 0; k < 3000; k++) {
      const i = Math.floor(random() * vectors.length);
      const j = Math.floor(random() * vectors.length);
      const want = cappedReference(vectors[i], vectors[j], share);
      const plain = cosine(vectors[i], vectors[j]);
      for (const kernel of kernels) assert.ok(Math.abs(kernel.dot(i, j) - want) < 1e-12, `share ${share}, pair ${i}, ${j}: ${kernel.dot(i, j)} for ${want}`);
      if (want < plain - 1e-9) capped++;
      else if (plain > 0 && (i % 5 === 0 || j % 5 === 0 || [3, 8].includes(i) || [3, 8].includes(j))) unnamed++;
    }
  }
  assert.ok(capped > 500 && unnamed > 100, `${capped} capped, ${unnamed} with an item without names`);
  // A cap of 1 is the plain dot product, bit for bit.
  const plainKernel = new HashedDot(store, kindScale, 1);
  for (let i = 0; i < 10; i++) assert.is(plainKernel.dot(i, i + 1), cosine(vectors[i], vectors[i + 1]));
});

test('with a word cap, an item whose only name weighs 0 in the store holds no name: its words are not capped', () => {
  // Item 0: the word 4 (0.6) and the name 13 at weight 0 (a term every document holds weighs 0). Item 1: the word 4
  // (0.6) and the name 17 (0.8). Words alone, 0.36: capped to 0 were item 0 named.
  const store = new VectorStore();
  store.push({ ids: Uint32Array.of(4, 13), weights: Float32Array.of(0.6, 0) });
  store.push({ ids: Uint32Array.of(4, 17), weights: Float32Array.of(0.6, 0.8) });
  const kindScale = new Float64Array(8).fill(1);
  const dense = denseScaledCopy(store, kindScale, false);
  for (const dots of [new HashedDot(store, kindScale, 0.35), dotProducts(store, kindScale, dense, 0.35)]) {
    assert.ok(Math.abs(dots.dot(0, 1) - 0.36) < 1e-7, `${dots.dot(0, 1)}`);
    assert.ok(Math.abs(dots.dot(1, 0) - 0.36) < 1e-7, `${dots.dot(1, 0)}`);
  }
  // With a name of weight other than 0 the two are capped (names give nothing: 0).
  store.weights[1] = 0.8;
  for (const dots of [new HashedDot(store, kindScale, 0.35), dotProducts(store, kindScale, denseScaledCopy(store, kindScale, false), 0.35)]) assert.is(dots.dot(0, 1), 0);
});

test('wordCappedCosine by hand: words alone capped to 0, a shared name lets words count up to the share, no names no cap', () => {
  // Ids: 4, 8 words; 13, 17 names (id & 3 = 1); 6 a number.
  const v = (pairs: Array<[number, number]>): SparseVector => ({ ids: Uint32Array.from(pairs, ([id]) => id), weights: Float32Array.from(pairs, ([, w]) => w) });
  const a = v([[4, 0.5], [8, 0.5], [13, 0.5], [17, 0.5]]);
  assert.is(wordCappedCosine(a, v([[4, 0.5], [8, 0.5], [21, 0.5], [25, 0.5]]), 0.4), 0); // words 0.5, names 0
  assert.is(wordCappedCosine(a, v([[4, 0.5], [8, 0.5], [21, 0.5], [25, 0.5]]), 1), 0.5);
  // Words 0.5, names 0.25: 0.75 capped at 0.25 / 0.6.
  assert.ok(Math.abs(wordCappedCosine(a, v([[4, 0.5], [8, 0.5], [13, 0.5], [25, 0.5]]), 0.4) - 0.25 / 0.6) < 1e-12);
  // Words 0.25, names and a number 0.25 (the number counts with the names): 0.5, words half of it, within a cap of 0.5.
  assert.is(wordCappedCosine(v([[4, 0.5], [6, 0.5], [13, 0.5], [17, 0.5]]), v([[4, 0.5], [6, 0.5], [21, 0.5], [25, 0.5]]), 0.5), 0.5);
  // No names on one side (a name of weight 0 is none): not capped.
  assert.is(wordCappedCosine(a, v([[4, 0.5], [8, 0.5], [12, Math.SQRT1_2]]), 0.4), 0.5);
  assert.is(wordCappedCosine(a, v([[4, 0.5], [8, 0.5], [12, Math.SQRT1_2], [13, 0]]), 0.4), 0.5);
  assert.is(wordCapped(0.5, 0.5, 0.4, false), 0.5);
  assert.is(wordCapped(0.5, 0.5, 0.4, true), 0);
});

test('wordCappedCosine by hand: the item without names may come first, and a cap of 1 is no cap even on words alone', () => {
  // Ids: 4, 8 words; 13, 17 names (id & 3 = 1); 12 a word. Shared: the words 4 and 8, 0.5 · 0.5 each: 0.5, all of it words.
  const v = (pairs: Array<[number, number]>): SparseVector => ({ ids: Uint32Array.from(pairs, ([id]) => id), weights: Float32Array.from(pairs, ([, w]) => w) });
  const named = v([[4, 0.5], [8, 0.5], [13, 0.5], [17, 0.5]]);
  const unnamed = v([[4, 0.5], [8, 0.5], [12, Math.SQRT1_2]]);
  const unnamedZero = v([[4, 0.5], [8, 0.5], [12, Math.SQRT1_2], [13, 0]]);
  // Only one of the two holds names: not capped, in either order.
  assert.is(wordCappedCosine(unnamed, named, 0.4), 0.5);
  assert.is(wordCappedCosine(unnamedZero, named, 0.4), 0.5);
  assert.is(wordCappedCosine(named, unnamed, 0.4), 0.5);
  // Both named, words alone: capped to what names and numbers give, 0, in either order.
  const otherNamed = v([[4, 0.5], [8, 0.5], [21, 0.5], [25, 0.5]]);
  assert.is(wordCappedCosine(otherNamed, named, 0.4), 0);
  // A share of 1 lets words carry all of it: the dot product itself, words alone or not.
  assert.is(wordCapped(0.5, 0.5, 1, true), 0.5);
  assert.is(wordCapped(0.5, 0.25, 1, true), 0.5);
  assert.is(wordCapped(0, 0, 1, true), 0);
  assert.is(wordCappedCosine(otherNamed, named, 1), 0.5);
});

test('denseScaledCopy is in shared memory unless told not to', () => {
  const random = mulberry32(16);
  const { store, kindScale } = scaledStore(random, [randomVector(random, 4, 20), randomVector(random, 6, 20)]);
  const shared = denseScaledCopy(store, kindScale);
  assert.ok(shared.store.ids.buffer instanceof SharedArrayBuffer && shared.store.weights.buffer instanceof SharedArrayBuffer);
  const own = denseScaledCopy(store, kindScale, false);
  assert.not.ok(own.store.ids.buffer instanceof SharedArrayBuffer);
  assert.equal([...own.store.ids], [...shared.store.ids]);
});

test.run();
