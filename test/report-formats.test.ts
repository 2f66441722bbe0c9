/**
 * What a person reads: the input's title, date, url and source passed
 * through every format, snippets read back from the source, and CSV read by
 * a strict parser (Python's csv module, strict mode) field for field against
 * the JSON of the same run.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { analyze } from '../src/analyze.js';
import { CSV_COLUMNS } from '../src/report/csv.js';
import type { Result } from '../src/types.js';
import { runCli } from './fixtures/cli.js';
import { seedText } from './fixtures/bad-inputs.js';
import { withTmp } from './fixtures/tmp.js';

/** Four reports with metadata: two copies of one article (one dated, with a url), a bundle of two seeds, and a hostile title. */
function metadataCorpus(dir: string): string {
  const file = path.join(dir, 'news.jsonl');
  const lines = [
    { id: 'wire', text: seedText(0), title: 'Egypt passes a message', date: '2023-01-31T10:00:00Z', url: 'https://example.com/wire', source: 'Wire, Inc.' },
    { id: 'reprint', text: seedText(0).replace('Tuesday', 'Wednesday'), title: '=HYPERLINK("http://evil")', source: 'Quote "Daily"' },
    { id: 'bundle', text: `${seedText(2)}\n\n${seedText(3)}`, title: 'Two stories\non one page', date: '3 Feb 2023', url: 'javascript:alert(1)' },
    { id: 'plain', text: seedText(4) },
  ];
  fs.writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return file;
}

test('title, date, url and source pass through to documents in json, jsonl, csv and the table; the date as the day read', async () => {
  await withTmp(async (dir) => {
    const corpus = metadataCorpus(dir);
    const run = await runCli(['cluster', corpus, '-f', 'json', '--workers', '1']);
    assert.is(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout) as Result;
    const byId = new Map(result.documents.map((d) => [d.id, d]));
    assert.equal(
      ['wire', 'reprint', 'bundle', 'plain'].map((id) => {
        const d = byId.get(id)!;
        return [d.title, d.date, d.url, d.source];
      }),
      [
        ['Egypt passes a message', '2023-01-31', 'https://example.com/wire', 'Wire, Inc.'],
        ['=HYPERLINK("http://evil")', undefined, undefined, 'Quote "Daily"'],
        ['Two stories\non one page', '2023-02-03', 'javascript:alert(1)', undefined],
        [undefined, undefined, undefined, undefined],
      ],
    );
    const jsonl = await runCli(['cluster', corpus, '-f', 'jsonl', '--workers', '1']);
    const docs = jsonl.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; id: string; title?: string }).filter((r) => r.type === 'document');
    assert.equal(docs.find((d) => d.id === 'wire')!.title, 'Egypt passes a message');

    const table = await runCli(['cluster', corpus, '--workers', '1']);
    assert.ok(table.stdout.includes('wire#0  Egypt passes a message · Wire, Inc. · 2023-01-31'), table.stdout);
    // A title with a line break is escaped on a terminal's table, never raw.
    assert.ok(table.stdout.includes('Two stories\\x0aon one page'), table.stdout);
  });
});

test('csv: a strict RFC 4180 parser reads one row per segment, every field equal to the json of the same run', async () => {
  await withTmp(async (dir) => {
    const corpus = metadataCorpus(dir);
    const json = JSON.parse((await runCli(['cluster', corpus, '-f', 'json', '--snippets', '--workers', '1'])).stdout) as Result;
    const csvFile = path.join(dir, 'out.csv');
    const run = await runCli(['cluster', corpus, '-f', 'csv', '--snippets', '--workers', '1', '-o', csvFile]);
    assert.is(run.code, 0, run.stderr);
    const raw = fs.readFileSync(csvFile, 'utf8');
    assert.ok(raw.endsWith('\r\n') && !/[^\r]\n/.test(raw.replace(/"(?:[^"]|"")*"/g, '')), 'every record ends in CRLF');
    const parsed = spawnSync('python3', ['-c', 'import csv, json, sys\nprint(json.dumps(list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8"), strict=True))))', csvFile], { encoding: 'utf8' });
    assert.is(parsed.status, 0, parsed.stderr);
    const rows = JSON.parse(parsed.stdout) as string[][];
    assert.equal(rows[0], [...CSV_COLUMNS]);
    const expected: string[][] = [];
    const eventOf = new Map(json.events.map((e) => [e.id, e]));
    const unformula = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
    for (const d of json.documents) {
      d.segments.forEach((s, i) => {
        const e = s.event === null ? undefined : eventOf.get(s.event);
        expected.push([d.id, unformula(d.title ?? ''), d.source ?? '', d.url ?? '', d.date ?? '', String(d.bundle), d.nearDuplicateOf ?? '', String(i), String(s.start), String(s.end), s.kind, s.event ?? '', e?.label ?? '', e ? String(e.members.length) : '', s.snippet ?? '']);
      });
    }
    assert.equal(rows.slice(1), expected);
    assert.ok(json.documents.some((d) => d.nearDuplicateOf !== null), 'the reprint is a copy');
    assert.ok(json.documents.some((d) => d.bundle), 'the bundle is one');
  });
});

test('snippets: each segment starts with its own words (API, from a folder, an array and a one-shot iterable)', async () => {
  const texts = [`${seedText(2)}\n\n${seedText(3)}`, seedText(0), seedText(4)];
  const check = (result: Result) => {
    for (const d of result.documents) {
      const text = texts[Number(d.id.slice(1))];
      for (const s of d.segments) {
        const words = text.slice(s.start, s.end).trim().split(/\s+/).slice(0, 3).join(' ');
        assert.ok(s.snippet !== undefined && s.snippet.startsWith(words), `${d.id}: ${s.snippet} / ${words}`);
      }
    }
  };
  const docs = texts.map((text, i) => ({ id: `t${i}`, text }));
  check(await analyze(docs, { workers: 1, snippets: true }));
  async function* once() {
    for (const d of docs) yield { ...d };
  }
  check(await analyze(once(), { workers: 1, snippets: true }));
  await withTmp(async (dir) => {
    for (const d of docs) fs.writeFileSync(path.join(dir, `${d.id}.txt`), d.text);
    check(await analyze(dir, { workers: 1, snippets: true }));
  });
  const none = await analyze(docs, { workers: 1 });
  assert.ok(none.documents.every((d) => d.segments.every((s) => s.snippet === undefined)));
});

test('table from standard input: no second read, so no snippets unless asked; --snippets keeps the lines and gives them', async () => {
  await withTmp(async (dir) => {
    const corpus = metadataCorpus(dir);
    const input = fs.readFileSync(corpus);
    const plain = await runCli(['cluster', '-', '--workers', '1'], input);
    assert.is(plain.code, 0, plain.stderr);
    assert.ok(plain.stdout.includes('\n    · plain#0\n'), plain.stdout);
    const asked = await runCli(['cluster', '-', '--workers', '1', '--snippets'], input);
    assert.ok(asked.stdout.includes(`\n    · plain#0  ${seedText(4).trim().split(/\s+/).slice(0, 4).join(' ')}`), asked.stdout);
  });
});

test.run();
