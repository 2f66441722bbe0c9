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
import { randomItems, sparseAgreesWithDense } from './fixtures/event-items.js';

test('on blocks of every size up to a few hundred, the sparse graph gives the dense clustering', async () => {
  const seeds = Array.from({ length: 40 }, (_, i) => i + 1);
  const { sparseBlocks, events } = await sparseAgreesWithDense(seeds, (seed) => 20 + 10 * seed, (seed) => 2 + (seed % 5));
  // The inputs are not trivial: many blocks, and events of several reports.
  assert.ok(sparseBlocks > 40 && events > 100, `${sparseBlocks} sparse blocks, ${events} events`);
});

test('with the lead-number penalty and shared neighbours off, too (each term of the distance on its own)', async () => {
  const seeds = Array.from({ length: 10 }, (_, i) => 101 + i);
  for (const options of [{ leadNumberPenalty: 0 }, { sharedNeighbourWeight: 0 }, { leadNumberPenalty: 0.6, threshold: 0.95 }]) await sparseAgreesWithDense(seeds, () => 120, () => 3, options);
});

test.run();
