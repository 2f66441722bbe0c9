#!/usr/bin/env node
// `npm run mutate [-- FOLDER ...]`: StrykerJS on the core folders, one at a
// time (default: all of them), each with its own incremental file in
// reports/mutation/ (kept in git, so a re-run tests only changed code).
// Ends with the mutation score per folder, from those files.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { FOLDER_TESTS } from '../stryker.config.mjs';

const folders = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const extra = process.argv.slice(2).filter((a) => a.startsWith('-')); // e.g. --force: every mutant again
const chosen = folders.length > 0 ? folders : Object.keys(FOLDER_TESTS);
for (const f of chosen) if (!(f in FOLDER_TESTS)) throw new Error(`no core folder "${f}"; one of ${Object.keys(FOLDER_TESTS).join(', ')}`);

const REASON_CHARS = 300;
/** A line of uvu's progress: dots, crosses and a count such as "(5 / 5)", or nothing. */
const PROGRESS_LINE = /^[\s•✘]*(\(\d+ \/ \d+\))?\s*$/;
const started = Date.now();
for (const folder of chosen) {
  const run = spawnSync('npx', ['stryker', 'run', ...extra], { stdio: 'inherit', env: { ...process.env, STORYLINE_MUTATE_FOLDER: folder } });
  if (run.status !== 0) process.exitCode = run.status ?? 1;
}
// Every folder's file, not only those run: a file written before a trimming rule changed gets it too.
for (const folder of Object.keys(FOLDER_TESTS)) trimReasons(`reports/mutation/${folder}.incremental.json`);

/**
 * The incremental file keeps each killed mutant's whole test output as its
 * `statusReason` (megabytes per folder, in git); incremental runs read only
 * the statuses, so the reason keeps its words (file names, the failing
 * test), not uvu's progress dots, cut to its first characters.
 */
function trimReasons(file) {
  if (!existsSync(file)) return;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  for (const f of Object.values(report.files)) {
    for (const m of f.mutants) {
      if (typeof m.statusReason !== 'string') continue;
      const words = m.statusReason
        .split('\n')
        .filter((line) => !PROGRESS_LINE.test(line))
        .join('\n');
      m.statusReason = words.length > REASON_CHARS ? `${words.slice(0, REASON_CHARS)}…` : words;
    }
  }
  writeFileSync(file, JSON.stringify(report));
}

/** Killed (or timed out) of all mutants that ran, from a Stryker JSON report. */
function score(file) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const count = {};
  for (const f of Object.values(report.files)) for (const m of f.mutants) count[m.status] = (count[m.status] ?? 0) + 1;
  const detected = (count.Killed ?? 0) + (count.Timeout ?? 0);
  const undetected = (count.Survived ?? 0) + (count.NoCoverage ?? 0);
  return { detected, undetected, score: detected + undetected === 0 ? NaN : (100 * detected) / (detected + undetected), count };
}

console.log(`\nmutation score per folder (${((Date.now() - started) / 60000).toFixed(1)} min)`);
for (const folder of Object.keys(FOLDER_TESTS)) {
  const file = `reports/mutation/${folder}.incremental.json`;
  if (!existsSync(file)) {
    console.log(`${folder.padEnd(10)} not run yet`);
    continue;
  }
  const s = score(file);
  const others = Object.entries(s.count).filter(([k]) => !['Killed', 'Timeout', 'Survived', 'NoCoverage'].includes(k)).map(([k, v]) => `${v} ${k}`);
  console.log(`${folder.padEnd(10)} ${s.score.toFixed(1).padStart(5)}%  killed ${s.detected}, survived ${s.undetected}${others.length ? `, ${others.join(', ')}` : ''}`);
}
