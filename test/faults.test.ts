/**
 * Faults: a worker that throws or whose thread dies costs exactly the
 * documents that cause it, whatever the batching; Ctrl-C ends the CLI
 * cleanly with 130 and leaves no output or temporary file behind.
 */
import { getEventListeners } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeAtomically } from '../src/cli/output.js';
import { analyze, formatResult, type AnalyzeOptions, type Result } from '../src/index.js';
import type { TestHooks } from '../src/options.js';
import { WorkerPool } from '../src/pool/pool.js';
import { checkAccounting } from './fixtures/accounting.js';
import { seedText } from './fixtures/bad-inputs.js';
import { finished, spawnCli } from './fixtures/cli.js';
import { withTmp, write } from './fixtures/tmp.js';
import { reprint, wrapped } from './fixtures/variants.js';

/** Options with the test hook, which the public options type leaves out. */
const hooked = (options: AnalyzeOptions & TestHooks): AnalyzeOptions => options;

/** 5 seeds, 5 reprints and 5 wrapped copies: 15 files, several batches at small batch sizes. */
function writeArticles(dir: string): Map<string, string> {
  const texts = new Map<string, string>();
  for (let i = 0; i < 5; i++) {
    texts.set(`s${i}`, seedText(i));
    texts.set(`s${i}-reprint`, reprint(seedText(i), 40 + i));
    texts.set(`s${i}-wrapped`, wrapped(seedText(i)));
  }
  for (const [id, text] of texts) write(dir, `${id}.txt`, text);
  return texts;
}

/** Everything but errors and the summary: what the analysed documents became. */
function analysis(result: Result): string {
  return JSON.stringify([result.documents, result.nearDuplicateGroups, result.containments, result.events]);
}

test('a worker that throws on one document: retried, then only that document is an error; the rest as if it were absent', async () => {
  await withTmp(async (dir) => {
    const texts = writeArticles(dir);
    const faultOn: TestHooks['faultOn'] = { text: texts.get('s2-reprint')!, mode: 'throw' };
    const result = await analyze(dir, hooked({ workers: 2, batchSize: 4, faultOn }));
    checkAccounting(result, { inputs: texts.size });
    assert.equal(result.errors, [
      {
        source: 's2-reprint.txt',
        code: 'worker-failed',
        message: 'no worker could analyse document "s2-reprint" (tried again, then alone): injected fault',
      },
    ]);
    assert.is(result.documents.length, texts.size - 1);

    fs.rmSync(path.join(dir, 's2-reprint.txt'));
    const without = await analyze(dir, { workers: 1 });
    assert.ok(analysis(result) === analysis(without), 'healthy documents are analysed as if the faulty one were absent');
  });
});

test('a worker thread that dies mid-task: the same single error and output for any batch size and worker count', async () => {
  await withTmp(async (dir) => {
    const texts = writeArticles(dir);
    const faultOn: TestHooks['faultOn'] = { text: texts.get('s0-wrapped')!, mode: 'exit' };
    const outputs: string[] = [];
    for (const [workers, batchSize] of [
      [1, 3],
      [2, 8],
    ]) {
      const result = await analyze(dir, hooked({ workers, batchSize, faultOn }));
      checkAccounting(result, { inputs: texts.size });
      assert.equal(
        result.errors.map((e) => [e.source, e.code]),
        [['s0-wrapped.txt', 'worker-failed']],
      );
      assert.match(result.errors[0].message, 'worker exited with code: 3');
      outputs.push(formatResult(result, 'json'));
    }
    assert.ok(outputs[0] === outputs[1], 'output depends on batching');
    const thrown = await analyze(dir, hooked({ workers: 2, batchSize: 5, faultOn: { ...faultOn, mode: 'throw' } }));
    assert.ok(analysis(thrown) === analysis(JSON.parse(outputs[0]) as Result), 'a thrown error and a dead thread cost the same documents');
  });
});

test('several faulting documents are each reported; a corpus where every document faults still finishes', async () => {
  await withTmp(async (dir) => {
    const texts = writeArticles(dir);
    const poison = 'This text makes the worker fail.';
    for (const id of ['p1', 'p2', 'p3']) write(dir, `${id}.txt`, poison);
    const result = await analyze(dir, hooked({ workers: 2, batchSize: 2, faultOn: { text: poison, mode: 'throw' } }));
    checkAccounting(result, { inputs: texts.size + 3 });
    assert.equal(
      result.errors.map((e) => e.source),
      ['p1.txt', 'p2.txt', 'p3.txt'],
    );
    assert.is(result.documents.length, texts.size);

    for (const id of texts.keys()) fs.rmSync(path.join(dir, `${id}.txt`));
    const none = await analyze(dir, hooked({ workers: 1, faultOn: { text: poison, mode: 'exit' } }));
    checkAccounting(none, { inputs: 3 });
    assert.is(none.documents.length, 0);
    assert.equal(none.errors.map((e) => e.code), ['worker-failed', 'worker-failed', 'worker-failed']);
  });
});

/** How far the process has read `file`, from /proc (Linux), or undefined when that cannot be known. */
function readOffset(pid: number, file: string): number | undefined {
  try {
    for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
      if (fs.readlinkSync(`/proc/${pid}/fd/${fd}`) !== file) continue;
      const pos = /^pos:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8'));
      return pos ? Number(pos[1]) : undefined;
    }
  } catch {
    // the process is gone, or no /proc here
  }
  return undefined;
}

test('Ctrl-C while the CLI works: exit 130, pool ended, process gone, no output and no temporary file', async () => {
  await withTmp(async (dir) => {
    // About 20 MB of articles: far more than can be analysed before the signal arrives.
    const corpus = path.join(dir, 'big.jsonl');
    const lines: string[] = [];
    for (let i = 0; i < 5000; i++) lines.push(JSON.stringify({ id: `a${i}`, text: reprint(seedText(i % 5), i) }));
    fs.writeFileSync(corpus, lines.join('\n'));
    const size = fs.statSync(corpus).size;
    const outDir = path.join(dir, 'out');
    fs.mkdirSync(outDir);
    const out = path.join(outDir, 'result.json');

    const child = spawnCli(['cluster', corpus, '--format', 'json', '--workers', '2', '--out', out]);
    const done = finished(child);
    // Signal once it is reading the corpus (so the handler is installed and the pool running).
    const started = Date.now();
    let offset: number | undefined;
    while (child.exitCode === null && Date.now() - started < 30_000) {
      offset = readOffset(child.pid!, corpus);
      if (offset !== undefined && offset > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    if (offset === undefined) await new Promise((resolve) => setTimeout(resolve, 1500)); // no /proc: give it time to start
    assert.is(child.exitCode, null, 'the CLI finished before it could be interrupted');
    assert.ok(offset === undefined || offset < size, 'still reading the corpus when interrupted');
    child.kill('SIGINT');
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const run = await done;
    clearTimeout(killer);

    assert.is(run.signal, null, 'ended by itself, not killed');
    assert.is(run.code, 130, run.stderr);
    assert.is(run.stderr, 'storyline: interrupted; no output written\n');
    assert.is(run.stdout, '');
    assert.equal(fs.readdirSync(outDir), [], 'neither the output nor a temporary file');
    assert.not.ok(fs.existsSync(`/proc/${child.pid}`), 'process gone');
  });
});

/** Ids of this process's threads (Linux), or undefined. */
function threadIds(): Set<string> | undefined {
  try {
    return new Set(fs.readdirSync('/proc/self/task'));
  } catch {
    return undefined;
  }
}

test('options.signal stops analyze in every stage after the features: it rejects with the reason and leaves no worker thread', async () => {
  await withTmp(async (dir) => {
    writeArticles(dir);
    await analyze(dir, { workers: 2 }); // threads Node starts once (libuv's pool) exist before the count
    const before = threadIds();
    for (const phase of ['near-duplicates', 'segments', 'events', 'report'] as const) {
      const controller = new AbortController();
      const reason = new Error(`stop at ${phase}`);
      const run = analyze(dir, {
        workers: 2,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === phase) controller.abort(reason);
        },
      });
      let thrown: unknown;
      await run.then(() => undefined, (err: unknown) => void (thrown = err));
      assert.is(thrown, reason, `aborted at ${phase}: rejects with the signal's reason`);
      const after = threadIds();
      if (before && after) assert.equal([...after].filter((t) => !before.has(t)), [], `no thread left from the run aborted at ${phase}`);
    }
  });
});

test('a pool task whose signal aborts rejects with the reason, and is not run again in this thread', async () => {
  const pool = new WorkerPool(1);
  try {
    const controller = new AbortController();
    const reason = new Error('stopped');
    controller.abort(reason);
    // A task this thread could not run either: falling back to it would throw a TypeError, not the reason.
    let thrown: unknown;
    await pool.eventRunner(controller.signal).pairs({} as never).then(() => undefined, (err: unknown) => void (thrown = err));
    assert.is(thrown, reason);
    thrown = undefined;
    await pool.segmentRunner(controller.signal).split({} as never).then(() => undefined, (err: unknown) => void (thrown = err));
    assert.is(thrown, reason);
  } finally {
    await pool.close();
  }
});

test('many pool tasks on one signal: one listener on it (no "possible memory leak" warning), none once the pool closes', async () => {
  const pool = new WorkerPool(1);
  const controller = new AbortController();
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(w.name);
  process.on('warning', onWarning);
  try {
    const runner = pool.eventRunner(controller.signal);
    // 30 tasks queued at once (each fails, here and in the thread: only the listeners matter).
    const settled = Promise.allSettled(Array.from({ length: 30 }, () => runner.pairs({} as never)));
    const listeners = getEventListeners(controller.signal, 'abort').length;
    await settled;
    assert.is(listeners, 1);
    await new Promise((resolve) => setImmediate(resolve)); // a warning is emitted on a later tick
    assert.equal(warnings.filter((name) => name === 'MaxListenersExceededWarning'), []);
  } finally {
    process.off('warning', onWarning);
    await pool.close();
  }
  assert.is(getEventListeners(controller.signal, 'abort').length, 0);
});

test('--out is written through a temporary file: an abort mid-write leaves the old file and no temporary file', async () => {
  await withTmp(async (dir) => {
    const out = path.join(dir, 'result.json');
    fs.writeFileSync(out, 'previous run');
    const controller = new AbortController();
    const writing = writeAtomically(out, 'x'.repeat(32 * 1024 * 1024), controller.signal);
    controller.abort(new Error('interrupted'));
    const failure = await writing.then(
      () => undefined,
      (err: unknown) => err,
    );
    assert.ok(failure !== undefined, 'the write must fail once aborted');
    assert.equal(fs.readdirSync(dir), ['result.json']);
    assert.is(fs.readFileSync(out, 'utf8'), 'previous run');

    await writeAtomically(out, 'new run');
    assert.equal(fs.readdirSync(dir), ['result.json']);
    assert.is(fs.readFileSync(out, 'utf8'), 'new run');
  });
});

test.run();
