// The 1 MB line test, apart from structure.test.ts: it is timed, and
// structure.test.ts runs once per mutant in `npm run mutate -- normalize`,
// where a loaded machine made the timing fail the dry run.
import { test } from 'uvu';
import * as assert from 'uvu/assert';

import { splitUnits } from '../src/normalize/structure.js';
import { mulberry32 } from './fixtures/random.js';

test('a 1 MB line without punctuation is cut into units of about 2,000 characters, in linear time', () => {
  const rand = mulberry32(3);
  const parts: string[] = [];
  let length = 0;
  while (length < 1_000_000) {
    const w = 'abcdefghij'.slice(0, 2 + Math.floor(rand() * 8));
    parts.push(w);
    length += w.length + 1;
  }
  const text = parts.join(' ');
  splitUnits(text.slice(0, 10_000)); // warm up the JIT
  const t0 = performance.now();
  const { units } = splitUnits(text);
  const ms = performance.now() - t0;
  // MAX_UNIT_CHARS = 2000, cut at the first space after it: a unit is at most 2000 + one word (≤ 10 chars).
  const longest = Math.max(...units.map((u) => u.end - u.start));
  assert.ok(longest <= 2_011, `longest unit ${longest}`);
  assert.ok(units.length >= 1_000_000 / 2_011, `units ${units.length}`);
  // in order, trimmed, and tiling the line: only the separating spaces are outside them
  units.forEach((u, i) => {
    assert.ok(text[u.start] !== ' ' && text[u.end - 1] !== ' ' && (i === 0 || u.start > units[i - 1].end), `unit ${i}`);
  });
  let inUnits = 0;
  for (const u of units) inUnits += u.end - u.start;
  assert.is(inUnits, text.length - (units.length - 1));
  // Measured ~100 ms; quadratic behaviour (re-scanning the growing sentence) would take minutes.
  assert.ok(ms < 1000, `took ${ms.toFixed(0)} ms`);
});

test.run();
