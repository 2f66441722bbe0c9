import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { analyze } from '../src/analyze.js';
import { formatResult } from '../src/report/format.js';
import { newsArchive } from '../bench/corpus.js';
import { threadTimes, type ThreadTimes } from '../bench/thread-cpu.js';
import { KeyBuilder, scoreArchive } from '../bench/truth.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

test('archive key: one entry per document, reprints point back at an earlier article of the same event', () => {
  const builder = new KeyBuilder();
  const docs = Array.from(newsArchive(400, 3, undefined, builder.add));
  const key = builder.save(join(mkdtempSync(join(tmpdir(), 'storyline-key-')), 'key.json'));
  assert.is(key.kinds.length, docs.length);
  for (let i = 0; i < docs.length; i++) {
    if (key.kinds[i] !== 'r') {
      assert.is(key.copyOf[i], -1);
      continue;
    }
    const source = key.copyOf[i];
    assert.ok(source >= 0 && source < i, `reprint ${i} copies an earlier document`);
    assert.is(key.kinds[source], 'a');
    assert.is(key.events[source], key.events[i]);
  }
  assert.ok(key.kinds.includes('b') && key.kinds.includes('r'));
});

/** The archive's output with one worker, for the test of two workers below. */
let oneWorkerJson = '';

test('scoreArchive: the pipeline scores high, and a result that merges every event scores low', async () => {
  const builder = new KeyBuilder();
  const docs = Array.from(newsArchive(400, 3, undefined, builder.add));
  const key = builder.save(join(mkdtempSync(join(tmpdir(), 'storyline-key-')), 'key.json'));
  const result = await analyze(docs, { workers: 1 });
  oneWorkerJson = formatResult(result, 'json');
  const q = scoreArchive(result, key);
  // Measured at 59f0980 (the generator and the pipeline are deterministic): events P 0.968 R 1 F1 0.984,
  // every reprint found, no false copy pair, bundles P 1 R 1. A lower figure is a change of behaviour.
  assert.ok(q.events.precision >= 0.963, `events precision ${q.events.precision}`);
  assert.ok(q.events.recall >= 0.995, `events recall ${q.events.recall}`);
  assert.ok(q.events.f1 >= 0.979, `events F1 ${q.events.f1}`);
  assert.is(q.reprintRecall, 1, 'every reprint in its source\'s group or contained in it');
  assert.is(q.falseCopyPairs, 0, 'no two documents of different origins grouped as copies');
  assert.ok(q.bundles.precision >= 0.995, `bundle precision ${q.bundles.precision}`);
  assert.ok(q.bundles.recall >= 0.995, `bundle recall ${q.bundles.recall}`);

  const merged = {
    ...result,
    documents: result.documents.map((d) => ({ ...d, bundle: false, segments: d.segments.map((s) => ({ ...s, event: s.event === null ? null : 'e1' })) })),
    nearDuplicateGroups: [{ id: 'g1', members: result.documents.map((d) => d.id), pairs: [] }],
  };
  const bad = scoreArchive(merged, key);
  assert.ok(bad.events.precision < 0.2, `merged events precision ${bad.events.precision}`);
  assert.ok(bad.falseCopyPairs > 1000, `false copy pairs ${bad.falseCopyPairs}`);
  assert.is(bad.bundles.recall, 0);
});

/**
 * CPU seconds of each thread started while `run` runs (the pool's workers),
 * largest first. Threads end when the pool closes, so /proc is read every
 * 10 ms and each thread's last reading kept.
 */
async function workerCpu(run: () => Promise<unknown>): Promise<number[] | undefined> {
  const before = threadTimes();
  if (before === undefined) return undefined;
  const last = new Map<number, number>();
  const sample = () => {
    for (const [tid, seconds] of threadTimes() ?? (new Map() as ThreadTimes)) if (!before.has(tid)) last.set(tid, seconds);
  };
  const timer = setInterval(sample, 10);
  try {
    await run();
  } finally {
    clearInterval(timer);
  }
  return [...last.values()].sort((a, b) => b - a);
}

test('workers: 2 puts work on two threads, each well beyond starting up, and gives the output of 1 byte for byte', async () => {
  const docs = Array.from(newsArchive(400, 3));
  // A thread that starts and loads its modules, with one small task: what a worker costs without real work.
  const idle = await workerCpu(() => analyze(docs.slice(0, 1), { workers: 2 }));
  if (idle === undefined) {
    console.log('  (thread check skipped: no /proc/self/task on this system)');
  }
  let json = '';
  const busy = await workerCpu(async () => {
    json = formatResult(await analyze(docs, { workers: 2, batchSize: 8 }), 'json');
  });
  if (idle !== undefined && busy !== undefined) {
    // Measured: ~0.15 s for a thread starting up; ~0.45 s each here (50 feature batches and the segment tasks).
    const floor = idle[0] + 0.15;
    const working = busy.filter((seconds) => seconds >= floor);
    assert.is(working.length, 2, `threads started (CPU s): ${busy.map((x) => x.toFixed(2)).join(', ')}; working means at least ${floor.toFixed(2)} (starting up alone: ${idle[0].toFixed(2)})`);
  }
  if (oneWorkerJson === '') oneWorkerJson = formatResult(await analyze(docs, { workers: 1 }), 'json');
  assert.ok(json === oneWorkerJson, '2 workers gave another output than 1');
});

test.run();
