/**
 * Average linkage on the sparse graph (events/graph-linkage.ts) against the
 * dense NN-chain (events/hclust.ts, itself checked against ml-hclust): on
 * blocks small enough for both, the same events. And one story told by
 * thousands of outlets is one event, not thousands.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';

import { analyze } from '../src/index.js';
import { clusterEvents, type EventItems } from '../src/events/cluster.js';
import { VectorStore } from '../src/features/vector-store.js';
import { mulberry32, pick } from '../src/util/random.js';
import { oneEventReports } from './fixtures/one-event.js';

/**
 * `count` items about `topics` stories of one kind: each item takes terms
 * of its story (words, names, numbers: the id's low bits), a few terms of
 * the shared kind and some noise; lead numbers from its story's or not;
 * some items are two long parts of one document.
 */
function randomItems(seed: number, count: number, topics: number): EventItems {
  const r = mulberry32(seed);
  const vectors = new VectorStore();
  const leadIds: number[] = [];
  const leadStart = [0];
  const doc = new Int32Array(count).fill(-1);
  const tokens = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const topic = pick(r, topics);
    const terms = new Map<number, number>();
    const take = (id: number) => terms.set(id, (terms.get(id) ?? 0) + 0.2 + r());
    for (let k = 0; k < 4 + pick(r, 6); k++) take(((topic * 16 + pick(r, 16)) << 2) | pick(r, 3));
    for (let k = 0; k < 3; k++) take(((1000 + pick(r, 12)) << 2) | pick(r, 3));
    for (let k = 0; k < pick(r, 4); k++) take(((5000 + pick(r, 400)) << 2) | pick(r, 3));
    const ids = [...terms.keys()].sort((a, b) => a - b);
    const norm = Math.hypot(...ids.map((id) => terms.get(id)!));
    vectors.push({ ids: Uint32Array.from(ids), weights: Float32Array.from(ids, (id) => terms.get(id)! / norm) });
    const lead = new Set<number>();
    for (let k = 0; k < pick(r, 4); k++) lead.add(r() < 0.7 ? topic * 8 + pick(r, 3) : 90_000 + pick(r, 50));
    leadIds.push(...[...lead].sort((a, b) => a - b));
    leadStart.push(leadIds.length);
    if (i % 7 === 1) doc[i] = doc[i - 1] = i;
    tokens[i] = 100 + pick(r, 150);
  }
  return {
    vectors,
    kindScale: new Float64Array(4 * count).fill(1),
    date: new Float64Array(count).fill(NaN),
    published: Float64Array.from({ length: count }, () => 19_000 + pick(r, 3)),
    doc,
    tokens,
    leads: { start: Uint32Array.from(leadStart), ids: Uint32Array.from(leadIds) },
  };
}

test('on blocks of every size up to a few hundred, the sparse graph gives the dense clustering', async () => {
  let sparseBlocks = 0;
  let events = 0;
  for (let seed = 1; seed <= 40; seed++) {
    const items = randomItems(seed, 20 + 10 * seed, 2 + (seed % 5));
    const dense = await clusterEvents(items);
    const sparse = await clusterEvents(items, { maxBlock: 1 });
    assert.equal(dense.stats.sparseBlocks, 0);
    sparseBlocks += sparse.stats.sparseBlocks;
    events += new Set(dense.labels).size;
    assert.equal([...sparse.labels], [...dense.labels], `seed ${seed}`);
  }
  // The inputs are not trivial: many blocks, and events of several reports.
  assert.ok(sparseBlocks > 40 && events > 100, `${sparseBlocks} sparse blocks, ${events} events`);
});

test('with the lead-number penalty and shared neighbours off, too (each term of the distance on its own)', async () => {
  for (const options of [{ leadNumberPenalty: 0 }, { sharedNeighbourWeight: 0 }, { leadNumberPenalty: 0.6, threshold: 0.95 }]) {
    for (let seed = 1; seed <= 10; seed++) {
      const items = randomItems(100 + seed, 120, 3);
      const dense = await clusterEvents(items, options);
      const sparse = await clusterEvents(items, { ...options, maxBlock: 1 });
      assert.equal([...sparse.labels], [...dense.labels], `${JSON.stringify(options)} seed ${seed}`);
    }
  }
});

test('one event reported by 5,000 outlets, each in its own words, is one event', async () => {
  const docs = oneEventReports(5000);
  const result = await analyze(docs, { workers: 2 });
  assert.equal(result.events.length, 1, `${result.events.length} events, largest ${Math.max(...result.events.map((e) => e.members.length))}`);
  assert.equal(result.events[0].members.length, 5000);
  // The block was over the dense limit: clustered on its sparse graph, never split.
  assert.ok(result.summary.eventClustering.sparseBlocks >= 1, JSON.stringify(result.summary.eventClustering));
});

test.run();
