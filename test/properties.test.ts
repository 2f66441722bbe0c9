/**
 * Property tests (fast-check, fixed seeds) where a naive reference exists:
 * MinHash estimates against exact Jaccard, average linkage against
 * ml-hclust's agnes, and B-cubed and pairwise scores against counts over
 * every item and every pair.
 */
import fc from 'fast-check';
import { agnes, type Cluster } from 'ml-hclust';
import { agnesHeights, canonical, partitionOfLabels } from './fixtures/partitions.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { averageLinkage, cutTree } from '../src/events/hclust.js';
import { bcubed, pairwise } from '../src/eval/metrics.js';
import { minhash } from '../src/index.js';

// ---------------------------------------------------------------- MinHash

const VOCABULARY = Array.from({ length: 40 }, (_, i) => `w${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}x`);

/** Exact Jaccard of the two word lists' sets of 3-word shingles. */
function exactJaccard(a: string[], b: string[]): number {
  const shingles = (words: string[]) => new Set(words.slice(0, -2).map((_, i) => words.slice(i, i + 3).join(' ')));
  const sa = shingles(a);
  const sb = shingles(b);
  let shared = 0;
  for (const s of sa) if (sb.has(s)) shared++;
  return shared / (sa.size + sb.size - shared);
}

/** A text and an edited copy: words replaced, dropped and inserted at random, so Jaccard spans 0 to 1. */
const textPair = fc
  .tuple(
    fc.array(fc.integer({ min: 0, max: VOCABULARY.length - 1 }), { minLength: 3, maxLength: 150 }),
    fc.array(fc.tuple(fc.constantFrom('replace', 'drop', 'insert'), fc.nat(), fc.integer({ min: 0, max: VOCABULARY.length - 1 })), { maxLength: 80 }),
  )
  .map(([ids, edits]) => {
    const a = ids.map((i) => VOCABULARY[i]);
    const b = [...a];
    for (const [kind, at, word] of edits) {
      const p = at % (b.length + 1);
      if (kind === 'insert') b.splice(p, 0, VOCABULARY[word]);
      else if (p < b.length && b.length > 3) {
        if (kind === 'drop') b.splice(p, 1);
        else b[p] = VOCABULARY[word];
      }
    }
    return [a, b] as const;
  });

test('MinHash: the estimate lies within 4 standard errors (+ 2/128) of the exact Jaccard, for any pair of texts (3-word shingles, as analyze uses)', () => {
  fc.assert(
    fc.property(textPair, ([a, b]) => {
      const exact = exactJaccard(a, b);
      const estimate = minhash(a.join(' '), { shingleSize: 3 }).jaccard(minhash(b.join(' '), { shingleSize: 3 }));
      const bound = 4 * Math.sqrt((exact * (1 - exact)) / 128) + 2 / 128;
      assert.ok(Math.abs(estimate - exact) <= bound, `estimate ${estimate}, exact ${exact}, bound ${bound.toFixed(3)}`);
    }),
    { numRuns: 300, seed: 24 },
  );
});

test('MinHash: identical shingle sets estimate 1, and disjoint ones 0', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 19 }), { minLength: 3, maxLength: 60 }), (ids) => {
      const a = ids.map((i) => VOCABULARY[i]).join(' ');
      const b = ids.map((i) => VOCABULARY[i + 20]).join(' ');
      assert.is(minhash(a).jaccard(minhash(a)), 1);
      assert.is(minhash(a).jaccard(minhash(b)), 0);
    }),
    { numRuns: 100, seed: 7 },
  );
});

// ---------------------------------------------------------------- average linkage

/** n items and a distance for each pair, all different (ties make more than one tree right). */
const distanceMatrix = fc.integer({ min: 2, max: 12 }).chain((n) =>
  fc
    .uniqueArray(fc.integer({ min: 1, max: 1_000_000 }), { minLength: (n * (n - 1)) / 2, maxLength: (n * (n - 1)) / 2 })
    .map((values) => ({ n, condensed: Float64Array.from(values, (v) => v / 1_000_000) })),
);

test('average linkage: the merge heights and every cut equal ml-hclust\'s agnes, on random distances', () => {
  fc.assert(
    fc.property(distanceMatrix, fc.double({ min: 0, max: 1, noNaN: true }), ({ n, condensed }, cut) => {
      const full = Array.from({ length: n }, () => new Array<number>(n).fill(0));
      let k = 0;
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++, k++) full[i][j] = full[j][i] = condensed[k];
      const dendrogram = averageLinkage(n, condensed);
      const root = agnes(full, { method: 'average', isDistanceMatrix: true });
      const expected = agnesHeights(root);
      const got = [...dendrogram.height].sort((x, y) => x - y);
      assert.is(got.length, expected.length);
      got.forEach((h, i) => assert.ok(Math.abs(h - expected[i]) <= 1e-12, `height ${i}: ${h} vs ${expected[i]}`));
      // Cut away from any merge height: both sides must give the same clusters.
      if (expected.every((h) => Math.abs(h - cut) > 1e-9)) {
        assert.is(partitionOfLabels(cutTree(dendrogram, cut)), canonical(root.cut(cut).map((c) => c.indices())), `cut ${cut}`);
      }
    }),
    { numRuns: 300, seed: 11 },
  );
});

// ---------------------------------------------------------------- B-cubed and pairwise

/** B-cubed by its definition: for each item, the share of its cluster in its gold class, and of its gold class in its cluster. */
function bcubedByItems(predicted: string[], gold: string[]): { precision: number; recall: number } {
  const n = predicted.length;
  let precision = 0;
  let recall = 0;
  for (let i = 0; i < n; i++) {
    let cluster = 0;
    let goldClass = 0;
    let both = 0;
    for (let j = 0; j < n; j++) {
      if (predicted[j] === predicted[i]) cluster++;
      if (gold[j] === gold[i]) goldClass++;
      if (predicted[j] === predicted[i] && gold[j] === gold[i]) both++;
    }
    precision += both / cluster;
    recall += both / goldClass;
  }
  return { precision: precision / n, recall: recall / n };
}

/** Pairwise by enumerating every pair. */
function pairwiseByPairs(predicted: string[], gold: string[]): { precision: number; recall: number } {
  let together = 0;
  let sameGold = 0;
  let both = 0;
  for (let i = 0; i < predicted.length; i++) {
    for (let j = i + 1; j < predicted.length; j++) {
      const p = predicted[i] === predicted[j];
      const g = gold[i] === gold[j];
      if (p) together++;
      if (g) sameGold++;
      if (p && g) both++;
    }
  }
  return { precision: together === 0 ? 1 : both / together, recall: sameGold === 0 ? 1 : both / sameGold };
}

const labelling = fc.integer({ min: 1, max: 40 }).chain((n) =>
  fc.tuple(fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'x y', '"'), { minLength: n, maxLength: n }), fc.array(fc.constantFrom('A', 'B', 'C', 'D'), { minLength: n, maxLength: n })),
);

test('B-cubed and pairwise equal their definitions counted item by item and pair by pair', () => {
  const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= 1e-12, `${what}: ${a} vs ${b}`);
  const f1 = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));
  fc.assert(
    fc.property(labelling, ([predicted, gold]) => {
      const b = bcubed(predicted, gold);
      const want = bcubedByItems(predicted, gold);
      close(b.precision, want.precision, 'B-cubed precision');
      close(b.recall, want.recall, 'B-cubed recall');
      close(b.f1, f1(want.precision, want.recall), 'B-cubed F1');
      const p = pairwise(predicted, gold);
      const pairs = pairwiseByPairs(predicted, gold);
      close(p.precision, pairs.precision, 'pairwise precision');
      close(p.recall, pairs.recall, 'pairwise recall');
    }),
    { numRuns: 300, seed: 3 },
  );
});

test.run();
