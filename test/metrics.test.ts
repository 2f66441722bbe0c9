import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { adjustedRand, bcubed, pairwise, pk, windowDiff } from '../src/eval/metrics.js';
import { brokenFloors, floorsRequiredBy } from '../src/eval/run.js';
import { detokenize } from '../src/eval/data.js';
import { similarTexts } from '../src/eval/exact.js';

const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-9, `${what}: ${a} vs ${b}`);

test('B-cubed: the worked example of Amigó et al. (one item misplaced)', () => {
  // gold {a,b,c} {d,e}; predicted {a,b} {c,d,e}
  const gold = ['x', 'x', 'x', 'y', 'y'];
  const predicted = ['1', '1', '2', '2', '2'];
  const r = bcubed(predicted, gold);
  // precision per item: a 1, b 1, c 1/3, d 2/3, e 2/3 → 11/15
  close(r.precision, 11 / 15, 'precision');
  // recall per item: a 2/3, b 2/3, c 1/3, d 1, e 1 → 11/15
  close(r.recall, 11 / 15, 'recall');
});

test('B-cubed and pairwise: all singletons and one cluster are the two extremes', () => {
  const gold = ['x', 'x', 'y', 'y'];
  const singletons = bcubed(['1', '2', '3', '4'], gold);
  close(singletons.precision, 1, 'singleton precision');
  close(singletons.recall, 0.5, 'singleton recall');
  const one = pairwise(['1', '1', '1', '1'], gold);
  close(one.precision, 2 / 6, 'one-cluster pair precision');
  close(one.recall, 1, 'one-cluster pair recall');
  close(pairwise(gold, gold).f1, 1, 'perfect');
});

test('adjusted Rand: 1 for the same partition under other names, 0 for one cluster', () => {
  close(adjustedRand(['a', 'a', 'b', 'b', 'c'], ['x', 'x', 'y', 'y', 'z']), 1, 'renamed');
  close(adjustedRand(['a', 'a', 'a', 'a'], ['x', 'x', 'y', 'y']), 0, 'one cluster');
  // sklearn.metrics.adjusted_rand_score([0,0,1,1],[0,0,1,2]) = 0.5714285714285715
  close(adjustedRand(['0', '0', '1', '1'], ['0', '0', '1', '2']), 0.5714285714285715, 'sklearn value');
});

test('Pk and WindowDiff: 0 when exact, a missed boundary costs the windows that straddle it', () => {
  const ref = [0, 0, 0, 0, 1, 1, 1, 1];
  close(pk(ref, ref, 2), 0, 'exact pk');
  close(windowDiff(ref, ref, 2), 0, 'exact wd');
  const none = [0, 0, 0, 0, 0, 0, 0, 0];
  // windows i=0..5 (k=2): straddling the boundary at 4 are i=2,3 → 2/6
  close(pk(ref, none, 2), 2 / 6, 'pk without the boundary');
  close(windowDiff(ref, none, 2), 2 / 6, 'wd without the boundary');
  const shifted = [0, 0, 0, 0, 0, 1, 1, 1];
  // i=2: ref differs (2 vs 4), hyp same (2,4 both 0) → error; i=3: both differ; i=4: ref same, hyp differs → error
  close(pk(ref, shifted, 2), 2 / 6, 'pk off by one');
});

test('floors: a metric below its min or above its max is reported; missing metrics are skipped', () => {
  const broken = brokenFloors({ a: 0.5, b: 3 }, [{ metric: 'a', min: 0.9 }, { metric: 'b', max: 2 }, { metric: 'c', min: 1 }, { metric: 'a', min: 0.4 }]);
  assert.is(broken.length, 2);
  assert.match(broken[0], /a = 0.5000, below the floor 0.9/);
  assert.match(broken[1], /b = 3.0000, above the ceiling 2/);
  const complete = brokenFloors({ a: 1 }, [{ metric: 'a', min: 0.9 }, { metric: 'misspelt', min: 1 }], true);
  assert.equal(complete, ['misspelt: no such metric in the report']);
});

test('floors: a full run must produce every floored metric of the suites it ran; a fast run checks what it produced', () => {
  const floors = [{ metric: 'events.train.bcubed.f1', min: 0.9 }, { metric: 'choi.3-5.pk', max: 0.2 }, { metric: 'events.dev.bcubed.f1', min: 0.9 }];
  const metrics = { 'events.dev.bcubed.f1': 0.95 };
  assert.equal(brokenFloors(metrics, floors, floorsRequiredBy('full', ['events', 'sample'])), ['events.train.bcubed.f1: no such metric in the report']);
  assert.equal(brokenFloors(metrics, floors, floorsRequiredBy('full', ['events', 'choi'])), ['events.train.bcubed.f1: no such metric in the report', 'choi.3-5.pk: no such metric in the report']);
  assert.equal(brokenFloors(metrics, floors, floorsRequiredBy('fast', ['events', 'choi'])), []);
});

test('detokenize undoes the ECB+ tokenisation', () => {
  assert.is(detokenize("People said Reid 's representative , `` Jack '' , was n't there ."), 'People said Reid\'s representative, "Jack", wasn\'t there.');
});

test('similarTexts: exact shingle Jaccard through the inverted index', () => {
  const base = 'the quick brown fox jumps over the lazy dog near the river bank today';
  const pairs = similarTexts([base, base.replace('lazy', 'sleepy'), 'something else entirely different here and there again'], 0.1, 3);
  assert.is(pairs.length, 1);
  assert.equal([pairs[0].a, pairs[0].b], [0, 1]);
  // 12 shingles each, 3 touched by the edit: 9 shared of 15 distinct
  close(pairs[0].jaccard, 9 / 15, 'jaccard');
});

test.run();
