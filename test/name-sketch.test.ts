/**
 * Name sketches (features/name-sketch.ts) against plain sets, and the rule
 * they serve: a pair alike in wording is a copy only if it keeps its names
 * (neardup/groups.ts `PairJudge`), end to end on formula stories and their
 * reprints.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { analyze } from '../src/analyze.js';
import { dedup } from '../src/dedup.js';
import { explain } from '../src/explain/explain.js';
import { BatchBuilder } from '../src/features/batch.js';
import { FeatureExtractor } from '../src/features/extract.js';
import { hashString } from '../src/features/hash.js';
import { NAME_SKETCH, NameSketcher, nameContainment, nameKey } from '../src/features/name-sketch.js';
import { Surfaces } from '../src/features/surfaces.js';
import { handMade } from './fixtures/edge-features.js';
import { CONTAINED, MIN_NAME_CONTAINMENT, MIN_NAMES, NEAR, PairJudge } from '../src/neardup/groups.js';
import { mulberry32 } from '../src/util/random.js';

/** Distinct random name keys (16 bits); the first `shared` of a and b are the same. */
function nameSets(random: () => number, sizeA: number, sizeB: number, shared: number): [number[], number[]] {
  const seen = new Set<number>();
  const fresh = () => {
    for (;;) {
      const v = Math.floor(random() * 2 ** 16);
      if (!seen.has(v)) {
        seen.add(v);
        return v;
      }
    }
  };
  const common = Array.from({ length: shared }, fresh);
  return [[...common, ...Array.from({ length: sizeA - shared }, fresh)], [...common, ...Array.from({ length: sizeB - shared }, fresh)]];
}

/** Documents' sketches and counts, made by a NameSketcher from each set of keys offered twice over (as hashes with those high bits), in shuffled order. */
function sketched(random: () => number, sets: number[][]): { sketch: Uint16Array; count: Uint32Array } {
  const sketch = new Uint16Array(sets.length * NAME_SKETCH).fill(7);
  const count = new Uint32Array(sets.length);
  const s = new NameSketcher();
  sets.forEach((set, d) => {
    s.reset();
    const offered = [...set, ...set].sort(() => random() - 0.5);
    for (const v of offered) s.offer(v * 2 ** 16 + Math.floor(random() * 2 ** 16));
    count[d] = s.write(sketch, d * NAME_SKETCH);
  });
  return { sketch, count };
}

const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

function naiveContainment(a: number[], b: number[]): number {
  const [small, large] = a.length <= b.length ? [a, new Set(b)] : [b, new Set(a)];
  return small.filter((v) => large.has(v)).length / small.length;
}

test('NameSketcher: the NAME_SKETCH smallest distinct keys, ascending, zeros after; count is the distinct keys offered', () => {
  const random = mulberry32(3);
  for (const size of [0, 1, NAME_SKETCH - 1, NAME_SKETCH, NAME_SKETCH + 1, 40, 300]) {
    const [set] = nameSets(random, size, 0, 0);
    if (size > 2) set[1] = 0; // 0 is a value like any other
    const { sketch, count } = sketched(random, [set]);
    const want = [...new Set(set)].sort((x, y) => x - y).slice(0, NAME_SKETCH);
    assert.is(count[0], new Set(set).size, `count of ${size}`);
    assert.equal([...sketch.subarray(0, want.length)], want, `sketch of ${size}`);
    assert.ok(sketch.subarray(want.length).every((v) => v === 0), `zeros after ${size}`);
  }
  // A key is a hash's high 16 bits, signed or not: two hashes with one key are one name.
  const s = new NameSketcher();
  s.offer(-1);
  s.offer(0xffffffff);
  s.offer(0xffff0000);
  s.offer(0x00010000);
  s.offer(0x0000ffff);
  const out = new Uint16Array(NAME_SKETCH);
  assert.is(s.write(out, 0), 3);
  assert.equal([...out.subarray(0, 3)], [0, 1, 0xffff]);
  assert.is(nameKey(0xabcd1234), 0xabcd);
  assert.is(nameKey(-1), 0xffff);
});

test('nameContainment: exact, as plain sets give it, when neither has more than NAME_SKETCH names; NaN without names', () => {
  const random = mulberry32(11);
  for (let trial = 0; trial < 300; trial++) {
    const sizeA = 1 + Math.floor(random() * NAME_SKETCH);
    const sizeB = 1 + Math.floor(random() * NAME_SKETCH);
    const shared = Math.floor(random() * (Math.min(sizeA, sizeB) + 1));
    const [a, b] = nameSets(random, sizeA, sizeB, shared);
    const { sketch, count } = sketched(random, [a, b]);
    assert.is(nameContainment(sketch, count, 0, 1), naiveContainment(a, b), `trial ${trial}`);
    assert.is(nameContainment(sketch, count, 1, 0), naiveContainment(a, b), `trial ${trial}, swapped`);
  }
  const { sketch, count } = sketched(random, [[5, 6, 7], []]);
  assert.ok(Number.isNaN(nameContainment(sketch, count, 0, 1)));
  assert.ok(Number.isNaN(nameContainment(sketch, count, 1, 0)));
});

test('nameContainment: for larger sets, counted on the smaller set\'s names under both sketches\' bound (checked by hand), close to the truth on average', () => {
  const K2 = NAME_SKETCH;
  // a = 1..2K (sketch 1..K), b = the odd numbers 1..6K−1 (3K names; sketch the first K odd ones): the bound is K, a's names
  // under it 1..K, of which the odd half is in b's sketch: 0.5, which is the truth (a's odd half is all in b).
  const a = range(1, 2 * K2);
  const b = Array.from({ length: 3 * K2 }, (_, i) => 2 * i + 1);
  const { sketch, count } = sketched(mulberry32(1), [a, b]);
  assert.is(nameContainment(sketch, count, 0, 1), 0.5);
  assert.is(nameContainment(sketch, count, 1, 0), 0.5);
  // Two sets of one size (K + 4 each): a = 1..K+4 (bound K), c = K/2+1..3K/2+4 (bound 3K/2): a's names under K are half in
  // c's sketch, c's under K all in a's: the larger share, 1, either way round.
  const c = range(K2 / 2 + 1, K2 + 4);
  const tie = sketched(mulberry32(1), [range(1, K2 + 4), c]);
  assert.is(nameContainment(tie.sketch, tie.count, 0, 1), 1);
  assert.is(nameContainment(tie.sketch, tie.count, 1, 0), 1);
  // A few names inside many (a mixed-case copy of a text in capitals, whose every word reads as a name): b's bound is 2K − 1;
  // the smaller set's names under it (3, 5) are both in b.
  const few = sketched(mulberry32(1), [[3, 5, 100 * K2, 101 * K2], b]);
  assert.is(nameContainment(few.sketch, few.count, 0, 1), 1);
  // None of the smaller set's names under the larger's bound: nothing is known.
  const unknown = sketched(mulberry32(1), [[100 * K2, 101 * K2, 102 * K2, 103 * K2], b]);
  assert.ok(Number.isNaN(nameContainment(unknown.sketch, unknown.count, 0, 1)));
  // Identical sets: 1; disjoint: 0.
  const same = sketched(mulberry32(2), [b, b]);
  assert.is(nameContainment(same.sketch, same.count, 0, 1), 1);
  const random = mulberry32(5);
  const [x, y] = nameSets(random, 50, 60, 0);
  const apart = sketched(random, [x, y]);
  assert.is(nameContainment(apart.sketch, apart.count, 0, 1), 0);
  // Copies (nine names in ten of the smaller set kept, or all) and different stories (four in ten or fewer), of 9 to 60
  // names: how often the sketches put each on the wrong side of MIN_NAME_CONTAINMENT.
  let wrongCopies = 0;
  let wrongOthers = 0;
  let unknownShares = 0;
  const trials = 400;
  for (let t = 0; t < trials; t++) {
    const sizeA = 9 + Math.floor(random() * 52);
    const sizeB = 9 + Math.floor(random() * 52);
    const small = Math.min(sizeA, sizeB);
    const copy = t % 2 === 0;
    const shared = copy ? small - Math.floor(random() * (small / 10 + 1)) : Math.floor(random() * (0.4 * small + 1));
    const [p, q] = nameSets(random, sizeA, sizeB, shared);
    const s = sketched(random, [p, q]);
    const estimate = nameContainment(s.sketch, s.count, 0, 1);
    if (Number.isNaN(estimate)) {
      unknownShares++;
      continue;
    }
    assert.ok(estimate >= 0 && estimate <= 1, `trial ${t}: ${estimate}`);
    if (copy && estimate < MIN_NAME_CONTAINMENT) wrongCopies++;
    if (!copy && estimate >= MIN_NAME_CONTAINMENT) wrongOthers++;
  }
  assert.ok(unknownShares < trials * 0.05, `unknown ${unknownShares}`);
  assert.ok(wrongCopies < trials * 0.05, `copies taken for different stories: ${wrongCopies}`);
  assert.ok(wrongOthers < trials * 0.05, `different stories taken for copies: ${wrongOthers}`);
  console.log(`   (${wrongCopies} copies and ${wrongOthers} others on the wrong side, ${unknownShares} unknown, of ${trials})`);
});

test('the extractor sketches the story\'s names: capitalised words inside sentences, of two letters or more, boilerplate left out', () => {
  const text = [
    'Officials said Ann Lee met J. Smith in Paris, and I spoke to Bob on 12 May.',
    'Turnout rose. Nobody expected Lee to win.',
    'Copyright 2024 Daily Planet. All rights reserved.',
  ].join('\n\n');
  const b = new BatchBuilder(1, 8);
  new FeatureExtractor({ minhash: { numPerm: 8 }, signaturesOnly: true }).extract(text, undefined, b);
  const f = b.finish();
  // Not names: Officials, Turnout, Nobody (each opens its sentence), J and I (one letter), the copyright line's (boilerplate).
  const names = ['ann', 'lee', 'smith', 'paris', 'bob', 'may'].map((w) => nameKey(hashString(w))).sort((x, y) => x - y);
  assert.is(f.nameCount[0], names.length);
  assert.equal([...f.nameSketch.subarray(0, names.length)], names);
});

test('BatchBuilder: each document its sketch at d · NAME_SKETCH and its count; none given, zeros; arrays of the documents added, not of the capacity', () => {
  const b = new BatchBuilder(5, 1);
  const s = new NameSketcher();
  for (const v of [30, 10, 20, 10]) s.offer(v * 2 ** 16);
  b.add({ shingles: 1, tokens: 1, flags: 0, date: NaN, repeatedLines: 0, title: '', names: s }, new Surfaces(1));
  b.add({ shingles: 1, tokens: 1, flags: 0, date: NaN, repeatedLines: 0, title: '' }, new Surfaces(1));
  s.reset();
  s.offer(99 * 2 ** 16);
  b.add({ shingles: 1, tokens: 1, flags: 0, date: NaN, repeatedLines: 0, title: '', names: s }, new Surfaces(1));
  const f = b.finish();
  assert.equal([...f.nameCount], [3, 0, 1]);
  assert.instance(f.nameCount, Uint32Array);
  assert.is(f.nameSketch.length, 3 * NAME_SKETCH);
  assert.instance(f.nameSketch, Uint16Array);
  assert.equal([...f.nameSketch.subarray(0, 4)], [10, 20, 30, 0]);
  assert.ok(f.nameSketch.subarray(NAME_SKETCH, 2 * NAME_SKETCH).every((v) => v === 0));
  assert.equal([...f.nameSketch.subarray(2 * NAME_SKETCH, 2 * NAME_SKETCH + 2)], [99, 0]);
});

const K = 16;

/** Two documents whose signatures agree in `equal` of K values, with these name sets. */
function pair(shingles: [number, number], equal: number, names: [number[], number[]]) {
  const signatures = Uint32Array.from({ length: 2 * K }, (_, i) => i + 1);
  signatures.copyWithin(K, 0, equal);
  const { sketch, count } = sketched(mulberry32(9), names);
  return { count: 2, numPerm: K, flags: new Uint8Array(2), shingles: Uint32Array.from(shingles), signatures, nameSketch: sketch, nameCount: count };
}


test(`judge: alike in wording, a copy only with ${MIN_NAME_CONTAINMENT} of the smaller name set in the larger; fewer than ${MIN_NAMES} names each, wording alone`, () => {
  // Jaccard 1 (every value equal), NAME_SKETCH names each (the share exact): `enough` of them shared make a copy, one fewer not.
  const n = NAME_SKETCH;
  const enough = Math.ceil(MIN_NAME_CONTAINMENT * n);
  const sharing = (shared: number) => new PairJudge(pair([100, 100], K, [range(1, n), [...range(1, shared), ...range(100, n - shared)]]), 0.6);
  assert.is(sharing(enough).judge(0, 1), NEAR);
  assert.is(sharing(enough).judge(1, 0), NEAR);
  const fewer = sharing(enough - 1);
  assert.is(fewer.judge(0, 1), 0);
  assert.is(fewer.names, (enough - 1) / n);
  // A copy with names of its own added (a local paragraph): the smaller set is all in the larger.
  assert.is(new PairJudge(pair([100, 120], K, [range(1, 8), range(1, 30)]), 0.6).judge(0, 1), NEAR);
  // Too few names to tell: the wording decides, and `names` stays unknown.
  const few = new PairJudge(pair([100, 100], K, [range(1, MIN_NAMES - 1), range(50, 10)]), 0.6);
  assert.is(few.judge(0, 1), NEAR);
  assert.ok(Number.isNaN(few.names));
  assert.is(new PairJudge(pair([100, 100], K, [range(1, MIN_NAMES), range(50, MIN_NAMES)]), 0.6).judge(0, 1), 0);
  // Names never make a copy of a pair unlike in wording, nor undo a containment (a page that holds an article and much else).
  assert.is(new PairJudge(pair([100, 100], 4, [range(1, 10), range(1, 10)]), 0.6).judge(0, 1), 0);
  assert.is(new PairJudge(pair([30, 120], 6, [range(1, 10), range(200, 10)]), 0.6).judge(0, 1), CONTAINED);
  // Too few names on either side.
  assert.is(new PairJudge(pair([100, 100], K, [range(1, 10), range(50, MIN_NAMES - 1)]), 0.6).judge(0, 1), NEAR);
  assert.is(new PairJudge(pair([100, 100], K, [range(1, 10), range(50, MIN_NAMES - 1)]), 0.6).judge(1, 0), NEAR);
  // Without sketches (features made by hand) or released (empty arrays), wording alone.
  const { nameSketch: _s, nameCount: _c, ...bare } = pair([100, 100], K, [range(1, 10), range(100, 10)]);
  assert.is(new PairJudge(bare, 0.6).judge(0, 1), NEAR);
  assert.is(new PairJudge({ ...bare, nameSketch: new Uint16Array(0), nameCount: new Uint32Array(0) }, 0.6).judge(0, 1), NEAR);
});

test('judge: names decide beside a corpus with furniture elsewhere; a page with furniture of its own is judged beside it, not by names', () => {
  const apart: [number[], number[]] = [range(1, 10), range(100, 10)];
  // Neither of the two has furniture (the corpus's sites do): their names decide.
  const plain = handMade([[[1, 100, 0]], [[1, 100, 0]]]);
  assert.is(new PairJudge(pair([100, 100], K, apart), 0.6, plain).judge(0, 1), 0);
  // The second carries its site's blurb (10 tokens), whose names are not the story's: judged beside it, a copy.
  const furnished = handMade([[[1, 100, 0]], [[1, 90, 0], [2, 10, 1]]]);
  const judge = new PairJudge(pair([100, 100], K, apart), 0.6, furnished);
  assert.is(judge.judge(0, 1), NEAR);
  assert.is(judge.judge(1, 0), NEAR);
  assert.ok(Number.isNaN(judge.names));
});

/** A dividend story from one formula, about `company` and its chairman (the eval's formula suite, written out). */
function dividend(company: string, chair: string, day: string, raise: number, cents: number, buyback: number): string {
  return [
    `${company} raises quarterly dividend ${raise} percent`,
    `${company} said on ${day} its board had raised the quarterly dividend by ${raise} percent to ${cents} cents a share, payable on October 4 to shareholders of record on September 6.`,
    `The board also approved a buyback of up to $${buyback} million of the company's shares over the next 2 years.`,
    `"Our strong cash flow allows us to return more to our shareholders," Chairman ${chair} said in a statement.`,
  ].join('\n\n');
}

const FORMULA = [
  dividend('Stetriceack Energy', 'Botroux Dougaim', 'Friday', 17, 70, 402),
  dividend('Navoutreack Financial', 'Pidihu Hicroufon', 'Friday', 17, 81, 676),
  dividend('Crouband Holdings', 'Masteal Vorkind', 'Monday', 12, 44, 250),
  dividend('Trailor Systems', 'Deoupen Brastick', 'Friday', 9, 35, 120),
];

test('formula stories about different companies are no copies; a reprint of one (a word edited, a line added) is', async () => {
  const docs = FORMULA.map((text, i) => ({ id: `f${i}`, text }));
  const edited = FORMULA[0].replace('strong cash flow', 'robust cash flow').replace('2 years', 'two years') + '\n\nReporting by Ann Lee.';
  docs.push({ id: 'f0-reprint', text: edited });
  const result = await analyze(docs, { workers: 1 });
  assert.equal(
    result.nearDuplicateGroups.map((g) => g.members),
    [['f0', 'f0-reprint']],
  );
  const kept = await dedup(docs, { workers: 1 });
  assert.equal(
    kept.documents.filter((d) => d.duplicateOf !== null).map((d) => [d.id, d.duplicateOf]),
    [['f0-reprint', 'f0']],
  );
});

test('explain: two formula stories alike in wording, rejected for their names, with the share counted by hand', async () => {
  const docs = FORMULA.map((text, i) => ({ id: `f${i}`, text }));
  const e = await explain(docs, 'f0', 'f1', { workers: 1 });
  // Capitalised words inside sentences: f0 Energy, Friday, October, September, Chairman, Botroux, Dougaim;
  // f1 Financial, Friday, October, September, Chairman, Pidihu, Hicroufon. Four shared of seven.
  assert.equal(e.nearDuplicates.names, { a: 7, b: 7, containment: 4 / 7, minContainment: MIN_NAME_CONTAINMENT, minNames: MIN_NAMES });
  assert.ok(e.nearDuplicates.estimatedJaccard >= 0.3, String(e.nearDuplicates.estimatedJaccard));
  assert.is(e.nearDuplicates.pairVerdict, 'neither');
  assert.not.ok(e.nearDuplicates.sameGroup);
  assert.match(e.nearDuplicates.reason, /but not in names: 0\.571 of the smaller name set is in the larger, < 0\.70/);
});

test.run();
