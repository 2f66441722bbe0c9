/**
 * The benchmark's command line: help, and flags it does not know, refused
 * with the usage before any archive is generated (no stack trace).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { repoRoot } from './fixtures/paths.js';

const RUN = join(repoRoot(), 'dist', 'bench', 'run.js');

function bench(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [RUN, ...args], { timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? -1) : 0, stdout, stderr });
    });
  });
}

test('bench --help and -h print the usage on stdout and exit 0, running nothing', async () => {
  for (const flag of ['--help', '-h']) {
    const run = await bench([flag]);
    assert.is(run.code, 0, run.stderr);
    assert.match(run.stdout, /^usage: npm run bench -- /);
    assert.match(run.stdout, /kernels, baselines, shapes, single-event, huge-page, many-files, dedup, html/);
    assert.is(run.stderr, '');
  }
});

test('bench refuses an unknown flag, a value-less flag and an unknown --skip part with exit 2 and the usage, no stack trace', async () => {
  for (const args of [['--bogus'], ['--docs'], ['--skip', 'kernels,kernel']]) {
    const run = await bench(args);
    assert.is(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.is(run.stdout, '', args.join(' '));
    assert.match(run.stderr, /^bench: /, args.join(' '));
    assert.not.match(run.stderr, /\n\s+at /, `${args.join(' ')} printed a stack trace`);
  }
  assert.match((await bench(['--skip', 'kernels,kernel'])).stderr, /got "kernel"/);
  assert.match((await bench(['--bogus'])).stderr, /--bogus[\s\S]*usage: /);
});

test.run();
