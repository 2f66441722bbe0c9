/**
 * Publication dates in event clustering: reports of the same kind of story
 * published months apart are different events; a text's own dates, or a
 * missing date, never hold reports apart. And the statistics that say
 * whether a clustering was exact.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';

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

test.run();
