/**
 * The CLI's progress line: its figures as pure functions, and one run in a
 * pseudo-terminal (util-linux `script`), where stderr is a TTY.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatDuration, progressLine, remainingMs, stageFraction, type LineState } from '../src/cli/progress.js';
import type { Progress } from '../src/options.js';
import { CLI, runCli } from './fixtures/cli.js';
import { CORPUS } from './fixtures/paths.js';
import { withTmp } from './fixtures/tmp.js';

const features = (p: Partial<Progress>): Progress => ({ phase: 'features', done: 0, bytes: 0, ...p });

test('formatDuration: m:ss below an hour, h:mm:ss above, rounded to the second', () => {
  assert.is(formatDuration(0), '0:00');
  assert.is(formatDuration(7_499), '0:07');
  assert.is(formatDuration(59_600), '1:00');
  assert.is(formatDuration(754_000), '12:34');
  assert.is(formatDuration(3_723_000), '1:02:03');
  assert.is(formatDuration(-5), '0:00');
});

test('remainingMs: the pace so far carried to the end; nothing before 2% and 1 s', () => {
  assert.is(remainingMs(0.25, 10_000), 30_000);
  assert.is(remainingMs(0.5, 4_000), 4_000);
  assert.is(remainingMs(1, 4_000), 0);
  assert.is(remainingMs(0.01, 60_000), undefined);
  assert.is(remainingMs(0.5, 900), undefined);
  assert.is(remainingMs(undefined, 60_000), undefined);
});

test('stageFraction: JSONL by bytes, a folder by files once counted, later stages by done/total', () => {
  assert.is(stageFraction(features({ inputBytes: 250 }), { bytes: 1000, final: true }), 0.25);
  assert.is(stageFraction(features({ inputs: 3 }), { files: 12, final: true }), 0.25);
  // a count still being taken is behind the run: no fraction from it
  assert.is(stageFraction(features({ inputs: 3 }), { files: 4, final: false }), undefined);
  assert.is(stageFraction(features({ inputs: 3 }), {}), undefined);
  // a file that grew while read never shows more than 100%
  assert.is(stageFraction(features({ inputBytes: 1500 }), { bytes: 1000, final: true }), 1);
  assert.is(stageFraction({ phase: 'segments', done: 0, total: 2000, bytes: 0 }, {}), undefined);
  assert.is(stageFraction({ phase: 'events', done: 500, total: 2000, bytes: 0 }, {}), 0.25);
});

test('progressLine: stage k/5, bar, percent, done/total, elapsed, ETA; no control characters; never wider than the terminal', () => {
  const jsonl: LineState = { progress: features({ done: 1234, inputs: 1234, inputBytes: 1e6 }), size: { bytes: 2e6, final: true }, elapsedMs: 10_000, stageElapsedMs: 10_000 };
  const line = progressLine(jsonl, 200);
  assert.match(line, /^storyline 1\/5 features [█░]{20}  50% · 1,234 docs · 1\.0\/2\.0 MB · 0:10 elapsed · ETA 0:10$/);
  const folder: LineState = { progress: features({ done: 30, inputs: 31 }), size: { files: 124, final: true }, elapsedMs: 2_000, stageElapsedMs: 2_000 };
  assert.match(progressLine(folder, 200), / 25% · 30 docs · 31\/124 files · 0:02 elapsed · ETA 0:06$/);
  assert.match(progressLine({ ...folder, size: { files: 100, final: false } }, 200), /^storyline 1\/5 features · 30 docs · 31\/100\+ files · 0:02 elapsed$/);
  const segments: LineState = { progress: { phase: 'segments', done: 0, total: 2000, bytes: 0 }, size: {}, elapsedMs: 75_000, stageElapsedMs: 3_000 };
  assert.is(progressLine(segments, 200), 'storyline 3/5 segments · 2,000 docs · 1:15 elapsed · stage 0:03');
  assert.is(progressLine({ ...segments, progress: { ...segments.progress, phase: 'near-duplicates' } }, 200).slice(0, 31), 'storyline 2/5 near-duplicates ·');
  for (const columns of [20, 40, 80]) {
    const cut = progressLine(jsonl, columns);
    assert.is([...cut].length, columns - 1);
    assert.not.match(cut, /[\u0000-\u001f\u007f]/);
  }
});

const script = ['/usr/bin/script', '/bin/script'].find((p) => existsSync(p));

test('in a terminal, the features stage counts a folder\'s files and every stage is shown; the data is unchanged', async () => {
  if (script === undefined) {
    console.log('  (skipped: no util-linux script for a pseudo-terminal)');
    return;
  }
  await withTmp(async (dir) => {
    const out = join(dir, 'out.json');
    const command = `stty cols 150; exec ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} cluster ${JSON.stringify(CORPUS)} -f json --workers 1 -o ${JSON.stringify(out)}`;
    const { stdout: screen } = await promisify(execFile)(script, ['-qec', command, '/dev/null'], { encoding: 'utf8' });
    const lines = screen.split(/\r|\n/).map((l) => l.replace(/\x1b\[2K/g, '')).filter((l) => l.startsWith('storyline '));
    assert.ok(lines.some((l) => /^storyline 1\/5 features [█░]{20} 100% · 5 docs · 5\/5 files · /.test(l)), lines.join('\n'));
    for (const stage of ['2/5 near-duplicates', '3/5 segments', '4/5 events', '5/5 report']) {
      assert.ok(lines.some((l) => l.startsWith(`storyline ${stage} · 5 docs · `)), stage);
    }
    assert.match(screen, /storyline: 5 inputs = 5 documents \+ 0 errors/);
    const piped = await runCli(['cluster', CORPUS, '-f', 'json', '--workers', '1']);
    assert.is(readFileSync(out, 'utf8'), piped.stdout);
    assert.not.match(piped.stderr, /1\/5 features/, 'no progress when stderr is not a terminal');
  });
});

test.run();
