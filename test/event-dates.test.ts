/**
 * Publication dates in event clustering: reports of the same kind of story
 * published months apart are different events; a text's own dates, or a
 * missing date, never hold reports apart. And the statistics that say
 * whether a clustering was exact.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';

import { analyze } from '../src/analyze.js';
import { clusterEvents, type EventItems } from '../src/events/cluster.js';
import { VectorStore } from '../src/features/vector-store.js';

/** Four reports with the same terms (one story, as far as words go), published on these days. */
function sameStory(published: number[]): EventItems {
  const vectors = new VectorStore();
  for (let i = 0; i < published.length; i++) vectors.push({ ids: Uint32Array.from([4, 8, 12, 16 + i]), weights: Float32Array.from([0.55, 0.55, 0.55, 0.3]) });
  return {
    vectors,
    kindScale: new Float64Array(4 * published.length).fill(1),
    date: new Float64Array(published.length).fill(NaN),
    published: Float64Array.from(published),
    doc: Int32Array.from(published, (_, i) => i),
    tokens: new Int32Array(published.length).fill(300),
    leads: { start: new Uint32Array(published.length + 1), ids: new Uint32Array(0) },
  };
}

test('reports published more than maxDaysApart apart are different events', async () => {
  const { labels } = await clusterEvents(sameStory([100, 101, 400, 402]));
  assert.equal([...labels], [0, 0, 1, 1]);
});

test('maxDaysApart: Infinity turns the window off', async () => {
  const { labels } = await clusterEvents(sameStory([100, 101, 400, 402]), { maxDaysApart: Infinity });
  assert.equal([...labels], [0, 0, 0, 0]);
});

test('a report without a publication date is held apart from none', async () => {
  const { labels } = await clusterEvents(sameStory([100, NaN, 101, NaN]));
  assert.equal([...labels], [0, 0, 0, 0]);
});

test('text dates (item.date) do not gate: only publication dates do', async () => {
  const items = sameStory([NaN, NaN, NaN, NaN]);
  items.date.set([100, 101, 400, 402]);
  assert.equal([...(await clusterEvents(items)).labels], [0, 0, 0, 0]);
});

test('the statistics count blocks, and those clustered on the sparse graph', async () => {
  const dense = await clusterEvents(sameStory([100, 101, 102, 103]));
  assert.equal([dense.stats.blocks, dense.stats.largestBlock, dense.stats.sparseBlocks, dense.stats.blockPairs], [1, 4, 0, 6]);
  assert.ok(dense.stats.edges >= 3 && dense.stats.candidatePairs >= dense.stats.edges, JSON.stringify(dense.stats));
  const sparse = await clusterEvents(sameStory([100, 101, 102, 103]), { maxBlock: 2 });
  assert.equal([sparse.stats.blocks, sparse.stats.largestBlock, sparse.stats.sparseBlocks, sparse.stats.blockPairs], [1, 4, 1, 0]);
  // Never split to fit: the sparse graph gives the dense answer.
  assert.equal([...sparse.labels], [...dense.labels]);
});

test('on the sparse graph too, reports more than maxDaysApart apart are different events', async () => {
  const { labels } = await clusterEvents(sameStory([100, 101, 400, 402]), { maxBlock: 1 });
  assert.equal([...labels], [0, 0, 1, 1]);
});

/** Four reports of four unrelated events, each told in words of its own. */
const BODIES = [
  'Copper Corp, the Chilean miner, expects output from its Escondida pit to climb as new crushers start. Chief executive Pablo Ortega told shareholders in Santiago that smelter contracts with Japanese buyers were renewed at higher treatment charges, and that the dividend would be raised.',
  'Timber Inc, based in Oregon, will reopen two sawmills near Eugene after lumber futures recovered. Plant manager Dana Whitfield said loggers would return to the Willamette forest tracts, and that trucking crews from Salem had been hired for the spring harvest season.',
  'Shipping Line Ltd, the Norwegian tanker operator, ordered four vessels from a Korean yard in Ulsan. Fleet director Ingrid Halvorsen said charter rates between Rotterdam and Singapore had doubled, and the Oslo board approved a bond sale to finance the hulls.',
  'Glass Works opened a second furnace at its Toledo plant, where bottles for breweries in Ohio and Michigan are blown. Union steward Marcus Bell said three hundred workers were recalled, and that sand deliveries from Indiana quarries arrive by rail every night.',
];

function report(i: number, lead: string): string {
  return `${BODIES[i].split(' ').slice(0, 2).join(' ')} News\n\n${lead}\n\n${BODIES[i]}\n`;
}

test('an event\'s dates: the input\'s date wins over dates in the text; without one, only a dateline counts', async () => {
  const docs = [
    // The input says when it was published; the text mentions the end of a fiscal year.
    { id: 'published', date: '1987-03-02', text: report(0, 'Copper Corp said its profit for the year to Dec 31, 1986 rose 12 pct on higher prices.') },
    // No input date: a dateline opens the first paragraph.
    { id: 'dateline', text: report(1, 'PORTLAND, March 3, 1987 - Timber Inc said sales rose on strong housing demand.') },
    // No input date, and the only date is one the story mentions, far into its first sentence.
    { id: 'mentioned', text: report(2, 'Shipping Line Ltd said its tanker earnings in the fiscal year to June 30, 1986 fell sharply.') },
    // An ISO date with a time, as a date stamp.
    { id: 'stamp', text: report(3, '2023-01-31T10:00:00Z Glass Works said it would open a second furnace this spring.') },
  ];
  const result = await analyze(docs, { workers: 1 });
  const datesOf = (id: string) => {
    const doc = result.documents.find((d) => d.id === id)!;
    const events = doc.segments.filter((s) => s.kind === 'story').map((s) => s.event);
    assert.is(events.length, 1, `${id}: one story`);
    return result.events.find((e) => e.id === events[0])!.dates;
  };
  assert.equal(datesOf('published'), { first: '1987-03-02', last: '1987-03-02' });
  assert.equal(datesOf('dateline'), { first: '1987-03-03', last: '1987-03-03' });
  assert.is(datesOf('mentioned'), undefined);
  assert.equal(datesOf('stamp'), { first: '2023-01-31', last: '2023-01-31' });
});

test.run();
