/**
 * Work split into tasks for the worker pool gives what this thread gives:
 * segmentation over runs of documents (segments/tasks.ts) and event
 * clustering's loops (events/tasks.ts), also when a pool task fails (it is
 * redone in this thread), and segments through the flat form they travel in.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { newsArchive } from '../bench/corpus.js';
import { assignEvents } from '../src/events/assign.js';
import { IN_THIS_THREAD as EVENTS_HERE, type EventRunner } from '../src/events/cluster.js';
import { collectFeatures } from '../src/features/collect.js';
import type { FeatureBatch } from '../src/features/batch.js';
import { findNearDuplicates } from '../src/neardup/groups.js';
import { resolveOptions } from '../src/options.js';
import { WorkerPool } from '../src/pool/pool.js';
import { IN_THIS_THREAD, eventVectors, segmentObjects, splitCorpus, type SegmentRunner } from '../src/segments/corpus.js';
import { flatten, unflatten } from '../src/segments/flat.js';
import { StoredSegment } from '../src/segments/stored-segment.js';
import { EMPTY_VECTOR } from '../src/features/tfidf.js';
import type { ResolvedSegment } from '../src/segments/resolve.js';

const options = resolveOptions({ workers: 2 });

/** 1,300 archive documents (three runs of at least 500) with their near-duplicate representatives. */
async function archive(): Promise<{ features: FeatureBatch; representative: Int32Array }> {
  const pool = new WorkerPool(2);
  try {
    const { features } = await collectFeatures(newsArchive(1300, 1), options, pool);
    const rank = Int32Array.from({ length: features.count }, (_, d) => d);
    return { features, representative: findNearDuplicates(features, rank, { threshold: options.threshold }).representative };
  } finally {
    await pool.close();
  }
}

async function segmentsOf(features: FeatureBatch, representative: Int32Array, runner: SegmentRunner) {
  const split = await splitCorpus(features, representative, options.termWeights, options.maxTermsPerSegment, options.segmentation, runner);
  const corpus = segmentObjects(features, await eventVectors(split, options.eventTermsPerSegment, runner));
  return { segments: corpus.segments, vectors: corpus.vectors, crossDocSplits: split.crossDocSplits };
}

/** Everything a segment holds, as plain values (vectors as arrays), for deep comparison. */
function plain(segments: ResolvedSegment[][]): unknown {
  return segments.map((segs) => segs.map((s) => ({ ...s, vector: { ids: Array.from(s.vector.ids), weights: Array.from(s.vector.weights) } })));
}

test('the pool threads load the worker without require(esm), whose load a thread ended mid-way aborts the process', async () => {
  // With require(esm) turned off, a require() of the ES module itself throws ERR_REQUIRE_ESM;
  // the entry must still load and run a task, so it reaches the worker by import().
  const entry = fileURLToPath(new URL('../src/pool/worker-entry.cjs', import.meta.url));
  const worker = fileURLToPath(new URL('../src/pool/worker.js', import.meta.url));
  const script = `
    const tasks = require(${JSON.stringify(entry)});
    let direct = 'loaded';
    try { require(${JSON.stringify(worker)}); } catch (e) { direct = e.code; }
    const outcome = (call) => { try { return Promise.resolve(call()).then((v) => 'value ' + typeof v, (e) => 'error ' + e.message); } catch (e) { return Promise.resolve('error ' + e.message); } };
    import(${JSON.stringify(worker)}).then(async (esm) => {
      const names = Object.keys(esm).filter((k) => typeof esm[k] === 'function').sort();
      const same = [];
      for (const k of names) {
        const viaEntry = await outcome(() => (k === 'default' ? tasks : tasks[k])({}));
        const direct = await outcome(() => esm[k]({}));
        if (viaEntry === direct) same.push(k);
      }
      console.log(JSON.stringify({ direct, names, same }));
    });`;
  const run = spawnSync(process.execPath, ['--no-experimental-require-module', '-e', script], { encoding: 'utf8' });
  assert.is(run.status, 0, run.stderr);
  const seen = JSON.parse(run.stdout) as { direct: string; names: string[]; same: string[] };
  assert.is(seen.direct, 'ERR_REQUIRE_ESM');
  assert.ok(seen.names.length >= 8, seen.names.join());
  // Each task through the entry ends as the worker's own function does on the same input.
  assert.equal(seen.same, seen.names);
});

test('segments on the pool equal segments in this thread, and a failed pool task is redone here', async () => {
  const { features, representative } = await archive();
  const here = await segmentsOf(features, representative, IN_THIS_THREAD);
  assert.ok(here.crossDocSplits > 0, 'the archive has bundles that corpus evidence splits');
  assert.ok(here.segments.some((segs) => segs.some((s) => s.boilerplate)) && here.segments.some((segs) => segs.filter((s) => !s.boilerplate).length > 1));

  const pool = new WorkerPool(2);
  const onPool = await segmentsOf(features, representative, pool.segmentRunner());
  assert.equal(plain(onPool.segments), plain(here.segments));
  assert.is(onPool.crossDocSplits, here.crossDocSplits);

  // A closed pool: every task now fails there and runs here.
  await pool.close();
  const redone = await segmentsOf(features, representative, pool.segmentRunner());
  assert.equal(plain(redone.segments), plain(here.segments));
});

test('flat segments give back the same segments, vectors included', async () => {
  const { features, representative } = await archive();
  const { segments } = await segmentsOf(features, representative, IN_THIS_THREAD);
  const run = segments.slice(600, 700);
  assert.equal(plain(unflatten(features, flatten(run, 600, { shared: false }))), plain(run));
  const bare = unflatten(features, flatten(run, 600));
  assert.equal(
    bare.map((segs) => segs.map((s) => [s.blocks, s.openedBy, s.boilerplate, s.start, s.end, s.tokens, s.vector.ids.length])),
    run.map((segs) => segs.map((s) => [s.blocks, s.openedBy, s.boilerplate, s.start, s.end, s.tokens, 0])),
  );
});

test('flat segments write their vectors into a region of shared arrays, and never past it', async () => {
  const { features, representative } = await archive();
  const { segments } = await segmentsOf(features, representative, IN_THIS_THREAD);
  const run = segments.slice(600, 700);
  let terms = 0;
  for (const segs of run) for (const s of segs) terms += s.vector.ids.length;
  const ids = new Uint32Array(new SharedArrayBuffer(4 * (terms + 20)));
  const weights = new Float32Array(new SharedArrayBuffer(4 * (terms + 20)));
  const flat = flatten(run, 600, { ids, weights, from: 10, to: 10 + terms });
  assert.is(flat.ids, ids, 'written where told, not copied');
  assert.is(flat.vectorStart?.[0], 10);
  assert.is(flat.vectorStart?.[flat.kind.length], 10 + terms);
  assert.ok(ids.subarray(0, 10).every((x) => x === 0) && ids.subarray(10 + terms).every((x) => x === 0), 'nothing outside the region');
  assert.equal(plain(unflatten(features, flat)), plain(run));
  assert.throws(() => flatten(run, 600, { ids, weights, from: 10, to: 9 + terms }), /more than their region's/);
});

test('a stored segment views its vector in the run arrays when read; assigning a vector replaces it', () => {
  const arrays = { ids: Uint32Array.of(9, 1, 4, 7, 9), weights: Float32Array.of(0, 0.6, 0.8, 1, 0) };
  const seg = new StoredSegment([3, 4], false, 'headline', 10, 90, 40, arrays, 1, 3);
  assert.equal([...seg.vector.ids], [1, 4]);
  assert.equal([...seg.vector.weights], [Math.fround(0.6), Math.fround(0.8)]);
  arrays.weights[2] = 0.5;
  assert.is(seg.vector.weights[1], 0.5, 'a view, not a copy');
  assert.equal(Object.keys({ ...seg }).sort(), ['blocks', 'boilerplate', 'end', 'openedBy', 'start', 'tokens'], 'a spread copies the plain fields only');
  seg.vector = EMPTY_VECTOR;
  assert.is(seg.vector, EMPTY_VECTOR);
  assert.is(new StoredSegment([5], true, 'edge', 0, 5, 0, undefined, 0, 0).vector, EMPTY_VECTOR);
});

test('every event vector is a view of the corpus store, inside the store', async () => {
  const { features, representative } = await archive();
  const { segments, vectors } = await segmentsOf(features, representative, IN_THIS_THREAD);
  let story = 0;
  for (const segs of segments) {
    for (const s of segs) {
      if (s.boilerplate || s.vector.ids.length === 0) continue;
      story++;
      assert.ok(s.vector.ids.buffer === vectors.ids.buffer && s.vector.weights.buffer === vectors.weights.buffer);
      assert.ok(s.vector.ids.byteOffset + s.vector.ids.byteLength <= vectors.ids.byteLength);
    }
  }
  assert.ok(story > 1000);
});

test('events clustered on the pool equal events clustered in this thread, also when its tasks fail', async () => {
  const { features, representative } = await archive();
  const rank = Int32Array.from({ length: features.count }, (_, d) => d);
  const { segments, vectors } = await segmentsOf(features, representative, IN_THIS_THREAD);
  const eventsOf = async (runner: EventRunner) => {
    const segs = segments.map((s) => s.map((seg) => ({ ...seg, vector: seg.vector })));
    const events = await assignEvents(features, { segments: segs, vectors }, representative, rank, { ...options.events, threshold: options.eventThreshold }, runner);
    return { events, segments: plain(segs) };
  };
  const here = await eventsOf(EVENTS_HERE);
  assert.ok(here.events.stats.blocks > 4 * 2 && here.events.stats.edges > 0, 'enough blocks and edges for several tasks');
  const pool = new WorkerPool(2);
  assert.equal(await eventsOf(pool.eventRunner()), here);
  await pool.close();
  assert.equal(await eventsOf(pool.eventRunner()), here, 'every task failed on the closed pool and ran here');
});

test.run();
