/**
 * `dedup` and `storyline dedup`: one member kept of every near-duplicate
 * group `analyze` finds, chosen by the rule asked for (checked against the
 * rule worked out here from the inputs), the kept JSONL lines byte for byte
 * as read, every input in exactly one place, and the same answer for any
 * worker count and input order.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { spawn } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { analyze, dedup, type Doc } from '../src/index.js';
import { HUGE_MIN_CHARS, heavyArchive, textOf } from '../bench/heavy-corpus.js';
import { seedText } from './fixtures/bad-inputs.js';
import { CLI, runCli } from './fixtures/cli.js';
import { shuffled } from './fixtures/random.js';
import { withTmp, write } from './fixtures/tmp.js';
import { reprint, wrapped } from './fixtures/variants.js';

/**
 * The heavy archive's shapes (Zipf copy groups, briefs, bundles, site furniture), with a group over 64 and dated copies.
 * Its huge page is left out: analyze's part of this test would spend most of its time on it, and
 * determinism.test.ts runs one through the same extractor.
 */
function heavyDocs(): Doc[] {
  return (heavy ??= makeHeavyDocs());
}
let heavy: Doc[] | undefined;

function makeHeavyDocs(): Doc[] {
  const pages = [...heavyArchive(500, 11, { hugeMaxChars: HUGE_MIN_CHARS })].filter((d) => textOf(d).length < HUGE_MIN_CHARS);
  const docs: Doc[] = pages.map((d) => ({ id: d.id, title: d.title, date: d.date, text: textOf(d) }));
  const source = docs.find((d) => d.text.length > 3000)!;
  for (let k = 0; k < 70; k++) docs.push({ id: `${source.id}-copy${String(k).padStart(2, '0')}`, date: `2019-0${1 + (k % 9)}-1${k % 10}`, text: source.text });
  return docs;
}

const published = (doc: Doc): number => (doc.date === undefined ? Infinity : Date.parse(doc.date));

test('dedup keeps exactly one member of every group analyze finds, the earliest (then the smallest id), and every other document', async () => {
  const docs = heavyDocs();
  const [found, analysed] = await Promise.all([dedup(docs, { workers: 2, batchSize: 16 }), analyze(docs, { workers: 2 })]);
  assert.ok(analysed.nearDuplicateGroups.some((g) => g.members.length > 64), 'a group over 64');
  assert.ok(analysed.nearDuplicateGroups.length >= 5, `${analysed.nearDuplicateGroups.length} groups`);
  const byId = new Map(docs.map((d) => [d.id, d]));
  const inGroup = new Set<string>();
  const duplicateOf = new Map(found.documents.map((d) => [d.id, d.duplicateOf]));
  for (const g of analysed.nearDuplicateGroups) {
    // The earliest input date, undated after dated, then the smallest id: worked out from the inputs.
    const expected = [...g.members].sort((a, b) => published(byId.get(a)!) - published(byId.get(b)!) || (a < b ? -1 : 1))[0];
    for (const id of g.members) {
      inGroup.add(id);
      assert.is(duplicateOf.get(id), id === expected ? null : expected, `${id} in the group of ${expected}`);
    }
  }
  for (const d of found.documents) if (!inGroup.has(d.id)) assert.is(d.duplicateOf, null, `${d.id} is in no group`);
  assert.equal(
    found.groups.map((g) => [g.kept, ...g.removed].sort()),
    analysed.nearDuplicateGroups.map((g) => [...g.members].sort()).sort((a, b) => (a[0] < b[0] ? -1 : 1)).map((m) => m),
  );
  const removed = analysed.nearDuplicateGroups.reduce((s, g) => s + g.members.length - 1, 0);
  assert.equal({ ...found.summary, skipped: undefined }, { inputs: docs.length, documents: docs.length, errors: 0, kept: docs.length - removed, removed, groups: analysed.nearDuplicateGroups.length, skipped: undefined });
  assert.equal(found.documents.map((d) => d.id), docs.map((d) => d.id), 'documents in input order');
});

test('dedup: shuffled input and 1 or 2 workers give the same groups and the same kept members', async () => {
  const docs = heavyDocs();
  const first = await dedup(docs, { workers: 1 });
  // A document from code is named by its place in the input (its origin): only ids and choices are compared.
  const key = (r: typeof first) => JSON.stringify([r.groups, r.documents.map((d) => [d.id, d.duplicateOf]).sort()]);
  for (const [workers, seed] of [[2, 1], [1, 2]]) {
    const other = await dedup(shuffled(docs, seed), { workers, batchSize: 7 });
    assert.ok(key(other) === key(first), `workers ${workers}, shuffle ${seed}`);
  }
});

test('--keep longest keeps the fullest copy, --keep first the first in input order', async () => {
  const base = seedText(1);
  // One sentence more, inside the story (an added last paragraph could be read as a footer).
  const longer = base.replace('. ', '. The talks resume on Monday, officials said, and a statement is expected after the first session ends. ');
  assert.ok(longer.length > base.length);
  const docs: Doc[] = [
    { id: 'c', text: base },
    { id: 'b', text: longer },
    { id: 'a', text: base },
    { id: 'z', text: seedText(2) },
  ];
  const longest = await dedup(docs, { keep: 'longest', workers: 1 });
  assert.equal(longest.groups, [{ kept: 'b', removed: ['a', 'c'] }]);
  const first = await dedup(docs, { keep: 'first', workers: 1 });
  assert.equal(first.groups, [{ kept: 'c', removed: ['a', 'b'] }]);
  // Equal copies: the smallest id, for earliest and longest alike.
  const equal = await dedup([docs[0], docs[2], docs[3]], { keep: 'longest', workers: 1 });
  assert.equal(equal.groups, [{ kept: 'a', removed: ['c'] }]);
});

test('--containment: an article inside bigger pages goes, with its reprint, to the first page by id; the pages stay', async () => {
  const article = seedText(2);
  const docs: Doc[] = [
    { id: 'a', text: article },
    { id: 'a-reprint', text: reprint(article, 3) },
    // Pages of which the article is 40-45%: it is contained in them (each page holds its text whole), and they
    // are no copies of it (under 60% of a page) or of each other (they share only the article).
    { id: 'p2', text: `${article}\n\n${seedText(4)}` },
    { id: 'p1', text: `${article}\n\n${seedText(1)}\n\n${seedText(0)}` },
    { id: 'b', text: seedText(3) },
  ];
  const plain = await dedup(docs, { workers: 1 });
  assert.equal(plain.groups, [{ kept: 'a', removed: ['a-reprint'] }]);
  const contained = await dedup(docs, { workers: 1, containment: true });
  assert.equal(contained.groups, [{ kept: 'p1', removed: ['a', 'a-reprint'] }]);
  assert.equal(
    contained.documents.map((d) => [d.id, d.duplicateOf]),
    [['a', 'p1'], ['a-reprint', 'p1'], ['p2', null], ['p1', null], ['b', null]],
  );
  assert.equal({ ...contained.summary, skipped: undefined }, { inputs: 5, documents: 5, errors: 0, kept: 3, removed: 2, groups: 1, skipped: undefined });
});

test('dedup refuses an unknown rule and options it does not read', async () => {
  const failure = (options: object) => dedup([], options).then(() => 'no error', (e: Error) => e.message);
  assert.match(await failure({ keep: 'oldest' }), /options\.keep must be one of earliest, longest, first/);
  assert.match(await failure({ eventThreshold: 0.5 }), /options\.eventThreshold is not an option/);
});

/** JSONL lines written by hand in many ways: a1, a2, a3 are one text, b2 is b1 in another site's furniture. */
function craftedLines(): { lines: string[] } {
  const a = seedText(0);
  const b = seedText(3);
  const c = reprint(seedText(4), 9);
  const lines = [
    JSON.stringify({ id: 'a1', text: a }),
    `{ "text" : ${JSON.stringify(b)} , "id":"b1", "extra": [1, {"x": null}] }`,
    // The same text as a1, written with \u escapes and an extra field: a copy.
    JSON.stringify({ id: 'a2', source: 'wire', text: a }).replace(/e/g, '\\u0065'),
    '{"id":"bad", "text": ',
    '',
    JSON.stringify({ id: 'c1', title: 'Ünïcödé ✓ 𝄞', text: `${c}\u2028 — ends with a raw line separator and a raw C1 \u009b character` }),
    JSON.stringify({ id: 'b2', date: '2001-02-03', text: wrapped(b) }),
    JSON.stringify({ id: 'a3', text: a, date: '1999-12-31' }) + '   ',
    JSON.stringify({ id: 'empty', text: '' }),
  ];
  return { lines };
}

test('storyline dedup FILE.jsonl: kept and removed lines byte for byte as read, in input order; errors in neither; groups', async () => {
  await withTmp(async (dir) => {
    const { lines } = craftedLines();
    // CRLF endings and no final newline: lines are compared without their endings.
    const file = write(dir, 'in.jsonl', lines.join('\r\n'));
    const run = await runCli(['dedup', file, '-o', path.join(dir, 'kept.jsonl'), '--removed', path.join(dir, 'removed.jsonl'), '--groups', path.join(dir, 'groups.jsonl')]);
    assert.is(run.code, 1, run.stderr); // one line is not JSON
    assert.match(run.stderr, /in\.jsonl:4: malformed-json/);
    assert.match(run.stderr, /8 inputs = 7 documents \+ 1 error; kept 4 documents, removed 3 \(2 near-duplicate groups\)/);
    // a3 (dated 1999) is the earliest of a1, a2, a3; b2 (dated) comes before undated b1; the blank line is no input.
    const asRead = (picked: string[]) => Buffer.from(picked.map((l) => l + '\n').join(''));
    assert.ok(fs.readFileSync(path.join(dir, 'kept.jsonl')).equals(asRead([lines[5], lines[6], lines[7], lines[8]])), fs.readFileSync(path.join(dir, 'kept.jsonl'), 'utf8'));
    assert.ok(fs.readFileSync(path.join(dir, 'removed.jsonl')).equals(asRead([lines[0], lines[1], lines[2]])));
    assert.is(fs.readFileSync(path.join(dir, 'groups.jsonl'), 'utf8'), '{"kept":"a3","removed":["a1","a2"]}\n{"kept":"b2","removed":["b1"]}\n');
  });
});

test('storyline dedup: a .gz file gives its lines uncompressed; standard input gives what the file gives', async () => {
  await withTmp(async (dir) => {
    const { lines } = craftedLines();
    const text = lines.join('\n') + '\n';
    const plain = write(dir, 'in.jsonl', text);
    const gz = write(dir, 'in.jsonl.gz', gzipSync(Buffer.from(text)));
    const expected = await runCli(['dedup', plain, '-q']);
    assert.is(expected.code, 1, expected.stderr);
    assert.is(expected.stdout.split('\n').length, 5);
    const fromGz = await runCli(['dedup', gz, '-q']);
    assert.ok(fromGz.stdout === expected.stdout);
    const child = spawn(process.execPath, [CLI, 'dedup', '-', '-q'], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin!.end(text);
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (s: string) => (out += s));
    const code = await new Promise((resolve) => child.on('close', resolve));
    assert.is(code, 1);
    assert.ok(out === expected.stdout);
  });
});

test('storyline dedup: 1 and 2 workers give byte-identical files; shuffled lines keep the same lines and the same groups', async () => {
  await withTmp(async (dir) => {
    const docs = heavyDocs();
    const lines = docs.map((d) => JSON.stringify(d));
    const file = write(dir, 'a.jsonl', lines.join('\n') + '\n');
    const outputs: string[] = [];
    for (const workers of ['1', '2']) {
      const run = await runCli(['dedup', file, '-w', workers, '-q', '--groups', path.join(dir, `g${workers}.jsonl`), '--keep', 'longest']);
      assert.is(run.code, 0, run.stderr);
      outputs.push(run.stdout);
    }
    assert.ok(outputs[0] === outputs[1]);
    assert.ok(fs.readFileSync(path.join(dir, 'g1.jsonl')).equals(fs.readFileSync(path.join(dir, 'g2.jsonl'))));
    const other = write(dir, 'b.jsonl', shuffled(lines, 5).join('\n') + '\n');
    const run = await runCli(['dedup', other, '-q', '--groups', path.join(dir, 'g3.jsonl'), '--keep', 'longest']);
    assert.equal(run.stdout.split('\n').sort(), outputs[0].split('\n').sort());
    assert.ok(fs.readFileSync(path.join(dir, 'g1.jsonl')).equals(fs.readFileSync(path.join(dir, 'g3.jsonl'))));
    const groups = fs.readFileSync(path.join(dir, 'g1.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { kept: string; removed: string[] });
    // Every line is kept or removed, once.
    const removed = new Set(groups.flatMap((g) => g.removed));
    assert.equal(outputs[0], lines.filter((l) => !removed.has((JSON.parse(l) as Doc).id)).map((l) => l + '\n').join(''));
  });
});

test('storyline dedup FOLDER: kept paths one a line, or NUL-terminated; a path with a line break needs --null', async () => {
  await withTmp(async (dir) => {
    const corpus = path.join(dir, 'corpus');
    // A file's id is its name without the extension.
    write(corpus, 'a-one.txt', seedText(2));
    write(corpus, 'sub/b-copy.txt', seedText(2));
    write(corpus, 'c-other.txt', seedText(0));
    const run = await runCli(['dedup', corpus, '-q', '--removed', path.join(dir, 'removed.txt')]);
    assert.is(run.code, 0, run.stderr);
    // The earliest (no dates) is the smallest id: ids are the paths.
    assert.is(run.stdout, 'a-one.txt\nc-other.txt\n');
    assert.is(fs.readFileSync(path.join(dir, 'removed.txt'), 'utf8'), 'sub/b-copy.txt\n');
    write(corpus, 'line\nbreak.txt', seedText(4));
    const broken = await runCli(['dedup', corpus, '-q']);
    assert.is(broken.code, 3, broken.stderr);
    assert.match(broken.stderr, /the path "line\\nbreak\.txt" holds a line break; use --null/);
    const nul = await runCli(['dedup', corpus, '-q', '--null']);
    assert.is(nul.code, 0, nul.stderr);
    assert.is(nul.stdout, 'a-one.txt\0c-other.txt\0line\nbreak.txt\0');
  });
});

test('storyline dedup refuses to write over the corpus, or two outputs to one file, before any work', async () => {
  await withTmp(async (dir) => {
    const file = write(dir, 'in.jsonl', craftedLines().lines.join('\n'));
    const before = fs.readFileSync(file);
    const over = await runCli(['dedup', file, '-o', file]);
    assert.is(over.code, 3);
    assert.match(over.stderr, /it is the corpus being read/);
    const twice = await runCli(['dedup', file, '-o', path.join(dir, 'x'), '--removed', path.join(dir, 'x')]);
    assert.is(twice.code, 3);
    assert.match(twice.stderr, /the kept documents already go there/);
    const stdoutTwice = await runCli(['dedup', file, '--groups', '-']);
    assert.is(stdoutTwice.code, 3);
    assert.ok(fs.readFileSync(file).equals(before));
    assert.not.ok(fs.existsSync(path.join(dir, 'x')));
    // A device written in place may take several outputs.
    const devNull = await runCli(['dedup', file, '-q', '-o', '/dev/null', '--removed', '/dev/null', '--groups', path.join(dir, 'g.jsonl')]);
    assert.is(devNull.code, 1, devNull.stderr); // one line is not JSON
    assert.is(fs.readFileSync(path.join(dir, 'g.jsonl'), 'utf8'), '{"kept":"a3","removed":["a1","a2"]}\n{"kept":"b2","removed":["b1"]}\n');
  });
});

/** Every file under `dir`, as its path's bytes relative to `dir` (latin1, so any byte survives), with its bytes. */
function filesUnder(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (at: Buffer, rel: string) => {
    for (const name of fs.readdirSync(at, { encoding: 'buffer' })) {
      const full = Buffer.concat([at, Buffer.from('/'), name]);
      const r = rel === '' ? name.toString('latin1') : `${rel}/${name.toString('latin1')}`;
      if (fs.statSync(full).isDirectory()) walk(full, r);
      else out.set(r, fs.readFileSync(full));
    }
  };
  walk(Buffer.from(dir), '');
  return out;
}

test('storyline dedup FOLDER --copy-to: the kept files byte for byte under their paths (any bytes in names), JSONL files as their kept lines, nothing else', async () => {
  await withTmp(async (dir) => {
    const corpus = path.join(dir, 'corpus');
    write(corpus, 'a-one.txt', seedText(2));
    write(corpus, 'sub/b-copy.txt', seedText(2) + '\n');
    write(corpus, 'c-other.txt', seedText(0));
    fs.writeFileSync(Buffer.from(path.join(corpus, 'sub/caf\xff.txt'), 'latin1'), seedText(1));
    write(corpus, '.hidden.txt', seedText(3));
    write(corpus, 'notes.csv', 'a,b\n');
    // A JSONL file in the folder: a copy of a-one, a new text (line ending CRLF), a blank line, a broken line.
    const kept = JSON.stringify({ id: 'j-new', text: seedText(4) });
    write(corpus, 'feed.jsonl', [JSON.stringify({ id: 'j-copy', text: seedText(2) }), `${kept}\r`, '', '{broken'].join('\n') + '\n');
    // A compressed one whose only line is a copy: no file at all.
    fs.writeFileSync(path.join(corpus, 'old.jsonl.gz'), gzipSync(JSON.stringify({ id: 'z-copy', text: seedText(0) }) + '\n'));
    const sources = filesUnder(corpus);
    const out = path.join(dir, 'out');
    const run = await runCli(['dedup', corpus, '--copy-to', out, '--groups', path.join(dir, 'groups.jsonl')]);
    assert.is(run.code, 1, run.stderr); // the broken line is an error, as for cluster
    assert.is(run.stdout, '', 'with --copy-to the kept list goes only where -o says');
    assert.match(run.stderr, /feed\.jsonl:4: malformed-json/);
    assert.match(run.stderr, /kept 4 documents, removed 3 \(2 near-duplicate groups\); copied 4 files \(1 JSONL line\) to /);
    const copies = filesUnder(out);
    // Truth by construction: the copies of seed 2 and seed 0 go; each file kept is its source, byte for byte.
    assert.equal([...copies.keys()].sort(), ['a-one.txt', 'c-other.txt', 'feed.jsonl', 'sub/caf\xff.txt']);
    for (const name of ['a-one.txt', 'c-other.txt', 'sub/caf\xff.txt']) assert.ok(copies.get(name)!.equals(sources.get(name)!), name);
    // The JSONL file holds its one kept line as it was read (without its line ending, then \n).
    assert.is(copies.get('feed.jsonl')!.toString('utf8'), `${kept}\n`);
    assert.equal(fs.readFileSync(path.join(dir, 'groups.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)), [
      { kept: 'a-one', removed: ['b-copy', 'j-copy'] },
      { kept: 'c-other', removed: ['z-copy'] },
    ]);
    // The corpus is as it was.
    assert.equal([...filesUnder(corpus)].map(([k, v]) => [k, v.toString('latin1')]), [...sources].map(([k, v]) => [k, v.toString('latin1')]));
    // A compressed JSONL file with a kept line is written compressed, its kept lines inside.
    const second = path.join(dir, 'out2');
    fs.writeFileSync(path.join(corpus, 'old.jsonl.gz'), gzipSync(JSON.stringify({ id: 'z-new', text: seedText(3) }) + '\n'));
    const again = await runCli(['dedup', corpus, '-q', '--copy-to', second, '-o', path.join(dir, 'kept.txt')]);
    assert.is(again.code, 1, again.stderr);
    assert.is(gunzipSync(filesUnder(second).get('old.jsonl.gz')!).toString('utf8'), JSON.stringify({ id: 'z-new', text: seedText(3) }) + '\n');
    assert.is(fs.readFileSync(path.join(dir, 'kept.txt'), 'utf8'), 'a-one.txt\nc-other.txt\nfeed.jsonl:2\nold.jsonl.gz:1\nsub/caf\\xFF.txt\n');
  });
});

test('storyline dedup --copy-to refuses, before any work: a folder that is not empty or is inside the corpus, a corpus that is not a folder; a file changed since the run started stops it', async () => {
  await withTmp(async (dir) => {
    const corpus = path.join(dir, 'corpus');
    write(corpus, 'a.txt', seedText(2));
    write(corpus, 'b.txt', seedText(0));
    write(dir, 'full/x.txt', 'x');
    const full = await runCli(['dedup', corpus, '--copy-to', path.join(dir, 'full')]);
    assert.is(full.code, 3);
    assert.match(full.stderr, /it is not empty/);
    const inside = await runCli(['dedup', corpus, '--copy-to', path.join(corpus, 'new', 'deeper')]);
    assert.is(inside.code, 3);
    assert.match(inside.stderr, /inside the corpus folder/);
    assert.not.ok(fs.existsSync(path.join(corpus, 'new')));
    const file = write(dir, 'in.jsonl', craftedLines().lines.join('\n'));
    const notFolder = await runCli(['dedup', file, '--copy-to', path.join(dir, 'o')]);
    assert.is(notFolder.code, 2);
    assert.match(notFolder.stderr, /--copy-to copies the files of a corpus folder/);
    assert.not.ok(fs.existsSync(path.join(dir, 'o')));
    // An empty folder is fine; a kept file whose time says it changed after the start is not copied.
    fs.mkdirSync(path.join(dir, 'empty'));
    const future = new Date(Date.now() + 3_600_000);
    fs.utimesSync(path.join(corpus, 'b.txt'), future, future);
    const changed = await runCli(['dedup', corpus, '-q', '--copy-to', path.join(dir, 'empty')]);
    assert.is(changed.code, 3, changed.stderr);
    assert.match(changed.stderr, /cannot copy b\.txt: the corpus changed while dedup read it/);
    fs.utimesSync(path.join(corpus, 'b.txt'), new Date(0), new Date(0));
    const ok = await runCli(['dedup', corpus, '-q', '--copy-to', path.join(dir, 'fresh', 'new')]);
    assert.is(ok.code, 0, ok.stderr);
    assert.equal([...filesUnder(path.join(dir, 'fresh', 'new')).keys()].sort(), ['a.txt', 'b.txt']);
  });
});

test('storyline dedup | head: the reader going away ends it quietly (141)', async () => {
  await withTmp(async (dir) => {
    const docs = [...heavyArchive(300, 2, { hugeMaxChars: HUGE_MIN_CHARS })].filter((d) => !('chunks' in d));
    const file = write(dir, 'in.jsonl', docs.map((d) => JSON.stringify(d)).join('\n'));
    const child = spawn(process.execPath, [CLI, 'dedup', file, '-q'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.stdout!.once('data', () => child.stdout!.destroy());
    const code = await new Promise((resolve) => child.on('close', resolve));
    assert.is(code, 141, stderr);
    assert.is(stderr, '');
  });
});

test.run();
