/**
 * collectFeatures (features/collect.ts) on small hand-made sources with one
 * worker: documents, ids made unique and errors in input order across
 * batches, the counts (inputs, bytes of text, bytes of the source read),
 * progress, a document no worker can analyse, an abort, a lent pool left
 * open. Every count is worked out by hand from the inputs.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { collectFeatures as collectOrThrow } from '../src/features/collect.js';
import { minhash } from '../src/features/signature.js';
import { DOC_PUBLISHED } from '../src/features/batch.js';
import { resolveOptions, type Progress } from '../src/options.js';
import { WorkerPool } from '../src/pool/pool.js';

/**
 * collectFeatures, with a rejection made an Error: uvu counts a test that
 * throws `undefined` as neither passed nor failed, and exits 0.
 */
const collectFeatures = (...args: Parameters<typeof collectOrThrow>) =>
  collectOrThrow(...args).catch((e: unknown) => {
    throw e instanceof Error ? e : new Error(`rejected with ${String(e)}`);
  });

const TEXTS = ['Storm hits Cairo. The storm hit Cairo on Monday.', 'one two three', '', 'Élection à Paris, dit-on.', 'four five'];

test('documents in input order across batches, ids made unique, errors in place, counts by hand', async () => {
  const progress: Progress[] = [];
  const items: unknown[] = [
    { id: 'a', text: TEXTS[0] },
    { id: 'a', text: TEXTS[1] }, // a repeated id: renamed a~2
    { id: 'b' }, // no text: an error, counted as an input
    { id: 'c', text: TEXTS[2] },
    { id: 'd', text: TEXTS[3] },
    42, // not an object
    { id: 'e', text: TEXTS[4] },
  ];
  const r = await collectFeatures(items as never, resolveOptions({ workers: 1, batchSize: 2, onProgress: (p) => progress.push(p) }));
  assert.equal(r.docs.map((d) => d.id), ['a', 'a~2', 'c', 'd', 'e']);
  assert.equal(r.docs.map((d) => d.origin), ['item 0', 'item 1', 'item 3', 'item 4', 'item 6']);
  assert.equal(r.docs.map((d) => d.length), [TEXTS[0].length, 13, 0, 25, 9]);
  assert.equal(r.docs[1].warnings.map((w) => w.code), ['duplicate-id']);
  assert.equal(r.docs[2].warnings.map((w) => w.code), ['empty']);
  assert.equal(r.errors.map((e) => [e.source, e.code]), [['item 2', 'missing-text'], ['item 5', 'not-an-object']]);
  assert.is(r.inputs, 7);
  assert.is(r.bytes, TEXTS[0].length + 13 + 0 + 25 + 9);
  // features of the five documents, in order: tokens as counted by hand
  assert.is(r.features.count, 5);
  assert.equal(Array.from(r.features.tokens), [9, 3, 0, 5, 2]);
  assert.is(r.skipped.count, 0);
  // the last report is forced, with everything counted
  const last = progress[progress.length - 1];
  assert.equal(last, { phase: 'features', done: 5, bytes: r.bytes, inputs: 7, inputBytes: 0 });
  assert.ok(progress.length >= 2, `${progress.length} reports`);
  for (const p of progress) assert.is(p.phase, 'features');
});

test('a folder: bytes of the source read (JSONL lines with their line ends, whole files)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'storyline-collect-'));
  try {
    const lines = ['{"id":"x","text":"one two"}', 'not json', '{"id":"y","text":"three four five"}'];
    writeFileSync(join(dir, 'a.jsonl'), lines.join('\n') + '\n');
    writeFileSync(join(dir, 'b.txt'), 'A plain text file.');
    writeFileSync(join(dir, '.hidden'), 'not an input');
    const progress: Progress[] = [];
    const r = await collectFeatures(dir, resolveOptions({ workers: 1, batchSize: 1, onProgress: (p) => progress.push(p) }));
    assert.equal(r.docs.map((d) => d.id), ['x', 'y', 'b']);
    assert.equal(r.errors.map((e) => e.code), ['malformed-json']);
    assert.is(r.inputs, 4);
    assert.equal([r.skipped.count, r.skipped.byReason], [1, { hidden: 1 }]);
    assert.is(r.bytes, 7 + 15 + 18);
    const inputBytes = lines.reduce((s, l) => s + l.length + 1, 0) + 18;
    assert.equal(progress[progress.length - 1], { phase: 'features', done: 3, bytes: 40, inputs: 4, inputBytes });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a document no worker can analyse becomes an error after the others, named by its renamed id', async () => {
  const items = [
    { id: 'a', text: 'first text here' },
    { id: 'a', text: 'poison pill text' },
    { id: 'b', text: 'last text here' },
    { id: 'c' },
  ];
  const r = await collectFeatures(items as never, resolveOptions({ workers: 1, batchSize: 4, faultOn: { text: 'poison pill text', mode: 'throw' } }));
  assert.equal(r.docs.map((d) => d.id), ['a', 'b']);
  assert.is(r.features.count, 2);
  assert.is(r.inputs, 4);
  assert.is(r.bytes, 15 + 14);
  assert.equal(r.errors.map((e) => [e.source, e.code]), [['item 3', 'missing-text'], ['item 1', 'worker-failed']]);
  assert.match(r.errors[1].message, /^no worker could analyse document "a~2" \(tried again, then alone\): .*injected fault/);
});

test('an abort rejects with its reason; a lent pool stays open for the next call', async () => {
  const pool = new WorkerPool(1);
  try {
    const controller = new AbortController();
    const reason = new Error('stop here');
    controller.abort(reason);
    const items = [{ id: 'a', text: 'some text' }];
    await collectFeatures(items, resolveOptions({ workers: 1, signal: controller.signal }), pool).then(
      () => assert.unreachable('no abort'),
      (e: unknown) => assert.ok(e === reason, String(e)),
    );
    const r = await collectFeatures(items, resolveOptions({ workers: 1 }), pool);
    assert.equal(r.docs.map((d) => d.id), ['a']);
    const again = await collectFeatures([{ id: 'z', text: 'more text' }], resolveOptions({ workers: 1 }), pool);
    assert.equal(again.docs.map((d) => d.id), ['z']);
  } finally {
    await pool.close();
  }
});

test('the MinHash options reach the workers; an error after the last full batch is still taken in', async () => {
  const items = [{ id: 'a', text: 'the storm hit the city on monday night' }, { id: 'b', text: 'voters went to the polls' }, { id: 'c' }];
  const r = await collectFeatures(items as never, resolveOptions({ workers: 1, batchSize: 2, numPerm: 64, seed: 7, shingleSize: 2 }));
  assert.equal(r.docs.map((d) => d.id), ['a', 'b']);
  assert.equal(r.errors.map((e) => [e.source, e.code]), [['item 2', 'missing-text']]);
  assert.is(r.inputs, 3);
  assert.is(r.features.numPerm, 64);
  const want = [minhash(items[0].text!, { numPerm: 64, seed: 7, shingleSize: 2 }), minhash(items[1].text!, { numPerm: 64, seed: 7, shingleSize: 2 })];
  assert.equal(Array.from(r.features.signatures), [...want[0].values, ...want[1].values]);
  assert.equal(Array.from(r.features.shingles), [want[0].shingles, want[1].shingles]);
});

test('a source that pauses while a batch is out: the batch being filled is not taken in early', async () => {
  async function* slow() {
    yield { id: 'a', text: 'first text' };
    yield { id: 'b', text: 'second text' }; // a batch of 2 goes out
    yield { id: 'c', text: 'third text' };
    await new Promise((resolve) => setTimeout(resolve, 400)); // the first batch comes back meanwhile
    yield { id: 'd', text: 'fourth text' };
  }
  const r = await collectFeatures(slow(), resolveOptions({ workers: 1, batchSize: 2 }));
  assert.equal(r.docs.map((d) => d.id), ['a', 'b', 'c', 'd']);
  assert.is(r.features.count, 4);
  assert.equal(Array.from(r.features.tokens), [2, 2, 2, 2]);
});

test('a source of errors only: each is taken in, no document', async () => {
  const r = await collectFeatures([{ id: 'x' }, 7] as never, resolveOptions({ workers: 1 }));
  assert.equal(r.docs, []);
  assert.equal(r.errors.map((e) => [e.source, e.code]), [['item 0', 'missing-text'], ['item 1', 'not-an-object']]);
  assert.is(r.inputs, 2);
  assert.is(r.features.count, 0);
});

test('signaturesOnly: what near-duplicates read (signature, shingles, tokens, flags, date) and nothing else; one frozen empty warnings list', async () => {
  const items = [
    { id: 'a', text: 'The storm hit the city on Monday night, and officials said the roads were closed.', date: '2024-01-02' },
    { id: 'b', text: 'voters went to the polls in the capital' },
    { id: 'c', text: '' },
  ];
  const r = await collectFeatures(items as never, resolveOptions({ workers: 1 }), undefined, { signaturesOnly: true });
  const f = r.features;
  assert.is(f.count, 3);
  const want = items.map((d) => minhash(d.text));
  assert.equal(Array.from(f.signatures), want.flatMap((w) => [...w.values]));
  assert.equal(Array.from(f.shingles), want.map((w) => w.shingles));
  assert.equal(Array.from(f.tokens), [15, 8, 0]);
  assert.equal(Array.from(f.date).slice(0, 1), [Date.UTC(2024, 0, 2) / 86_400_000]);
  assert.ok(Number.isNaN(f.date[1]) && Number.isNaN(f.date[2]));
  assert.is(f.flags[0] & DOC_PUBLISHED, DOC_PUBLISHED);
  assert.is(f.flags[1] & DOC_PUBLISHED, 0);
  // No blocks, terms or titles.
  assert.equal(Array.from(f.blockStart), [0, 0, 0, 0]);
  assert.is(f.termId.length, 0);
  assert.equal(f.titles, ['', '', '']);
  // The same documents in full have blocks and terms.
  const full = await collectFeatures(items as never, resolveOptions({ workers: 1 }));
  assert.ok(full.features.blockStart[3] >= 2 && full.features.termId.length > 10);
  // No record is kept per document: ids and origins are in the registry.
  assert.is(r.docs.length, 0);
  assert.equal([0, 1, 2].map((d) => r.names.id(d)), ['a', 'b', 'c']);
  assert.equal([0, 1, 2].map((d) => full.names.id(d)), full.docs.map((d) => d.id));
  assert.equal([0, 1, 2].map((d) => full.names.origin(d)), full.docs.map((d) => d.origin));
  // a and b have no warning: they share one frozen empty list; c (empty) has its own.
  assert.ok(full.docs[0].warnings === full.docs[1].warnings && Object.isFrozen(full.docs[0].warnings) && full.docs[0].warnings.length === 0);
  assert.equal(full.docs[2].warnings.map((w) => w.code), ['empty']);
});

test.run();
