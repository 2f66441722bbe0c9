/**
 * Average linkage on the sparse graph (events/graph-linkage.ts) against the
 * dense NN-chain (events/hclust.ts, itself checked against ml-hclust): on
 * blocks small enough for both, the same events. (One story told by
 * thousands of outlets: graph-linkage-large.test.ts, too slow to run per
 * mutant.)
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';

import { clusterEvents } from '../src/events/cluster.js';
import { randomItems } from './fixtures/event-items.js';

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

test.run();
