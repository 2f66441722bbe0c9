/**
 * One story told by thousands of outlets is one event, not thousands: the
 * block is over the dense limit and clustered on its sparse graph
 * (events/graph-linkage.ts). Apart from graph-linkage.test.ts because it
 * takes seconds (too slow for the per-mutant tests in stryker.config.mjs).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';

import { analyze } from '../src/index.js';
import { oneEventReports } from './fixtures/one-event.js';

test('one event reported by 5,000 outlets, each in its own words, is one event', async () => {
  const docs = oneEventReports(5000);
  const result = await analyze(docs, { workers: 2 });
  assert.equal(result.events.length, 1, `${result.events.length} events, largest ${Math.max(...result.events.map((e) => e.members.length))}`);
  assert.equal(result.events[0].members.length, 5000);
  // The block was over the dense limit: clustered on its sparse graph, never split.
  assert.ok(result.summary.eventClustering.sparseBlocks >= 1, JSON.stringify(result.summary.eventClustering));
});

test.run();
