/**
 * Each event's tree (how its members joined) on a generated archive: a
 * forest over the members whose merges never join two members already
 * joined, at heights within the cut; members joined by no merge are exactly
 * those that did not take part in clustering (copies that inherit their
 * original's event, parts folded in); and the tree's components are what
 * the members' similarity is measured against (every member has one).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { newsArchive } from '../bench/corpus.js';
import { analyze } from '../src/analyze.js';
import { DEFAULT_OPTIONS } from '../src/options.js';
import type { Result } from '../src/types.js';

let cached: Result | undefined;
async function archive(): Promise<Result> {
  cached ??= await analyze(Array.from(newsArchive(400, 3)), { workers: 1 });
  return cached;
}

function find(parent: number[], x: number): number {
  while (parent[x] !== x) x = parent[x] = parent[parent[x]];
  return x;
}

test('event trees: a forest over the members, merges within the cut, every member with its similarity', async () => {
  const result = await archive();
  let merges = 0;
  let whole = 0;
  for (const e of result.events) {
    const n = e.members.length;
    const parent = Array.from({ length: n }, (_, i) => i);
    for (const [a, b, height] of e.tree ?? []) {
      assert.ok(Number.isInteger(a) && Number.isInteger(b) && a >= 0 && b >= 0 && a < n && b < n, `${e.id}: ${a}, ${b}`);
      assert.ok(height >= 0 && height <= DEFAULT_OPTIONS.eventThreshold, `${e.id}: height ${height}`);
      const [ra, rb] = [find(parent, a), find(parent, b)];
      assert.ok(ra !== rb, `${e.id}: a merge of members already joined`);
      parent[ra] = rb;
      merges++;
    }
    const parts = new Set(e.members.map((_, i) => find(parent, i))).size;
    if (parts === 1 && n > 1) whole++;
    for (const m of e.members) assert.ok(m.similarity !== undefined && m.similarity > 0 && m.similarity <= 1.0005, `${e.id}: ${m.similarity}`);
  }
  // Not vacuous: the archive's events are mostly several independent reports.
  assert.ok(merges > 50 && whole > 20, `${merges} merges, ${whole} events joined whole`);
});

test('event trees: heights rise along each merge chain (average linkage is monotone)', async () => {
  const result = await archive();
  for (const e of result.events) {
    const tree = e.tree ?? [];
    // The height a cluster was made at: a later merge that takes it in is at least as high.
    const madeAt = new Map<number, number>();
    const parent = e.members.map((_, i) => i);
    for (const [a, b, height] of tree) {
      const [ra, rb] = [find(parent, a), find(parent, b)];
      for (const r of [ra, rb]) assert.ok(height >= (madeAt.get(r) ?? 0) - 1e-4, `${e.id}: ${height} below ${madeAt.get(r)}`);
      parent[ra] = rb;
      madeAt.set(rb, height);
    }
  }
});

test.run();
