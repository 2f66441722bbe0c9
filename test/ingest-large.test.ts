// The timed HTML test, apart from ingest.test.ts: ingest.test.ts runs once
// per mutant in `npm run mutate -- ingest`, where instrumented code on a
// loaded machine took 3.4 s for one input and failed Stryker's dry run.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { htmlToText } from '../src/ingest/index.js';

test('html: linear time on pathological markup', () => {
  const n = 200_000;
  const inputs = [
    '<script>' + '</scrip'.repeat(n),
    '<title>' + '</titl'.repeat(n),
    '<a '.repeat(n),
    '<p x="'.repeat(n),
    '<!'.repeat(n),
    '&amp'.repeat(n),
    '<b>x</b> '.repeat(n),
  ];
  for (const html of inputs) {
    const started = process.hrtime.bigint();
    htmlToText(html);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assert.ok(ms < 2000, `${html.slice(0, 12)}… took ${ms} ms`);
  }
});

test.run();
