/**
 * The pure parts of ingestion (entities, decoding, validation, ids, the
 * skipped tally, JSONL lines, HTML) on crafted inputs whose answers are
 * worked out by hand or come from an independent reference (Node's
 * `isUtf8`, Latin-1 and Windows-1252 code charts). No files: fast enough to
 * run once per mutant in `npm run mutate -- ingest`.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isUtf8 } from 'node:buffer';
import { decodeBytes, escapeInvalidUtf8, firstInvalidUtf8, scanUtf8, utf8CutPoint } from '../src/ingest/decode.js';
import { decodeEntities } from '../src/ingest/entities.js';
import { htmlToText } from '../src/ingest/html.js';
import { hashString } from '../src/features/hash.js';
import { IdRegistry, RegisteredDocs, rankById } from '../src/ingest/ids.js';
import { jsonlKind, memberText, parseLine, splitLines } from '../src/ingest/jsonl.js';
import { SkippedTally } from '../src/ingest/skipped.js';
import { validateDoc } from '../src/ingest/validate.js';
import { readInputs, skipReason, type RawRecord } from '../src/ingest/inputs.js';
import { walkFolder } from '../src/ingest/folder.js';
import { execFileSync } from 'node:child_process';
import { toDocument } from '../src/ingest/document.js';
import { docFromBytes, readDocFile, readFileBytes } from '../src/ingest/file.js';
import { ingest } from '../src/ingest/index.js';
import { StorylineError } from '../src/errors.js';
import type { Doc } from '../src/types.js';
import { mulberry32 } from './fixtures/random.js';
import { withTmp, write } from './fixtures/tmp.js';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';

const bytes = (...b: number[]) => Buffer.from(b);

// ---------- entities ----------

test('entities: Latin-1 names from each stretch of the table, as the Latin-1 chart places them', () => {
  const cases: Array<[string, string]> = [
    ['nbsp', '\u00a0'], ['acute', '\u00b4'], ['micro', '\u00b5'], ['AElig', '\u00c6'], ['Ccedil', '\u00c7'], ['Oslash', '\u00d8'],
    ['Ugrave', '\u00d9'], ['eacute', '\u00e9'], ['ecirc', '\u00ea'], ['ucirc', '\u00fb'], ['uuml', '\u00fc'], ['yuml', '\u00ff'],
    ['amp', '&'], ['mdash', '\u2014'], ['euro', '\u20ac'], ['deg', '\u00b0'],
  ];
  for (const [name, ch] of cases) assert.is(decodeEntities(`x&${name};y`), `x${ch}y`, name);
});

test('entities: without a semicolon only the legacy names are read, also run into text', () => {
  assert.is(decodeEntities('&amp &lt &gt &quot &nbsp &copy &reg'), '& < > " \u00a0 \u00a9 \u00ae');
  assert.is(decodeEntities('&eacute &mdash'), '&eacute &mdash');
  assert.is(decodeEntities('&ampfoo &lt3 &regular'), '&foo <3 \u00aeular');
  // a name that is not in the table stays as written, with or without a semicolon
  assert.is(decodeEntities('&regx; &notin; &zz'), '&regx; &notin; &zz');
  assert.is(decodeEntities('no references'), 'no references');
});

test('entities: numeric references as browsers read them (Windows-1252 for 0x80-0x9F, U+FFFD for invalid)', () => {
  assert.is(decodeEntities('&#65;&#x42;&#X43;&#68'), 'ABCD');
  assert.is(decodeEntities('&#128;&#x9F;&#x9f;&#150;'), '\u20ac\u0178\u0178\u2013');
  assert.is(decodeEntities('&#127;&#160;&#x7E;'), '\u007f\u00a0~');
  assert.is(decodeEntities('&#0;&#x110000;&#xD800;&#xDFFF;'), '\ufffd'.repeat(4));
  assert.is(decodeEntities('&#xD7FF;&#xE000;&#x10FFFF;'), '\ud7ff\ue000\u{10ffff}');
  // at most 8 digits: the ninth is text
  assert.is(decodeEntities('&#123456789;'), '\ufffd9;');
  assert.is(decodeEntities('&#00000065;'), 'A');
});

// ---------- decoding ----------

test('decodeBytes: each signature, exactly as long as the file, names what the file is', () => {
  const cases: Array<[number[], string]> = [
    [[0x25, 0x50, 0x44, 0x46], 'a PDF file'],
    [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG image'],
    [[0xff, 0xd8, 0xff], 'a JPEG image'],
    [[0x47, 0x49, 0x46, 0x38, 0x37, 0x61], 'a GIF image'], // GIF87a
    [[0x47, 0x49, 0x46, 0x38, 0x39, 0x61], 'a GIF image'], // GIF89a
    [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive (or a .docx/.xlsx/.odt document)'],
    [[0x50, 0x4b, 0x05, 0x06], 'a ZIP archive (or a .docx/.xlsx/.odt document)'], // an empty ZIP
    [[0x1f, 0x8b], 'a gzip archive'],
  ];
  for (const [sig, what] of cases) {
    assert.equal(decodeBytes(Buffer.from(sig)), { ok: false, code: 'binary', message: `looks like ${what}, not text` }, what);
  }
  // one byte short of a signature is text
  assert.equal(decodeBytes(Buffer.from('%PD')), { ok: true, text: '%PD', encoding: 'utf-8', bytesUsed: 3, warnings: [] });
  assert.equal(decodeBytes(Buffer.from('GIF88a')), { ok: true, text: 'GIF88a', encoding: 'utf-8', bytesUsed: 6, warnings: [] });
});

test('decodeBytes: NUL bytes in the first 8 KiB make a binary; later ones are text', () => {
  const early = Buffer.concat([Buffer.from('a'.repeat(8191)), bytes(0)]);
  assert.equal(decodeBytes(early), { ok: false, code: 'binary', message: 'contains NUL bytes, looks like a binary file' });
  const late = Buffer.concat([Buffer.from('a'.repeat(8192)), bytes(0)]);
  const read = decodeBytes(late);
  assert.ok(read.ok && read.text === 'a'.repeat(8192) + '\0' && read.encoding === 'utf-8');
});

test('decodeBytes: UTF-16 by its byte order mark; an odd last byte is left out', () => {
  const utf16 = (encoding: string) => [{ code: 'decoded-utf16', message: `decoded as ${encoding} (byte order mark found)` }];
  assert.equal(decodeBytes(bytes(0xff, 0xfe, 0x61, 0x00, 0x62)), { ok: true, text: 'a', encoding: 'utf-16le', bytesUsed: 4, warnings: utf16('UTF-16LE') });
  assert.equal(decodeBytes(bytes(0xfe, 0xff, 0x00, 0x61, 0x00, 0x62)), { ok: true, text: 'ab', encoding: 'utf-16be', bytesUsed: 6, warnings: utf16('UTF-16BE') });
  // a byte order mark alone is an empty text
  assert.equal(decodeBytes(bytes(0xfe, 0xff)), { ok: true, text: '', encoding: 'utf-16be', bytesUsed: 2, warnings: utf16('UTF-16BE') });
});

test('decodeBytes: a truncated UTF-16 read drops a high surrogate at the cut, and only that', () => {
  const cut = (...b: number[]) => {
    const r = decodeBytes(Buffer.from(b), { truncated: true });
    return r.ok ? [r.text, r.bytesUsed] : r.code;
  };
  assert.equal(cut(0xff, 0xfe, 0x61, 0x00, 0x00, 0xd8), ['a', 4]); // U+D800, the first high surrogate
  assert.equal(cut(0xff, 0xfe, 0x61, 0x00, 0xff, 0xdb), ['a', 4]); // U+DBFF, the last
  assert.equal(cut(0xff, 0xfe, 0x61, 0x00, 0xff, 0xd7), ['a\ud7ff', 6]);
  assert.equal(cut(0xff, 0xfe, 0x61, 0x00, 0x00, 0xdc), ['a\udc00', 6]); // a low surrogate is kept
  assert.equal(cut(0xfe, 0xff, 0x00, 0x61, 0xd8, 0x3d), ['a', 4]); // big-endian
  assert.equal(cut(0xff, 0xfe, 0x3d, 0xd8), ['', 2]); // the only unit after the mark
  assert.equal(cut(0xff, 0xfe, 0x3d, 0xd8, 0x00, 0xde), ['\ud83d\ude00', 6]); // a whole pair
  // not truncated: a lone high surrogate at the end is kept
  const whole = decodeBytes(bytes(0xff, 0xfe, 0x61, 0x00, 0x00, 0xd8));
  assert.equal(whole.ok ? [whole.text, whole.bytesUsed] : whole.code, ['a\ud800', 6]);
});

test('decodeBytes: bytes that only look like a byte order mark are Windows-1252 (every byte of the mark is checked)', () => {
  const read = (...b: number[]) => {
    const r = decodeBytes(Buffer.from(b));
    return r.ok ? [r.encoding, r.text, r.bytesUsed] : r.code;
  };
  assert.equal(read(0x61, 0xfe, 0x62), ['windows-1252', 'a\u00feb', 3]);
  assert.equal(read(0xff, 0x61, 0x62), ['windows-1252', '\u00ffab', 3]);
  assert.equal(read(0xfe, 0x61, 0x62), ['windows-1252', '\u00feab', 3]);
  assert.equal(read(0x61, 0xff, 0x62), ['windows-1252', 'a\u00ffb', 3]);
  assert.equal(read(0xff, 0xfe), ['utf-16le', '', 2]);
  assert.equal(read(0x61, 0xbb, 0xbf), ['windows-1252', 'a\u00bb\u00bf', 3]);
  assert.equal(read(0xef, 0x61, 0xbf), ['windows-1252', '\u00efa\u00bf', 3]);
  assert.equal(read(0x61, 0x62, 0xbf), ['windows-1252', 'ab\u00bf', 3]);
  assert.equal(read(0xef, 0xbb, 0xbf), ['utf-8', '', 3]);
});

test('decodeBytes: a UTF-8 byte order mark is skipped and counted in bytesUsed', () => {
  assert.equal(decodeBytes(bytes(0xef, 0xbb, 0xbf, 0x78)), { ok: true, text: 'x', encoding: 'utf-8', bytesUsed: 4, warnings: [] });
  // two of its three bytes are no mark: Windows-1252 (ï » x)
  const partial = decodeBytes(bytes(0xef, 0xbb, 0x78));
  assert.ok(partial.ok && partial.encoding === 'windows-1252' && partial.text === '\u00ef\u00bbx');
});

test('decodeBytes: stray bytes in UTF-8 are replaced and counted; as many as the valid characters is Windows-1252', () => {
  // é € ÿ(stray) x (stray 0x80): 2 well-formed multi-byte characters, 2 invalid bytes at 5 and 7
  const two = decodeBytes(bytes(0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xff, 0x78, 0x80, 0xc3, 0xa9));
  assert.equal(two, {
    ok: true,
    text: '\u00e9\u20ac\ufffdx\ufffd\u00e9',
    encoding: 'utf-8',
    bytesUsed: 10,
    warnings: [{ code: 'replaced-invalid-utf8', message: '2 invalid UTF-8 bytes replaced with U+FFFD (the first at byte 5)' }],
  });
  // one é and one stray byte: a tie, read as Windows-1252 (Ã © ÿ)
  assert.equal(decodeBytes(bytes(0xc3, 0xa9, 0xff)), {
    ok: true,
    text: '\u00c3\u00a9\u00ff',
    encoding: 'windows-1252',
    bytesUsed: 3,
    warnings: [{ code: 'decoded-windows-1252', message: 'not valid UTF-8; decoded as Windows-1252' }],
  });
  // the first invalid byte is counted from the file's start, its byte order mark included
  const bom = decodeBytes(bytes(0xef, 0xbb, 0xbf, 0xc3, 0xa9, 0xc3, 0xa9, 0xff));
  assert.ok(bom.ok && bom.warnings[0].message === '1 invalid UTF-8 byte replaced with U+FFFD (the first at byte 7)');
});

test('decodeBytes: Windows-1252 is text while at most 1% of it is control characters (tab, new lines, form feed and CR are not)', () => {
  const text = (...parts: Array<string | number[]>) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
  const read = (b: Buffer) => {
    const r = decodeBytes(b);
    return r.ok ? r.encoding : r.code;
  };
  // é (0xE9, not UTF-8) + 98 letters + 1 control = 100 characters, 1 control: text; 2 controls: not
  assert.is(read(text('\u00e9', 'a'.repeat(98), [0x01])), 'windows-1252');
  assert.is(read(text('\u00e9', 'a'.repeat(97), [0x01, 0x01])), 'invalid-utf8');
  assert.is(read(text('\u00e9', 'a'.repeat(98), [0x1f])), 'windows-1252');
  assert.is(read(text('\u00e9', 'a'.repeat(97), [0x1f, 0x1f])), 'invalid-utf8');
  // in ten characters a single counted control is too many
  assert.is(read(text('\u00e9 a\tb\nc\fd\re')), 'windows-1252');
  assert.is(read(text('\u00e9 abcdefg', [0x7f])), 'invalid-utf8'); // DEL
  assert.is(read(text('\u00e9 abcdefg', [0x81])), 'invalid-utf8'); // 0x81 is no character in Windows-1252: U+0081
  assert.is(read(text('\u00e9 abcdefg', [0x9d])), 'invalid-utf8'); // U+009D
  assert.is(read(text('\u00e9 abcdefg', [0x9f])), 'windows-1252'); // Ÿ
  assert.is(read(text('\u00e9 abcdefg', [0x0b])), 'invalid-utf8'); // vertical tab
  // the control share of a UTF-8 reading is checked too: U+0085 (C2 85) three times in 4 characters
  // is refused, and the Windows-1252 reading (Â… Â… Â… ÿ) is text
  assert.is(read(bytes(0xc2, 0x85, 0xc2, 0x85, 0xc2, 0x85, 0xff)), 'windows-1252');
  assert.is(read(bytes(0xc3, 0xa9, 0xc3, 0xa9, 0xff)), 'utf-8');
  // U+009F, the last C1 control, is one too: one in 4 characters of UTF-8 is refused (Windows-1252 reads Â Ÿ)
  assert.is(read(bytes(0xc2, 0x9f, 0xc3, 0xa9, 0xc3, 0xa9, 0xff)), 'windows-1252');
});

test('the error names the first invalid byte, counting the byte order mark', () => {
  const r = decodeBytes(bytes(0xef, 0xbb, 0xbf, 0x61, 0xff, 0x01, 0x01, 0x01));
  assert.equal(r, { ok: false, code: 'invalid-utf8', message: 'invalid UTF-8 at byte 4, and not plausible Windows-1252 text either' });
});

test('firstInvalidUtf8 and scanUtf8 on the edges of well-formed UTF-8 (Unicode table 3-7)', () => {
  const first = (...b: number[]) => firstInvalidUtf8(Buffer.from(b));
  // well-formed: the smallest and largest of each row of the table
  for (const seq of [[0x7f], [0xc2, 0x80], [0xdf, 0xbf], [0xe0, 0xa0, 0x80], [0xe0, 0xbf, 0xbf], [0xe1, 0x80, 0x80], [0xec, 0xbf, 0xbf],
    [0xed, 0x80, 0x80], [0xed, 0x9f, 0xbf], [0xee, 0x80, 0x80], [0xef, 0xbf, 0xbf], [0xf0, 0x90, 0x80, 0x80], [0xf0, 0xbf, 0xbf, 0xbf],
    [0xf1, 0x80, 0x80, 0x80], [0xf3, 0xbf, 0xbf, 0xbf], [0xf4, 0x80, 0x80, 0x80], [0xf4, 0x8f, 0xbf, 0xbf]]) {
    assert.is(first(0x61, ...seq, 0x62), -1, seq.map((x) => x.toString(16)).join(' '));
  }
  // ill-formed at the byte after "a"
  for (const seq of [[0x80], [0xbf], [0xc0, 0x80], [0xc1, 0xbf], [0xc2, 0x7f], [0xc2, 0xc0], [0xe0, 0x9f, 0x80], [0xe0, 0xa0, 0x7f],
    [0xed, 0xa0, 0x80], [0xe1, 0x80, 0xc0], [0xf0, 0x8f, 0xbf, 0xbf], [0xf0, 0x90, 0x80, 0x7f], [0xf0, 0x90, 0x7f, 0x80],
    [0xf4, 0x90, 0x80, 0x80], [0xf5, 0x80, 0x80, 0x80], [0xff], [0xe2, 0x82]]) {
    assert.is(first(0x61, ...seq), 1, seq.map((x) => x.toString(16)).join(' '));
  }
  assert.equal(scanUtf8(bytes(0xc3, 0xa9, 0xff, 0x61, 0xe2, 0x82, 0xac, 0x80, 0xf0, 0x9f, 0x98, 0x80, 0xe2, 0x82)), { multibyte: 3, invalid: 4, firstInvalid: 2 });
  assert.equal(scanUtf8(bytes(0x61, 0x62)), { multibyte: 0, invalid: 0, firstInvalid: -1 });
});

test('property: firstInvalidUtf8 agrees with Node\'s isUtf8 (valid prefix, no character at the offset)', () => {
  const random = mulberry32(11);
  const pool = [0x00, 0x61, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xff];
  for (let round = 0; round < 3000; round++) {
    const b = Buffer.from(Array.from({ length: 1 + Math.floor(random() * 8) }, () => pool[Math.floor(random() * pool.length)]));
    const k = firstInvalidUtf8(b);
    const label = [...b].map((x) => x.toString(16)).join(' ');
    if (k === -1) {
      assert.ok(isUtf8(b), label);
      continue;
    }
    assert.ok(isUtf8(b.subarray(0, k)), `prefix of ${label}`);
    for (let len = 1; len <= 4 && k + len <= b.length; len++) assert.not.ok(isUtf8(b.subarray(k, k + len)), `${len} bytes at ${k} of ${label}`);
  }
});

test('utf8CutPoint: a prefix never ends inside a character', () => {
  const cutAt = (...b: number[]) => utf8CutPoint(Buffer.from(b));
  assert.is(cutAt(0x61, 0xe2, 0x82), 1);
  assert.is(cutAt(0x61, 0xe2, 0x82, 0xac), 4);
  assert.is(cutAt(0x61, 0xc3), 1);
  assert.is(cutAt(0x61, 0xc3, 0xa9), 3);
  assert.is(cutAt(0xf0, 0x9f, 0x98), 0);
  assert.is(cutAt(0x61, 0xf0, 0x9f, 0x98), 1);
  assert.is(cutAt(0xf0, 0x9f, 0x98, 0x80), 4);
  assert.is(cutAt(0x61, 0x80), 2); // a stray continuation byte is not a cut character
  assert.is(cutAt(0x61, 0xff), 2);
  assert.is(cutAt(), 0);
});

test('escapeInvalidUtf8: invalid bytes written \\xHH, valid characters kept', () => {
  assert.is(escapeInvalidUtf8(Buffer.from('caf\u00e9')), 'caf\u00e9');
  assert.is(escapeInvalidUtf8(bytes(0x61, 0xff, 0x62)), 'a\\xFFb');
  assert.is(escapeInvalidUtf8(bytes(0xe2, 0x82)), '\\xE2\\x82');
  assert.is(escapeInvalidUtf8(bytes(0x61, 0xff, 0x62, 0xfe, 0x63)), 'a\\xFFb\\xFEc');
  assert.is(escapeInvalidUtf8(bytes(0xc3, 0xa9, 0xc0, 0xaf, 0x7a)), '\u00e9\\xC0\\xAFz');
  // a view into a larger buffer reads only its own bytes
  const big = bytes(0x71, 0x61, 0xfe, 0x62, 0x71);
  assert.is(escapeInvalidUtf8(big.subarray(1, 4)), 'a\\xFEb');
});

// ---------- validation ----------

test('validateDoc: every reason a record is refused, in its own words', () => {
  const refused = (value: unknown) => {
    const v = validateDoc(value);
    return v.ok ? 'ok' : `${v.code}: ${v.message}`;
  };
  assert.is(refused('x'), 'not-an-object: expected an object with "id" and "text", got a string');
  assert.is(refused(5), 'not-an-object: expected an object with "id" and "text", got number 5');
  assert.is(refused(true), 'not-an-object: expected an object with "id" and "text", got boolean true');
  assert.is(refused(null), 'not-an-object: expected an object with "id" and "text", got null');
  assert.is(refused([]), 'not-an-object: expected an object with "id" and "text", got an array');
  assert.is(refused(undefined), 'not-an-object: expected an object with "id" and "text", got undefined');
  assert.is(refused({ id: 'a' }), 'missing-text: no "text" field');
  assert.is(refused({ id: 'a', text: null }), 'missing-text: no "text" field');
  assert.is(refused({ id: 'a', text: 5 }), 'invalid-text: "text" must be a string, got number 5');
  assert.is(refused({ id: 'a', text: {} }), 'invalid-text: "text" must be a string, got an object');
  assert.is(refused({ id: 'a', text: [] }), 'invalid-text: "text" must be a string, got an array');
  assert.is(refused({ text: 't' }), 'missing-id: no "id" field');
  assert.is(refused({ id: null, text: 't' }), 'missing-id: no "id" field');
  assert.is(refused({ id: '', text: 't' }), 'missing-id: "id" is empty');
  assert.is(refused({ id: ' \t', text: 't' }), 'missing-id: "id" is empty');
  assert.is(refused({ id: true, text: 't' }), 'missing-id: "id" must be a string or a number, got boolean true');
  assert.is(refused({ id: NaN, text: 't' }), 'missing-id: "id" must be a string or a number, got number NaN');
  assert.is(refused({ id: Infinity, text: 't' }), 'missing-id: "id" must be a string or a number, got number Infinity');
  assert.is(refused({ id: ['a'], text: 't' }), 'missing-id: "id" must be a string or a number, got an array');
  assert.is(refused({ id: Symbol('s'), text: 't' }), 'missing-id: "id" must be a string or a number, got symbol');
});

test('validateDoc: ids from numbers, optional fields kept or warned about, other field names', () => {
  assert.equal(validateDoc({ id: 12, text: '' }), { ok: true, doc: { id: '12', text: '' }, warnings: [] });
  assert.equal(validateDoc({ id: 2n ** 64n, text: 't' }), { ok: true, doc: { id: '18446744073709551616', text: 't' }, warnings: [] });
  assert.equal(validateDoc({ id: ' a ', text: 't', title: 'T', date: 'D', url: 'U', source: 'S', extra: 1 }), {
    ok: true,
    doc: { id: ' a ', text: 't', title: 'T', date: 'D', url: 'U', source: 'S' },
    warnings: [],
  });
  assert.equal(validateDoc({ id: 'a', text: 't', title: 3, date: false, url: null, source: {} }), {
    ok: true,
    doc: { id: 'a', text: 't' },
    warnings: [
      { code: 'invalid-field', message: '"title" must be a string, got number 3; ignored' },
      { code: 'invalid-field', message: '"date" must be a string, got boolean false; ignored' },
      { code: 'invalid-field', message: '"source" must be a string, got an object; ignored' },
    ],
  });
  const fields = { id: 'key', text: 'body', title: 'headline', date: 'when' };
  assert.equal(validateDoc({ key: 'k', body: 'b', headline: 'H', when: 'W', url: 'U', id: 'ignored', title: 'ignored' }, fields), {
    ok: true,
    doc: { id: 'k', text: 'b', title: 'H', date: 'W', url: 'U' },
    warnings: [],
  });
  const refused = validateDoc({ id: 'a', text: 't' }, fields);
  assert.equal(refused, { ok: false, code: 'missing-text', message: 'no "body" field' });
  assert.equal(validateDoc(7, fields), { ok: false, code: 'not-an-object', message: 'expected an object with "key" and "body", got number 7' });
  assert.equal(validateDoc({ body: 'b', key: '' }, fields), { ok: false, code: 'missing-id', message: '"key" is empty' });
  assert.equal(validateDoc({ body: 'b' }, fields), { ok: false, code: 'missing-id', message: 'no "key" field' });
  assert.equal(validateDoc({ body: 1, key: 'k' }, fields), { ok: false, code: 'invalid-text', message: '"body" must be a string, got number 1' });
  assert.equal(validateDoc({ body: 'b', key: 'k', headline: 1 }, fields), {
    ok: true,
    doc: { id: 'k', text: 'b' },
    warnings: [{ code: 'invalid-field', message: '"headline" must be a string, got number 1; ignored' }],
  });
});

// ---------- ids, skipped ----------

test('rankById: each document by its place in id order (UTF-16 code units), whatever the input order', () => {
  // In code-unit order: B (66) < a (97) < a~2 < b < c < é (233).
  assert.equal([...rankById([{ id: 'b' }, { id: 'a' }, { id: 'c' }, { id: 'B' }, { id: 'é' }, { id: 'a~2' }])], [3, 1, 4, 0, 5, 2]);
  assert.equal([...rankById([{ id: 'x' }])], [0]);
  assert.equal([...rankById([])], []);
  // Against a rank counted naively: the number of ids below each.
  const random = mulberry32(5);
  const ids = Array.from({ length: 40 }, (_, k) => `${String.fromCharCode(97 + Math.floor(random() * 5))}${k}`);
  assert.equal([...rankById(ids.map((id) => ({ id })))], ids.map((id) => ids.filter((other) => other < id).length));
});

test('IdRegistry: a taken id gets the first free ~N, and the warning names the first holder', () => {
  const ids = new IdRegistry();
  assert.equal(ids.claim('x', 'a.txt'), { id: 'x' });
  assert.equal(ids.claim('x~2', 'b.txt'), { id: 'x~2' });
  assert.equal(ids.claim('x', 'c.txt'), {
    id: 'x~3',
    warning: { code: 'duplicate-id', message: 'id "x" is already used by a.txt; renamed to "x~3"' },
  });
  assert.equal(ids.claim('x', 'd.txt').id, 'x~4');
  // a renamed id is taken too, by its new holder
  assert.equal(ids.claim('x~3', 'e.txt'), {
    id: 'x~3~2',
    warning: { code: 'duplicate-id', message: 'id "x~3" is already used by c.txt; renamed to "x~3~2"' },
  });
  assert.equal(ids.claim('y', 'f.txt'), { id: 'y' });
});

/** The registry as it was written before it was compact: a Map from id to origin (the reference). */
function naiveClaims(claims: Array<[string, string]>): Array<{ id: string; warning?: string }> {
  const owners = new Map<string, string>();
  return claims.map(([id, origin]) => {
    const first = owners.get(id);
    if (first === undefined) {
      owners.set(id, origin);
      return { id };
    }
    let n = 2;
    while (owners.has(`${id}~${n}`)) n++;
    owners.set(`${id}~${n}`, origin);
    return { id: `${id}~${n}`, warning: `id "${id}" is already used by ${first}; renamed to "${id}~${n}"` };
  });
}

test('IdRegistry: the same ids, renames and warnings as a Map of ids, and every id and origin read back as given', () => {
  const random = mulberry32(11);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  // Few distinct ids (many clashes, ids that look renamed), odd characters, and origins of every form.
  const idParts = ['a', 'b', '~2', '~3', ':', '\uD800', 'é', '1', ''];
  const origins = ['f.jsonl:1', 'f.jsonl:2', 'f.jsonl:10', 'g.jsonl:7', 'f.jsonl:01', 'f.jsonl:', 'dir/a.txt', 'C:0', 'x:1:2', 'f.jsonl:1234567890', ':5', 'f.jsonl:-3'];
  for (let round = 0; round < 30; round++) {
    const claims: Array<[string, string]> = Array.from({ length: 5 + Math.floor(random() * 200) }, () => [pick(idParts) + pick(idParts) + pick(idParts), pick(origins)]);
    const registry = new IdRegistry();
    const got = claims.map(([id, origin]) => {
      const c = registry.claim(id, origin);
      return c.warning === undefined ? { id: c.id } : { id: c.id, warning: c.warning.message };
    });
    assert.equal(got, naiveClaims(claims));
    assert.is(registry.size, claims.length);
    got.forEach((c, e) => {
      assert.is(registry.id(e), c.id);
      assert.is(registry.origin(e), claims[e][1]);
    });
  }
});

test('IdRegistry: compare orders ids as strings do, by UTF-16 code units; RegisteredDocs ranks as rankById', () => {
  const registry = new IdRegistry();
  const ids = ['b', 'a', 'ab', 'a~2', 'B', 'é', '\uD83D\uDE00', '\uFFFF', 'a'.repeat(5000), 'a'.repeat(4999) + 'b', ''];
  for (const id of ids) registry.claim(id, 'x.txt');
  for (let a = 0; a < ids.length; a++) {
    assert.is(registry.id(a), ids[a]);
    for (let b = 0; b < ids.length; b++) assert.is(Math.sign(registry.compare(a, b)), ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0, `${a} ${b}`);
  }
  // Documents are some of the entries, in another order.
  const entries = Int32Array.from([3, 0, 8, 10, 1, 6]);
  const docs = new RegisteredDocs(registry, entries);
  assert.is(docs.count, 6);
  assert.equal([...entries].map((_, d) => docs.id(d)), [...entries].map((e) => ids[e]));
  assert.equal([...docs.rank()], [...rankById([...entries].map((e) => ({ id: ids[e] })))]);
});

test('IdRegistry: ids whose 32-bit hashes collide are told apart, of different lengths and of one length', () => {
  // FNV-1a collisions (the second pair found by trying ids of 8 characters until two hashes met).
  assert.is(hashString('costarring'), hashString('liquid'));
  assert.is(hashString('id0046wu'), hashString('id00bwfa'));
  const registry = new IdRegistry();
  assert.equal(registry.claim('costarring', 'a.txt'), { id: 'costarring' });
  assert.equal(registry.claim('liquid', 'b.txt'), { id: 'liquid' });
  assert.equal(registry.claim('id0046wu', 'c.txt'), { id: 'id0046wu' });
  assert.equal(registry.claim('id00bwfa', 'd.txt'), { id: 'id00bwfa' });
  assert.equal(registry.claim('liquid', 'e.txt'), {
    id: 'liquid~2',
    warning: { code: 'duplicate-id', message: 'id "liquid" is already used by b.txt; renamed to "liquid~2"' },
  });
  assert.equal(registry.claim('id00bwfa', 'f.txt').id, 'id00bwfa~2');
  assert.equal([0, 1, 2, 3, 4, 5].map((e) => registry.id(e)), ['costarring', 'liquid', 'id0046wu', 'id00bwfa', 'liquid~2', 'id00bwfa~2']);
});

test('IdRegistry: 3,000 ids and more (past its first arrays and its first table) and an id of 70,000 characters, as a Map of ids gives them', () => {
  // Every id once, then every 7th again (renamed, naming its first holder), then a long id twice.
  const long = 'x'.repeat(70_000);
  const claims: Array<[string, string]> = [];
  for (let i = 0; i < 3000; i++) claims.push([`doc-${i}`, `f.jsonl:${i + 1}`]);
  for (let i = 0; i < 3000; i += 7) claims.push([`doc-${i}`, `g.jsonl:${i + 1}`]);
  claims.push([long, 'long.txt'], [long, 'long2.txt'], ['doc-0', 'h.txt']);
  const registry = new IdRegistry();
  const got = claims.map(([id, origin]) => {
    const c = registry.claim(id, origin);
    return c.warning === undefined ? { id: c.id } : { id: c.id, warning: c.warning.message };
  });
  assert.equal(got, naiveClaims(claims));
  assert.is(registry.size, claims.length);
  for (let e = 0; e < claims.length; e++) {
    if (registry.id(e) !== got[e].id || registry.origin(e) !== claims[e][1]) assert.unreachable(`entry ${e}: ${registry.id(e).slice(0, 20)} from ${registry.origin(e)}`);
  }
});

test('IdRegistry: origins that are a bare number or end in a colon, digits and letters read back as given; documents origins too', () => {
  const origins = ['42', '0', 'notes:1a', 'x:12', 'x:12', ':7', 'y:'];
  const registry = new IdRegistry();
  origins.forEach((origin, i) => registry.claim(`d${i}`, origin));
  assert.equal(origins.map((_, e) => registry.origin(e)), origins);
  const docs = new RegisteredDocs(registry, Int32Array.from([2, 0, 5]));
  assert.equal([0, 1, 2].map((d) => docs.origin(d)), ['notes:1a', '42', ':7']);
});

test('IdRegistry: compare ends at the shorter id, whatever id comes next in its store', () => {
  // 'a' is stored right before 'z': a compare that read past the end of 'a' would meet 'z' against the 'b' of 'ab'.
  const registry = new IdRegistry();
  for (const id of ['a', 'z', 'ab']) registry.claim(id, 'x.txt');
  assert.ok(registry.compare(0, 2) < 0);
  assert.ok(registry.compare(2, 0) > 0);
  assert.is(registry.compare(0, 0), 0);
});

test('SkippedTally: counts by reason in a fixed order, the first five named', () => {
  const tally = new SkippedTally();
  assert.equal(tally.summary(), { count: 0, byReason: {}, examples: [] });
  const added: Array<[string, 'hidden' | 'no-extension' | 'unknown-extension']> = [
    ['a.xml', 'unknown-extension'],
    ['.git', 'hidden'],
    ['README', 'no-extension'],
    ['b.xml', 'unknown-extension'],
    ['c.csv', 'unknown-extension'],
    ['.DS_Store', 'hidden'],
    ['LICENSE', 'no-extension'],
  ];
  for (const [p, reason] of added) tally.add(p, reason);
  const summary = tally.summary();
  assert.equal(summary, {
    count: 7,
    byReason: { hidden: 2, 'no-extension': 2, 'unknown-extension': 3 },
    examples: added.slice(0, 5).map(([path, reason]) => ({ path, reason })),
  });
  assert.equal(Object.keys(summary.byReason), ['hidden', 'no-extension', 'unknown-extension']);
  // the summary is a copy: adding later does not change it
  tally.add('z.xml', 'unknown-extension');
  assert.is(summary.examples.length, 5);
  assert.is(tally.summary().count, 8);
});

// ---------- JSONL ----------

test('jsonlKind: .jsonl and .ndjson, any case, optionally .gz, at the end of the name', () => {
  assert.is(jsonlKind('a.jsonl'), 'plain');
  assert.is(jsonlKind('a.NDJSON'), 'plain');
  assert.is(jsonlKind('a.jsonl.gz'), 'gzip');
  assert.is(jsonlKind('a.NdJson.GZ'), 'gzip');
  for (const name of ['a.json', 'a.jsonl.bak', 'ajsonl', 'a.jsonl.gzip', 'a.gz', 'jsonl']) assert.is(jsonlKind(name), undefined, name);
});

test('parseLine: each error says its line; a BOM only on line 1; numbers kept as written', () => {
  const line = (n: number, s: string | Buffer) => ({ n, bytes: typeof s === 'string' ? Buffer.from(s) : s });
  assert.equal(parseLine({ n: 3, tooLong: true, length: 100 }, 'f.jsonl'), {
    kind: 'error',
    error: { source: 'f.jsonl:3', code: 'line-too-long', message: 'line 3: line is 100 bytes, more than maxBytes; skipped' },
  });
  assert.equal(parseLine(line(2, bytes(0x7b, 0x22, 0xff, 0x22)), 'f.jsonl'), {
    kind: 'error',
    error: { source: 'f.jsonl:2', code: 'invalid-utf8', message: 'line 2: invalid UTF-8 at byte 2 of the line' },
  });
  assert.is(parseLine(line(4, ' \t'), 'f.jsonl'), undefined);
  assert.is(parseLine(line(4, ''), 'f.jsonl'), undefined);
  assert.equal(parseLine(line(5, '{"id":"a"}'), 'f.jsonl'), {
    kind: 'error',
    error: { source: 'f.jsonl:5', code: 'missing-text', message: 'line 5: no "text" field' },
  });
  const bom = Buffer.concat([bytes(0xef, 0xbb, 0xbf), Buffer.from('{"id":"a","text":"t"}')]);
  assert.equal(parseLine(line(1, bom), 'f.jsonl'), { kind: 'doc', doc: { id: 'a', text: 't', origin: 'f.jsonl:1', warnings: [] } });
  const second = parseLine(line(2, bom), 'f.jsonl');
  assert.is(second?.kind === 'error' && second.error.code, 'malformed-json');
  // bytes that only look like a BOM are not one
  const after = Buffer.from('{"id":"a","text":"t"}');
  for (const [lead, at] of [[[0x20, 0xbb, 0xbf], 1], [[0xef, 0x20, 0xbf], 0], [[0xef, 0xbb, 0x20], 0]] as Array<[number[], number]>) {
    const r = parseLine(line(1, Buffer.concat([Buffer.from(lead), after])), 'f.jsonl');
    assert.is(r?.kind === 'error' && r.error.message, `line 1: invalid UTF-8 at byte ${at} of the line`, String(lead));
  }
  // JSON that is not an object
  for (const [json, got] of [['null', 'null'], ['5', 'number 5'], ['"x"', 'a string']]) {
    const r = parseLine(line(1, json), 'f.jsonl');
    assert.is(r?.kind === 'error' && r.error.message, `line 1: expected an object with "id" and "text", got ${got}`, json);
  }
  // a line of the BOM alone is blank
  assert.is(parseLine(line(1, bytes(0xef, 0xbb, 0xbf)), 'f.jsonl'), undefined);
  // JSON.parse would round these ids; the digits as written are kept, the last of a repeated key
  const id = (s: string, fields?: Parameters<typeof parseLine>[2]) => {
    const r = parseLine(line(1, s), 'f.jsonl', fields);
    return r?.kind === 'doc' ? r.doc.id : r?.kind;
  };
  assert.is(id('{"id":1580000000000000001,"text":"t"}'), '1580000000000000001');
  assert.is(id('{"text":"t","id":1.50}'), '1.50');
  assert.is(id('{"id":1,"text":"t","id":2e0}'), '2e0');
  assert.is(id('{"key":9007199254740993,"body":"t"}', { id: 'key', text: 'body', title: 'title', date: 'date' }), '9007199254740993');
  assert.is(id('{"id":"9007199254740993","text":"t"}'), '9007199254740993');
  // JSON's four white-space characters around the id, CR included
  assert.is(id('{\r\n\t "id" \r:\r 12.0\r,"text":"t"}'), '12.0');
});

test('memberText: the text of a top-level member as written, for random objects', () => {
  const random = mulberry32(19);
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)];
  const value = (depth: number): unknown => {
    const k = Math.floor(random() * (depth > 2 ? 4 : 6));
    if (k === 0) return pick([0, -1, 1.5, 1e21, 123456789012345]);
    if (k === 1) return pick(['', 'a"b', 'x\\"}', 'id', '{"id":1}', '\u00e9\n']);
    if (k === 2) return pick([true, false, null]);
    if (k === 3) return Math.floor(random() * 1000);
    if (k === 4) return Array.from({ length: Math.floor(random() * 3) }, () => value(depth + 1));
    return object(depth + 1);
  };
  const object = (depth: number): Record<string, unknown> =>
    Object.fromEntries(Array.from({ length: Math.floor(random() * 4) }, () => [pick(['id', 'text', 'i"d', 'x', 'id\\']), value(depth)]));
  for (let i = 0; i < 2000; i++) {
    const obj = object(0);
    const json = JSON.stringify(obj, null, pick([undefined, 1, '\t']));
    for (const key of ['id', 'text', 'i"d', 'id\\', 'missing']) {
      const got = memberText(json, key);
      if (!(key in obj)) assert.is(got, undefined, json);
      else assert.equal(JSON.parse(got!), obj[key], `${key} in ${json}`);
    }
  }
});

test('splitLines: a line of exactly maxBytes is kept, one more byte is too long; a CR end does not count', async () => {
  async function* chunks(parts: string[]): AsyncGenerator<Uint8Array> {
    for (const p of parts) yield Buffer.from(p);
  }
  const lines: string[] = [];
  for await (const l of splitLines(chunks(['12345\n123456\n12345\r\n123456\r\n', '1234', '56\n\n\r\nx']), 5)) {
    lines.push('bytes' in l ? `${l.n}:${l.bytes.toString()}` : `${l.n}:too long ${l.length}`);
  }
  assert.equal(lines, ['1:12345', '2:too long 6', '3:12345', '4:too long 7', '5:too long 6', '6:', '7:', '8:x']);
});

test('splitLines: long lines over many chunks of one reused buffer come out byte for byte, however the reads fall', async () => {
  // Lines of 1 to 40,000 bytes, each byte set by its line and place; read into ONE buffer reused for every chunk, as a file is.
  const lengths = [1, 40_000, 0, 5_000, 4_095, 4_097, 12_345, 3, 30_000];
  const lineBytes = (k: number) => Buffer.from(Array.from({ length: lengths[k] }, (_, i) => 97 + ((k * 7 + i * 13 + (i >> 9)) % 26)));
  const file = Buffer.concat(lengths.flatMap((_, k) => [lineBytes(k), Buffer.from('\n')]));
  for (const size of [1, 7, 4_096, 10_000, 65_536]) {
    const reused = Buffer.alloc(size);
    async function* chunks(): AsyncGenerator<Uint8Array> {
      for (let at = 0; at < file.length; at += size) {
        const n = file.copy(reused, 0, at, Math.min(file.length, at + size));
        yield reused.subarray(0, n);
      }
    }
    let k = 0;
    for await (const line of splitLines(chunks(), 50_000)) {
      assert.ok('bytes' in line, `line ${k + 1} at reads of ${size}`);
      if ('bytes' in line) assert.ok(line.bytes.equals(lineBytes(k)), `line ${k + 1} (${lengths[k]} bytes) at reads of ${size}`);
      k++;
    }
    assert.is(k, lengths.length);
  }
});

test('splitLines: a line over maxBytes across many reads is one "too long" with its length, and the lines after it are whole', async () => {
  const file = Buffer.from(`short\n${'x'.repeat(300)}\n${'y'.repeat(101)}\r\n${'z'.repeat(100)}\nend`);
  for (const size of [1, 3, 64, 1000]) {
    const reused = Buffer.alloc(size);
    async function* chunks(): AsyncGenerator<Uint8Array> {
      for (let at = 0; at < file.length; at += size) yield reused.subarray(0, file.copy(reused, 0, at, Math.min(file.length, at + size)));
    }
    const lines: string[] = [];
    for await (const l of splitLines(chunks(), 100)) lines.push('bytes' in l ? `${l.n}:${l.bytes.toString()}` : `${l.n}:too long ${l.length}`);
    assert.equal(lines, ['1:short', '2:too long 300', '3:too long 102', `4:${'z'.repeat(100)}`, '5:end'], `reads of ${size}`);
  }
});

// ---------- HTML ----------

test('html: every element the HTML standard renders as a block breaks a paragraph; inline ones do not', () => {
  // Block-level elements (HTML standard, Rendering: flow content, lists,
  // tables, forms, sections and headings), plus html, head and body.
  const blocks = ['address', 'article', 'aside', 'blockquote', 'body', 'caption', 'center', 'dd', 'details', 'dialog', 'dir', 'div',
    'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'head', 'header', 'hgroup',
    'hr', 'html', 'legend', 'li', 'listing', 'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'tfoot',
    'thead', 'tr', 'ul', 'xmp'];
  for (const name of blocks) assert.is(htmlToText(`a<${name}>b</${name}>c`).text, 'a\n\nb\n\nc', name);
  for (const name of ['span', 'b', 'i', 'a', 'em', 'strong', 'small', 'code', 'abbr', 'time', 'q', 'sub', 'sup', 'u', 'mark', 'cite', 'font', 'label']) {
    assert.is(htmlToText(`a<${name}>b</${name}>c`).text, 'abc', name);
  }
  assert.is(htmlToText('a<td>b</td><th>c</th>d').text, 'a b c d');
  assert.is(htmlToText('a<br>b<br/>c<br><br><br>d').text, 'a\nb\nc\n\nd');
});

test('html: the content of script-like elements is never text; a self-closed svg or math has none', () => {
  for (const name of ['script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object', 'select']) {
    assert.is(htmlToText(`a <${name}>hidden words</${name}> b`).text, 'a b', name);
    // the end tag's name in any case, with attributes or space before >
    assert.is(htmlToText(`a <${name} x="1">hidden</${name.toUpperCase()} >b`).text, 'a b', name);
  }
  assert.is(htmlToText('a <svg/> b <math /> c').text, 'a b c');
  // a self-closed script still hides what follows up to its end tag
  assert.is(htmlToText('a <script/> hidden </script> b').text, 'a b');
  // an end tag that only starts with the name does not end the element
  assert.is(htmlToText('a <style> x </styles> y </style> b').text, 'a b');
  assert.is(htmlToText('a <script> never closed').text, 'a');
});

test('html: title, published time and <time>, as written, first one wins', () => {
  const r = htmlToText(
    '<title> A &amp;\n B </title><title>Second</title><meta name="ARTICLE:published_time" content=" 2020-01-02 ">' +
      '<meta property="article:published_time" content="2021-01-01"><time datetime="1999-01-01">t</time>',
  );
  assert.equal(r, { text: 't', title: 'A & B', date: '2020-01-02' });
  assert.equal(htmlToText('<title>  </title><title>Real</title>x'), { text: 'x', title: 'Real' });
  assert.equal(htmlToText('<meta property="og:title" content="2020-01-01"><meta property="article:published_time" content=""><time datetime="">a</time><time datetime=2019-05-06>b</time>'), {
    text: 'ab',
    date: '2019-05-06',
  });
  // attributes: unquoted, single-quoted, entities, repeated (the first counts), no value
  assert.equal(htmlToText("<time datetime='2018-&#48;1-01' datetime=\"x\">a</time>"), { text: 'a', date: '2018-01-01' });
  assert.equal(htmlToText('<time hidden datetime = "2017-01-01">a</time>'), { text: 'a', date: '2017-01-01' });
  assert.equal(htmlToText('<time datetime="2016-01-01"/>a'), { text: 'a', date: '2016-01-01' });
  // only meta and time give dates
  assert.equal(htmlToText('<p datetime="2015-01-01" content="2015-01-01" property="article:published_time">a</p>'), { text: 'a' });
});

test('html: markup that is not an element', () => {
  assert.is(htmlToText('a<!DOCTYPE html>b<?xml version="1.0"?>c<![CDATA[x]]>d').text, 'abcd');
  assert.is(htmlToText('a<!-- x --><!---->b<!-- <p> -->c').text, 'abc');
  assert.is(htmlToText('a < b <3 c</ d <1').text, 'a < b <3 c</ d <1');
  assert.is(htmlToText('a<!never closed').text, 'a');
  assert.is(htmlToText('a</p').text, 'a');
  assert.is(htmlToText('<p title="x > y" class=\'a>b\'>c</p>').text, 'c');
  assert.is(htmlToText('<p title="never closed>c</p>d').text, '');
});

test('html: tags and attributes split by any HTML space; a slash before an attribute does not close the tag', () => {
  for (const sp of [' ', '\t', '\n', '\f', '\r']) {
    assert.equal(htmlToText(`<time${sp}datetime${sp}=${sp}"2020-01-0${sp === ' ' ? 1 : 2}"${sp}>a</time${sp}>`).date, `2020-01-0${sp === ' ' ? 1 : 2}`, JSON.stringify(sp));
    assert.is(htmlToText(`x<script${sp}src="s.js">hidden</script${sp}>y`).text, 'xy', JSON.stringify(sp));
    assert.equal(htmlToText(`<meta${sp}content=2019-05-06${sp}property=article:published_time>`).date, '2019-05-06', JSON.stringify(sp));
  }
  assert.is(htmlToText('a <svg/ x>hidden</svg> b').text, 'a b');
  assert.is(htmlToText('a <svg x/>shown</svg> b').text, 'a shown b');
  // a stray quote or = in the attribute list still ends at >
  assert.equal(htmlToText('<time "=x datetime=2018-01-01>a</time>'), { text: 'a', date: '2018-01-01' });
  // an end tag of pre that was never opened does not unbalance the next one
  assert.is(htmlToText('</pre>x<pre>a  b\nc</pre>').text, 'x\n\na b\nc');
});

test('html: attribute values at the edges (none, unquoted up to a space, unclosed), pre around inline tags, letters that start a tag', () => {
  assert.is(htmlToText('<pre>a<b>x</b>  y\nz</pre>').text, 'ax y\nz');
  assert.equal(htmlToText('<meta property="article:published_time">x'), { text: 'x' });
  assert.equal(htmlToText('<time datetime="2001-01-01">a</time><time datetime="2002-02-02">b</time>'), { text: 'ab', date: '2001-01-01' });
  assert.equal(htmlToText('<time datetime=2019-05-06 hidden>a</time>'), { text: 'a', date: '2019-05-06' });
  assert.equal(htmlToText('a<time datetime=2001'), { text: 'a', date: '2001' });
  assert.equal(htmlToText('a<time datetime="2001'), { text: 'a', date: '2001' });
  assert.equal(htmlToText('<meta property="article:published_time" content="2001-01-01"'), { text: '', date: '2001-01-01' });
  assert.equal(htmlToText('<time datetime>a</time>'), { text: 'a' });
  assert.is(htmlToText('a <svg >hidden</svg> b').text, 'a b');
  assert.is(htmlToText('<b x>bold</b>').text, 'bold');
  assert.is(htmlToText('<a title="x>">c</a>').text, 'c');
  assert.equal(htmlToText('x<title>T</title'), { text: 'x', title: 'T' });
  assert.is(htmlToText('<A>x</A><Z>y</Z><z>w</z>').text, 'xyw');
  assert.is(htmlToText('a<[b]>c a<{b}>c a<@b>c').text, 'a<[b]>c a<{b}>c a<@b>c');
});

test('html: spaces collapse, pre keeps its lines, nothing leads or trails', () => {
  // form feed and CR are spaces; in pre, tabs, form feeds and no-break spaces collapse within a line
  assert.is(htmlToText('a\fb\rc\r\nd').text, 'a b c d');
  assert.is(htmlToText('<pre>a\t\f\u00a0 b</pre>').text, 'a b');
  assert.is(htmlToText('  a \n\t b\u00a0\u00a0c  ').text, 'a b c');
  assert.is(htmlToText('<p> a </p> <p> b </p>').text, 'a\n\nb');
  assert.is(htmlToText('a <b> b </b> c').text, 'a b c');
  assert.is(htmlToText('<br><p></p>a<br><p></p>').text, 'a');
  assert.is(htmlToText('<pre>a  b\r\nc\rd\n\n\ne</pre>').text, 'a b\nc\nd\n\ne');
  assert.is(htmlToText('<pre><pre>a\nb</pre>c\nd</pre>e\nf').text, 'a\nb\n\nc\nd\n\ne f');
  assert.is(htmlToText('x<pre>\n a</pre>').text, 'x\n\na');
  assert.is(htmlToText('a<td>b').text, 'a b');
  assert.is(htmlToText('<td>a').text, 'a');
  assert.is(htmlToText('a <td> </td> b').text, 'a b');
  assert.is(htmlToText('a<br> <td>b').text, 'a\nb');
  assert.is(htmlToText('a&nbsp;<p>b').text, 'a\n\nb');
});

// ---------- documents ----------

test('toDocument: empty text flagged, unreadable dates dropped with the date shown (cut at 60 characters), blank dates dropped silently', () => {
  const doc = (text: string, date?: string) => {
    const r = toDocument({ kind: 'doc', doc: { id: 'a', text, origin: 'o', warnings: [], ...(date === undefined ? {} : { date }) } });
    return r?.kind === 'doc' ? r.doc : undefined;
  };
  assert.equal(doc('')?.warnings, [{ code: 'empty', message: 'the document has no text' }]);
  assert.equal(doc(' \n\t')?.warnings, [{ code: 'empty', message: 'the document holds only whitespace' }]);
  assert.equal(doc('x', '2023-01-31'), { id: 'a', text: 'x', origin: 'o', warnings: [], date: '2023-01-31' });
  assert.equal(doc('x', ' \t'), { id: 'a', text: 'x', origin: 'o', warnings: [] });
  const why = (shown: string) => `the date ${shown} is not a calendar date storyline reads (years 0000 to 9999, such as 2023-01-31 or 31 January 2023); ignored`;
  assert.equal(doc('x', 'soon'), { id: 'a', text: 'x', origin: 'o', warnings: [{ code: 'invalid-date', message: why('"soon"') }] });
  const sixty = 'y'.repeat(60);
  assert.equal(doc('x', sixty)?.warnings, [{ code: 'invalid-date', message: why(`"${sixty}"`) }]);
  assert.equal(doc('', `${sixty}zz`)?.warnings, [
    { code: 'empty', message: 'the document has no text' },
    { code: 'invalid-date', message: why(`"${sixty}…"`) },
  ]);
  // a file input becomes a document named after the file; an HTML file gives its title and date
  const file = toDocument({ kind: 'file', origin: 'dir/a.b.html', size: 40, bytes: Buffer.from('<title>T</title><time datetime="2020-02-03">x</time>') });
  assert.equal(file, { kind: 'doc', doc: { id: 'a.b', text: 'x', origin: 'dir/a.b.html', warnings: [], title: 'T', date: '2020-02-03' } });
  const bad = toDocument({ kind: 'file', origin: 'p.txt', size: 4, bytes: Buffer.from('%PDF') });
  assert.equal(bad, { kind: 'error', error: { source: 'p.txt', code: 'binary', message: 'looks like a PDF file, not text' } });
  // a JSONL line, with other field names
  const line = toDocument({ kind: 'line', name: 'f.jsonl', n: 2, bytes: new Uint8Array(Buffer.from('{"k":"z","b":"text","d":"never"}')) }, { id: 'k', text: 'b', title: 't', date: 'd' });
  assert.equal(line, { kind: 'doc', doc: { id: 'z', text: 'text', origin: 'f.jsonl:2', warnings: [{ code: 'invalid-date', message: why('"never"') }] } });
  assert.is(toDocument({ kind: 'line', name: 'f.jsonl', n: 3, bytes: new Uint8Array(0) }), undefined);
});

test('docFromBytes: a cut file says its size and where it was cut', () => {
  const cut = docFromBytes(Buffer.from('h\u00e9llo w\u00f6').subarray(0, 9), 20, 'a.txt');
  // 9 bytes read of 20; the last byte starts ö and is dropped: 8 used
  assert.equal(cut, {
    ok: true,
    doc: { id: 'a', text: 'h\u00e9llo w', origin: 'a.txt', warnings: [{ code: 'truncated', message: 'file is 20 bytes; only the first 8 were read (cut at byte 8)' }] },
  });
  const whole = docFromBytes(Buffer.from('abc'), 3, 'n/b.md');
  assert.equal(whole, { ok: true, doc: { id: 'b', text: 'abc', origin: 'n/b.md', warnings: [] } });
  // an HTML page without title or date has neither field
  assert.equal(docFromBytes(Buffer.from('<p>x</p>'), 8, 'c.htm'), { ok: true, doc: { id: 'c', text: 'x', origin: 'c.htm', warnings: [] } });
});

// ---------- documents from code ----------

test('readInputs from code: an iterator that throws, an item that throws, a rejected promise; the rest counted', async () => {
  const all = async (items: Iterable<unknown> | AsyncIterable<unknown>) => {
    const out: string[] = [];
    for await (const r of readInputs(items as Iterable<Doc>, { maxBytes: 10 })) {
      out.push(r.kind === 'error' ? `${r.error.source} ${r.error.code}: ${r.error.message}` : r.input.kind === 'doc' ? `doc ${r.input.doc.id} ${r.input.doc.origin}` : r.input.kind);
    }
    return out;
  };
  function* throwing(): Generator<unknown> {
    yield { id: 'a', text: 'x' };
    yield Promise.reject(new Error('no such row'));
    yield {
      get id(): string {
        throw 'a string thrown';
      },
      text: 'y',
    };
    yield {
      get text(): string {
        throw { toString: () => { throw new Error('and again'); } };
      },
      id: 'z',
    };
    yield { id: 'b', text: 'x' };
    throw new Error('disk gone');
  }
  assert.equal(await all(throwing()), [
    'doc a item 0',
    'item 1 invalid-item: item 1: reading it threw: no such row',
    'item 2 invalid-item: item 2: reading it threw: a string thrown',
    'item 3 invalid-item: item 3: reading it threw: an exception that cannot be shown',
    'doc b item 4',
    'item 5 iterator-failed: item 5: the iterable threw instead of giving it: disk gone',
  ]);
  // checked with the field names asked for
  const fields = { id: 'key', text: 'body', title: 'title', date: 'date' };
  const named: string[] = [];
  for await (const r of readInputs([{ key: 'k', body: 'b' }, { id: 'i', text: 't' }] as unknown as Doc[], { maxBytes: 10, fields })) {
    named.push(r.kind === 'error' ? r.error.code : r.input.kind === 'doc' ? r.input.doc.id : '');
  }
  assert.equal(named, ['k', 'missing-text']);
  const refused: string[] = [];
  for await (const r of readInputs([{ id: 'i' }] as unknown as Doc[], { maxBytes: 10 })) if (r.kind === 'error') refused.push(r.error.message);
  assert.equal(refused, ['item 0: no "text" field']);
  // an iterator that threw is finished: it is not asked to close
  let closes = 0;
  const broken: Iterable<Doc> = {
    [Symbol.iterator]: () => ({
      next: () => {
        throw new Error('gone');
      },
      return: () => {
        closes++;
        return { done: true, value: undefined };
      },
    }),
  };
  for await (const r of readInputs(broken, { maxBytes: 10 })) void r;
  assert.is(closes, 0);
});

test('readInputs from code: a consumer that stops early closes the source; a source that fails to close changes nothing', async () => {
  let closed = 0;
  const source = (failOnClose: boolean): Iterable<Doc> => ({
    [Symbol.iterator]() {
      let i = 0;
      return {
        next: () => ({ done: false, value: { id: `d${i++}`, text: 't' } }),
        return: () => {
          closed++;
          if (failOnClose) throw new Error('close failed');
          return { done: true, value: undefined };
        },
      };
    },
  });
  for (const failOnClose of [false, true]) {
    const ids: string[] = [];
    for await (const r of ingest(source(failOnClose))) {
      if (r.kind === 'doc') ids.push(r.doc.id);
      if (ids.length === 2) break;
    }
    assert.equal(ids, ['d0', 'd1']);
  }
  assert.is(closed, 2);
  // an iterable that ends by itself is not closed again
  closed = 0;
  const finite: Iterable<Doc> = {
    [Symbol.iterator]() {
      let i = 0;
      return {
        next: () => (i < 2 ? { done: false, value: { id: `e${i++}`, text: 't' } } : { done: true, value: undefined }),
        return: () => {
          closed++;
          return { done: true, value: undefined };
        },
      };
    },
  };
  const got: string[] = [];
  for await (const r of ingest(finite)) if (r.kind === 'doc') got.push(r.doc.id);
  assert.equal(got, ['e0', 'e1']);
  assert.is(closed, 0);
});

test('readInputs: bad options and sources, in their own words', async () => {
  const thrown = async (source: unknown, maxBytes: unknown) => {
    try {
      for await (const r of readInputs(source as string, { maxBytes: maxBytes as number })) void r;
    } catch (err) {
      assert.instance(err, StorylineError);
      return `${(err as StorylineError).code}: ${(err as Error).message}`;
    }
    return 'no error';
  };
  assert.is(await thrown([], 0), 'INVALID_OPTION: options.maxBytes must be a positive integer, got 0');
  assert.is(await thrown([], 1.5), 'INVALID_OPTION: options.maxBytes must be a positive integer, got 1.5');
  assert.is(await thrown([], '5'), 'INVALID_OPTION: options.maxBytes must be a positive integer, got "5"');
  assert.is(await thrown([], 2 ** 53), 'INVALID_OPTION: options.maxBytes must be a positive integer, got 9007199254740992');
  assert.is(await thrown([], 1), 'no error');
  assert.is(await thrown(42, 1), 'INVALID_SOURCE: source must be a path or an iterable of documents, got number');
  const callable = Object.assign(() => 0, { [Symbol.iterator]: function* () {} });
  assert.is(await thrown(callable, 1), 'INVALID_SOURCE: source must be a path or an iterable of documents, got function');
  assert.is(await thrown(null, 1), 'INVALID_SOURCE: source must be a path or an iterable of documents, got object');
  assert.is(await thrown({ length: 0 }, 1), 'INVALID_SOURCE: source must be a path or an iterable of documents, got object');
  await withTmp(async (dir) => {
    const missing = path.join(dir, 'nope');
    assert.is(await thrown(missing, 1), `INVALID_SOURCE: corpus path "${missing}" does not exist`);
    const under = path.join(write(dir, 'f.txt', 'x'), 'below');
    assert.is(await thrown(under, 1), `INVALID_SOURCE: corpus path "${under}" does not exist`);
    const long = path.join(dir, 'n'.repeat(300));
    assert.is(await thrown(long, 1), `INVALID_SOURCE: corpus path "${long}" cannot be read (ENAMETOOLONG)`);
    const csv = write(dir, 'x.csv', 'a');
    assert.is(
      await thrown(csv, 1),
      `INVALID_SOURCE: corpus path "${csv}" is neither a folder, a .jsonl/.ndjson file (or .gz), "-" for standard input, nor a .txt/.md/.html file`,
    );
  });
});

test('gzip JSONL: lines as they stream; data that is no gzip, or cut, is one error after the lines it held', async () => {
  await withTmp(async (dir) => {
    const describe = (r: RawRecord) =>
      r.kind === 'error' ? `error ${r.error.source} ${r.error.code}` : r.input.kind === 'line' ? `${r.input.name}:${r.input.n} ${Buffer.from(r.input.bytes).toString()}` : r.input.kind;
    const read = async (source: string) => {
      const out: RawRecord[] = [];
      for await (const r of readInputs(source, { maxBytes: 1000 })) out.push(r);
      return out;
    };
    const good = write(dir, 'in/docs.jsonl.gz', gzipSync('{"id":"a"}\r\n{"id":"b"}\n'));
    assert.equal((await read(good)).map(describe), ['docs.jsonl.gz:1 {"id":"a"}', 'docs.jsonl.gz:2 {"id":"b"}']);
    // the same bytes named .jsonl are not decompressed
    write(dir, 'in/plain.jsonl', gzipSync('{"id":"a"}\n'));
    const garbage = write(dir, 'in/z-garbage.ndjson.GZ', 'not gzip at all\n');
    const folder = await read(path.join(dir, 'in'));
    assert.equal(folder.map(describe).slice(0, 2), ['docs.jsonl.gz:1 {"id":"a"}', 'docs.jsonl.gz:2 {"id":"b"}']);
    assert.ok(folder.slice(2, -1).every((r) => r.kind === 'input' && r.input.kind === 'line' && r.input.name === 'plain.jsonl'));
    const last = folder[folder.length - 1];
    assert.is(last.kind === 'error' && `${last.error.source} ${last.error.code}`, 'z-garbage.ndjson.GZ corrupt-gzip');
    assert.match(last.kind === 'error' ? last.error.message : '', /^gzip data is corrupt after 0 lines: ./);
    assert.equal((await read(garbage)).map(describe), ['error z-garbage.ndjson.GZ corrupt-gzip']);
    // incompressible lines cut half-way: the lines before the cut, then the error counting them
    const random = mulberry32(5);
    const lines = Array.from({ length: 40 }, (_, i) => JSON.stringify({ id: `d${i}`, text: Array.from({ length: 30 }, () => random().toString(36).slice(2)).join(' ') }));
    const whole = gzipSync(lines.join('\n') + '\n');
    const cut = await read(write(dir, 'cut.jsonl.gz', whole.subarray(0, whole.length >> 1)));
    const n = cut.length - 1;
    assert.ok(n > 2 && n < 40, `${n} lines before the cut`);
    assert.equal(cut.slice(0, n).map(describe), lines.slice(0, n).map((l, i) => `cut.jsonl.gz:${i + 1} ${l}`));
    const error = cut[n];
    assert.match(error.kind === 'error' ? `${error.error.code} ${error.error.message}` : '', new RegExp(`^corrupt-gzip gzip data is corrupt after ${n} lines: .`));
  });
});

// ---------- the folder walk ----------

test('walk: links inside the corpus followed, links out of it (a sibling folder with the same prefix too) refused unless asked', async () => {
  await withTmp(async (dir) => {
    const corpus = path.join(dir, 'corpus');
    write(corpus, 'a.txt', 'A');
    write(corpus, '.hidden/x.txt', 'hidden');
    write(corpus, '.h.txt', 'hidden');
    write(corpus, 'README', 'no extension');
    write(corpus, 'feed.xml', '<rss/>');
    write(corpus, 'shard.jsonl', '{"id":"j","text":"J"}\n');
    write(corpus, 'sub/b.md', 'B');
    write(dir, 'outside/s.txt', 'S');
    write(dir, 'corpus2/c.txt', 'C');
    fs.symlinkSync('sub/b.md', path.join(corpus, 'in.txt'));
    fs.symlinkSync('../outside/s.txt', path.join(corpus, 'out.txt'));
    fs.symlinkSync('../corpus2', path.join(corpus, 'sib')); // "corpus2" starts with "corpus" but is outside it
    fs.symlinkSync('..', path.join(corpus, 'up'));
    fs.symlinkSync('../outside', path.join(corpus, 'world'));
    const describe = (r: RawRecord) =>
      r.kind === 'error'
        ? `error ${r.error.source} ${r.error.code}`
        : r.input.kind === 'line'
          ? `line ${r.input.name}:${r.input.n}`
          : r.input.kind === 'file'
            ? `file ${r.input.origin}`
            : 'doc';
    const read = async (followSymlinks: boolean) => {
      const skipped: string[] = [];
      const out: RawRecord[] = [];
      for await (const r of readInputs(corpus, { maxBytes: 100, followSymlinks, onSkipped: (rel, reason) => skipped.push(`${rel} ${reason}`) })) out.push(r);
      return { out, skipped };
    };
    const plain = await read(false);
    assert.equal(plain.skipped, ['.h.txt hidden', '.hidden hidden', 'README no-extension', 'feed.xml unknown-extension']);
    assert.equal(plain.out.map(describe), [
      'file a.txt',
      'file in.txt',
      'error out.txt outside-root',
      'line shard.jsonl:1',
      'error sib outside-root',
      'file sub/b.md',
      'error up outside-root',
      'error world outside-root',
    ]);
    const real = fs.realpathSync(path.join(dir, 'outside', 's.txt'));
    const refused = plain.out[2];
    assert.is(refused.kind === 'error' && refused.error.message, `is a symlink to "${real}", outside the corpus folder; not followed (--follow-symlinks follows it)`);

    const followed = await read(true);
    assert.equal(followed.out.map(describe), [
      'file a.txt',
      'file in.txt',
      'file out.txt',
      'line shard.jsonl:1',
      'file sib/c.txt',
      'file sub/b.md',
      'error up/corpus symlink-loop',
      'error up/corpus2 already-visited',
      'file up/outside/s.txt',
      'error world already-visited',
    ]);
    const messages = followed.out.flatMap((r) => (r.kind === 'error' ? [r.error.message] : []));
    assert.equal(messages, [
      'links back to its ancestor folder "."',
      'is the same folder as "sib", which was already read',
      'is the same folder as "up/outside", which was already read',
    ]);
  });
});

test('walk: names that are not ASCII, links that go nowhere or in circles, pipes, and order by name bytes whatever the order of creation', async () => {
  await withTmp(async (dir) => {
    const corpus = path.join(dir, 'c\u00f6rpus');
    for (const name of ['c.txt', 'a.txt', 'b.txt']) write(corpus, name, name);
    write(corpus, 'sub/\u00fc.md', 'u');
    write(dir, '\u00f6utside/s.txt', 'S');
    fs.symlinkSync('sub/\u00fc.md', path.join(corpus, 'in.txt'));
    fs.symlinkSync('../\u00f6utside/s.txt', path.join(corpus, 'out.txt'));
    fs.symlinkSync('a.txt/inner', path.join(corpus, 'nowhere.txt'));
    fs.symlinkSync('loop.txt', path.join(corpus, 'loop.txt'));
    fs.symlinkSync('n'.repeat(300), path.join(corpus, 'long.txt'));
    execFileSync('mkfifo', [path.join(corpus, 'pipe.txt'), path.join(corpus, 'pipe.xml')]);
    fs.symlinkSync('pipe.txt', path.join(corpus, 'lp.txt'));
    fs.symlinkSync('sub', path.join(corpus, 'twin'));
    const got: string[] = [];
    const messages: string[] = [];
    for await (const e of walkFolder(corpus, { skipReason })) {
      got.push(e.kind === 'file' ? `${e.kind} ${e.rel} ${e.name}` : `${e.kind} ${e.error.source} ${e.error.code}`);
      if (e.kind === 'error') messages.push(e.error.message);
    }
    assert.equal(got, [
      'file a.txt a.txt',
      'file b.txt b.txt',
      'file c.txt c.txt',
      'file in.txt in.txt',
      'error long.txt unreadable',
      'error loop.txt symlink-loop',
      'error lp.txt not-a-file',
      'error nowhere.txt dangling-symlink',
      'error out.txt outside-root',
      'error pipe.txt not-a-file',
      'file sub/\u00fc.md \u00fc.md',
      'error twin already-visited',
    ]);
    assert.match(messages[0], /^ENAMETOOLONG: name too long, stat /);
    assert.match(messages[1], /^symlink chain never ends: ELOOP/);
    assert.is(messages[2], 'is a link to a device, pipe or socket, not a regular file');
    assert.match(messages[3], /^symlink points to nothing: ENOTDIR/);
    assert.is(messages[4], `is a symlink to "${fs.realpathSync(path.join(dir, '\u00f6utside', 's.txt'))}", outside the corpus folder; not followed (--follow-symlinks follows it)`);
    assert.is(messages[5], 'is a device, pipe or socket, not a regular file');
    assert.is(messages[6], 'is the same folder as "sub", which was already read');
    // a pipe opened directly is named, not read
    assert.equal(readDocFile(path.join(corpus, 'pipe.txt'), 'pipe.txt', 10), {
      ok: false,
      error: { source: 'pipe.txt', code: 'not-a-file', message: 'is a device, pipe or socket, not a regular file' },
    });
  });
});

test('readFileBytes and JSONL reads close every file they open', async () => {
  if (!fs.existsSync('/proc/self/fd')) return; // Linux only
  await withTmp(async (dir) => {
    const file = write(dir, 'a.txt', 'abc');
    const open = () => fs.readdirSync('/proc/self/fd').length;
    const before = open();
    for (let i = 0; i < 20; i++) assert.equal(readFileBytes(file, 'a.txt', 2), { ok: true, bytes: Buffer.from('ab'), size: 3 });
    assert.is(open(), before);
    // and so does a JSONL read, plain or compressed
    const lines = write(dir, 'l.jsonl', '{"id":"a"}\n');
    const packed = write(dir, 'l.jsonl.gz', gzipSync('{"id":"a"}\n'));
    for (let i = 0; i < 10; i++) for (const f of [lines, packed]) for await (const r of readInputs(f, { maxBytes: 100 })) assert.is(r.kind, 'input');
    assert.is(open(), before);
  });
});

test.run();
