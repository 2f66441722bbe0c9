#!/usr/bin/env node
// Runs the compiled uvu suites in dist/test and ends with one plain line,
// "N passed, N failed", which uvu's own summary does not give.
//
// Test files run in as many processes at once as there are cores (at most
// STORYLINE_TEST_JOBS), one file a process, the longest first; each file's
// output is printed whole when it ends, so files never interleave.
// `node scripts/test.mjs PATTERN` runs only the files matching PATTERN.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** Files known to take seconds, started first so that the end of the run is not one long file alone. */
const LONG = ['report-browser', 'explain', 'bench-truth', 'format-large', 'determinism', 'faults', 'dedup', 'bad-input', 'cli-output', 'report-formats', 'graph-linkage-large', 'ingest-large', 'tiling-scale', 'hostile-strings', 'output', 'pipeline', 'cli-flags'];

const pattern = new RegExp(process.argv[2] ?? '\\.test\\.js$');
const files = readdirSync('dist/test')
  .filter((f) => f.endsWith('.test.js') && pattern.test(f))
  .sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1));
const jobs = Math.max(1, Math.min(Number(process.env.STORYLINE_TEST_JOBS ?? availableParallelism()), files.length));

function rank(file) {
  const k = LONG.indexOf(file.replace(/\.test\.js$/, ''));
  return k < 0 ? LONG.length : k;
}

/** One file in its own uvu process: its output, and its counts from uvu's summary. */
function runFile(file) {
  return new Promise((resolve) => {
    const name = file.replace(/\./g, '\\.');
    const child = spawn(process.execPath, ['node_modules/uvu/bin.js', 'dist/test', `^${name}$`, '-c', 'false'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('close', (code) => {
      const plain = out.replace(/\x1b\[[0-9;]*m/g, '');
      const total = Number(/Total:\s+(\d+)/.exec(plain)?.[1] ?? NaN);
      const passed = Number(/Passed:\s+(\d+)/.exec(plain)?.[1] ?? NaN);
      const skipped = Number(/Skipped:\s+(\d+)/.exec(plain)?.[1] ?? 0);
      resolve({ file, out, err, code, total, passed, skipped });
    });
  });
}

const results = [];
let next = 0;
async function worker() {
  while (next < files.length) {
    const result = await runFile(files[next++]);
    process.stdout.write(result.out);
    process.stderr.write(result.err);
    results.push(result);
  }
}
await Promise.all(Array.from({ length: jobs }, worker));

let passed = 0;
let failed = 0;
let skipped = 0;
// A test registered after the file's last test.run() never runs when the file runs alone (as here), and passes silently.
for (const file of files) {
  const lines = readFileSync(`dist/test/${file}`, 'utf8').split('\n');
  const run = lines.findLastIndex((line) => /^test\.run\(\);?\s*$/.test(line));
  const late = lines.findIndex((line, i) => i > run && /^test(\.(skip|only))?\(/.test(line));
  if (run >= 0 && late >= 0) {
    console.log(`${file}: a test is registered after test.run() (line ${late + 1}) and never runs`);
    failed++;
  }
}
for (const r of results) {
  if (Number.isNaN(r.total) || Number.isNaN(r.passed)) {
    // uvu printed no summary (a crash before or between tests): the file counts as one failure.
    console.log(`${r.file}: uvu printed no summary; exit code ${r.code}`);
    failed++;
    continue;
  }
  passed += r.passed;
  // uvu's Total leaves skipped tests out already.
  failed += r.total - r.passed;
  skipped += r.skipped;
  if (r.code !== 0 && r.total === r.passed) {
    console.log(`${r.file}: exit code ${r.code} with every test passed`);
    failed++;
  }
}
if (skipped > 0) console.log(`${skipped} skipped (each skip prints its reason on stderr)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
