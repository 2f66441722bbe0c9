/**
 * CLI flags about the run rather than the analysis: --version, --quiet, and
 * --workers beyond the cores (a warning, and threads that start only when
 * work waits for them).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { newsArchive } from '../bench/corpus.js';
import { collectFeatures } from '../src/features/collect.js';
import { resolveOptions } from '../src/options.js';
import { WorkerPool } from '../src/pool/pool.js';
import { runCli } from './fixtures/cli.js';
import { CORPUS, repoRoot } from './fixtures/paths.js';
import { withTmp } from './fixtures/tmp.js';

const version = (JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { version: string }).version;

test('--version and -V print the version in package.json, and nothing else', async () => {
  for (const flag of ['--version', '-V']) {
    const run = await runCli([flag]);
    assert.is(run.code, 0, run.stderr);
    assert.is(run.stdout, `${version}\n`);
    assert.is(run.stderr, '');
  }
});

test('--quiet: the same data, nothing on stderr when all goes well; errors still on stderr', async () => {
  const loud = await runCli(['cluster', CORPUS, '-f', 'json', '--workers', '1']);
  const quiet = await runCli(['cluster', CORPUS, '-f', 'json', '--workers', '1', '--quiet']);
  assert.is(quiet.code, 0);
  assert.is(quiet.stdout, loud.stdout);
  assert.match(loud.stderr, /5 inputs = 5 documents/);
  assert.is(quiet.stderr, '');
  await withTmp(async (dir) => {
    writeFileSync(join(dir, 'story.txt'), 'Ministers met in Cairo on Tuesday to talk about trade.');
    writeFileSync(join(dir, 'picture.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]));
    const run = await runCli(['cluster', dir, '-q', '--workers', '1', '-f', 'json']);
    assert.is(run.code, 1);
    assert.match(run.stderr, /^storyline: picture\.txt: binary: .*\n$/);
  });
  const usage = await runCli(['cluster', '-q', '--workers', '1', join(CORPUS, 'no-such-folder')]);
  assert.is(usage.code, 2);
  assert.match(usage.stderr, /^storyline: corpus path .* does not exist/);
});

test('--workers above the core count: one warning line; the output is the same as with 1 worker', async () => {
  const cores = availableParallelism();
  const many = await runCli(['cluster', CORPUS, '-f', 'json', '--workers', String(cores + 3)]);
  const one = await runCli(['cluster', CORPUS, '-f', 'json', '--workers', '1']);
  assert.is(many.code, 0);
  assert.is(many.stdout, one.stdout);
  const warnings = many.stderr.split('\n').filter((line) => line.includes('warning'));
  assert.equal(warnings, [`storyline: warning: --workers ${cores + 3} is more than the ${cores} cores here; threads beyond ${cores} start only when work waits for them`]);
  assert.not.match(one.stderr, /warning/);
});

test('a pool larger than the cores starts threads only as tasks wait for them', async () => {
  const cores = availableParallelism();
  const workers = cores + 4;
  const pool = new WorkerPool(workers);
  try {
    assert.ok(pool.threadsStarted <= cores, `${pool.threadsStarted} threads before any work`);
    // 64 documents in batches of 4: 16 tasks, more than the cores, so more threads start.
    const { docs } = await collectFeatures(newsArchive(64, 3), resolveOptions({ workers, batchSize: 4 }), pool);
    assert.is(docs.length, 64);
    assert.ok(pool.threadsStarted > cores && pool.threadsStarted <= workers, `${pool.threadsStarted} threads after 16 tasks`);
  } finally {
    await pool.close();
  }
});

test.run();
