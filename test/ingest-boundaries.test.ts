/**
 * Where input meets the outside world (issue 19): symlinks that leave the
 * corpus, file names that are not UTF-8, numeric ids past 2^53, dates and
 * the machine's time zone, files a folder holds besides inputs, sources
 * that stall or throw, standard input, gzip and field names. Each case
 * is checked against what the input holds, through the API or the CLI.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { analyze, formatResult, ingest, type Doc, type Result } from '../src/index.js';
import { dayNumber } from '../src/features/dates.js';
import type { IngestRecord } from '../src/ingest/types.js';
import { checkAccounting } from './fixtures/accounting.js';
import { CLI, finished, runCli, type CliRun } from './fixtures/cli.js';
import { mulberry32 } from './fixtures/random.js';
import { withTmp, write } from './fixtures/tmp.js';

async function records(source: string | Iterable<Doc>): Promise<IngestRecord[]> {
  const out: IngestRecord[] = [];
  for await (const r of ingest(source)) out.push(r);
  return out;
}

/** The CLI with standard input and environment of our choosing. */
function runCliWith(args: string[], { input, env }: { input?: string | Buffer; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  child.stdin.end(input ?? '');
  return finished(child);
}

const STORY = 'Egyptian Foreign Minister Sameh Shoukry met Russian Foreign Minister Sergei Lavrov in Moscow and passed him a message from Blinken about the war in Ukraine.';

// ---------- symlinks out of the corpus ----------

test('symlinks out of the corpus: outside-root errors by default, their words nowhere; followed with followSymlinks', async () => {
  await withTmp(async (dir) => {
    const corpus = path.join(dir, 'corpus');
    write(dir, 'outside/secret.txt', 'zanzibarquux credentials of another user');
    write(dir, 'outside/more/deep.txt', 'zanzibarquux deep file');
    write(corpus, 'a.txt', STORY);
    write(corpus, 'sub/b.txt', `${STORY} Officials said more.`);
    fs.symlinkSync(path.join(dir, 'outside', 'secret.txt'), path.join(corpus, 'secret.txt'));
    fs.symlinkSync('../outside', path.join(corpus, 'world'));
    fs.symlinkSync('sub/b.txt', path.join(corpus, 'inside.txt')); // stays in the corpus: followed
    fs.symlinkSync('sub', path.join(corpus, 'twin')); // a second way to sub/: already-visited, as before

    const result = await analyze(corpus, { workers: 1 });
    checkAccounting(result, { inputs: 6 });
    assert.equal(result.documents.map((d) => d.id).sort(), ['a', 'b', 'inside']);
    assert.equal(
      result.errors.map((e) => [e.source, e.code]),
      [['secret.txt', 'outside-root'], ['twin', 'already-visited'], ['world', 'outside-root']],
    );
    assert.not.match(formatResult(result, 'json'), 'zanzibarquux');

    const followed = await analyze(corpus, { workers: 1, followSymlinks: true });
    checkAccounting(followed, { inputs: 7 });
    // secret.txt and world/secret.txt are one file by two paths: two inputs, as any two paths are.
    assert.equal(followed.documents.map((d) => d.id).sort(), ['a', 'b', 'deep', 'inside', 'secret', 'secret~2']);

    assert.match(result.errors[2].message, /^is a symlink to ".*outside", outside the corpus folder/);
    const cliFollowed = await runCli(['cluster', corpus, '--format', 'json', '--workers', '1', '--follow-symlinks']);
    assert.ok(cliFollowed.stdout === formatResult(followed, 'json'), '--follow-symlinks gives followSymlinks: true');
  });
});

test('symlinks out of the corpus: a link to / is one error, not a walk of the machine', async () => {
  await withTmp(async (dir) => {
    write(dir, 'a.txt', STORY);
    fs.symlinkSync('/', path.join(dir, 'everything'));
    fs.symlinkSync('/etc/passwd', path.join(dir, 'passwd.txt'));
    const result = await analyze(dir, { workers: 1 });
    checkAccounting(result, { inputs: 3 });
    assert.equal(result.errors.map((e) => [e.source, e.code]), [['everything', 'outside-root'], ['passwd.txt', 'outside-root']]);
  });
});

// ---------- file names that are not UTF-8 ----------

test('file names that are not valid UTF-8: each file read from its own path, ids kept apart', async () => {
  await withTmp(async (dir) => {
    const name = (bytes: number[]) => Buffer.concat([Buffer.from(dir + '/'), Buffer.from('inv'), Buffer.from(bytes), Buffer.from('.txt')]);
    fs.writeFileSync(name([0xff]), 'content of ff');
    fs.writeFileSync(name([0xfe]), 'content of fe');
    fs.writeFileSync(name([0xef, 0xbf, 0xbd]), 'content of U+FFFD'); // the valid name the others would decode to

    const got = (await records(dir)).map((r) => (r.kind === 'doc' ? [r.doc.id, r.doc.text, r.doc.warnings.length] : ['error', r.error.code]));
    // In byte order: EF BF BD < FE < FF.
    assert.equal(got, [
      ['inv\uFFFD', 'content of U+FFFD', 0],
      ['inv\\xFE', 'content of fe', 0],
      ['inv\\xFF', 'content of ff', 0],
    ]);

    const result = await analyze(dir, { workers: 1 });
    checkAccounting(result, { inputs: 3 });
    assert.equal(result.documents.flatMap((d) => d.warnings), []);
  });
});

// ---------- numeric ids ----------

test('numeric JSONL ids keep their digits as written, past 2^53 too', async () => {
  await withTmp(async (dir) => {
    const lines = [
      '{"id":1580000000000000001,"text":"first text"}',
      '{"id": 1580000000000000002 ,"text":"second text"}',
      '{"text":"third text","meta":{"id":7},"id":12.50}',
      '{"\\u0069d":9007199254740993,"text":"escaped key"}',
      '{"id":1,"text":"repeated key","id":9007199254740995}',
      '{"id":42,"text":"plain"}',
    ];
    const file = write(dir, 'ids.jsonl', lines.join('\n') + '\n');
    const ids = (await records(file)).map((r) => (r.kind === 'doc' ? r.doc.id : `error ${r.error.code}`));
    assert.equal(ids, ['1580000000000000001', '1580000000000000002', '12.50', '9007199254740993', '9007199254740995', '42']);
    const result = await analyze(file, { workers: 1 });
    assert.equal(result.documents.flatMap((d) => d.warnings), [], 'no id renamed');
  });
});

// memberText on random objects: ingest-crafted.test.ts (it runs per mutant in the ingest mutation run).

// ---------- dates and time zones ----------

test('dayNumber: days since 1970 for every year 0000-9999, as Date counts them with setUTCFullYear', () => {
  const random = mulberry32(4);
  for (let i = 0; i < 20000; i++) {
    const year = Math.floor(random() * 10000);
    const month = 1 + Math.floor(random() * 12);
    const day = 1 + Math.floor(random() * 31);
    const d = new Date(0);
    d.setUTCFullYear(year, month - 1, day);
    const valid = d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
    const got = dayNumber(year, month, day);
    if (valid) assert.is(got, d.getTime() / 86_400_000, `${year}-${month}-${day}`);
    else assert.ok(Number.isNaN(got), `${year}-${month}-${day} is not a date`);
  }
});

test('dates do not depend on the time zone: the CLI gives the same bytes in Tokyo, Los Angeles and UTC, and the dates written', async () => {
  await withTmp(async (dir) => {
    const lines = [
      { id: 'a', text: STORY, date: '2023-01-31' },
      { id: 'b', text: `${STORY} Reports said so.`, date: 'January 31, 2023' },
      { id: 'c', text: `${STORY} Talks went on.`, date: 'Tue, 31 Jan 2023 23:30:00 -0800' },
      { id: 'd', text: 'A leap day long ago in the records of the town council meeting.', date: '0048-02-29' },
      { id: 'e', text: 'Nonsense date on a report about harbour repairs and budgets.', date: 'sometime soon' },
      { id: 'f', text: 'A report about the railway bridge and the hospital market.', date: '+012023-01-01' },
      { id: 'g', text: 'A report with a bare year about the festival and the storm.', date: '2023' },
      { id: 'h', text: 'A report from a day that never was, about the school court.', date: '2023-02-30' },
    ];
    const file = write(dir, 'dated.jsonl', lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const outputs: string[] = [];
    for (const TZ of ['Asia/Tokyo', 'America/Los_Angeles', 'UTC']) {
      const run = await runCliWith(['cluster', file, '--format', 'json', '--workers', '1', '--max-days-apart', '0'], { env: { TZ } });
      assert.is(run.code, 0, run.stderr);
      outputs.push(run.stdout);
    }
    assert.ok(outputs[0] === outputs[2] && outputs[1] === outputs[2], 'the output depends on TZ');
    const result = JSON.parse(outputs[2]) as Result;
    const eventOf = (id: string) => result.events.find((e) => e.members.some((m) => m.doc === id));
    // One day for the three reports, as written (the time and zone after it do not move it).
    assert.equal(eventOf('a')?.members.map((m) => m.doc).sort(), ['a', 'b', 'c']);
    assert.equal(eventOf('a')?.dates, { first: '2023-01-31', last: '2023-01-31' });
    assert.equal(eventOf('d')?.dates, { first: '0048-02-29', last: '0048-02-29' });
    const warned = result.documents.filter((d) => d.warnings.some((w) => w.code === 'invalid-date')).map((d) => d.id);
    assert.equal(warned, ['e', 'f', 'g', 'h']);
    for (const id of warned) assert.is(eventOf(id)?.dates, undefined, `${id}: no date`);
  });
});

// ---------- what a folder holds besides inputs ----------

test('skipped entries: counted by reason in summary.skipped and on stderr, names escaped; JSONL files in folders are read', async () => {
  await withTmp(async (dir) => {
    write(dir, 'a.txt', STORY);
    write(dir, '.hidden.txt', 'hidden');
    write(dir, '.git/config.txt', 'hidden folder');
    write(dir, 'README', 'no extension');
    write(dir, 'feed.xml', '<rss/>');
    write(dir, 'notes.pdf', '%PDF-1.4');
    write(dir, 'evil\u001b[31m.xml', 'a name with an escape sequence');
    write(dir, 'shards/part-1.jsonl', '{"id":"j1","text":"from a shard"}\n{"id":"j2","text":"also from a shard"}\n');
    write(dir, 'shards/part-2.jsonl.gz', gzipSync('{"id":"j3","text":"from a compressed shard"}\n'));

    const result = await analyze(dir, { workers: 1 });
    checkAccounting(result, { inputs: 4 });
    assert.equal(result.documents.map((d) => d.id), ['a', 'j1', 'j2', 'j3']);
    assert.equal(result.summary.skipped, {
      count: 6,
      byReason: { hidden: 2, 'no-extension': 1, 'unknown-extension': 3 },
      examples: [
        { path: '.git', reason: 'hidden' },
        { path: '.hidden.txt', reason: 'hidden' },
        { path: 'README', reason: 'no-extension' },
        { path: 'evil\u001b[31m.xml', reason: 'unknown-extension' },
        { path: 'feed.xml', reason: 'unknown-extension' },
      ],
    });

    const run = await runCli(['cluster', dir, '--format', 'json', '--workers', '1']);
    assert.is(run.code, 0, run.stderr);
    assert.ok(run.stdout === formatResult(result, 'json'));
    const line = run.stderr.split('\n').find((l) => l.startsWith('storyline: skipped'));
    assert.is(line, 'storyline: skipped 6 entries that are not inputs (2 hidden, 1 no-extension, 3 unknown-extension), such as ".git", ".hidden.txt", "README", "evil\\x1b[31m.xml", "feed.xml", …');
    assert.not.match(run.stderr, '\u001b');
  });
});

test('a folder of .xml files: 0 inputs, and stderr says what was skipped', async () => {
  await withTmp(async (dir) => {
    for (const n of [1, 2, 3]) write(dir, `item-${n}.xml`, '<item/>');
    const run = await runCli(['cluster', dir, '--format', 'json', '--workers', '1']);
    assert.is(run.code, 0, run.stderr);
    assert.equal((JSON.parse(run.stdout) as Result).summary.skipped.byReason, { 'unknown-extension': 3 });
    assert.match(run.stderr, 'storyline: skipped 3 entries that are not inputs (3 unknown-extension), such as "item-1.xml", "item-2.xml", "item-3.xml"\n');
  });
});

// ---------- sources that stall or throw ----------

test('an iterable that stalls: the abort wins, analyze rejects, and the worker threads are gone', async () => {
  // In a child process: on failure, analyze never settles, and its threads must not outlive the test.
  // Threads are counted in /proc/self/task (Linux; elsewhere the count reads 0 and checks nothing).
  const script = `
    import { existsSync, readdirSync } from 'node:fs';
    import { analyze } from ${JSON.stringify(path.join(path.dirname(CLI), '..', 'index.js'))};
    const threads = () => (existsSync('/proc/self/task') ? readdirSync('/proc/self/task').length : 0);
    const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
    await analyze([{ id: 'w', text: 'warm the thread pools up' }], { workers: 1 });
    await pause(200);
    const before = threads();
    const t0 = Date.now();
    const stalled = { [Symbol.asyncIterator]() { let i = 0; return { next: () => i++ < 3 ? Promise.resolve({ done: false, value: { id: 'd' + i, text: 'text ' + i } }) : new Promise(() => {}) }; } };
    const outcome = await Promise.race([
      analyze(stalled, { workers: 2, signal: AbortSignal.timeout(300) }).then(() => 'resolved', (e) => 'rejected ' + e.name),
      pause(5000).then(() => 'still pending after 5 s'),
    ]);
    await pause(200);
    console.log(outcome + (Date.now() - t0 < 3000 ? ' under 3 s' : ''));
    console.log('threads after: ' + (threads() - before) + ' more than before');
    process.exit(0);`;
  const run = await finished(spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] }));
  assert.is(run.stdout, 'rejected TimeoutError under 3 s\nthreads after: 0 more than before\n', run.stderr);
});

test('one bad item (a getter or a Proxy that throws, a rejected promise) is one invalid-item error; the good items count', async () => {
  const throwing = { id: 'b', get text(): string { throw new Error('getter failed'); } };
  const proxy = new Proxy({}, { get() { throw new Error('trap failed'); } });
  const rejected = Promise.reject(new Error('no item'));
  rejected.catch(() => undefined);
  const items = [{ id: 'a', text: STORY }, throwing, proxy, rejected, { id: 'c', text: `${STORY} More.` }] as unknown as Doc[];
  const result = await analyze(items, { workers: 1 });
  checkAccounting(result, { inputs: 5 });
  assert.equal(result.documents.map((d) => d.id), ['a', 'c']);
  assert.equal(result.errors.map((e) => [e.source, e.code]), [['item 1', 'invalid-item'], ['item 2', 'invalid-item'], ['item 3', 'invalid-item']]);
  assert.match(result.errors[0].message, 'getter failed');

  function* breaks(): Generator<Doc> {
    yield { id: 'x', text: STORY };
    throw new Error('the generator broke');
  }
  const broken = await analyze(breaks(), { workers: 1 });
  checkAccounting(broken, { inputs: 2 });
  assert.equal(broken.errors.map((e) => [e.source, e.code]), [['item 1', 'iterator-failed']]);
});

// ---------- standard input, gzip, field names ----------

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const JSONL_DOCS = Array.from({ length: 12 }, (_, i) => ({
  id: `doc-${String(i).padStart(2, '0')}`,
  text: `${i % 2 === 0 ? STORY : 'The harbour council approved the budget for the river bridge and the new hospital market.'} Report number ${i}.`,
  title: `Title ${i}`,
  date: `2023-02-${String(1 + i).padStart(2, '0')}`,
}));
const JSONL = JSONL_DOCS.map((d) => JSON.stringify(d)).join('\n') + '\n';

test('"-" and /dev/stdin read JSONL from standard input, with the result of the same file', async () => {
  await withTmp(async (dir) => {
    const withBadLine = `${JSONL}not json\n`;
    const file = write(dir, 'docs.jsonl', withBadLine);
    const expected = await analyze(file, { workers: 1 });
    const stdin = await runCliWith(['cluster', '-', '--format', 'json', '--workers', '1'], { input: withBadLine });
    assert.is(stdin.code, 1, stdin.stderr);
    const got = JSON.parse(stdin.stdout) as Result;
    assert.equal(got.errors.map((e) => [e.source, e.code]), [[`stdin:${JSONL_DOCS.length + 1}`, 'malformed-json']]);
    assert.equal(got.documents, expected.documents);
    assert.equal(got.events, expected.events);
    const devStdin = await runCliWith(['cluster', '/dev/stdin', '--format', 'json', '--workers', '1'], { input: withBadLine });
    assert.ok(devStdin.stdout === stdin.stdout, '/dev/stdin differs from -');
  });
});

test('Ctrl-C while standard input sends nothing: exit 130 at once, the pipe left behind', async () => {
  // Ctrl-C before the CLI handles it ends the process by the signal: then try again, waiting longer.
  for (const wait of [1500, 4000, 10_000]) {
    const child = spawn(process.execPath, [CLI, 'cluster', '-', '--format', 'json', '--workers', '1'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const done = finished(child);
    child.stdin.write(JSON.stringify({ id: 'x', text: STORY }) + '\n');
    await pause(wait);
    child.kill('SIGINT'); // the pipe stays open and silent
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    const run = await done;
    clearTimeout(killer);
    if (run.signal === 'SIGINT') continue;
    assert.is(run.signal, null, 'still waiting for standard input 10 s after Ctrl-C');
    assert.is(run.code, 130, run.stderr);
    assert.is(run.stderr, 'storyline: interrupted; no output written\n');
    return;
  }
  assert.unreachable('the CLI never got to handle Ctrl-C');
});

test('.jsonl.gz is read as it streams; a corrupt one is an error after the lines it held, not a crash', async () => {
  await withTmp(async (dir) => {
    const plain = write(dir, 'docs.jsonl', JSONL);
    const packed = write(dir, 'docs.jsonl.gz', gzipSync(JSONL));
    const expected = await analyze(plain, { workers: 1 });
    const got = await analyze(packed, { workers: 1 });
    assert.ok(formatResult(got, 'json') === formatResult(expected, 'json'));

    // Incompressible text, so the cut falls in the middle of the lines.
    const random = mulberry32(7);
    const noisy = JSONL_DOCS.map((d) => JSON.stringify({ ...d, text: `${d.text} ${Array.from({ length: 200 }, () => random().toString(36).slice(2)).join(' ')}` })).join('\n') + '\n';
    const whole = gzipSync(noisy);
    const broken = path.join(dir, 'broken');
    write(broken, 'cut.ndjson.gz', whole.subarray(0, Math.floor(whole.length / 2)));
    write(broken, 'garbage.jsonl.gz', 'not gzip at all\n');
    const run = await runCli(['cluster', broken, '--format', 'json', '--workers', '1']);
    assert.is(run.code, 1, run.stderr);
    const result = JSON.parse(run.stdout) as Result;
    checkAccounting(result);
    assert.equal(result.errors.map((e) => [e.source, e.code]), [['cut.ndjson.gz', 'corrupt-gzip'], ['garbage.jsonl.gz', 'corrupt-gzip']]);
    const n = result.documents.length;
    assert.ok(n > 2 && n < JSONL_DOCS.length, `${n} lines before the cut`);
    assert.equal(result.documents.map((d) => d.id), JSONL_DOCS.slice(0, n).map((d) => d.id));
  });
});

test('--id-field, --text-field, --title-field, --date-field: JSONL with other names gives the result of the usual names', async () => {
  await withTmp(async (dir) => {
    const usual = write(dir, 'usual.jsonl', JSONL);
    const renamed = JSONL_DOCS.map((d) => ({ uuid: d.id, body: d.text, headline: d.title, published: d.date, id: 'decoy', text: 'decoy' }));
    const other = write(dir, 'other.jsonl', renamed.map((d) => JSON.stringify(d)).join('\n') + '\n');
    const expected = formatResult(await analyze(usual, { workers: 1 }), 'json');
    const run = await runCli(['cluster', other, '--format', 'json', '--workers', '1', '--id-field', 'uuid', '--text-field', 'body', '--title-field', 'headline', '--date-field', 'published']);
    assert.is(run.code, 0, run.stderr);
    assert.ok(run.stdout === expected, 'renamed fields give another result');
    // Documents from code are read by the same names.
    const fields = { id: 'uuid', text: 'body', title: 'headline', date: 'published' };
    const items: Doc[] = [];
    for await (const r of ingest(renamed as unknown as Doc[], { fields })) if (r.kind === 'doc') items.push(r.doc);
    assert.equal(items.map(({ id, text, title, date }) => ({ id, text, title, date })), JSONL_DOCS);
  });
});

test.run();
