/**
 * `--options` on cluster, dedup and explain: the API's options as JSON,
 * checked as the API checks them, with a flag given on the command line
 * winning over the same setting in the JSON.
 */
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Result } from '../src/types.js';
import { runCli } from './fixtures/cli.js';
import { CORPUS } from './fixtures/paths.js';
import { withTmp, write } from './fixtures/tmp.js';

const json = (args: string[]) => runCli(['cluster', CORPUS, '-f', 'json', '-q', '-w', '1', ...args]);

test('cluster --options: a setting in the JSON acts as its flag would; a flag given beside it wins', async () => {
  const [byDefault, byJson, byFlag, flagWins] = await Promise.all([
    json([]),
    json(['--options', '{"eventThreshold":0.5}']),
    json(['-e', '0.5']),
    json(['-e', '0.875', '--options', '{"eventThreshold":0.5}']),
  ]);
  for (const run of [byDefault, byJson, byFlag, flagWins]) assert.is(run.code, 0, run.stderr);
  // The sample corpus has more events at the tighter cut: the setting is not ignored.
  const events = (run: { stdout: string }) => (JSON.parse(run.stdout) as Result).events.length;
  assert.ok(events(byFlag) > events(byDefault), `${events(byFlag)} events at 0.5, ${events(byDefault)} at 0.875`);
  assert.is(byJson.stdout, byFlag.stdout);
  assert.is(flagWins.stdout, byDefault.stdout);
  // The HTML report's settings say what was used.
  const html = await runCli(['cluster', CORPUS, '-q', '-w', '1', '-f', 'html', '--max-days-apart', '9', '--options', '{"eventThreshold":0.5,"threshold":0.7,"events":{"maxDaysApart":3}}']);
  assert.is(html.code, 0, html.stderr);
  assert.match(html.stdout, '"settings":{"near-duplicate threshold":0.7,"event threshold":0.5,"max days apart":9,"shingle size":3}');
});

test('cluster --options: settings no flag has (maxBytes) and nested ones (fields) reach the analysis', async () => {
  await withTmp(async (dir) => {
    const text = 'Ministers met in Cairo on Tuesday to talk about trade and the price of grain. '.repeat(30);
    write(dir, 'long.txt', text);
    const run = await runCli(['cluster', dir, '-f', 'json', '-q', '-w', '1', '--options', '{"maxBytes":1000}']);
    assert.is(run.code, 0, run.stderr);
    const [doc] = (JSON.parse(run.stdout) as Result).documents;
    assert.equal(doc.warnings.map((w) => w.code), ['truncated']);
    assert.is(doc.warnings[0].message, `file is ${Buffer.byteLength(text)} bytes; only the first 1000 were read (cut at byte 1000)`);

    const lines = [
      { uid: 'first-uid', key: 'first-key', text: 'Flooding closed the port of Rotterdam on Monday, officials said.' },
      { uid: 'second-uid', key: 'second-key', text: 'A new vaccine trial began in Nairobi with 400 volunteers, the ministry said.' },
    ];
    const file = write(dir, 'in.jsonl', lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const ids = async (args: string[]) => {
      const out = await runCli(['cluster', file, '-f', 'json', '-q', '-w', '1', ...args]);
      assert.is(out.code, 0, out.stderr);
      return (JSON.parse(out.stdout) as Result).documents.map((d) => d.id).sort();
    };
    const [byJson, flagWins] = await Promise.all([ids(['--options', '{"fields":{"id":"uid"}}']), ids(['--id-field', 'key', '--options', '{"fields":{"id":"uid"}}'])]);
    assert.equal(byJson, ['first-uid', 'second-uid']);
    assert.equal(flagWins, ['first-key', 'second-key']);
  });
});

test('dedup --options: dedup\'s own settings (keep) as its flags; analysis settings it does not read are usage errors', async () => {
  await withTmp(async (dir) => {
    const story = 'The central bank raised its main interest rate by half a point on Thursday, citing inflation that has stayed above target for a year. ';
    const lines = [
      { id: 'a-short', date: '2024-01-01', text: story.repeat(6) },
      { id: 'b-long', date: '2024-01-02', text: story.repeat(6) + 'Markets fell after the decision, and the currency rose against the dollar. '.repeat(2) },
    ];
    const file = write(dir, 'in.jsonl', lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const kept = async (args: string[]) => {
      const run = await runCli(['dedup', file, '-q', '-w', '1', ...args]);
      assert.is(run.code, 0, run.stderr);
      return run.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id);
    };
    // Earliest keeps the first dated copy, longest the longer one.
    const runs = await Promise.all([[], ['--keep', 'longest'], ['--options', '{"keep":"longest"}'], ['--keep', 'earliest', '--options', '{"keep":"longest"}']].map(kept));
    assert.equal(runs, [['a-short'], ['b-long'], ['b-long'], ['a-short']]);
    const bad = await runCli(['dedup', file, '-q', '--options', '{"events":{"maxBlock":10}}']);
    assert.is(bad.code, 2);
    assert.match(bad.stderr, /^storyline: --options: options\.events is not an option storyline reads \(options has threshold, /);
  });
});

test('explain --options: explains the corpus analysed with them, as the flag would', async () => {
  const args = ['explain', CORPUS, '000_b6376d430f013651', '004_f3831a4db338db0a', '-q', '-w', '1', '-f', 'json'];
  const [byJson, byFlag, byDefault] = await Promise.all([runCli([...args, '--options', '{"eventThreshold":0.5}']), runCli([...args, '-e', '0.5']), runCli(args)]);
  for (const run of [byJson, byFlag, byDefault]) assert.is(run.code, 0, run.stderr);
  assert.is(byJson.stdout, byFlag.stdout);
  assert.is.not(byJson.stdout, byDefault.stdout);
});

test('--options refused: not JSON, not an object, a misspelt name, a bad value, and what only the API can pass', async () => {
  const cases = [
    ['{"eventThreshold":', /^storyline: --options must be a JSON object: /],
    ['[0.5]', /^storyline: --options must be a JSON object, such as /],
    ['{"evenThreshold":0.5}', /^storyline: --options: options\.evenThreshold is not an option storyline reads \(options has snippets, threshold, eventThreshold, /],
    ['{"threshold":2}', /^storyline: --options: .*threshold/],
    ['{"faultOn":{"text":"x","mode":"exit"}}', /^storyline: --options: faultOn is not an option the command line takes/],
    ['{"onProgress":1}', /^storyline: --options: onProgress is not an option the command line takes/],
  ] as const;
  const runs = await Promise.all(cases.map(([options]) => runCli(['cluster', CORPUS, '-q', '--options', options])));
  runs.forEach((run, k) => {
    const [options, message] = cases[k];
    assert.is(run.code, 2, `${options}: ${run.stderr}`);
    assert.match(run.stderr, message);
    assert.is(run.stderr.split('\n').length, 2, run.stderr);
    assert.is(run.stdout, '');
  });
  // A test hook is never advertised as an option.
  const misspelt = await runCli(['dedup', CORPUS, '-q', '--options', '{"kep":"first"}']);
  assert.is(misspelt.code, 2);
  assert.not.match(misspelt.stderr, /faultOn/);
});

test.run();
