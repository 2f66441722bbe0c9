/**
 * Site furniture (neardup/furniture.ts, PairJudge in neardup/groups.ts):
 * a paragraph repeated at the edge of many pages that otherwise differ
 * does not decide a copy. Answers checked against truth worked by hand:
 * which paragraphs are furniture of which document, what a pair's
 * furniture takes from it, the judge's verdict on crafted signatures, and
 * whole pipelines on short articles of two sites.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';

import { BatchBuilder } from '../src/features/batch.js';
import { FeatureExtractor, HEAD_PARAGRAPHS, TAIL_PARAGRAPHS } from '../src/features/extract.js';
import { analyze } from '../src/index.js';
import { FURNISHED_SHARE, MIN_STORY_SHINGLES, RATIO_TO_STORY, findFurniture, furnitureOfPair, shareStoryParagraph, type EdgeFeatures } from '../src/neardup/furniture.js';
import { edges } from './fixtures/edge-features.js';
import { CONTAINED, MIN_HIDDEN_STORY, NEAR, PairJudge, findNearDuplicates } from '../src/neardup/groups.js';
import type { Doc, Result } from '../src/types.js';

// ---------------------------------------------------------------- edge paragraphs, as the extractor records them

test('edge paragraphs: the first 3 and last 10 of 4 tokens or more, a record of 0 tokens for those between, each hash once', () => {
  const paragraph = (i: number) => `Paragraph number ${i} says ${'more '.repeat(i % 3)}about the harbour.`;
  const SHORT = 'We are here now.'; // 4 tokens, under the 20 characters from which a repeated line is skipped
  const texts = [
    // 20 paragraphs: the 8th of 2 tokens (not recorded), the 2nd and the 20th the same short line (recorded once).
    Array.from({ length: 20 }, (_, i) => (i === 7 ? 'Short one.' : i === 1 || i === 19 ? SHORT : paragraph(i))).join('\n\n'),
    // 5 paragraphs: all head and tail, nothing between.
    Array.from({ length: 5 }, (_, i) => paragraph(i)).join('\n\n'),
  ];
  const extractor = new FeatureExtractor();
  const batch = new BatchBuilder(2, extractor.numPerm);
  for (const t of texts) extractor.extract(t, undefined, batch);
  const f = batch.finish();
  const tokens = (i: number) => 7 + (i % 3);
  // Head: 0, 1 (4 tokens), 2; between: 3..9 (7 too short); tail: the last 10 long ones, 10..19, less 19 (the same as 1).
  assert.equal([HEAD_PARAGRAPHS, TAIL_PARAGRAPHS], [3, 10]);
  const edgesOf = (d: number) => Array.from(f.edgeTokens.subarray(f.edgeStart[d], f.edgeStart[d + 1]));
  assert.equal(edgesOf(0), [tokens(0), 4, tokens(2), 0, ...[10, 11, 12, 13, 14, 15, 16, 17, 18].map(tokens)]);
  assert.equal(edgesOf(1), [0, 1, 2, 3, 4].map(tokens));
  // The same paragraph, the same hash, in any document.
  assert.is(f.edgeHash[f.edgeStart[0]], f.edgeHash[f.edgeStart[1]]);
  assert.is(f.edgeHash[f.edgeStart[0] + 2], f.edgeHash[f.edgeStart[1] + 2]);
  assert.is.not(f.edgeHash[f.edgeStart[0]], f.edgeHash[f.edgeStart[0] + 2]);
});

// ---------------------------------------------------------------- findFurniture on crafted edge paragraphs

/** Each document's furniture as its hashes, ascending. */
function furnitureHashes(f: EdgeFeatures): number[][] {
  const fu = findFurniture(f);
  return Array.from({ length: f.count }, (_, d) => {
    const out: number[] = [];
    for (let e = f.edgeStart[d]; e < f.edgeStart[d + 1]; e++) if (fu?.furniture[e] === 1) out.push(f.edgeHash[e]);
    return out.sort((x, y) => x - y);
  });
}

const BLURB = 900; // a site's blurb, 80 tokens
const MENU_LINE = 901; // a line over every page of the site, 6 tokens

test('a blurb under four different stories is furniture of all four; the stories are not', () => {
  const f = edges([1, 2, 3, 4].map((story) => [[story, 45], [BLURB, 80]]));
  assert.equal(furnitureHashes(f), [[BLURB], [BLURB], [BLURB], [BLURB]]);
  assert.equal(Array.from(findFurniture(f)!.total), [80, 80, 80, 80]);
});

test('furniture runs from the edge: a repeated line above the story and the blurb under it; a paragraph two stories quote is none', () => {
  // Pages: menu line, headline (unique), a paragraph (a quote in pages 1 and 2, unique in 3 and 4), body (unique), blurb.
  // In pages 1 and 2 the story's most repeated paragraph is in 2 documents: furniture must be in 2 × 2 = 4, as the menu line and the blurb are.
  const QUOTE = 902;
  const pages: Array<Array<[number, number]>> = [1, 2, 3, 4].map((s) => [[MENU_LINE, 6], [s * 10, 8], [s <= 2 ? QUOTE : s * 10 + 2, 20], [s * 10 + 1, 40], [BLURB, 80]]);
  assert.equal(furnitureHashes(edges(pages)), pages.map(() => [BLURB, MENU_LINE]));
});

test('the record of the paragraphs between head and tail is no furniture: it is taken to be as repeated as the least repeated paragraph counted', () => {
  // A story paragraph counted beside the middle: the menu line and the blurb are furniture.
  const withStory = edges([1, 2, 3].map((s) => [[MENU_LINE, 6], [s, 20], [0, 0], [BLURB, 80]]), [150, 150, 150]);
  assert.equal(furnitureHashes(withStory), [[BLURB, MENU_LINE], [BLURB, MENU_LINE], [BLURB, MENU_LINE]]);
  // Nothing counted but repeated paragraphs: the middle is as repeated as they are, and nothing is furniture.
  const withMiddle = edges([1, 2, 3].map(() => [[MENU_LINE, 6], [0, 0], [BLURB, 80]]), [130, 130, 130]);
  assert.equal(furnitureHashes(withMiddle), [[], [], []]);
  // A long article and its copies (every counted paragraph in 4 documents, one copy edited in two of them, on
  // the 1,000,000-document bench archive): the article is no furniture of its exact copies.
  const article: Array<[number, number]> = [[1, 6], [2, 80], [3, 54], [0, 0], [4, 77], [5, 63], [6, 63], [7, 64], [8, 19], [9, 58], [10, 71], [11, 43], [12, 59], [13, 49]];
  const edited = article.map(([h, t]): [number, number] => (h === 8 || h === 11 ? [h + 100, t] : [h, t]));
  assert.equal(furnitureHashes(edges([article, article, edited, article], [763, 760, 760, 762])), [[], [], [], []]);
  // Without the middle, the pages are all repeated paragraphs: copies of one another, no furniture.
  const without = edges([1, 2, 3].map(() => [[MENU_LINE, 6], [BLURB, 80]]), [130, 130, 130]);
  assert.equal(furnitureHashes(without), [[], [], []]);
});

test('in two documents, or in as few as twice the story: no furniture', () => {
  // Two pages: one page and its copy are a pair, not a site.
  assert.equal(furnitureHashes(edges([1, 2].map((s) => [[s, 45], [BLURB, 80]]))), [[], []]);
  // Story 1 is in 2 documents (a page and its exact copy on the same site), the blurb in 3: less than RATIO_TO_STORY × 2.
  // Then the blurb is furniture of page 3 alone, 1 of its 3 documents (under FURNISHED_SHARE): of none.
  assert.is(RATIO_TO_STORY, 2);
  const reprinted = edges([[[1, 45], [BLURB, 80]], [[1, 45], [BLURB, 80]], [[2, 45], [BLURB, 80]]]);
  assert.equal(furnitureHashes(reprinted), [[], [], []]);
  // ... and in 4 it is (4 ≥ 2 × 2).
  const four = edges([[[1, 45], [BLURB, 80]], [[1, 45], [BLURB, 80]], [[2, 45], [BLURB, 80]], [[3, 45], [BLURB, 80]]]);
  assert.equal(furnitureHashes(four), [[BLURB], [BLURB], [BLURB], [BLURB]]);
});

test('copies of one wire story: every paragraph repeated alike, none is furniture', () => {
  const story: Array<[number, number]> = [[1, 10], [2, 30], [3, 30], [4, 25]];
  assert.equal(furnitureHashes(edges([story, story, story, story])), [[], [], [], []]);
  // One copy with a closing paragraph of its own: by count, the story is furniture of that copy, but of 1 of its 4 documents: of none.
  assert.equal(furnitureHashes(edges([story, story, story, [...story, [5, 30]]])), [[], [], [], []]);
});

test('a lead that is all of its short copies is furniture of none of its long copies', () => {
  // Four short copies are the lead alone; two long ones add a paragraph of their own. By count the lead is
  // furniture of the long ones (6 ≥ 2 × 1), but of 2 of its 6 documents: fewer than FURNISHED_SHARE.
  const LEAD = 7;
  const f = edges([[[LEAD, 40]], [[LEAD, 40]], [[LEAD, 40]], [[LEAD, 40]], [[LEAD, 40], [8, 30]], [[LEAD, 40], [9, 30]]]);
  assert.ok(2 / 6 < FURNISHED_SHARE);
  assert.equal(furnitureHashes(f), [[], [], [], [], [], []]);
  assert.is(findFurniture(f), undefined);
});

test('a page of nothing but the site furniture is bare: all of it furniture', () => {
  // Four pages with stories under the blurb, one page whose story was taken for boilerplate: 4 of 5 ≥ FURNISHED_SHARE.
  const f = edges([[[1, 45], [BLURB, 80]], [[2, 45], [BLURB, 80]], [[3, 45], [BLURB, 80]], [[4, 45], [BLURB, 80]], [[BLURB, 80]]]);
  const fu = findFurniture(f)!;
  assert.equal(Array.from(fu.bare), [0, 0, 0, 0, 1]);
  assert.equal(Array.from(fu.total), [80, 80, 80, 80, 80]);
});

test(`fewer than ${MIN_STORY_SHINGLES} shingles besides the runs: no furniture`, () => {
  // Four pages with stories of 45 under the blurb, and a fifth with a line of 6 tokens: 80 + 11 shingles, or 80 + 12.
  const site = (fifth: number) => edges([[[1, 45], [BLURB, 80]], [[2, 45], [BLURB, 80]], [[3, 45], [BLURB, 80]], [[4, 45], [BLURB, 80]], [[5, 6], [BLURB, 80]]], [125, 125, 125, 125, fifth]);
  assert.equal(furnitureHashes(site(80 + MIN_STORY_SHINGLES - 1))[4], []);
  assert.equal(furnitureHashes(site(80 + MIN_STORY_SHINGLES))[4], [BLURB]);
});

test('what a pair furniture takes: its own from each, shared furniture from both', () => {
  // Pages 0, 1, 5, 6, 7: one site (blurb 900); 2, 3, 4, 8, 9: another (blurb 800); story 1 on both (pages 0 and 2).
  // Five pages a site: story 1 is in 2 documents, so furniture must be in 4 at least.
  const f = edges([
    [[1, 45], [BLURB, 80]],
    [[2, 45], [BLURB, 80]],
    [[1, 45], [800, 70]],
    [[3, 45], [800, 70]],
    [[4, 45], [800, 70]],
    [[5, 45], [BLURB, 80]],
    [[6, 45], [BLURB, 80]],
    [[7, 45], [BLURB, 80]],
    [[8, 45], [800, 70]],
    [[9, 45], [800, 70]],
  ]);
  const fu = findFurniture(f)!;
  const out = { asideA: -1, asideB: -1, shared: -1 };
  assert.equal({ ...furnitureOfPair(fu, 0, 1, out) }, { asideA: 80, asideB: 80, shared: 80 });
  assert.equal({ ...furnitureOfPair(fu, 0, 2, out) }, { asideA: 80, asideB: 70, shared: 0 });
  assert.ok(shareStoryParagraph(fu, 0, 2), 'story 1 is on both sites');
  assert.not.ok(shareStoryParagraph(fu, 0, 1), 'the blurb is no story paragraph');
  // The paragraph buckets: story 1's two documents (the only story paragraph in two documents).
  assert.equal(Array.from(fu.bucketStart), [0, 2]);
  assert.equal(Array.from(fu.bucketDocs), [0, 2]);
});

test('findFurniture: the same answer for the documents in any order', () => {
  const docs: Array<Array<[number, number]>> = [
    [[MENU_LINE, 6], [1, 45], [BLURB, 80]],
    [[MENU_LINE, 6], [2, 45], [BLURB, 80]],
    [[11, 45], [800, 70]],
    [[3, 45], [800, 70]],
    [[MENU_LINE, 6], [4, 45], [BLURB, 80]],
    [[5, 45], [800, 70]],
  ];
  const want = furnitureHashes(edges(docs));
  assert.equal(want, [[BLURB, MENU_LINE], [BLURB, MENU_LINE], [800], [800], [BLURB, MENU_LINE], [800]]);
  const order = [4, 2, 0, 5, 1, 3];
  const got = furnitureHashes(edges(order.map((d) => docs[d])));
  assert.equal(order.map((_, i) => got[order.indexOf(i)]), want);
});

// ---------------------------------------------------------------- PairJudge on crafted signatures

const K = 128;

/** Signatures of n documents, slot i of document d = d · K + i + 1, with slots [0, equal) of every document copied from document 0: an estimated Jaccard of equal / K between any two. */
function signatures(n: number, equal: number): Uint32Array {
  const s = Uint32Array.from({ length: n * K }, (_, i) => i + 1);
  for (let d = 1; d < n; d++) s.copyWithin(d * K, 0, equal);
  return s;
}

test('judge: two short articles of one site alike only by their blurb are no copies', () => {
  // 4 pages of 125 shingles: a story of 45 and the blurb of 80. Estimated J = 64/128 = 0.5;
  // shared = 0.5 × 250 / 1.5 = 83.3 ⇒ containment 0.667 ≥ 0.6, share 1: NEAR on the whole signature.
  // Without the blurb: 45 and 45 shingles, 83.3 − 80 = 3.3 shared ⇒ Jaccard 0.04: no copies.
  const f = edges([1, 2, 3, 4].map((s) => [[s, 45], [BLURB, 80]]));
  const features = { count: 4, numPerm: K, flags: new Uint8Array(4), shingles: f.shingles, signatures: signatures(4, 64) };
  assert.is(new PairJudge(features, 0.6).judge(0, 1), NEAR);
  const judge = new PairJudge(features, 0.6, findFurniture(f));
  assert.is(judge.judge(0, 1), 0);
  assert.ok(Math.abs(judge.jaccard - 10 / 3 / (90 - 10 / 3)) < 1e-9, String(judge.jaccard));
});

test('judge: one article on two sites, each in its own blurb, is a copy', () => {
  // Pages 0 (site 1, blurb of 80) and 5 (site 2, blurb of 70) hold story 1 (45 shingles); 125 and 115 shingles.
  // Every fifth slot equal, 26 of 128: estimated J = 0.203, 0.203 × 240 / 1.203 = 40.5 shared, containment 0.35: no verdict.
  // Without each one's blurb: 45 and 45 shingles, min(45, 40.5) = 40.5 shared ⇒ Jaccard 40.5 / 49.5 = 0.82 ≥ 0.6: NEAR.
  const f = edges([1, 2, 3, 4, 5, 1, 6, 7, 8, 9].map((story, d): Array<[number, number]> => [[story, 45], d < 5 ? [BLURB, 80] : [800, 70]]));
  const sigs = Uint32Array.from({ length: 10 * K }, (_, i) => i + 1);
  for (let i = 0; i < K; i += 5) sigs[5 * K + i] = sigs[i];
  const features = { count: 10, numPerm: K, flags: new Uint8Array(10), shingles: f.shingles, signatures: sigs };
  assert.is(new PairJudge(features, 0.6).judge(0, 5), 0);
  const judge = new PairJudge(features, 0.6, findFurniture(f));
  assert.is(judge.judge(0, 5), NEAR);
  const shared = ((26 / 128) * 240) / (1 + 26 / 128);
  assert.ok(Math.abs(judge.jaccard - shared / (90 - shared)) < 1e-9, String(judge.jaccard));
  // The stage finds it though no LSH band (3 rows of consecutive slots) holds both: they share a story paragraph.
  const withEdges = { ...features, edgeStart: f.edgeStart, edgeHash: f.edgeHash, edgeTokens: f.edgeTokens };
  assert.equal(findNearDuplicates(withEdges, Int32Array.from({ length: 10 }, (_, i) => i), { threshold: 0.6 }).groups.map((g) => g.members), [[0, 5]]);
  assert.equal(findNearDuplicates(features, Int32Array.from({ length: 10 }, (_, i) => i), { threshold: 0.6 }).groups, []);
});

test(`judge: stories under ${MIN_HIDDEN_STORY} shingles are not found copies by setting their furniture aside`, () => {
  // As above, with stories of 20 shingles (a sentence each): 100 and 90 shingles, every 8th slot equal (J = 0.125, 21.1 shared).
  // Without the blurbs, 20 and 20 shingles, all shared: a copy by the numbers, but two one-sentence briefs of one event look so too.
  const f = edges([1, 2, 3, 4, 5, 1, 6, 7, 8, 9].map((story, d): Array<[number, number]> => [[story, 20], d < 5 ? [BLURB, 80] : [800, 70]]));
  const sigs = Uint32Array.from({ length: 10 * K }, (_, i) => i + 1);
  for (let i = 0; i < K; i += 8) sigs[5 * K + i] = sigs[i];
  const features = { count: 10, numPerm: K, flags: new Uint8Array(10), shingles: f.shingles, signatures: sigs };
  assert.ok(20 < MIN_HIDDEN_STORY);
  assert.is(new PairJudge(features, 0.6, findFurniture(f)).judge(0, 5), 0);
});

test('judge: a page of nothing but furniture is at most contained in a page with a story; two such pages are copies only as the same page', () => {
  // Pages 0–6: stories of 45 under the blurb; pages 7 and 8: the blurb alone (80), 7 of its 9 documents furnished.
  // Estimated J = 82/128 = 0.64 between any two: NEAR on the whole signatures.
  const pages: Array<Array<[number, number]>> = [1, 2, 3, 4, 5, 6, 7].map((s) => [[s, 45], [BLURB, 80]]);
  const f = edges([...pages, [[BLURB, 80]], [[BLURB, 80]]]);
  const tokens = Uint32Array.from([130, 130, 130, 130, 130, 130, 130, 200, 240]);
  const features = { count: 9, numPerm: K, flags: new Uint8Array(9), shingles: f.shingles, tokens, signatures: signatures(9, 82) };
  assert.is(new PairJudge(features, 0.6).judge(0, 7), NEAR);
  const fu = findFurniture(f)!;
  assert.equal(Array.from(fu.bare), [0, 0, 0, 0, 0, 0, 0, 1, 1]);
  const judge = new PairJudge(features, 0.6, fu);
  assert.is(judge.judge(0, 7), CONTAINED);
  // Pages 7 and 8: the same signed text (the blurb), pages of 200 and 240 tokens: not the same page.
  features.signatures.copyWithin(8 * K, 7 * K, 8 * K);
  assert.is(new PairJudge(features, 0.6).judge(7, 8), NEAR);
  assert.is(judge.judge(7, 8), 0);
  tokens[8] = 200;
  assert.is(judge.judge(7, 8), NEAR);
});

// ---------------------------------------------------------------- the pipeline, on short articles of two sites

const LEDGER_BLURB =
  'The Harbour Ledger has covered the towns of the north shore since 1921. Our reporters live where they write, from the fishing harbours ' +
  'of the east to the ferry towns of the west, and every story is checked by a second pair of eyes before it goes out. We are owned by a ' +
  'trust, not a chain, and we answer to the people who read us and to no one else.';
const COURIER_BLURB =
  'Valley Courier is an independent paper serving the farms and market towns of the upper valley. Founded by a group of teachers and ' +
  'grain merchants, it has been printed in the same brick building on Mill Street for more than ninety years, and its newsroom of eleven ' +
  'people publishes every weekday morning.';

const STORIES = [
  'Ferry Service Cut After Storm Damages Pier\n\nThe county suspended the morning ferry to Gull Island on Tuesday after a storm tore away part of the landing pier, officials said. Engineers expect repairs to take three weeks, and a water taxi will carry commuters in the meantime.',
  'School Board Approves New Science Wing\n\nTrustees voted five to two on Monday night to build a science wing at Northfield High School. The project will cost 4.2 million dollars and add six laboratories, the district said, with construction starting next spring.',
  'Fishing Fleet Lands Record Cod Catch\n\nBoats returning to Port Alder on Friday unloaded the largest cod catch recorded in a single week since 1998. Harbour master Ellen Price said cold currents pushed the fish closer to shore than usual this season.',
  'Library Reopens After Two-Year Renovation\n\nThe Westbrook public library opened its doors again on Saturday with a new reading room and a children’s wing. Hundreds of residents queued before nine, and the first book lent was a local history of the lighthouse.',
  'Council Delays Vote on Parking Fees\n\nThe town council postponed a decision on raising downtown parking fees after shop owners packed Wednesday’s meeting to object. Mayor Tom Reyes said the council would hear a traffic study in March before voting.',
  'Wildfire Smoke Prompts Health Warning\n\nHealth officials advised residents of three valley towns to stay indoors on Thursday as smoke from inland wildfires drifted over the hills. Air quality readings reached their worst level this year, the state agency reported.',
  'Grain Prices Fall as Harvest Beats Forecast\n\nWheat traders at the Millbrook exchange marked prices down for a fourth day on Tuesday after farmers brought in a harvest well above the spring forecast. Storage co-ops said their silos would be full by October.',
  'Bridge Inspection Finds Rusted Cables\n\nState inspectors closed one lane of the Cedar River bridge on Monday after finding corroded support cables during a routine check. Repairs are scheduled for the summer, and the transport office advised drivers to use the northern bypass.',
];

/** Stories 0–3 on the Ledger under its blurb; stories 4–7 and a reprint of story 0 on the Courier under its own. */
function twoSites(): Doc[] {
  const on = (story: string, blurb: string) => `${story}\n\n${blurb}\n`;
  return [
    ...STORIES.slice(0, 4).map((s, i) => ({ id: `ledger-${i}`, text: on(s, LEDGER_BLURB) })),
    { id: 'courier-0', text: on(STORIES[0], COURIER_BLURB) },
    ...STORIES.slice(4).map((s, i) => ({ id: `courier-${i + 4}`, text: on(s, COURIER_BLURB) })),
  ];
}

const groupsOf = (r: Result) => r.nearDuplicateGroups.map((g) => [...g.members].sort());

test('pipeline: two different short articles under the same long blurb are not copies; a reprint under another site’s blurb is', async () => {
  const r = await analyze(twoSites(), { workers: 1 });
  assert.equal(groupsOf(r), [['courier-0', 'ledger-0']]);
});

test('pipeline: the same groups for the documents in any order and on 1 or 2 workers', async () => {
  const docs = twoSites();
  const want = JSON.stringify(await analyze(docs, { workers: 1 }));
  const shuffled = [docs[5], docs[2], docs[8], docs[6], docs[0], docs[4], docs[7], docs[1], docs[3]];
  assert.is(JSON.stringify(await analyze(shuffled, { workers: 2, batchSize: 2 })), want);
});

test('pipeline: exact copies of a page are still copies, furniture and all', async () => {
  const docs = [...twoSites(), { id: 'ledger-2-again', text: twoSites()[2].text }];
  const r = await analyze(docs, { workers: 1 });
  assert.equal(groupsOf(r), [['courier-0', 'ledger-0'], ['ledger-2', 'ledger-2-again']]);
});

test.run();
