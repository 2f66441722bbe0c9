/**
 * Site furniture at the bounds of its rules (neardup/furniture.ts, and
 * PairJudge's `besideFurniture` in neardup/groups.ts), on crafted edge
 * paragraphs and crafted signatures: every estimate is equal slots / 128,
 * so each verdict is worked by hand from the rule as groups.ts states it
 * (the arithmetic is in the comments). Fast: in the neardup mutation list.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';

import { FURNISHED_SHARE, MIN_STORY_SHINGLES, PARAGRAPH_BUCKET, findFurniture, furnitureOfPair, shareStoryParagraph, type EdgeFeatures, type Furniture } from '../src/neardup/furniture.js';
import { edges, handMade } from './fixtures/edge-features.js';
import { CONTAINED, FURNITURE_SHARE_OF_LIKENESS, HIDING_SHARE, MIN_HIDDEN_STORY, NEAR, PairJudge, findNearDuplicates } from '../src/neardup/groups.js';
import { optimalLshParams } from '../src/neardup/params.js';

const K = 128;

// ---------------------------------------------------------------- findFurniture

/** Each document's furniture as its hashes, ascending; undefined when findFurniture finds none at all. */
function furnitureHashes(f: EdgeFeatures): number[][] | undefined {
  const fu = findFurniture(f);
  if (fu === undefined) return undefined;
  return Array.from({ length: f.count }, (_, d) => {
    const out: number[] = [];
    for (let e = f.edgeStart[d]; e < f.edgeStart[d + 1]; e++) if (fu.furniture[e] === 1) out.push(f.edgeHash[e]);
    return out.sort((x, y) => x - y);
  });
}

const BLURB = 900; // a site's blurb, 80 tokens
const MENU = 901; // a line over every page of the site, 6 tokens

/** A page of the site: its own story of `tokens` under the blurb. */
const page = (story: number, tokens = 45): Array<[number, number]> => [
  [story, tokens],
  [BLURB, 80],
];

test('a paragraph furniture of exactly FURNISHED_SHARE of its documents stays furniture', () => {
  // The blurb is on 4 pages; the 4th has a line of 5 tokens besides it (85 < 80 + 12 shingles), so no furniture
  // by count: the blurb is furniture of 3 of its 4 documents, 0.75, and stays furniture of those 3.
  assert.is(FURNISHED_SHARE, 0.75);
  const f = edges([page(1), page(2), page(3), page(4, 5)]);
  assert.equal(furnitureHashes(f), [[BLURB], [BLURB], [BLURB], []]);
  // 2 of 3 (0.67): furniture of none.
  assert.is(furnitureHashes(edges([page(1), page(2), page(4, 5)])), undefined);
});

test('the middle record is as repeated as the least repeated paragraph counted in its own document', () => {
  // Pages 0, 2, 4: menu line, the uncounted middle, blurb (each in 3 documents, so the middle counts 3 and the
  // furniture would need 6). Pages 1, 3, 5, one paragraph each of their own, come between: they are not
  // counted for the pages before them. No furniture.
  const f = edges(
    [0, 1, 2, 3, 4, 5].map((d): Array<[number, number]> => (d % 2 === 0 ? [[MENU, 6], [0, 0], [BLURB, 80]] : [[100 + d, 45]])),
    [130, 45, 130, 45, 130, 45],
  );
  assert.is(furnitureHashes(f), undefined);
});

test('a paragraph repeated in the story raises the bar for furniture even when it is not the least repeated', () => {
  // Pages 0–2: a line of their own, a quote all three carry (3 documents), another line of their own, the blurb
  // (4 documents with page 3). Their story's most repeated paragraph is in 3: furniture must be in 6, and the
  // blurb is in 4: none of theirs. Of page 3 it would be (its story is in 1), but that is 1 of its 4 documents: of none.
  const QUOTE = 50;
  const f = edges([
    ...[0, 1, 2].map((d): Array<[number, number]> => [
      [10 + d, 20],
      [QUOTE, 30],
      [20 + d, 20],
      [BLURB, 80],
    ]),
    page(13),
  ]);
  assert.is(furnitureHashes(f), undefined);
});

test('a document with no edge paragraphs is not bare, and makes no furniture', () => {
  const site = edges([page(1), page(2), page(3), page(4), []], [125, 125, 125, 125, 30]);
  const fu = findFurniture(site)!;
  assert.equal(Array.from(fu.bare), [0, 0, 0, 0, 0]);
  assert.equal(Array.from(fu.total), [80, 80, 80, 80, 0]);
  // With no furniture anywhere, an empty document adds none.
  assert.is(findFurniture(edges([page(1), page(2), []], [125, 125, 30])), undefined);
});

test('a bare page marks its own paragraphs only, not the next document first paragraph', () => {
  // Page 0 is the blurb alone (bare: 4 of the blurb's 5 documents have it as furniture); page 1 follows it.
  const f = edges([[[BLURB, 80]], page(1), page(2), page(3), page(4)]);
  const fu = findFurniture(f)!;
  assert.equal(Array.from(fu.bare), [1, 0, 0, 0, 0]);
  assert.equal(furnitureHashes(f), [[BLURB], [BLURB], [BLURB], [BLURB], [BLURB]]);
});

test('edge paragraphs that do not fit the documents (edgeStart of another length): no furniture', () => {
  const f = edges([page(1), page(2), page(3), page(4)]);
  assert.ok(findFurniture(f) !== undefined);
  assert.is(findFurniture({ ...f, edgeStart: f.edgeStart.subarray(0, f.count) }), undefined);
});

// ---------------------------------------------------------------- paragraph buckets

test(`a story paragraph of exactly ${PARAGRAPH_BUCKET} furnished documents is a bucket; of ${PARAGRAPH_BUCKET + 1}, none`, () => {
  // s pages hold story P (hash 1) under the blurb, 3s more a story of their own. The first count finds no furniture
  // on P's pages (P, in s ≥ 3 documents, counts as repeated: the whole page is) and the blurb furniture of 3s of its
  // 4s documents: exactly FURNISHED_SHARE. Counted again with P allowed as no furniture, the blurb
  // (4s ≥ RATIO_TO_STORY · s) is furniture of all pages, and P's documents are furnished.
  const site = (s: number) => edges(Array.from({ length: 4 * s }, (_, d) => page(d < s ? 1 : 1000 + d)));
  const at = findFurniture(site(PARAGRAPH_BUCKET))!;
  assert.equal(Array.from(at.bucketStart), [0, PARAGRAPH_BUCKET]);
  assert.equal(Array.from(at.bucketDocs), Array.from({ length: PARAGRAPH_BUCKET }, (_, d) => d));
  const over = findFurniture(site(PARAGRAPH_BUCKET + 1))!;
  assert.equal(over.total[0], 80, 'still furniture');
  assert.equal(Array.from(over.bucketStart), [0]);
  assert.equal(Array.from(over.bucketDocs), []);
});

test('a story paragraph shared by documents that have no furniture is no bucket; the middle records make none', () => {
  // Site pages 0–3 (menu, story, middle, blurb); pages 4 and 5 share paragraph Q and have no furniture.
  const Q = 60;
  const f = edges(
    [...[1, 2, 3, 4].map((s): Array<[number, number]> => [[MENU, 6], [s, 20], [0, 0], [BLURB, 80]]), [[Q, 45]], [[Q, 45], [61, 30]]],
    [150, 150, 150, 150, 45, 75],
  );
  const fu = findFurniture(f)!;
  assert.equal(Array.from(fu.total), [86, 86, 86, 86, 0, 0]);
  assert.equal(Array.from(fu.bucketStart), [0]);
  assert.equal(Array.from(fu.bucketDocs), []);
});

// ---------------------------------------------------------------- what a pair's furniture takes

test('a pair where one holds the other furniture as none of its own: set aside in both, and no story paragraph shared', () => {
  // Page 0: the blurb at its head, then its story (furniture: the blurb). Pages 1–3 alike. Page 4: the blurb and
  // a line of 5 tokens (85 shingles < 80 + 12: no furniture of its own); the blurb is furniture of 4 of its 5 documents.
  const f = edges([
    [
      [BLURB, 80],
      [10, 45],
    ],
    page(11),
    page(12),
    page(13),
    [
      [BLURB, 80],
      [14, 5],
    ],
  ]);
  const fu = findFurniture(f)!;
  assert.equal(Array.from(fu.total), [80, 80, 80, 80, 0]);
  const out = { asideA: -1, asideB: -1, shared: -1 };
  // Page 4's blurb is furniture of page 0, which holds it: set aside from both, and shared.
  assert.equal({ ...furnitureOfPair(fu, 4, 0, out) }, { asideA: 80, asideB: 80, shared: 80 });
  assert.equal({ ...furnitureOfPair(fu, 0, 4, out) }, { asideA: 80, asideB: 80, shared: 80 });
  // The blurb is a story paragraph of neither pair of pages: furniture of one of them.
  assert.not.ok(shareStoryParagraph(fu, 4, 0));
  assert.not.ok(shareStoryParagraph(fu, 0, 4));
  assert.not.ok(shareStoryParagraph(fu, 4, 1));
});

test('a story paragraph that is the first edge paragraph of document 0 is shared', () => {
  // Story 1 opens pages 0 and 2 (two sites of five pages): a story paragraph of both, at edge record 0 of page 0.
  const f = edges([page(1), page(2), [[1, 45], [800, 70]], [[3, 45], [800, 70]], [[4, 45], [800, 70]], page(5), page(6), page(7), [[8, 45], [800, 70]], [[9, 45], [800, 70]]]);
  const fu = findFurniture(f)!;
  assert.ok(shareStoryParagraph(fu, 2, 0));
  assert.ok(shareStoryParagraph(fu, 0, 2));
  assert.not.ok(shareStoryParagraph(fu, 1, 0));
});

// ---------------------------------------------------------------- PairJudge beside furniture, on hand-made furniture

/** Two documents of these shingle counts whose signatures agree on `equal` of 128 slots: an estimated Jaccard of equal / 128. */
function two(shinglesA: number, shinglesB: number, equal: number, tokens?: number[]) {
  const signatures = Uint32Array.from({ length: 2 * K }, (_, i) => i + 1);
  signatures.copyWithin(K, 0, equal);
  return { count: 2, numPerm: K, flags: new Uint8Array(2), shingles: Uint32Array.from([shinglesA, shinglesB]), signatures, tokens: tokens && Uint32Array.from(tokens) };
}

/** The verdicts of judge(0, 1) and judge(1, 0). */
function both(judge: PairJudge): [number, number] {
  return [judge.judge(0, 1), judge.judge(1, 0)];
}

const S = 1; // a story paragraph
const S2 = 2; // another
const F = 500; // furniture of both
const FA = 501; // furniture of the first alone
const FB = 502; // of the second alone

test('judge: a copy whose other holder has furniture of its own is judged beside it, in either order', () => {
  // 0: the story alone (32); 1: the story and its site blurb (32 + 96). J = 32/128 = 0.25: together 0.25 · 160 / 1.25 = 32,
  // containment 1, share 0.25: CONTAINED whole. Beside the blurb: 32 and 32 shingles, all 32 shared: Jaccard 1, NEAR.
  const fu = handMade([[[S, 32, 0]], [[S, 32, 0], [FB, 96, 1]]]);
  const judge = new PairJudge(two(32, 128, 32), 0.6, fu);
  assert.equal(both(new PairJudge(two(32, 128, 32), 0.6)), [CONTAINED, CONTAINED]);
  assert.equal(both(judge), [NEAR, NEAR]);
  assert.is(judge.jaccard, 1);
});

test(`judge: two pages alike only by shared furniture, each with a story of exactly ${MIN_STORY_SHINGLES}: no copies`, () => {
  // 12 + 72 shingles each, the 72 the shared blurb. J = 96/128 = 0.75: NEAR whole; together 0.75 · 168 / 1.75 = 72,
  // all of it the blurb (72 > half of 72). Rests 12 and 12 (not under MIN_STORY_SHINGLES): 0 shared beside it, no copy.
  const fu = handMade([
    [
      [S, 12, 0],
      [F, 72, 1],
    ],
    [
      [S2, 12, 0],
      [F, 72, 1],
    ],
  ]);
  assert.is(new PairJudge(two(84, 84, 96), 0.6).judge(0, 1), NEAR);
  assert.equal(both(new PairJudge(two(84, 84, 96), 0.6, fu)), [0, 0]);
});

test('judge: a bare page and a page of its blurb and a line too short to be a story are judged whole', () => {
  // 0: bare, the blurb (80); 1: the blurb (not its furniture) and 5 tokens (85). Beside the blurb: 0 and 5 shingles,
  // under MIN_STORY_SHINGLES both, and only one page bare: the whole verdict (J = 120/128, NEAR) stands.
  const fu = handMade(
    [
      [[F, 80, 1]],
      [
        [F, 80, 0],
        [S, 5, 0],
      ],
    ],
    [0],
  );
  assert.equal(both(new PairJudge(two(80, 85, 120), 0.6, fu)), [NEAR, NEAR]);
});

test('judge: two bare pages are copies only with equal signatures and token counts; no token counts: equal signatures', () => {
  const fu = handMade([[[F, 80, 1]], [[F, 80, 1]]], [0, 1]);
  // 127 of 128 slots, the same tokens: not the same signed text.
  assert.equal(both(new PairJudge(two(80, 80, 127, [200, 200]), 0.6, fu)), [0, 0]);
  assert.equal(both(new PairJudge(two(80, 80, 128, [200, 200]), 0.6, fu)), [NEAR, NEAR]);
  // Features without token counts: the signatures alone.
  assert.equal(both(new PairJudge(two(80, 80, 128), 0.6, fu)), [NEAR, NEAR]);
  assert.equal(both(new PairJudge(two(80, 80, 127), 0.6, fu)), [0, 0]);
});

test('judge: a bare page and an unrelated page with a story: nothing, not a containment', () => {
  // 0: bare (80); 1: a story of 300 and a menu line of its own (6). No slot equal: 0 whole, and beside furniture
  // page 0 has no story: at most contained, and only when found alike.
  const fu = handMade(
    [
      [[F, 80, 1]],
      [
        [S, 300, 0],
        [FB, 6, 1],
      ],
    ],
    [0],
  );
  assert.equal(both(new PairJudge(two(80, 306, 0), 0.6, fu)), [0, 0]);
});

test(`judge: shared furniture of exactly ${FURNITURE_SHARE_OF_LIKENESS} of what two copies share leaves them copies; one token more, the rest decides`, () => {
  // 0: story 40 + shared closing paragraph 30 (70); 1: story 80 + the same 30 (110). J = 64/128 = 0.5: together
  // 0.5 · 180 / 1.5 = 60, containment 60/70, share 70/110 = 0.64: NEAR whole; 30 ≤ 0.5 · 60: NEAR.
  const at = handMade([
    [
      [S, 40, 0],
      [F, 30, 1],
    ],
    [
      [S2, 80, 0],
      [F, 30, 1],
    ],
  ]);
  assert.equal(both(new PairJudge(two(70, 110, 64), 0.6, at)), [NEAR, NEAR]);
  // 39 + 31 and 79 + 31: 31 > 30, so beside it: rests 39 and 79, 60 − 31 = 29 shared: Jaccard 29/89, containment
  // 29/39 = 0.74 ≥ 0.6 but share 39/79 < 0.6: a containment.
  const over = handMade([
    [
      [S, 39, 0],
      [F, 31, 1],
    ],
    [
      [S2, 79, 0],
      [F, 31, 1],
    ],
  ]);
  const judge = new PairJudge(two(70, 110, 64), 0.6, over);
  assert.equal(both(judge), [CONTAINED, CONTAINED]);
  assert.ok(Math.abs(judge.containment - 29 / 39) < 1e-12, String(judge.containment));
});

test(`judge: two briefs of one site under its blurb, stories under ${MIN_HIDDEN_STORY} shingles, are no copies`, () => {
  // 20 + 80 each, the blurb shared. J = 90/128 ≈ 0.70: NEAR whole; together 0.703 · 200 / 1.703 ≈ 82.6, of it 80 the blurb.
  // Beside it: 2.6 of 20 and 20 shared: no copy (the hiding rule is for furniture of each one's own).
  const fu = handMade([
    [
      [S, 20, 0],
      [F, 80, 1],
    ],
    [
      [S2, 20, 0],
      [F, 80, 1],
    ],
  ]);
  assert.equal(both(new PairJudge(two(100, 100, 90), 0.6, fu)), [0, 0]);
});

test(`judge: own furniture under ${HIDING_SHARE} of the two pages leaves the whole verdict; exactly ${HIDING_SHARE}, the stories decide`, () => {
  // A headline of 6 each is furniture of its own page (a generic headline), stories of 100: 106 and 106.
  // J = 53/128: together 0.414 · 212 / 1.414 ≈ 62.08, containment 0.586 < 0.6: nothing whole. Own furniture
  // 12 < 0.25 · 212: the whole verdict stands (beside it, 62.08 of 100 and 100 would be containment 0.62: a copy).
  const small = handMade([
    [
      [FA, 6, 1],
      [S, 100, 0],
    ],
    [
      [FB, 6, 1],
      [S2, 100, 0],
    ],
  ]);
  assert.equal(both(new PairJudge(two(106, 106, 53), 0.6, small)), [0, 0]);
  // Own furniture of 25 each beside stories of 75: 50 = 0.25 · 200 exactly. J = 40/128: together 0.3125 · 200 /
  // 1.3125 ≈ 47.6, containment 0.476: nothing whole; beside it 47.6 of 75 and 75, containment 0.635, share 1: NEAR.
  const quarter = handMade([
    [
      [FA, 25, 1],
      [S, 75, 0],
    ],
    [
      [FB, 25, 1],
      [S2, 75, 0],
    ],
  ]);
  assert.equal(both(new PairJudge(two(100, 100, 40), 0.6, quarter)), [NEAR, NEAR]);
});

test(`judge: one article on two sites is found beside their blurbs from stories of exactly ${MIN_HIDDEN_STORY}; with one story under it, not`, () => {
  // Stories of 25 under blurbs of 80 and 70 (105, 95). J = 19/128: together 0.1484 · 200 / 1.1484 ≈ 25.9,
  // containment 0.27: nothing whole. Own furniture 150 ≥ 0.25 · 200, both stories 25: beside it, 25 of 25
  // and 25: Jaccard 1, NEAR.
  const at = handMade([
    [
      [S, 25, 0],
      [FA, 80, 1],
    ],
    [
      [S, 25, 0],
      [FB, 70, 1],
    ],
  ]);
  assert.equal(both(new PairJudge(two(105, 95, 19), 0.6, at)), [NEAR, NEAR]);
  // Stories of 24 and 30 (104, 100). J = 17/128: together 0.1328 · 204 / 1.1328 ≈ 23.9: nothing whole. One story
  // under MIN_HIDDEN_STORY: the whole verdict stands (beside them, 23.9 / (54 − 23.9) ≈ 0.79 would be a copy).
  const under = handMade([
    [
      [S, 24, 0],
      [FA, 80, 1],
    ],
    [
      [S2, 30, 0],
      [FB, 70, 1],
    ],
  ]);
  assert.equal(both(new PairJudge(two(104, 100, 17), 0.6, under)), [0, 0]);
});

test(`judge: a short line of furniture both sites carry does not lift the hiding limits: stories under ${MIN_HIDDEN_STORY} stay no copies`, () => {
  // The briefs of the case above (stories of 20, one article, under blurbs of 80 and 70) with a 6-token line that
  // is furniture of both pages (106, 96). J = 19/128: together 19 · 202 / 147 ≈ 26.1, containment 26.1 / 96 ≈ 0.27:
  // nothing whole. Beside furniture: asides 86 and 76, 6 of it shared, rests 20 and 20. The limits hold for any pair
  // found unlike whole (besideFurniture's comment): both stories under MIN_HIDDEN_STORY, so the whole verdict stands
  // (judged beside it, min(20, 20, 26.1 − 6) = 20 of 20 and 20 would be Jaccard 1, a copy).
  const line = handMade([
    [
      [S, 20, 0],
      [FA, 80, 1],
      [F, 6, 1],
    ],
    [
      [S, 20, 0],
      [FB, 70, 1],
      [F, 6, 1],
    ],
  ]);
  assert.equal(both(new PairJudge(two(106, 96, 19), 0.6, line)), [0, 0]);
  // The same pages without the line: the same answer (asides 80 and 70, no furniture shared).
  const without = handMade([
    [
      [S, 20, 0],
      [FA, 80, 1],
    ],
    [
      [S, 20, 0],
      [FB, 70, 1],
    ],
  ]);
  assert.equal(both(new PairJudge(two(100, 90, 19), 0.6, without)), [0, 0]);
  // Stories of exactly MIN_HIDDEN_STORY with the shared line (111, 101): J = 22/128, together 22 · 212 / 150 ≈ 31.1,
  // containment 0.31: nothing whole; asides 86 + 76 ≥ 0.25 · 212 and rests 25 and 25: beside furniture
  // min(25, 25, 31.1 − 6) = 25 shared, Jaccard 1: a copy.
  const long = handMade([
    [
      [S, 25, 0],
      [FA, 80, 1],
      [F, 6, 1],
    ],
    [
      [S, 25, 0],
      [FB, 70, 1],
      [F, 6, 1],
    ],
  ]);
  const judge = new PairJudge(two(111, 101, 22), 0.6, long);
  assert.equal(both(judge), [NEAR, NEAR]);
  assert.is(judge.jaccard, 1);
  // Own furniture under HIDING_SHARE beside a shared line: 6-token headlines of each one's own and a 6-token line of
  // both, stories of 100 (112, 112). J = 54/128: together 54 · 224 / 182 ≈ 66.5, containment 0.593: nothing whole.
  // Asides 12 + 12 < 0.25 · 224: the whole verdict stands (beside it, min(100, 100, 66.5 − 6) = 60.5 of 100 and 100,
  // containment 0.605, would be a copy).
  const headlines = handMade([
    [
      [FA, 6, 1],
      [F, 6, 1],
      [S, 100, 0],
    ],
    [
      [FB, 6, 1],
      [F, 6, 1],
      [S2, 100, 0],
    ],
  ]);
  assert.equal(both(new PairJudge(two(112, 112, 54), 0.6, headlines)), [0, 0]);
});

test('judge: an article inside a larger page of its site stays a containment beside the shared furniture, the smaller inside', () => {
  // 0: story 40 + shared paragraph 30 (70); 1: the story, 100 more and the shared paragraph (170). J = 53/128:
  // together 0.414 · 240 / 1.414 ≈ 70.3, containment 1, share 0.41: CONTAINED whole. Beside the shared 30:
  // rests 40 and 140, min(40, 140, 40.3) = 40 shared: Jaccard 40/140, containment 1, share 0.29: CONTAINED.
  const fu = handMade([
    [
      [S, 40, 0],
      [F, 30, 1],
    ],
    [
      [S, 40, 0],
      [S2, 100, 0],
      [F, 30, 1],
    ],
  ]);
  const judge = new PairJudge(two(70, 170, 53), 0.6, fu);
  assert.is(judge.judge(0, 1), CONTAINED);
  assert.equal([judge.small, judge.large, judge.containment], [0, 1, 1]);
  assert.ok(Math.abs(judge.jaccard - 40 / 140) < 1e-12, String(judge.jaccard));
  assert.is(judge.judge(1, 0), CONTAINED);
  assert.equal([judge.small, judge.large, judge.containment], [0, 1, 1]);
});

test('judge: setting furniture aside never makes a containment of a pair found unlike', () => {
  // 0: story 40 + its own furniture 100 (140); 1: the story, 100 more and its own furniture 100 (240). J = 15/128:
  // together 0.117 · 380 / 1.117 ≈ 39.9, containment 0.28: nothing whole. Beside it: rests 40 and 140, 39.9 shared:
  // containment 0.997 but share 0.29: no copy, and no containment either.
  const fu = handMade([
    [
      [S, 40, 0],
      [FA, 100, 1],
    ],
    [
      [S, 40, 0],
      [S2, 100, 0],
      [FB, 100, 1],
    ],
  ]);
  assert.equal(both(new PairJudge(two(140, 240, 15), 0.6, fu)), [0, 0]);
});

test('judge: beside furniture, a Jaccard exactly at the threshold is a copy, though the share is under 0.6', () => {
  // Threshold 0.5. 0: story 50 + shared 60 (110); 1: story 50, 50 more, shared 60 (160). J = 88/128 = 0.6875:
  // together 0.6875 · 270 / 1.6875 = 110, NEAR whole; shared 60 > 55: beside it, rests 50 and 100, 50 shared:
  // Jaccard 50/100 = 0.5 exactly, share 0.5: NEAR by the Jaccard.
  const fu = handMade([
    [
      [S, 50, 0],
      [F, 60, 1],
    ],
    [
      [S, 50, 0],
      [S2, 50, 0],
      [F, 60, 1],
    ],
  ]);
  const judge = new PairJudge(two(110, 160, 88), 0.5, fu);
  assert.equal(both(judge), [NEAR, NEAR]);
  assert.is(judge.jaccard, 0.5);
});

test('judge: beside furniture, a containment and a share exactly at their bounds make a copy; the containment alone, a containment', () => {
  // 0: story 30 + shared 26 (56); 1: story 50 + shared 26 (76). J = 0.5: together 132 / 3 = 44, containment 44/56,
  // share 56/76: NEAR whole; 26 > 22: beside it rests 30 and 50, 44 − 26 = 18 shared: Jaccard 18/62 < 0.6,
  // containment 18/30 = 0.6, share 30/50 = 0.6: NEAR.
  const at = handMade([
    [
      [S, 30, 0],
      [F, 26, 1],
    ],
    [
      [S2, 50, 0],
      [F, 26, 1],
    ],
  ]);
  assert.equal(both(new PairJudge(two(56, 76, 64), 0.6, at)), [NEAR, NEAR]);
  // 30 + 36 and 60 + 36: together 162 / 3 = 54, NEAR whole; 36 > 27: rests 30 and 60, 18 shared: containment
  // 0.6 exactly, share 0.5: CONTAINED (found alike whole).
  const contained = handMade([
    [
      [S, 30, 0],
      [F, 36, 1],
    ],
    [
      [S2, 60, 0],
      [F, 36, 1],
    ],
  ]);
  const judge = new PairJudge(two(66, 96, 64), 0.6, contained);
  assert.equal(both(judge), [CONTAINED, CONTAINED]);
  assert.is(judge.containment, 0.6);
});

// ---------------------------------------------------------------- the stage: paragraph buckets

/**
 * Three sites (blurbs 900, 800, 700, 80 tokens each) of six pages (0–5, 6–11, 12–17), each page a story of 45
 * under its blurb (125 shingles). Story P (hash 1) is on pages 0, 6 and 12, story R (hash 2) on pages 1 and 7.
 * Signatures distinct everywhere but: page 6 equals page 0 on every 5th slot (i ≡ 0 mod 5, 26 slots), page 12
 * equals page 6 on i ≡ 1 mod 5 (26), page 7 equals page 1 on i ≡ 0 mod 5. So 0 ~ 6 and 6 ~ 12 share 26 slots
 * (J = 0.203: together 0.203 · 250 / 1.203 ≈ 42.2; beside the blurbs 42.2 of 45 and 45: NEAR), 0 and 12 none.
 * No LSH band of consecutive rows holds any pair.
 */
function threeSites() {
  const n = 18;
  const blurb = (d: number) => (d < 6 ? 900 : d < 12 ? 800 : 700);
  const story = (d: number) => (d === 0 || d === 6 || d === 12 ? 1 : d === 1 || d === 7 ? 2 : 100 + d);
  const f = edges(Array.from({ length: n }, (_, d) => [[story(d), 45], [blurb(d), 80]]));
  const signatures = Uint32Array.from({ length: n * K }, (_, i) => i + 1);
  for (let i = 0; i < K; i++) {
    if (i % 5 === 0) signatures[6 * K + i] = signatures[i];
    if (i % 5 === 1) signatures[12 * K + i] = signatures[6 * K + i];
    if (i % 5 === 0) signatures[7 * K + i] = signatures[1 * K + i];
  }
  return { count: n, numPerm: K, flags: new Uint8Array(n), shingles: f.shingles, signatures, edgeStart: f.edgeStart, edgeHash: f.edgeHash, edgeTokens: f.edgeTokens };
}

/** Ranks with pages 6, 0, 12, 7, 1 first, then the others in page order. */
function threeSitesRank(): Int32Array {
  const order = [6, 0, 12, 7, 1, ...Array.from({ length: 18 }, (_, d) => d).filter((d) => ![6, 0, 12, 7, 1].includes(d))];
  const rank = new Int32Array(18);
  order.forEach((d, r) => (rank[d] = r));
  return rank;
}

test('stage: paragraph buckets joined in rank order, their pairs listed though they share no band, the work counted by hand', () => {
  const params = optimalLshParams(0.3, K);
  assert.ok(params.rows >= 2, 'every 5th slot equal never fills a band');
  const r = findNearDuplicates(threeSites(), threeSitesRank(), { threshold: 0.6 });
  assert.equal(
    r.groups.map((g) => g.members),
    [
      [6, 0, 12],
      [7, 1],
    ],
  );
  const shared = ((26 / 128) * 250) / (1 + 26 / 128);
  const jaccard = shared / (90 - shared);
  const pairs = r.groups.map((g) => g.pairs.map((p) => [p.a, p.b]));
  assert.equal(pairs, [
    [
      [6, 0],
      [6, 12],
    ],
    [[7, 1]],
  ]);
  for (const g of r.groups) for (const p of g.pairs) assert.ok(Math.abs(p.jaccard - jaccard) < 1e-12, String(p.jaccard));
  // Verifications: bucket P in rank order [6, 0, 12]: (6, 0) joins, then 12 against the group's first, 6: joins
  // (2); bucket R [7, 1]: (7, 1) (1). Listing the pairs of group {6, 0, 12}: (6, 0), (6, 12), (0, 12) (3), of
  // {7, 1}: (7, 1) (1). 7 in all. (In page order, 12 would be tried against 0 first, and fail: 8.)
  assert.is(r.candidates, 7);
  assert.equal(Array.from(r.representative.subarray(0, 13)), [6, 7, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 6]);
});

test('stage: features with only some of the edge arrays are judged whole', () => {
  const full = threeSites();
  const rank = threeSitesRank();
  for (const without of ['edgeStart', 'edgeHash', 'edgeTokens'] as const) {
    const features = { ...full, [without]: undefined };
    const r = findNearDuplicates(features, rank, { threshold: 0.6 });
    assert.equal(r.groups, [], without);
    assert.is(r.candidates, 0, without);
  }
});

test('stage: a near pair of a small group that shares no band and a story paragraph, neither with furniture, is not listed', () => {
  // As in neardup-crafted: threshold 0.6, 42 bands × 3 rows. Z (2) equals X (0) on rows 0 and 1 of every band
  // (J 0.66, no band); Y (1) equals X on bands 0..20 and Z on bands 21..41; W (3) is a copy of Y. X and Z also
  // open with the same paragraph T, in 2 documents: furniture of neither, and no paragraph bucket (a bucket needs
  // a document with furniture, here only the site pages 4–7 have some). So (X, Z) is no candidate.
  const T = 70;
  const V = 71;
  const f = edges([[[T, 45]], [[V, 45]], [[T, 45]], [[V, 45]], page(20), page(21), page(22), page(23)], [100, 100, 100, 100, 125, 125, 125, 125]);
  const fu = findFurniture(f)!;
  assert.equal(Array.from(fu.total), [0, 0, 0, 0, 80, 80, 80, 80]);
  const signatures = Uint32Array.from({ length: 8 * K }, (_, i) => i + 1);
  const copy = (target: number, source: number, from: number, to: number) => signatures.copyWithin(target * K + from, source * K + from, source * K + to);
  for (let band = 0; band < 42; band++) copy(2, 0, band * 3, band * 3 + 2);
  copy(1, 0, 0, 63);
  copy(1, 2, 63, 126);
  copy(3, 1, 0, K);
  const features = { count: 8, numPerm: K, flags: new Uint8Array(8), shingles: f.shingles, signatures, edgeStart: f.edgeStart, edgeHash: f.edgeHash, edgeTokens: f.edgeTokens };
  const r = findNearDuplicates(features, Int32Array.from({ length: 8 }, (_, d) => d), { threshold: 0.6 });
  assert.equal(
    r.groups.map((g) => g.members),
    [[0, 1, 2, 3]],
  );
  assert.equal(
    r.groups[0].pairs.map((p) => [p.a, p.b]),
    [
      [0, 1],
      [0, 3],
      [1, 2],
      [1, 3],
      [2, 3],
    ],
  );
});

test('stage: 33 reprinted stories on one site, 66 documents in paragraph buckets, 33 groups', () => {
  // Story i on pages 2i and 2i + 1 (exact copies) under the site blurb, in 66 documents: furniture of all.
  const n = 66;
  const f = edges(Array.from({ length: n }, (_, d) => page(1 + (d >> 1))));
  const signatures = Uint32Array.from({ length: n * K }, (_, i) => i + 1);
  for (let d = 1; d < n; d += 2) signatures.copyWithin(d * K, (d - 1) * K, d * K);
  const features = { count: n, numPerm: K, flags: new Uint8Array(n), shingles: f.shingles, signatures, edgeStart: f.edgeStart, edgeHash: f.edgeHash, edgeTokens: f.edgeTokens };
  assert.is(findFurniture(f)!.bucketDocs.length, n);
  const r = findNearDuplicates(features, Int32Array.from({ length: n }, (_, d) => d), { threshold: 0.6 });
  assert.equal(
    r.groups.map((g) => g.members),
    Array.from({ length: n / 2 }, (_, i) => [2 * i, 2 * i + 1]),
  );
});

test.run();
