/**
 * Lead numbers: which numbers count as a story's lead (its first 75
 * tokens, across blocks, boilerplate skipped), and the distance they add
 * between two reports whose leads give numbers and share none.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BLOCK_BOILERPLATE, BatchBuilder, LEAD_TOKENS } from '../src/features/batch.js';
import { FeatureExtractor } from '../src/features/extract.js';
import { NUMBER, termKind } from '../src/features/terms.js';
import { VectorStore } from '../src/features/vector-store.js';
import { clusterEvents, type EventItems } from '../src/events/cluster.js';
import { MAX_LEAD_NUMBERS, leadNumbersDisagree, storyLeadNumbers, type LeadSets } from '../src/events/lead-numbers.js';
import { analyze } from '../src/analyze.js';
import { StorylineError } from '../src/errors.js';

test('a block keeps the numbers of its first LEAD_TOKENS tokens, each once, with where each first appears', () => {
  const filler = Array.from({ length: LEAD_TOKENS }, (_, i) => `word${String.fromCharCode(97 + (i % 26))}`).join(' ');
  const text = `Police said 2005 was quiet and 2005 stayed quiet ${filler} until 1999 came.\n`;
  const extractor = new FeatureExtractor();
  const builder = new BatchBuilder(1, extractor.numPerm);
  extractor.extract(text, undefined, builder);
  const f = builder.finish();
  assert.is(f.blockStart[1], 1, 'one block');
  const numbers = new Set<number>();
  for (let t = f.termStart[0]; t < f.termStart[1]; t++) if (termKind(f.termId[t]) === NUMBER) numbers.add(f.termId[t]);
  assert.is(numbers.size, 2, '2005 and 1999 are both terms of the block');
  assert.is(f.leadStart[1] - f.leadStart[0], 1, 'only 2005 is in the lead, once');
  assert.ok(numbers.has(f.leadId[0]));
  assert.is(f.leadAt[0], 2, '2005 is the third token');
});

/** The lead ids of a one-block text, extracted with the input date `date`. */
function leadOf(text: string, date?: string): number[] {
  const extractor = new FeatureExtractor();
  const builder = new BatchBuilder(1, extractor.numPerm);
  extractor.extract(text, date, builder);
  const f = builder.finish();
  return [...f.leadId.subarray(f.leadStart[0], f.leadStart[f.blockStart[1]])];
}

test('the year of publication is no lead number: other years, and every year of an undated text, are', () => {
  const text = 'On March 2, 2015, at least 29 people were hurt, more than in 2014 or in 1995.\n';
  // Each number's id, from a text that holds it alone.
  const id = (n: string) => leadOf(`Police counted ${n} there.\n`)[0];
  const [y2015, n29, y2014, y1995] = ['2015', '29', '2014', '1995'].map(id);
  assert.is(new Set([y2015, n29, y2014, y1995]).size, 4);
  assert.equal(leadOf(text), [y2015, n29, y2014, y1995], 'no input date: every number');
  assert.equal(leadOf(text, '2015-03-02'), [n29, y2014, y1995], 'published in 2015: 2015 is left out');
  assert.equal(leadOf(text, '2015-12-31'), [n29, y2014, y1995]);
  assert.equal(leadOf(text, '2016-01-01'), [y2015, n29, y2014, y1995], 'published in 2016: 2015 is a fact of the lead');
  assert.equal(leadOf(text, '1995-06-01'), [y2015, n29, y2014]);
});

/** Blocks: 0 boilerplate, 1 of 50 tokens, 2 of 100 tokens. */
const blocks = {
  blockKind: Uint8Array.from([BLOCK_BOILERPLATE, 0, 0]),
  blockTokens: Uint32Array.from([20, 50, 100]),
  leadStart: Uint32Array.from([0, 1, 3, 6]),
  leadId: Uint32Array.from([7, 30, 20, 20, 40, 50]),
  leadAt: Uint8Array.from([0, 10, 40, 5, 24, 25]),
};

test('a story\'s lead runs LEAD_TOKENS story tokens across its blocks, skips boilerplate, and is sorted without repeats', () => {
  assert.equal([...storyLeadNumbers(blocks, [0, 1, 2])], [20, 30, 40], '50 is at story token 75, past the lead; 7 is boilerplate');
  assert.equal([...storyLeadNumbers(blocks, [2])], [20, 40, 50]);
  assert.equal([...storyLeadNumbers(blocks, [0])], []);
});

test('leads disagree only when both give numbers and share none', () => {
  const sets: LeadSets = { start: Uint32Array.from([0, 2, 4, 6, 6]), ids: Uint32Array.from([2, 5, 5, 9, 3, 4]) };
  assert.is(leadNumbersDisagree(sets, 0, 1), false, 'they share 5');
  assert.is(leadNumbersDisagree(sets, 0, 2), true);
  assert.is(leadNumbersDisagree(sets, 2, 0), true);
  assert.is(leadNumbersDisagree(sets, 0, 3), false, 'item 3 gives no number');
  assert.is(leadNumbersDisagree(sets, 3, 3), false);
});

/** Four reports, each pair at cosine 0.2 (one shared term), with these lead numbers. */
function reports(leads: number[][]): EventItems {
  const vectors = new VectorStore();
  for (let i = 0; i < leads.length; i++) vectors.push({ ids: Uint32Array.from([4, 16 + 4 * i]), weights: Float32Array.from([Math.sqrt(0.2), Math.sqrt(0.8)]) });
  const start = new Uint32Array(leads.length + 1);
  leads.forEach((l, i) => (start[i + 1] = start[i] + l.length));
  return {
    vectors,
    kindScale: new Float64Array(4 * leads.length).fill(1),
    date: new Float64Array(leads.length).fill(NaN),
    published: new Float64Array(leads.length).fill(NaN),
    doc: Int32Array.from(leads, (_, i) => i),
    tokens: new Int32Array(leads.length).fill(300),
    leads: { start, ids: Uint32Array.from(leads.flat()) },
  };
}

test('reports whose leads give numbers and share none are held apart; a shared number, or none given, does not', async () => {
  const o = { threshold: 0.875, sharedNeighbourWeight: 0 };
  const apart = await clusterEvents(reports([[2005], [10, 2005], [56], [56]]), o);
  assert.equal([...apart.labels], [0, 0, 1, 1]);
  const off = await clusterEvents(reports([[2005], [10, 2005], [56], [56]]), { ...o, leadNumberPenalty: 0 });
  assert.equal([...off.labels], [0, 0, 0, 0]);
  const shared = await clusterEvents(reports([[2005], [10, 2005], [2005, 56], [56, 2005]]), o);
  assert.equal([...shared.labels], [0, 0, 0, 0], 'every lead shares 2005');
  const silent = await clusterEvents(reports([[], [], [56], [56]]), o);
  assert.equal([...silent.labels], [0, 0, 0, 0], 'a lead without numbers holds nothing apart');
});

test('events.leadNumberPenalty must be a number from 0 to 2', async () => {
  for (const bad of [-0.1, 3, Number.NaN]) {
    try {
      await analyze([{ id: 'a', text: 'One short story.' }], { workers: 1, events: { leadNumberPenalty: bad } });
      assert.unreachable(`accepted ${bad}`);
    } catch (e) {
      assert.instance(e, StorylineError);
      assert.is((e as StorylineError).code, 'INVALID_OPTION');
      assert.match((e as Error).message, 'events.leadNumberPenalty');
    }
  }
});

test('a lead keeps its first MAX_LEAD_NUMBERS (12) numbers in text order, within a block and across blocks', () => {
  assert.is(MAX_LEAD_NUMBERS, 12);
  // One block of 15 numbers, at tokens 0..14, written in descending id order: the first 12 in text are ids 115..104.
  const one = {
    blockKind: Uint8Array.from([0]),
    blockTokens: Uint32Array.from([40]),
    leadStart: Uint32Array.from([0, 15]),
    leadId: Uint32Array.from({ length: 15 }, (_, k) => 115 - k),
    leadAt: Uint8Array.from({ length: 15 }, (_, k) => k),
  };
  assert.equal([...storyLeadNumbers(one, [0])], Array.from({ length: 12 }, (_, k) => 104 + k));
  // Three blocks of 5, 7 and 4 numbers (the third block's 2 and 3 sort first): 5 + 7 fill the lead, the third adds nothing.
  const three = {
    blockKind: Uint8Array.from([0, 0, 0]),
    blockTokens: Uint32Array.from([10, 10, 10]),
    leadStart: Uint32Array.from([0, 5, 12, 16]),
    leadId: Uint32Array.from([50, 51, 52, 53, 54, 60, 61, 62, 63, 64, 65, 66, 2, 3, 4, 5]),
    leadAt: Uint8Array.from([0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3]),
  };
  assert.equal([...storyLeadNumbers(three, [0, 1, 2])], [50, 51, 52, 53, 54, 60, 61, 62, 63, 64, 65, 66]);
  // Six in the first block, eight in the second: the second gives its first six.
  const two = {
    blockKind: Uint8Array.from([0, 0]),
    blockTokens: Uint32Array.from([10, 10]),
    leadStart: Uint32Array.from([0, 6, 14]),
    leadId: Uint32Array.from([10, 11, 12, 13, 14, 15, 9, 8, 7, 6, 5, 4, 3, 2]),
    leadAt: Uint8Array.from([0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5, 6, 7]),
  };
  assert.equal([...storyLeadNumbers(two, [0, 1])], [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
});

test.run();
