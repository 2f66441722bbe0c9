/**
 * Event clustering (src/events) on inputs small enough to run once per
 * mutant (stryker.config.mjs): the sparse graph's average linkage against
 * the dense NN-chain (itself checked against ml-hclust in hclust.test.ts) on
 * small blocks; graph-linkage.test.ts does the same up to a few hundred
 * items, too slow per mutant.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';

import { clusterEvents } from '../src/events/cluster.js';
import { randomItems } from './fixtures/event-items.js';

test('small blocks: the sparse graph gives the dense clustering', async () => {
  let sparseBlocks = 0;
  let events = 0;
  for (let seed = 1; seed <= 10; seed++) {
    const items = randomItems(seed, 20 + 6 * seed, 2 + (seed % 5));
    const dense = await clusterEvents(items);
    const sparse = await clusterEvents(items, { maxBlock: 1 });
    assert.equal(dense.stats.sparseBlocks, 0);
    sparseBlocks += sparse.stats.sparseBlocks;
    events += new Set(dense.labels).size;
    assert.equal([...sparse.labels], [...dense.labels], `seed ${seed}`);
  }
  assert.ok(sparseBlocks > 30 && events > 150, `${sparseBlocks} sparse blocks, ${events} events`);
});

test('small blocks, each term of the distance on its own: the same', async () => {
  for (const options of [{ leadNumberPenalty: 0 }, { sharedNeighbourWeight: 0 }, { leadNumberPenalty: 0.6, threshold: 0.95 }]) {
    for (let seed = 1; seed <= 4; seed++) {
      const items = randomItems(100 + seed, 70, 3);
      const dense = await clusterEvents(items, options);
      const sparse = await clusterEvents(items, { ...options, maxBlock: 1 });
      assert.equal([...sparse.labels], [...dense.labels], `${JSON.stringify(options)} seed ${seed}`);
    }
  }
});

test.run();
