/**
 * Bad input through the API and the CLI: every case of the generated bad
 * corpus becomes the document (with warnings) or the error it should, the
 * run never fails, and the accounting holds. Exit codes: 0 with warnings
 * only, 1 when `errors` is not empty, 2 for usage errors.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { analyze, formatResult, ingest, type Result } from '../src/index.js';
import { checkAccounting } from './fixtures/accounting.js';
import { BOILERPLATE_ONLY, outcomeFailures, seedText, writeBadFolder, writeBadJsonl, type Case } from './fixtures/bad-inputs.js';
import { runCli, type CliRun } from './fixtures/cli.js';
import { CORPUS } from './fixtures/paths.js';
import { testIfChmodBlocksReads, withTmp, write } from './fixtures/tmp.js';

const HUGE_LINE_BYTES = 100 * 1024 * 1024;

let root = '';
let folder = '';
let folderCases: Case[] = [];
let jsonl = '';
let jsonlCases: Case[] = [];

test.before(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'storyline-bad-'));
  folder = path.join(root, 'folder');
  fs.mkdirSync(folder);
  folderCases = writeBadFolder(folder);
  jsonl = path.join(root, 'bad.jsonl');
  jsonlCases = writeBadJsonl(jsonl, HUGE_LINE_BYTES);
});

test.after(() => {
  const locked = path.join(folder, 'locked.txt');
  if (fs.existsSync(locked)) fs.chmodSync(locked, 0o644);
  fs.rmSync(root, { recursive: true, force: true });
});

/**
 * The CLI's stderr: one `storyline: SOURCE: CODE: …` line per error, the
 * line naming what was skipped (when something was), then the summary line.
 */
function checkStderr(run: CliRun, result: Result): void {
  const lines = run.stderr.trimEnd().split('\n');
  const skipped = result.summary.skipped;
  assert.is(lines.length, result.errors.length + (skipped.count > 0 ? 1 : 0) + 1, run.stderr);
  result.errors.forEach((e, i) => assert.ok(lines[i].startsWith(`storyline: ${e.source}: ${e.code}: `), lines[i]));
  if (skipped.count > 0) {
    const line = lines[lines.length - 2];
    assert.ok(line.startsWith(`storyline: skipped ${skipped.count} `), line);
    for (const e of skipped.examples) assert.ok(line.includes(JSON.stringify(e.path)), line);
  }
  const s = result.summary;
  const n = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
  assert.is(
    lines[lines.length - 1],
    `storyline: ${n(s.inputs, 'input')} = ${n(s.documents, 'document')} + ${n(s.errors, 'error')}; ` +
      `${n(s.nearDuplicateGroups, 'near-duplicate group')}, ${n(s.events, 'event')}, ${n(s.bundles, 'bundle')}`,
  );
}

let folderResult: Result | undefined;

/** The folder cases include a file locked with chmod 000: as root, these run again as nobody (see testIfChmodBlocksReads). */
const FOLDER_GROUP = 'folder of bad inputs';

testIfChmodBlocksReads(test, 'folder of bad inputs, API: each input becomes its document or error, and the run finishes', async () => {
  const result = await analyze(folder, { workers: 2 });
  assert.equal(outcomeFailures(result, folderCases), []);
  checkAccounting(result, { inputs: folderCases.length });
  assert.ok(result.errors.length > 0 && result.documents.length > 0);
  // Errors say what is wrong, not just a code.
  const message = (source: string) => result.errors.find((e) => e.source === source)?.message ?? '';
  assert.match(message('image.txt'), 'PNG');
  assert.match(message('report.txt'), 'PDF');
  assert.match(message('nul.txt'), 'NUL');
  assert.match(message('garbage.txt'), /invalid UTF-8 at byte 0/);
  assert.match(message('dangling.txt'), 'points to nothing');
  assert.match(message('too-long.txt'), 'ENAMETOOLONG');
  assert.match(message('locked.txt'), 'EACCES');
  const warning = (id: string) => result.documents.find((d) => d.id === id)?.warnings[0]?.message ?? '';
  assert.match(warning('stray-byte'), '1 invalid UTF-8 byte replaced with U+FFFD');
  assert.match(warning('article~2'), 'id "article" is already used by article.txt; renamed to "article~2"');
  // The 1 MB line is analysed, not dropped: it has story segments.
  assert.ok(result.documents.find((d) => d.id === 'one-line')!.segments.some((s) => s.kind === 'story'));
  folderResult = result;
}, import.meta.url, FOLDER_GROUP);

testIfChmodBlocksReads(test, 'folder of bad inputs, CLI: exit 1, the API\'s JSON byte for byte, errors and the summary on stderr', async () => {
  const run = await runCli(['cluster', folder, '--format', 'json', '--workers', '1']);
  assert.is(run.code, 1, run.stderr);
  const expected = folderResult ?? (await analyze(folder, { workers: 2 }));
  assert.ok(run.stdout === formatResult(expected, 'json'), 'CLI output differs from the API result');
  checkStderr(run, expected);
}, import.meta.url, FOLDER_GROUP);

test('JSONL with bad lines, API: per-line errors with line numbers, the rest processed, duplicates renamed', async () => {
  const result = await analyze(jsonl, { workers: 2 });
  assert.equal(outcomeFailures(result, jsonlCases), []);
  checkAccounting(result, { inputs: jsonlCases.length });
  for (const e of result.errors) assert.match(e.message, `line ${e.source.split(':')[1]}:`);
  const huge = result.errors.find((e) => e.code === 'line-too-long')!;
  assert.match(huge.message, `line is ${HUGE_LINE_BYTES} bytes`);
  const dup = result.documents.find((d) => d.id === 'j-article~2')!;
  assert.match(dup.warnings[0].message, 'id "j-article" is already used by bad.jsonl:1; renamed to "j-article~2"');
});

test('JSONL with bad lines, CLI: exit 1 and the same result', async () => {
  const run = await runCli(['cluster', jsonl, '--format', 'json', '--workers', '1']);
  assert.is(run.code, 1, run.stderr);
  const result = JSON.parse(run.stdout) as Result;
  assert.equal(outcomeFailures(result, jsonlCases), []);
  checkAccounting(result, { inputs: jsonlCases.length });
  checkStderr(run, result);
});

test('warnings only (empty, whitespace, boilerplate, UTF-16): exit 0, warnings in the table', async () => {
  await withTmp(async (dir) => {
    write(dir, 'article.txt', seedText(0));
    write(dir, 'empty.txt', '');
    write(dir, 'blank.md', '\n \n');
    write(dir, 'appeal.txt', BOILERPLATE_ONLY);
    write(dir, 'wide.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(seedText(3), 'utf16le')]));
    const api = await analyze(dir, { workers: 1 });
    checkAccounting(api, { inputs: 5 });
    assert.equal(api.errors, []);
    assert.equal(
      api.documents.map((d) => [d.id, d.warnings.map((w) => w.code)]),
      [['appeal', ['no-story']], ['article', []], ['blank', ['empty']], ['empty', ['empty']], ['wide', ['decoded-utf16']]],
    );
    const run = await runCli(['cluster', dir]);
    assert.is(run.code, 0, run.stderr);
    assert.match(run.stdout, /\nempty  empty: the document has no text/);
    assert.match(run.stdout, /\nappeal  no-story: /);
    // Documents in no event are listed, each with why.
    assert.match(run.stdout, /\nIN NO EVENT\nappeal  no-story\nblank  empty\nempty  empty\n/);
    assert.match(run.stderr, /5 inputs = 5 documents \+ 0 errors/);
  });
});

test('a file over maxBytes is cut with a warning saying where: at 16 MiB by default (CLI), at the size asked (API)', async () => {
  await withTmp(async (dir) => {
    const paragraph = Buffer.from((seedText(2) + '\n\n').repeat(64));
    const fd = fs.openSync(path.join(dir, 'huge.txt'), 'w');
    let size = 0;
    while (size < 17 * 1024 * 1024) size += fs.writeSync(fd, paragraph);
    fs.closeSync(fd);
    const check = (result: Result, cut: number) => {
      checkAccounting(result, { inputs: 1 });
      const [doc] = result.documents;
      assert.equal(doc.warnings.map((w) => w.code), ['truncated']);
      assert.is(doc.warnings[0].message, `file is ${size} bytes; only the first ${cut} were read (cut at byte ${cut})`);
      assert.ok(doc.segments.length > 0 && doc.segments[doc.segments.length - 1].end <= cut);
    };
    const run = await runCli(['cluster', dir, '--format', 'json']);
    assert.is(run.code, 0, run.stderr);
    check(JSON.parse(run.stdout) as Result, 16 * 1024 * 1024);
    check(await analyze(dir, { workers: 1, maxBytes: 1024 * 1024 }), 1024 * 1024);
  });
});

/**
 * Deleting 100,000 files from a disk-backed file system with online discard
 * takes 15 s to minutes on the CI machine; in RAM it takes about one. The
 * test is about our walk, not the disk, so it uses RAM when there is room
 * (each tiny file takes a 4 KiB page: about 400 MB; Docker's default
 * /dev/shm is only 64 MB).
 */
function ramTmpdir(): string {
  try {
    fs.accessSync('/dev/shm', fs.constants.W_OK);
    const { bavail, bsize, ffree } = fs.statfsSync('/dev/shm');
    if (bavail * bsize > 1024 ** 3 && ffree > 200_000) return '/dev/shm';
  } catch {
    // no /dev/shm here
  }
  return os.tmpdir();
}

test('a folder of 100,000 small files: every one read by ingest, in order', async () => {
  const dir = fs.mkdtempSync(path.join(ramTmpdir(), 'storyline-many-'));
  try {
    const n = 100_000;
    const words = ['harbour', 'council', 'budget', 'storm', 'court', 'bridge', 'market', 'railway'];
    for (let f = 0; f < 100; f++) fs.mkdirSync(path.join(dir, String(f).padStart(2, '0')));
    for (let i = 0; i < n; i++) {
      const name = path.join(dir, String(i % 100).padStart(2, '0'), `${String(i).padStart(6, '0')}.txt`);
      fs.writeFileSync(name, `Note ${i}: the ${words[i % 8]} and the ${words[(i * 3) % 8]}.`);
    }
    // Through ingest: the walk's order and completeness, without the cost of analysing 100,000 notes twice.
    let count = 0;
    let previous = '';
    for await (const record of ingest(dir)) {
      assert.is(record.kind, 'doc');
      const origin = record.kind === 'doc' ? record.doc.origin : '';
      assert.ok(origin > previous, `${origin} after ${previous}`);
      previous = origin;
      count++;
    }
    assert.is(count, n);
    // The whole pipeline over such a folder is a scale check: `npm run bench` (bench/many-files.ts).
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('CLI usage errors: exactly one line on stderr, exit 2, nothing on stdout', async () => {
  const cases: Array<[string[], string]> = [
    [['cluster', CORPUS, '--threshold', '2'], 'storyline: --threshold must be a number from 0.05 to 1 (run with --help for usage)'],
    [['cluster', CORPUS, '--threshold', 'high'], 'storyline: --threshold must be a number from 0.05 to 1 (run with --help for usage)'],
    [['cluster', CORPUS, '--max-days-apart', '-1'], 'storyline: --max-days-apart must be a number from 0 to Infinity (run with --help for usage)'],
    [['cluster', CORPUS, '--workers', '0'], 'storyline: --workers must be an integer from 1 to 256 (run with --help for usage)'],
    [['cluster', CORPUS, '--format', 'xml'], 'storyline: --format must be one of table, json, jsonl, csv, html (run with --help for usage)'],
    [['cluster', CORPUS, '--frobnicate'], "storyline: unknown option '--frobnicate' (run with --help for usage)"],
    [['cluster'], "storyline: missing required argument 'path' (run with --help for usage)"],
    [['cluster', path.join(CORPUS, 'nope')], `storyline: corpus path "${path.join(CORPUS, 'nope')}" does not exist (run with --help for usage)`],
  ];
  for (const [args, line] of cases) {
    const run = await runCli(args);
    assert.is(run.code, 2, args.join(' '));
    assert.is(run.stderr, line + '\n', args.join(' '));
    assert.is(run.stdout, '', args.join(' '));
  }
  // No command at all: the help, on stderr, and still a usage error.
  const bare = await runCli([]);
  assert.is(bare.code, 2);
  assert.match(bare.stderr, 'Usage: storyline');
});

test.run();
