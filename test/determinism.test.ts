/**
 * The same corpus and options give byte-identical output whatever the
 * number of workers, the batch size, or the order in which the inputs come:
 * files created in another order or visited in another order, JSONL lines
 * or code items shuffled. (Duplicate ids are renamed in input order, so
 * these corpora keep ids unique: which copy becomes `~2` does depend on order.)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { analyze, formatResult, type Doc } from '../src/index.js';
import { checkAccounting } from './fixtures/accounting.js';
import { seedText, writeBadFolder } from './fixtures/bad-inputs.js';
import { runCli } from './fixtures/cli.js';
import { mulberry32, shuffled } from './fixtures/random.js';
import { withTmp, write } from './fixtures/tmp.js';
import { reprint, wrapped } from './fixtures/variants.js';
import { HUGE_MIN_CHARS, heavyArchive, textOf } from '../bench/heavy-corpus.js';

/** Seeds, variants, and reprints with more edits: 35 articles with near-duplicates and shared events. */
function articles(): Doc[] {
  const docs: Doc[] = [];
  for (let i = 0; i < 5; i++) {
    docs.push({ id: `s${i}`, text: seedText(i) });
    docs.push({ id: `s${i}-reprint`, text: reprint(seedText(i), 40 + i) });
    docs.push({ id: `s${i}-wrapped`, text: wrapped(seedText(i)) });
    for (let k = 0; k < 4; k++) docs.push({ id: `s${i}-edit${k}`, text: reprint(seedText(i), 1000 + 10 * i + k, 4) });
  }
  return docs;
}

test('workers 1, 2 and 4 (API and CLI) give byte-identical output on articles mixed with bad inputs', async () => {
  await withTmp(async (dir) => {
    const cases = writeBadFolder(dir, { longLineBytes: 64 * 1024 });
    const docs = articles();
    for (const d of docs) write(dir, `articles/${d.id}.txt`, d.text);
    const api = await analyze(dir, { workers: 2, batchSize: 4 });
    checkAccounting(api, { inputs: cases.length + docs.length });
    const expected = formatResult(api, 'jsonl');
    for (const workers of ['1', '2', '4']) {
      const run = await runCli(['cluster', dir, '--format', 'jsonl', '--workers', workers]);
      assert.is(run.code, 1, run.stderr); // the bad inputs are errors
      assert.ok(run.stdout === expected, `--workers ${workers} differs from the API's output`);
    }
  });
});

test('folders: files created in another order, or visited in another order, give the same output', async () => {
  await withTmp(async (dir) => {
    const docs = articles();
    const a = path.join(dir, 'a');
    const b = path.join(dir, 'b');
    const c = path.join(dir, 'c');
    for (const d of docs) write(a, `${d.id}.txt`, d.text);
    for (const d of [...docs].reverse()) write(b, `${d.id}.txt`, d.text);
    // Same ids and texts, spread over subfolders so the walk meets them in a shuffled order.
    shuffled(docs, 3).forEach((d, i) => write(c, `${String(i % 7)}/${d.id}.txt`, d.text));
    const outputs: string[] = [];
    for (const folder of [a, b, c]) {
      const result = await analyze(folder, { workers: 2, batchSize: 8 });
      checkAccounting(result, { inputs: docs.length, lengths: new Map(docs.map((d) => [d.id, d.text.length])) });
      outputs.push(formatResult(result, 'json'));
    }
    assert.ok(outputs[0] === outputs[1], 'creation order changed the output');
    assert.ok(outputs[0] === outputs[2], 'walk order changed the output');
    assert.ok(outputs[0].includes('"nearDuplicateOf": "s1'), 'the corpus has near-duplicates to get right');
  });
});

test('JSONL lines and code items in shuffled order give the same output', async () => {
  await withTmp(async (dir) => {
    const docs = articles();
    const outputs: string[] = [];
    for (const seed of [1, 2]) {
      const file = path.join(dir, `corpus-${seed}.jsonl`);
      fs.writeFileSync(file, shuffled(docs, seed).map((d) => JSON.stringify(d)).join('\n') + '\n');
      outputs.push(formatResult(await analyze(file, { workers: 2, batchSize: 5 }), 'json'));
    }
    outputs.push(formatResult(await analyze(shuffled(docs, 9), { workers: 1 }), 'json'));
    assert.ok(outputs[0] === outputs[1], 'shuffled JSONL lines changed the output');
    assert.ok(outputs[0] === outputs[2], 'documents from code gave another output than JSONL');
  });
});

/**
 * A small heavy-tailed archive (Zipf events and copy groups, briefs under
 * site furniture, one 1 MB page of short lines) with one article copied 70
 * times, so that an LSH bucket is over 64 members (the bounded join).
 */
function heavyDocs(): Doc[] {
  const docs: Doc[] = [...heavyArchive(400, 7, { hugeMaxChars: HUGE_MIN_CHARS })].map((d) => ({ id: d.id, title: d.title, date: d.date, text: textOf(d) }));
  const source = docs.find((d) => d.text.length > 3000)!;
  for (let k = 0; k < 70; k++) docs.push({ id: `${source.id}-copy${String(k).padStart(2, '0')}`, title: source.title, date: source.date, text: source.text });
  return docs;
}

test('the heavy archive: shuffled, and on 1, 2 and 3 workers, byte-identical (sparse event blocks, a bucket over 64, a huge page)', async () => {
  const docs = heavyDocs();
  // Blocks over 8 items go to graph linkage on the sparse graph, as a story of thousands would.
  const options = { events: { maxBlock: 8 }, batchSize: 16 };
  const first = await analyze(docs, { ...options, workers: 1 });
  assert.ok(first.summary.eventClustering.sparseBlocks >= 2, JSON.stringify(first.summary.eventClustering));
  assert.ok(first.nearDuplicateGroups.some((g) => g.members.length > 64), 'a group over 64');
  const expected = formatResult(first, 'json');
  for (const [workers, seed] of [[2, 11], [3, 12]]) {
    const again = formatResult(await analyze(shuffled(docs, seed), { ...options, workers }), 'json');
    assert.ok(again === expected, `${workers} workers on a shuffled order gave another output`);
  }
});

test.run();
