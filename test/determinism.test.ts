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
import { mulberry32 } from './fixtures/random.js';
import { withTmp, write } from './fixtures/tmp.js';
import { reprint, wrapped } from './fixtures/variants.js';

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

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = mulberry32(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
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
    assert.ok(outputs[0].includes('"nearDuplicateOf": "s1"'), 'the corpus has near-duplicates to get right');
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

test.run();
