#!/usr/bin/env node
// After c8 (`npm run coverage`): line and branch coverage per src/ folder,
// as a Markdown table, from coverage/coverage-summary.json.
import { readFileSync } from 'node:fs';
import { relative, sep } from 'node:path';

const summary = JSON.parse(readFileSync('coverage/coverage-summary.json', 'utf8'));
const folders = new Map();
for (const [file, s] of Object.entries(summary)) {
  if (file === 'total') continue;
  const parts = relative(process.cwd(), file).split(sep);
  const folder = parts[0] === 'src' && parts.length > 2 ? `src/${parts[1]}` : parts.slice(0, -1).join('/') || '.';
  const f = folders.get(folder) ?? { lines: [0, 0], branches: [0, 0] };
  f.lines[0] += s.lines.covered;
  f.lines[1] += s.lines.total;
  f.branches[0] += s.branches.covered;
  f.branches[1] += s.branches.total;
  folders.set(folder, f);
}
const pct = ([covered, total]) => (total === 0 ? '-' : `${((100 * covered) / total).toFixed(1)}% (${covered}/${total})`);
console.log('\n| folder | lines | branches |\n| --- | --- | --- |');
for (const [folder, f] of [...folders].sort()) console.log(`| ${folder} | ${pct(f.lines)} | ${pct(f.branches)} |`);
const t = summary.total;
console.log(`| all | ${pct([t.lines.covered, t.lines.total])} | ${pct([t.branches.covered, t.branches.total])} |`);
