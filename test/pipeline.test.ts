/**
 * End to end through the public API and the CLI: the sample corpus must
 * give corpus/gold.json's answer, also when near-duplicate variants of its
 * articles are added; output must not depend on the number of workers.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { analyze, formatResult, type Result } from '../src/index.js';
import { checkGold } from '../src/eval/suites/sample.js';
import { CORPUS, repoRoot } from './fixtures/paths.js';
import { mulberry32 } from './fixtures/random.js';
import { reprint, wrapped } from './fixtures/variants.js';

const run = promisify(execFile);
const CLI = join(repoRoot(), 'dist', 'src', 'cli', 'main.js');
const seedIds = readdirSync(CORPUS)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => f.slice(0, -4))
  .sort();
const seedText = (id: string) => readFileSync(join(CORPUS, `${id}.txt`), 'utf8');

test('API: the sample corpus gives the gold answer', async () => {
  const result = await analyze(CORPUS, { workers: 2 });
  assert.equal(checkGold(result, CORPUS), []);
  assert.is(result.documents.length, 5);
  assert.is(result.errors.length, 0);
  assert.is(result.nearDuplicateGroups.length, 0);
  // Three gold events plus the own events of 001's Iran part and 004's Iraq part.
  assert.is(result.events.length, 5);
});

test('checkGold: a segment end one character off, a story split in two, or a wrong kind is a failure', async () => {
  const result = await analyze(CORPUS, { workers: 1 });
  const changed = (id: string, edit: (segments: Result['documents'][number]['segments']) => Result['documents'][number]['segments']): Result => ({
    ...result,
    documents: result.documents.map((d) => (d.id === id ? { ...d, segments: edit(d.segments.map((x) => ({ ...x }))) } : d)),
  });
  // 000's story ends after "Jake Sullivan disagreed." (offset 2122 in gold.json's terms, read off GOLD.md).
  const short = checkGold(changed('000_b6376d430f013651', (s) => (s[0].end--, s)), CORPUS);
  assert.equal(short, ['000_b6376d430f013651: segment at 0 ends at 2121, expected 2122 or 2226 (after "Jake Sullivan disagreed.")']);
  const long = checkGold(changed('004_f3831a4db338db0a', (s) => (s[0].end++, s)), CORPUS);
  assert.equal(long, ['004_f3831a4db338db0a: segment at 0 ends at 2857, expected 2856 (after "implementing the two-state solution.")']);
  const split = checkGold(changed('002_2692df5b955f32a0', (s) => [{ ...s[0], end: 2000 }, { ...s[0], start: 2001 }]), CORPUS);
  assert.ok(split.some((f) => /ends at 2000/.test(f)) && split.some((f) => /segment 2001-4426 \(story\) is no gold part/.test(f)), split.join('\n'));
  const kind = checkGold(changed('003_58454a3e4c685031', (s) => (s[2].kind = 'story', s)), CORPUS);
  assert.ok(kind.some((f) => /segment at 1258 is story, expected boilerplate/.test(f)), kind.join('\n'));
});

test('CLI: --format json on stdout parses and gives the gold answer', async () => {
  const { stdout, stderr } = await run(process.execPath, [CLI, 'cluster', CORPUS, '--format', 'json', '--workers', '2']);
  const result = JSON.parse(stdout) as Result; // nothing else may reach stdout (natural's root prints there)
  assert.equal(checkGold(result, CORPUS), []);
  assert.match(stderr, /5 inputs = 5 documents \+ 0 errors/);
});

test('CLI: STORYLINE_TRACE=memory traces steps on stderr, and stdout is the same JSON', async () => {
  const args = [CLI, 'cluster', CORPUS, '--format', 'json', '--workers', '1'];
  const plain = await run(process.execPath, args);
  const traced = await run(process.execPath, args, { env: { ...process.env, STORYLINE_TRACE: 'memory' } });
  assert.is(traced.stdout, plain.stdout);
  assert.not.match(plain.stderr, /storyline trace:/);
  for (const step of ['features: done', 'segments: split', 'segments: event vectors made', 'events: candidate index built', 'events: done']) {
    assert.match(traced.stderr, new RegExp(`storyline trace: ${step} +rss \\d+\\.\\d\\d GiB, heap`), step);
  }
});

test('CLI: the table names every document and event', async () => {
  const { stdout } = await run(process.execPath, [CLI, 'cluster', CORPUS]);
  for (const id of seedIds) assert.ok(stdout.includes(id), id);
  assert.match(stdout, /5 documents, 0 errors · 0 near-duplicate groups · 5 events · 2 bundles/);
  assert.match(stdout, /Egyptian FM in Russia Passes Message to Lavrov From Blinken/);
});

test('CLI: jsonl has one document line per input and a summary', async () => {
  const { stdout } = await run(process.execPath, [CLI, 'cluster', CORPUS, '--format', 'jsonl']);
  const records = stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string });
  assert.is(records.filter((r) => r.type === 'document').length, 5);
  assert.is(records[records.length - 1].type, 'summary');
});

test('CLI: --out writes the file and nothing to stdout', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'storyline-out-'));
  try {
    const out = join(dir, 'result.json');
    const { stdout } = await run(process.execPath, [CLI, 'cluster', CORPUS, '--format', 'json', '--out', out]);
    assert.is(stdout, '');
    assert.equal(checkGold(JSON.parse(readFileSync(out, 'utf8')) as Result, CORPUS), []);
    assert.equal(readdirSync(dir), ['result.json']); // no temporary file left behind
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The seeds plus, for each, a reprint and a wrapped copy, in a temp folder. */
function variantCorpus(): string {
  const dir = mkdtempSync(join(tmpdir(), 'storyline-variants-'));
  for (const f of readdirSync(CORPUS)) writeFileSync(join(dir, f), readFileSync(join(CORPUS, f)));
  seedIds.forEach((id, i) => {
    writeFileSync(join(dir, `${id}-reprint.txt`), reprint(seedText(id), 100 + i));
    writeFileSync(join(dir, `${id}-wrapped.txt`), wrapped(seedText(id)));
  });
  return dir;
}

test('variants join their originals: near-duplicate groups and events', async () => {
  const dir = variantCorpus();
  try {
    const result = await analyze(dir, { workers: 2 });
    assert.equal(checkGold(result, dir), []);
    assert.is(result.nearDuplicateGroups.length, 5);
    for (const id of seedIds) {
      const group = result.nearDuplicateGroups.find((g) => g.members.includes(id));
      assert.ok(group, `${id} has a group`);
      assert.equal([...group.members].sort(), [id, `${id}-reprint`, `${id}-wrapped`].sort(), id);
      const doc = result.documents.find((d) => d.id === id)!;
      for (const copy of [`${id}-reprint`, `${id}-wrapped`]) {
        const other = result.documents.find((d) => d.id === copy)!;
        const events = (d: typeof doc) => [...new Set(d.segments.map((s) => s.event).filter((e) => e !== null))].sort();
        assert.equal(events(other), events(doc), `${copy} has the events of ${id}`);
        assert.is(other.bundle, doc.bundle, `${copy} bundle flag`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('identical JSON for 1 and 2 workers, also across many small batches', async () => {
  const dir = variantCorpus();
  try {
    const random = mulberry32(7);
    // More documents than one batch: reprints with different edits.
    for (let k = 0; k < 40; k++) {
      const id = seedIds[k % seedIds.length];
      writeFileSync(join(dir, `extra-${String(k).padStart(2, '0')}.txt`), reprint(seedText(id), Math.floor(random() * 1e6), 3));
    }
    const one = formatResult(await analyze(dir, { workers: 1, batchSize: 4 }), 'json');
    const two = formatResult(await analyze(dir, { workers: 2, batchSize: 4 }), 'json');
    const big = formatResult(await analyze(dir, { workers: 2, batchSize: 1000 }), 'json');
    assert.ok(one === two, 'workers 1 vs 2 differ');
    assert.ok(one === big, 'batch size changes the output');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('documents from code: every input appears once, in id order', async () => {
  const docs = seedIds.map((id) => ({ id, text: seedText(id) })).reverse();
  const result = await analyze(docs, { workers: 1 });
  assert.equal(result.documents.map((d) => d.id), seedIds);
  assert.equal(checkGold(result, CORPUS), []);
});

test.run();
