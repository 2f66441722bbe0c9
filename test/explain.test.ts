/**
 * `explain` (issue 20, item 4), checked against what is known to be true,
 * not against its own output: the seeds' gold answer (../shared/seeds/GOLD.md,
 * corpus/gold.json: 000 and 001's first part report one event, E1; 002
 * reports another, E2), a Jaccard counted here by hand-written shingling,
 * and `cluster -f json` on the same corpus. Then the CLI's edges: unknown
 * and repeated ids, hostile ids, a reader that goes away.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { explain, StorylineError, type Explanation, type Result } from '../src/index.js';
import { CLI, finished, runCli } from './fixtures/cli.js';
import { CORPUS } from './fixtures/paths.js';
import { withTmp, write } from './fixtures/tmp.js';

const ID0 = '000_b6376d430f013651';
const ID1 = '001_0f04061c28888035';
const ID2 = '002_2692df5b955f32a0';
const seed = (id: string) => readFileSync(join(CORPUS, `${id}.txt`), 'utf8');

/** What must never reach a terminal raw: C0 (but the newline ending each line), DEL, C1, line/paragraph separators, bidi controls. */
const RAW_CONTROL = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

let seeds01: Explanation | undefined;
let seeds02: Explanation | undefined;
const explained01 = async () => (seeds01 ??= await explain(CORPUS, ID0, ID1, { workers: 1 }));
const explained02 = async () => (seeds02 ??= await explain(CORPUS, ID0, ID2, { workers: 1 }));

test('seeds: 000 and the first part of 001 are one event (GOLD E1), the second part of 001 another', async () => {
  const e = await explained01();
  assert.ok(e.events.sameEvent);
  // 001's first part starts at its headline "Lavrov Says Received" (GOLD), its second at "There is a principle agreement to engage Iran".
  const text1 = seed(ID1);
  const first = e.events.parts.find((p) => p.doc === ID1 && p.start === text1.indexOf('Lavrov Says Received'));
  const second = e.events.parts.find((p) => p.doc === ID1 && p.start <= text1.indexOf('There is a principle agreement') && text1.indexOf('There is a principle agreement') < p.end);
  const main = e.events.parts.find((p) => p.doc === ID0);
  assert.ok(first && second && main, JSON.stringify(e.events.parts));
  assert.is.not(first, second);
  const pairOf = (b: typeof first) => e.events.pairs.find((p) => e.events.parts[p.a] === main && e.events.parts[p.b] === b)!;
  const one = pairOf(first);
  assert.ok(one.sameEvent);
  assert.ok(one.clusteredTogether);
  assert.is(one.block, 'same');
  assert.ok(one.linkageHeight !== null && one.linkageHeight <= e.events.cut, `height ${one.linkageHeight}`);
  assert.match(one.reason, /one cluster/);
  assert.ok(one.sharedTerms.some((t) => t.term === 'Shoukry' || t.term === 'Blinken'), JSON.stringify(one.sharedTerms));
  const two = pairOf(second);
  assert.not.ok(two.sameEvent);
  assert.ok(two.linkageHeight === null || two.linkageHeight > e.events.cut);
  // GOLD: no two seeds are near-duplicates; the two stories share few shingles.
  assert.not.ok(e.nearDuplicates.sameGroup);
  assert.is(e.nearDuplicates.contained, null);
  assert.ok(e.nearDuplicates.exactJaccard < 0.2, String(e.nearDuplicates.exactJaccard));
  assert.ok(e.nearDuplicates.signaturesMatch);
});

test('seeds: 000 and 002 are two events (GOLD E1 and E2), and the reason says why', async () => {
  const e = await explained02();
  assert.not.ok(e.events.sameEvent);
  assert.is(e.events.pairs.length, 1);
  const pair = e.events.pairs[0];
  assert.not.ok(pair.sameEvent);
  assert.not.ok(pair.clusteredTogether);
  // Either never a candidate pair, or a linkage height above the cut: the reason names which.
  if (pair.candidate === null) {
    assert.match(pair.reason, /^never compared: not a candidate pair/);
    assert.is(pair.edge, false);
  } else {
    assert.ok(pair.linkageHeight === null || pair.linkageHeight > e.events.cut);
    assert.match(pair.reason, /> cut|different blocks/);
  }
  // Their distance as clustering measures it is above the cut: nothing could have joined them directly.
  assert.ok(pair.distance > e.events.cut, String(pair.distance));
  assert.ok(Math.abs(pair.distance - (1 - pair.similarity + pair.leadNumbers.penalty + pair.dates.dateTerm + pair.sameDocumentPenalty)) < 1e-12);
  // 002's lead gives the year of the talks (July 2016, GOLD E2).
  const part2 = e.events.parts.find((p) => p.doc === ID2)!;
  assert.ok(part2.leadNumbers.includes('2016'), JSON.stringify(part2.leadNumbers));
  assert.not.ok(e.nearDuplicates.sameGroup);
});

test('a block too large for a dense matrix (events.maxBlock): clustered on its sparse graph, no linkage height, said so', async () => {
  const e = await explain(CORPUS, ID0, ID1, { workers: 1, events: { maxBlock: 2 } });
  const base = await explained01();
  // The same events as with dense blocks (the seeds are few), and no height where none is measured.
  assert.equal(e.a.segments, base.a.segments);
  assert.equal(e.b.segments, base.b.segments);
  for (const pair of e.events.pairs) {
    assert.is(pair.block, 'sparse');
    assert.is(pair.linkageHeight, null);
    assert.is(pair.clusteredTogether, null);
    assert.match(pair.reason, /sparse graph/);
  }
});

test('events joined after the linkage because their centroids are close (events.centroidJoin): the join and its cosine, which decides', async () => {
  // With a low events.centroidJoin the second part of 003 (Lavrov, Russia) joins the event of 000, 001 and 004.
  const id3 = '003_58454a3e4c685031';
  const e = await explain(CORPUS, ID0, id3, { workers: 1, events: { centroidJoin: 0.1 } });
  const joined = e.events.pairs.find((p) => p.centroidJoin !== null);
  assert.ok(joined !== undefined, 'a pair joined by centroids');
  assert.ok(joined.sameEvent);
  assert.is(joined.clusteredTogether, false);
  assert.is(joined.centroidJoin!.minCosine, 0.1);
  const { cosine } = joined.centroidJoin!;
  assert.ok(cosine >= 0.1 && cosine < 1, `${cosine}`);
  assert.match(joined.reason, /centroids are close: cosine \d\.\d+ ≥ events\.centroidJoin 0\.1/);
  // The cosine reported is the one that decides: just above it, the two stay apart and no join is reported.
  const apart = await explain(CORPUS, ID0, id3, { workers: 1, events: { centroidJoin: cosine + 1e-9 } });
  const same = apart.events.pairs.find((p) => p.a === joined.a && p.b === joined.b)!;
  assert.is(same.sameEvent, false);
  assert.is(same.centroidJoin, null);
  assert.not.match(same.reason, /centroid/);
  // Parts of one cluster before the joins are not said to be joined by centroids.
  for (const pair of (await explained01()).events.pairs) assert.is(pair.centroidJoin, null);
});

test('documents from code: a repeated id is explained under the name analyze gives it (x~2), with its own text', async () => {
  const docs = [
    { id: 'x', text: seed(ID0) },
    { id: 'x', text: seed(ID1) },
  ];
  const e = await explain(docs, 'x~2', 'x', { workers: 1 });
  assert.is(e.a.id, 'x~2');
  // The texts read again sign to the run's signatures: each id got its own document's text.
  assert.ok(e.nearDuplicates.signaturesMatch);
  const words1 = shingles(seed(ID1).slice(0, seed(ID1).indexOf('A related news from Sputnik News:')));
  assert.ok(Math.abs(e.nearDuplicates.shingles.a - words1.size) < 40, `${e.nearDuplicates.shingles.a} vs ${words1.size}`);
  assert.ok(e.nearDuplicates.shingles.a > e.nearDuplicates.shingles.b);
});

/** The story's words as the README describes tokens: letters and digits, case folded, inner apostrophes and digit separators dropped, a possessive 's dropped. */
function words(text: string): string[] {
  return text
    .replace(/(\p{L})['’]s(?![\p{L}\p{N}])/gu, '$1')
    .replace(/(\p{L})['’](?=\p{L})/gu, '$1')
    .replace(/(\d)[.,](?=\d)/g, '$1')
    .split(/[^\p{L}\p{N}\p{M}]+/u)
    .filter((w) => w !== '')
    .map((w) => w.normalize('NFKC').toLowerCase());
}

function shingles(text: string, size = 3): Set<string> {
  const w = words(text);
  const out = new Set<string>();
  for (let i = 0; i + size <= w.length; i++) out.add(w.slice(i, i + size).join(' '));
  return out;
}

test('a reprint with a few words changed is a near-duplicate, with the exact Jaccard counted by hand', async () => {
  await withTmp(async (dir) => {
    const original = seed(ID0);
    const reprinted = original.replace('on Tuesday said', 'on Wednesday said').replace('Egyptian counterpart', 'Egyptian colleague').replace('told reporters', 'told journalists');
    assert.is.not(reprinted, original);
    for (const id of [ID0, ID1, ID2]) write(dir, `${id}.txt`, seed(id));
    write(dir, 'reprint.txt', reprinted);
    const e = await explain(dir, ID0, 'reprint', { workers: 1 });
    // The story ends where the author's bio begins (GOLD: "the author bio at the end is boilerplate").
    const story = (text: string) => text.slice(0, text.indexOf('Author: Dave DeCamp'));
    const a = shingles(story(original));
    const b = shingles(story(reprinted));
    const shared = [...a].filter((s) => b.has(s)).length;
    const jaccard = shared / (a.size + b.size - shared);
    assert.is(e.nearDuplicates.shingles.a, a.size);
    assert.is(e.nearDuplicates.shingles.b, b.size);
    assert.is(e.nearDuplicates.shingles.shared, shared);
    assert.is(e.nearDuplicates.exactJaccard, jaccard);
    assert.is(e.nearDuplicates.exactContainment.aInB, shared / a.size);
    assert.ok(jaccard > 0.9 && jaccard < 1, String(jaccard));
    assert.ok(e.nearDuplicates.sameGroup);
    assert.is(e.nearDuplicates.pairVerdict, 'near-duplicates');
    assert.ok(e.nearDuplicates.candidate && e.nearDuplicates.lsh.sharedBands.length > 0);
    // The estimate is within a few standard errors (sqrt(J(1 − J)/128) ≈ 0.015) of the truth.
    assert.ok(Math.abs(e.nearDuplicates.estimatedJaccard - jaccard) < 0.08, `${e.nearDuplicates.estimatedJaccard} vs ${jaccard}`);
    assert.is(e.nearDuplicates.equalValues, Math.round(e.nearDuplicates.estimatedJaccard * 128));
    assert.match(e.nearDuplicates.reason, /^near-duplicates: estimated Jaccard/);
    // One of the pair is the group's representative; the other's segment takes its event.
    assert.ok(e.events.sameEvent);
    assert.ok(e.events.pairs.some((p) => p.sameItem && /not clustered itself/.test(p.reason)));
  });
});

test('CLI: the JSON parses and agrees with cluster -f json on the same corpus', async () => {
  const [shown, clustered] = await Promise.all([
    runCli(['explain', CORPUS, ID0, ID1, '-f', 'json', '--workers', '1', '-q']),
    runCli(['cluster', CORPUS, '-f', 'json', '--workers', '1', '-q']),
  ]);
  assert.is(shown.code, 0, shown.stderr);
  assert.is(clustered.code, 0, clustered.stderr);
  const e = JSON.parse(shown.stdout) as Explanation;
  const result = JSON.parse(clustered.stdout) as Result;
  for (const side of [e.a, e.b]) {
    const doc = result.documents.find((d) => d.id === side.id)!;
    assert.equal(
      side.segments.map(({ start, end, kind, event }) => ({ start, end, kind, event })),
      doc.segments,
    );
    assert.is(side.bundle, doc.bundle);
    assert.is(side.nearDuplicateOf, doc.nearDuplicateOf);
  }
  const eventsOf = (id: string) => new Set(result.documents.find((d) => d.id === id)!.segments.map((s) => s.event).filter((x) => x !== null));
  const shared = [...eventsOf(ID0)].filter((x) => eventsOf(ID1).has(x));
  assert.is(e.events.sameEvent, shared.length > 0);
  for (const part of e.events.parts) {
    const doc = result.documents.find((d) => d.id === part.doc)!;
    assert.is(part.event, doc.segments[part.segment].event);
  }
  assert.is(e.nearDuplicates.sameGroup, result.nearDuplicateGroups.some((g) => g.members.includes(ID0) && g.members.includes(ID1)));
  assert.is(e.corpus.documents, result.summary.documents);
});

test('CLI: the text names both documents, the verdicts and the figures', async () => {
  const run = await runCli(['explain', CORPUS, ID0, ID2, '--workers', '1']);
  assert.is(run.code, 0, run.stderr);
  assert.is(run.stderr, '');
  assert.match(run.stdout, /^storyline explain: 000_b6376d430f013651 vs 002_2692df5b955f32a0/);
  assert.match(run.stdout, /\nNEAR-DUPLICATES: no\n/);
  assert.match(run.stdout, /\nEVENTS: different events/);
  assert.match(run.stdout, /exact Jaccard +\d\.\d{3}/);
  assert.match(run.stdout, /estimated Jaccard +\d\.\d{3} +\(\d+ of 128 MinHash values equal/);
  assert.not.match(run.stdout, RAW_CONTROL);
});

test('unknown ids: one line naming each, exit 2; the API throws UNKNOWN_ID', async () => {
  const [run, thrown] = await Promise.all([runCli(['explain', CORPUS, 'nope', '000', '--workers', '1']), explain(CORPUS, ID0, 'nope', { workers: 1 }).catch((err: unknown) => err)]);
  assert.is(run.code, 2, run.stderr);
  assert.is(run.stdout, '');
  assert.is(run.stderr.split('\n').length, 2, run.stderr);
  assert.match(run.stderr, /^storyline: no document with id "nope" and "000" \(ids starting so: "000_b6376d430f013651"\)/);
  assert.instance(thrown, StorylineError);
  assert.is((thrown as StorylineError).code, 'UNKNOWN_ID');
  assert.match((thrown as Error).message, /"nope"/);
});

test('the same id twice: a clear error before any work, exit 2; the API throws INVALID_OPTION', async () => {
  const run = await runCli(['explain', CORPUS, ID0, ID0]);
  assert.is(run.code, 2);
  assert.match(run.stderr, /^storyline: explain needs two different documents; got "000_b6376d430f013651" twice/);
  try {
    await explain(CORPUS, ID0, ID0);
    assert.unreachable('the same id twice must throw');
  } catch (err) {
    assert.is((err as StorylineError).code, 'INVALID_OPTION');
  }
});

test('hostile ids: control characters are shown escaped on stderr and in the text, raw nowhere', async () => {
  await withTmp(async (dir) => {
    const idA = 'a\x1b]0;pwned\x07\nforged';
    const idB = 'b\u202eevil\x9b2J';
    const lines = [{ id: idA, text: seed(ID0) }, { id: idB, text: seed(ID1) }].map((d) => JSON.stringify(d)).join('\n');
    const file = write(dir, 'hostile.jsonl', lines + '\n');
    const [unknown, shown, json] = await Promise.all([
      runCli(['explain', file, 'x\x1b[2Jy', idA, '--workers', '1']),
      runCli(['explain', file, idA, idB, '--workers', '1']),
      runCli(['explain', file, idA, idB, '--workers', '1', '-f', 'json']),
    ]);
    assert.is(unknown.code, 2, unknown.stderr);
    assert.not.match(unknown.stderr.slice(0, -1), RAW_CONTROL);
    // The id as the message quotes it (a JSON string), its escape visible.
    assert.ok(unknown.stderr.includes('"x\\u001b[2Jy"'), unknown.stderr);
    assert.is(shown.code, 0, shown.stderr);
    assert.not.match(shown.stdout, RAW_CONTROL);
    assert.ok(shown.stdout.includes('a\\x1b]0;pwned\\x07\\x0aforged'), shown.stdout.slice(0, 300));
    assert.ok(shown.stdout.includes('b\\u202eevil\\x9b2J'));
    assert.not.match(json.stdout, /[\x7f-\x9f\u202a-\u202e]/u);
    assert.is((JSON.parse(json.stdout) as Explanation).b.id, idB);
  });
});

test('the reader of stdout goes away (| true): exit 141, nothing on stderr; a full device: one line, exit 3', async () => {
  const quoted = [process.execPath, CLI, 'explain', CORPUS, ID0, ID1, '--workers', '1'].map((a) => `"${a}"`).join(' ');
  const [piped, full] = await Promise.all([
    finished(spawn('bash', ['-c', `${quoted} | true; echo "\${PIPESTATUS[0]}"`], { stdio: ['ignore', 'pipe', 'pipe'] })),
    existsSync('/dev/full') ? finished(spawn('bash', ['-c', `${quoted} > /dev/full`], { stdio: ['ignore', 'pipe', 'pipe'] })) : undefined,
  ]);
  assert.is(piped.stdout, '141\n');
  assert.is(piped.stderr, '');
  if (full === undefined) {
    process.stderr.write('skipped "explain onto /dev/full": no /dev/full here\n');
    return;
  }
  assert.is(full.code, 3, full.stderr);
  assert.is(full.stderr, 'storyline: cannot write -: no space left on device\n');
});

test.run();
