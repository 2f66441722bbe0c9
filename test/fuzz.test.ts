/**
 * Fuzzing with a fixed seed and a bounded number of cases: random bytes and
 * random mutations of the sample articles through decoding, HTML stripping,
 * JSONL line parsing, structure and tokenizing, and a few through the whole
 * pipeline. Nothing may throw, and the invariants must hold: offsets in
 * range, units, tokens and segments in order, every input accounted for.
 * A failure prints the case number; rerun with that seed to reproduce.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { docFromBytes } from '../src/ingest/file.js';
import { parseLine, splitLines } from '../src/ingest/jsonl.js';
import { analyze, createTokens, segment, splitUnits, tokenize, type Doc } from '../src/index.js';
import { checkAccounting } from './fixtures/accounting.js';
import { seedText } from './fixtures/bad-inputs.js';
import { mulberry32 } from './fixtures/random.js';

const SEED = 20240521;
const CASES = { randomBytes: 1500, mutations: 1500, segmented: 60, jsonlFiles: 150, analyzed: 40 };

const DOC_WARNINGS = new Set(['decoded-utf16', 'decoded-windows-1252', 'replaced-invalid-utf8', 'truncated']);
const FILE_ERRORS = new Set(['binary', 'invalid-utf8']);
const LINE_ERRORS = new Set(['line-too-long', 'invalid-utf8', 'malformed-json', 'not-an-object', 'missing-text', 'invalid-text', 'missing-id']);

type Random = () => number;
const int = (random: Random, n: number) => Math.floor(random() * n);
const pick = <T>(random: Random, xs: readonly T[]): T => xs[int(random, xs.length)];

const SEEDS = Array.from({ length: 5 }, (_, i) => Buffer.from(seedText(i)));

/** Bytes of several flavours: uniform noise, ASCII-ish text, UTF-8 fragments, control-heavy. */
function randomBytes(random: Random): Buffer {
  const length = int(random, 8) === 0 ? int(random, 4) : int(random, 4096);
  const flavour = int(random, 4);
  const out = Buffer.alloc(length);
  const alphabet = 'aeiou tnsrl.,\n\nABC\u00e9\u00fc\u2014\u201c\u201d';
  for (let i = 0; i < length; i++) {
    if (flavour === 0) out[i] = int(random, 256);
    else if (flavour === 1) out[i] = 32 + int(random, 95);
    else if (flavour === 2) out[i] = Buffer.from(pick(random, [...alphabet]))[0] ^ (int(random, 50) === 0 ? 0x80 : 0);
    else out[i] = int(random, 3) === 0 ? int(random, 32) : 0x80 + int(random, 128);
  }
  return out;
}

const SNIPPETS = ['<', '>', '&', '&#', '&#x110000;', '<!--', '<script>', '</p>', '<p>', '<title>', '\r', '\r\n', '\n\n', '\u2028', '\u00a0', '\ufeff', '...', 'Mr. ', '"', '\u2019s'];

/** One article with a handful of random edits: bytes flipped, inserted, deleted, duplicated; markup; BOMs; cuts. */
function mutate(random: Random, original: Buffer): Buffer {
  let bytes = Buffer.from(original);
  const edits = 1 + int(random, 6);
  for (let e = 0; e < edits; e++) {
    const at = int(random, bytes.length + 1);
    const span = int(random, 200);
    switch (int(random, 10)) {
      case 0:
        if (bytes.length > 0) bytes[Math.min(at, bytes.length - 1)] ^= 1 << int(random, 8);
        break;
      case 1:
        bytes = Buffer.concat([bytes.subarray(0, at), randomBytes(random).subarray(0, 1 + int(random, 16)), bytes.subarray(at)]);
        break;
      case 2:
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + span)]);
        break;
      case 3:
        bytes = Buffer.concat([bytes.subarray(0, at + span), bytes.subarray(at, at + span), bytes.subarray(at + span)]);
        break;
      case 4:
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(pick(random, SNIPPETS)), bytes.subarray(at)]);
        break;
      case 5:
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from([pick(random, [0x00, 0xe9, 0xff, 0xc3, 0xed, 0xf4, 0x80])]), bytes.subarray(at)]);
        break;
      case 6:
        bytes = bytes.subarray(0, at); // possibly inside a character
        break;
      case 7:
        bytes = Buffer.concat([Buffer.from(pick(random, [[0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff], [0x25, 0x50, 0x44, 0x46]])), bytes]);
        break;
      case 8:
        bytes = Buffer.from(bytes.toString('utf8'), pick(random, ['utf16le', 'latin1'] as const));
        break;
      default:
        bytes = Buffer.from(bytes.toString('utf8').replace(/\n/g, pick(random, ['\r\n', '\r', ' ', '\n\n\n'])));
    }
  }
  return bytes;
}

const tokens = createTokens(0);

/** Units and tokens lie inside the text, in order, without overlaps. */
function checkText(text: string, label: string): void {
  let end = 0;
  for (const u of splitUnits(text).units) {
    assert.ok(u.start >= end && u.start < u.end && u.end <= text.length, `${label}: unit ${u.start}-${u.end} after ${end} in ${text.length}`);
    end = u.end;
  }
  tokens.count = 0;
  tokenize(text, tokens);
  end = 0;
  for (let t = 0; t < tokens.count; t++) {
    assert.ok(tokens.start[t] >= end && tokens.start[t] < tokens.end[t] && tokens.end[t] <= text.length, `${label}: token ${t}`);
    end = tokens.end[t];
  }
}

/** Decoding one file's bytes: a document whose text passes checkText, or a known error; never a throw. */
function checkFile(bytes: Buffer, label: string, random: Random): string | undefined {
  const origin = pick(random, ['fuzz.txt', 'fuzz.html', 'fuzz.md']);
  // Sometimes pretend the read was capped, as for a file larger than maxBytes.
  const size = int(random, 5) === 0 ? bytes.length + 1 + int(random, 100) : bytes.length;
  const result = docFromBytes(bytes, size, origin);
  if (!result.ok) {
    assert.ok(FILE_ERRORS.has(result.error.code), `${label}: error code ${result.error.code}`);
    assert.is(result.error.source, origin);
    return undefined;
  }
  for (const w of result.doc.warnings) assert.ok(DOC_WARNINGS.has(w.code), `${label}: warning ${w.code}`);
  assert.is(result.doc.warnings.some((w) => w.code === 'truncated'), size > bytes.length, `${label}: truncated warning iff cut`);
  checkText(result.doc.text, label);
  return result.doc.text;
}

test(`random bytes (${CASES.randomBytes} files): decoded or rejected, never thrown`, () => {
  const random = mulberry32(SEED);
  let decoded = 0;
  for (let c = 0; c < CASES.randomBytes; c++) if (checkFile(randomBytes(random), `random case ${c}`, random) !== undefined) decoded++;
  // Both outcomes must really occur, or the cases test nothing.
  assert.ok(decoded > CASES.randomBytes / 10 && decoded < CASES.randomBytes, `${decoded} decoded`);
});

test(`mutated articles (${CASES.mutations} files): decoded or rejected, never thrown; ${CASES.segmented} segmented`, () => {
  const random = mulberry32(SEED + 1);
  let decoded = 0;
  let segmented = 0;
  for (let c = 0; c < CASES.mutations; c++) {
    const text = checkFile(mutate(random, pick(random, SEEDS)), `mutation case ${c}`, random);
    if (text === undefined) continue;
    decoded++;
    if (segmented < CASES.segmented && c % 10 === 0) {
      segmented++;
      let end = 0;
      for (const s of segment(text)) {
        assert.ok(s.start >= end && s.start < s.end && s.end <= text.length, `mutation case ${c}: segment ${s.start}-${s.end}`);
        end = s.end;
      }
    }
  }
  assert.ok(decoded > CASES.mutations / 2, `${decoded} decoded`);
  assert.is(segmented, CASES.segmented);
});

test(`mutated JSONL files (${CASES.jsonlFiles}): one record per non-blank line, with its line number`, async () => {
  const random = mulberry32(SEED + 2);
  for (let c = 0; c < CASES.jsonlFiles; c++) {
    const lines: Buffer[] = [];
    for (let k = 0; k < 1 + int(random, 12); k++) {
      const record = { id: pick(random, ['a', 'b', 7, '', null, 'c']), text: pick(random, [seedText(k % 5).slice(0, 300), 5, null, '', undefined]), title: pick(random, ['t', 3, undefined]) };
      const line = Buffer.from(JSON.stringify(record));
      lines.push(int(random, 3) === 0 ? mutate(random, line) : line);
    }
    const file = Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')]));
    const maxBytes = pick(random, [64, 512, 16 * 1024 * 1024]);
    // Random chunking: lines must come out the same wherever the reads end.
    async function* chunks(): AsyncGenerator<Uint8Array> {
      for (let at = 0; at < file.length; ) {
        const size = 1 + int(random, 700);
        yield file.subarray(at, at + size);
        at += size;
      }
    }
    const expected = file.toString('latin1').split('\n');
    expected.pop(); // the final newline ends the last line
    let n = 0;
    for await (const line of splitLines(chunks(), maxBytes)) {
      n++;
      assert.is(line.n, n, `jsonl case ${c}: line numbers in order`);
      const record = parseLine(line, 'fuzz.jsonl');
      const raw = expected[n - 1];
      if (record === undefined) {
        assert.ok(raw.trim() === '', `jsonl case ${c}: only blank lines give no record`);
      } else if (record.kind === 'error') {
        assert.ok(LINE_ERRORS.has(record.error.code), `jsonl case ${c}: ${record.error.code}`);
        assert.is(record.error.source, `fuzz.jsonl:${n}`);
        assert.match(record.error.message, `line ${n}:`);
      } else {
        assert.is(record.doc.origin, `fuzz.jsonl:${n}`);
        checkText(record.doc.text, `jsonl case ${c} line ${n}`);
      }
    }
    assert.is(n, expected.length, `jsonl case ${c}: every line seen`);
  }
});

test(`mutated articles through analyze (${CASES.analyzed} documents): accounting and offsets hold`, async () => {
  const random = mulberry32(SEED + 3);
  const docs: Doc[] = [];
  for (let c = 0; c < CASES.analyzed; c++) {
    const text = mutate(random, pick(random, SEEDS)).toString('utf8');
    docs.push({ id: `m${String(c).padStart(2, '0')}`, text });
  }
  // Invalid items ride along: they must come out as errors, not vanish.
  const items = [...docs, { id: 'no-text' }, { text: 'no id' }, null] as unknown as Doc[];
  const result = await analyze(items, { workers: 2, batchSize: 7 });
  checkAccounting(result, { inputs: items.length, lengths: new Map(docs.map((d) => [d.id, d.text.length])) });
  assert.is(result.documents.length, docs.length);
  assert.is(result.errors.length, 3);
});

test.run();
