#!/usr/bin/env node
// Runs the compiled uvu suites in dist/test and ends with one plain line,
// "N passed, N failed", which uvu's own summary does not give.
import { spawn } from 'node:child_process';

const args = ['node_modules/uvu/bin.js', 'dist/test', '\\.test\\.js$', '-c', 'false', ...process.argv.slice(2)];
const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
let out = '';
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  out += chunk;
});
child.on('close', (code) => {
  const plain = out.replace(/\x1b\[[0-9;]*m/g, '');
  const total = Number(/Total:\s+(\d+)/.exec(plain)?.[1] ?? NaN);
  const passed = Number(/Passed:\s+(\d+)/.exec(plain)?.[1] ?? NaN);
  const skipped = Number(/Skipped:\s+(\d+)/.exec(plain)?.[1] ?? 0);
  if (Number.isNaN(total) || Number.isNaN(passed)) {
    console.log(`0 passed, 1 failed (uvu printed no summary; exit code ${code})`);
    process.exit(code || 1);
  }
  // uvu's Total leaves skipped tests out already.
  const failed = total - passed;
  if (skipped > 0) console.log(`${skipped} skipped (each skip prints its reason on stderr)`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(code !== 0 ? code : failed > 0 ? 1 : 0);
});
