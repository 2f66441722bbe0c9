/**
 * Short stories appended under an article (issue 21, class 6): hand-written
 * pages where the appended story's start is known. The tail rule proposes
 * the page's last paragraphs as blocks (segments/tiling.ts `tailStarts`);
 * the corpus's other reports of the appended story cut it off
 * (segments/crossdoc.ts).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { analyze } from '../src/index.js';
import { BLOCK_MAY_OPEN_STORY, BLOCK_TAIL, BatchBuilder } from '../src/features/batch.js';
import { FeatureExtractor } from '../src/features/extract.js';

const BUDGET = [
  'Springfield council approves budget after long debate',
  'The Springfield city council approved a budget of 412 million dollars on Tuesday after a debate that ran past midnight.',
  'Mayor Ellen Hartley said the budget keeps property taxes flat for a third year while adding money for road repairs.',
  'Council members who opposed the plan said the road money came from cuts to the public library system.',
  'The library director, Marcus Webb, said branch hours would shrink on weekends unless donors stepped in.',
  'Hartley said the city would look for grants to keep the libraries open and promised a review in the spring.',
  'The budget also funds twelve new firefighter positions and a new ambulance for the east side of the city.',
  'The vote was seven to four, with two council members absent because of illness.',
  'The budget takes effect on the first of July, when the new fiscal year begins.',
].join('\n\n');

const FIRE_TEASER = 'Warehouse fire destroys Riverton furniture depot\n\nA fire destroyed the Ashcombe furniture depot in Riverton overnight, and firefighters battled the blaze for six hours.';

const FIRE_REPORTS = [
  'Fire destroys Ashcombe furniture depot in Riverton\n\nA fire destroyed the Ashcombe furniture depot in Riverton overnight, fire chief Dana Kowalski said on Wednesday.\n\nFirefighters battled the blaze for six hours before it was under control, and no one was hurt.\n\nKowalski said the cause of the fire at the Riverton depot was under investigation.\n\nThe Ashcombe company said the warehouse held furniture worth several million dollars.',
  'Riverton warehouse blaze: Ashcombe depot a total loss\n\nThe Ashcombe furniture depot in Riverton burned to the ground overnight in a blaze that took firefighters six hours to put out.\n\nRiverton fire chief Dana Kowalski said crews from three towns fought the fire.\n\nAshcombe said it would move deliveries to its depot in Millbrook while the site is cleared.',
];

const OTHER = [
  'Storm knocks out power to thousands in Lakeview\n\nA storm with winds of 70 miles an hour knocked out power to 30,000 homes in Lakeview on Monday, the utility said.\n\nCrews expected to restore power to most homes by Wednesday.',
  'Lakeview schools close as storm cleanup continues\n\nSchools in Lakeview stayed closed on Tuesday as crews cleared fallen trees after Monday\'s storm.\n\nThe district said classes would resume once power is back at all schools.',
  'Springfield library hours cut on weekends\n\nSpringfield\'s public libraries will open fewer hours on weekends after the council cut their budget, director Marcus Webb said.\n\nWebb asked donors to help keep branches open on Saturdays.',
];

test('a story of two paragraphs appended under an article, told by other reports, is a part of its own from its first line', async () => {
  const page = `${BUDGET}\n\n${FIRE_TEASER}\n`;
  const appendedAt = page.indexOf('Warehouse fire destroys');
  const docs = [
    { id: 'page', text: page },
    ...FIRE_REPORTS.map((text, i) => ({ id: `fire-${i}`, text })),
    ...OTHER.map((text, i) => ({ id: `other-${i}`, text })),
    { id: 'budget', text: `${BUDGET}\n` },
  ];
  const result = await analyze(docs, { workers: 1 });
  const doc = result.documents.find((d) => d.id === 'page')!;
  assert.ok(doc.bundle, JSON.stringify(doc.segments));
  const stories = doc.segments.filter((s) => s.kind === 'story');
  assert.is(stories.length, 2);
  assert.is(stories[1].start, appendedAt);
  // The appended part is in the event of the fire's reports, the article in the budget's.
  const eventOf = (id: string) => result.documents.find((d) => d.id === id)!.segments.find((s) => s.kind === 'story')!.event;
  assert.is(stories[1].event, eventOf('fire-0'));
  assert.is(stories[0].event, eventOf('budget'));
  // The same article alone is one story.
  assert.not.ok(result.documents.find((d) => d.id === 'budget')!.bundle);
});

test('a last paragraph that opens with a quote, a pronoun or a connective, or follows a colon, starts no tail block', () => {
  const kinds = (text: string) => {
    const ex = new FeatureExtractor();
    const b = new BatchBuilder(1, ex.numPerm);
    ex.extract(text, undefined, b);
    const f = b.finish();
    return Array.from(f.blockKind.subarray(f.blockStart[0], f.blockStart[1]), (k, i) => ({ from: f.blockFrom[f.blockStart[0] + i], tail: (k & BLOCK_TAIL) !== 0, opens: (k & BLOCK_MAY_OPEN_STORY) !== 0 }));
  };
  const last = 'the warehouse held furniture worth several million dollars, and the owners will rebuild the depot in the spring.';
  const tailAt = (text: string, at: number) => kinds(text).some((b) => b.tail && b.from === at);
  // A lead sentence: the last paragraph starts a tail block, one that may open a story.
  const lead = `${BUDGET}\n\nThe Ashcombe company said ${last}\n`;
  const at = lead.indexOf('The Ashcombe company');
  assert.ok(tailAt(lead, at));
  assert.ok(kinds(lead).find((b) => b.from === at)!.opens);
  for (const opening of ['She said ', 'But ', 'Then ', '"We know ', 'It is clear ', 'HE SAID ']) {
    const text = `${BUDGET}\n\n${opening}${last}\n`;
    assert.not.ok(tailAt(text, text.indexOf(opening)), opening);
  }
  // A paragraph that a colon in the one before introduces.
  const quoted = `${BUDGET}\n\nAsked about the depot, Hartley replied:\n\nThe Ashcombe company said ${last}\n`;
  assert.not.ok(tailAt(quoted, quoted.indexOf('The Ashcombe company')));
});

test.run();
