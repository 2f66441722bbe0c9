import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { StorylineError } from '../src/errors.js';
import type { Doc, InputError } from '../src/types.js';
import { decodeBytes, htmlToText, ingest } from '../src/ingest/index.js';
import type { IngestOptions, IngestRecord, SourceDoc } from '../src/ingest/index.js';
import { readDocFile } from '../src/ingest/file.js';
import { splitLines } from '../src/ingest/jsonl.js';
import { testIfChmodBlocksReads, withTmp, write } from './fixtures/tmp.js';

// ---------- helpers ----------

async function collect(
  source: string | Iterable<Doc> | AsyncIterable<Doc>,
  options?: IngestOptions,
): Promise<IngestRecord[]> {
  const out: IngestRecord[] = [];
  for await (const record of ingest(source, options)) out.push(record);
  return out;
}

function docs(records: IngestRecord[]): SourceDoc[] {
  return records.flatMap((r) => (r.kind === 'doc' ? [r.doc] : []));
}

function errors(records: IngestRecord[]): InputError[] {
  return records.flatMap((r) => (r.kind === 'error' ? [r.error] : []));
}

function codes(doc: SourceDoc): string[] {
  return doc.warnings.map((w) => w.code);
}

async function rejects(promise: Promise<unknown>, code: string): Promise<StorylineError> {
  try {
    await promise;
  } catch (err) {
    assert.instance(err, StorylineError);
    assert.is((err as StorylineError).code, code);
    return err as StorylineError;
  }
  assert.unreachable(`expected a StorylineError ${code}`);
  throw new Error('unreachable');
}

// ---------- folder walk ----------

test('folder: recursive walk in code-unit order, ids without extension, other files skipped', async () => {
  await withTmp(async (dir) => {
    write(dir, 'b.txt', 'bee');
    write(dir, 'a.md', 'ay');
    write(dir, 'Z.TXT', 'zed');
    write(dir, 'multi.part.name.txt', 'dots');
    write(dir, 'a-dir/x.txt', 'ex');
    write(dir, 'sub/z.html', '<p>zee</p>');
    write(dir, 'sub/inner/y.htm', '<p>why</p>');
    write(dir, 'notes.pdf', '%PDF-1.4');
    write(dir, 'image.png', 'x');
    write(dir, 'README', 'no extension');
    write(dir, '.hidden.txt', 'hidden');
    write(dir, '.git/config.txt', 'hidden folder');
    const records = await collect(dir);
    assert.equal(errors(records), []);
    const got = docs(records);
    // 'Z' (0x5A) < 'a'; 'a-dir' < 'a.md' since '-' (0x2D) < '.' (0x2E); localeCompare would differ.
    assert.equal(
      got.map((d) => d.origin),
      ['Z.TXT', 'a-dir/x.txt', 'a.md', 'b.txt', 'multi.part.name.txt', 'sub/inner/y.htm', 'sub/z.html'],
    );
    assert.equal(
      got.map((d) => d.id),
      ['Z', 'x', 'a', 'b', 'multi.part.name', 'y', 'z'],
    );
    assert.equal(
      got.map((d) => d.text),
      ['zed', 'ex', 'ay', 'bee', 'dots', 'why', 'zee'],
    );
    for (const d of got) assert.equal(d.warnings, [], d.origin);
  });
});

test('folder: files are read lazily, one at a time, as the stream is consumed', async () => {
  await withTmp(async (dir) => {
    write(dir, 'a.txt', 'first');
    write(dir, 'b.txt', 'second');
    write(dir, 'c.txt', 'original');
    const gen = ingest(dir);
    const first = await gen.next();
    assert.is(first.done, false);
    assert.is(first.value.kind === 'doc' && first.value.doc.text, 'first');
    write(dir, 'c.txt', 'changed after the walk started');
    const rest: IngestRecord[] = [];
    for await (const r of gen) rest.push(r);
    assert.equal(
      docs(rest).map((d) => d.text),
      ['second', 'changed after the walk started'],
    );
  });
});

test('folder: many files come out complete and in order', async () => {
  await withTmp(async (dir) => {
    const n = 1500;
    for (let i = n - 1; i >= 0; i--) write(dir, `${String(i).padStart(5, '0')}.txt`, `doc ${i}`);
    const got = docs(await collect(dir));
    assert.is(got.length, n);
    for (let i = 0; i < n; i++) assert.is(got[i].text, `doc ${i}`);
  });
});

test('single file source: a corpus of one document', async () => {
  await withTmp(async (dir) => {
    const txt = write(dir, 'one.txt', 'only one');
    const html = write(dir, 'page.HTML', '<title>T</title><p>body</p>');
    const a = await collect(txt);
    assert.equal(a, [{ kind: 'doc', doc: { id: 'one', text: 'only one', origin: 'one.txt', warnings: [] } }]);
    const b = docs(await collect(html));
    assert.is(b.length, 1);
    assert.is(b[0].id, 'page');
    assert.is(b[0].text, 'body');
    assert.is(b[0].title, 'T');
  });
});

// ---------- HTML ----------

test('html: paragraphs, entities, scripts/styles/comments dropped, title and meta date', async () => {
  await withTmp(async (dir) => {
    write(
      dir,
      'story.html',
      `<!DOCTYPE html>
<html><head>
  <title>  Fire &amp; Flood   in Town </title>
  <meta property="article:published_time" content="2023-01-31T08:00:00Z">
  <style>p { color: red } </style>
  <script>var s = "<p>not text</p>"; if (a < b) {}</script>
</head>
<body>
  <!-- <p>commented out</p> -->
  <noscript>Enable JavaScript</noscript>
  <template><p>template text</p></template>
  <h1>Big   fire</h1>
  <p>First &ldquo;quoted&rdquo; line,
     wrapped &mdash; here&nbsp;&amp; &#8364;5 &#x41;.</p>
  <div>Line one<br>Line two</div>
  <ul><li>item <b>one</b></li><li>item two</li></ul>
  <time datetime="2020-05-05">old</time>
</body></html>`,
    );
    const [doc] = docs(await collect(dir));
    assert.is(
      doc.text,
      'Big fire\n\nFirst \u201cquoted\u201d line, wrapped \u2014 here & \u20ac5 A.\n\nLine one\nLine two\n\nitem one\n\nitem two\n\nold',
    );
    assert.is(doc.title, 'Fire & Flood in Town');
    assert.is(doc.date, '2023-01-31T08:00:00Z');
    assert.not.match(doc.text, /not text|commented|JavaScript|template|color/);
  });
});

test('html: <time datetime> is the date when there is no published_time meta', () => {
  const r = htmlToText('<p>Hello</p><time datetime=" 2021-02-03 ">Feb 3</time>');
  assert.is(r.date, '2021-02-03');
  assert.is(r.title, undefined);
  assert.is(r.text, 'Hello\n\nFeb 3');
});

test('html: quoted >, pre, tables, svg titles, stray <, unclosed comment', () => {
  assert.is(htmlToText('<a title="a > b">x</a> y').text, 'x y');
  assert.is(htmlToText('<pre>  a   b\n\nc</pre>').text, 'a b\n\nc');
  assert.is(htmlToText('<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>').text, 'a b\n\nc');
  const svg = htmlToText('<svg><title>icon</title></svg><title>Real</title><p>t</p><svg/>u');
  assert.is(svg.title, 'Real');
  assert.is(svg.text, 't\n\nu');
  assert.is(htmlToText('1 < 2 &lt; 3').text, '1 < 2 < 3');
  assert.is(htmlToText('before<!-- never closed <p>x</p>').text, 'before');
  assert.is(htmlToText('&copy2020 &unknown; &#0; &#150;').text, '\u00a92020 &unknown; \ufffd \u2013');
});

test('html: pathological markup (unclosed script, title, tags, quotes, declarations; entities without semicolons)', () => {
  // The timed run of these at 200,000 repeats is in ingest-large.test.ts.
  assert.equal(htmlToText('<script>' + '</scrip'.repeat(3)), { text: '' });
  assert.equal(htmlToText('<title>' + '</titl'.repeat(3)), { text: '', title: '</titl</titl</titl' });
  assert.equal(htmlToText('<a '.repeat(3)), { text: '' });
  assert.equal(htmlToText('<p x="'.repeat(3)), { text: '' });
  assert.equal(htmlToText('<!'.repeat(3)), { text: '' });
  assert.equal(htmlToText('&amp'.repeat(3)), { text: '&&&' });
  assert.equal(htmlToText('<b>x</b> '.repeat(3)), { text: 'x x x' });
});

// ---------- JSONL ----------

test('jsonl: good lines, every per-line error with its line number, blank lines, rest processed', async () => {
  await withTmp(async (dir) => {
    const lines = [
      '{"id":"a","text":"Alpha","title":"T","date":"2023-01-01","url":"http://x","source":"wire","extra":1}', // 1
      '', // 2
      '   ', // 3
      '{"id":"b", "text": ', // 4 malformed
      '{"id":"c"}', // 5 missing-text
      '{"id":"d","text":5}', // 6 invalid-text
      '{"text":"no id"}', // 7 missing-id
      '{"id":7,"text":"numeric id"}', // 8
      '{"id":{"x":1},"text":"t"}', // 9 missing-id
      '[1,2]', // 10 not-an-object
      '{"id":"a","text":"dup"}', // 11 duplicate
      '{"id":"e","text":"crlf","title":3}\r', // 12
      '{"id":"f","text":"no newline at end"}', // 13
    ];
    const file = write(dir, 'corpus.jsonl', lines.join('\n'));
    const records = await collect(file);
    const summary = records.map((r) => (r.kind === 'doc' ? `doc ${r.doc.origin} ${r.doc.id}` : `error ${r.error.source} ${r.error.code}`));
    assert.equal(summary, [
      'doc corpus.jsonl:1 a',
      'error corpus.jsonl:4 malformed-json',
      'error corpus.jsonl:5 missing-text',
      'error corpus.jsonl:6 invalid-text',
      'error corpus.jsonl:7 missing-id',
      'doc corpus.jsonl:8 7',
      'error corpus.jsonl:9 missing-id',
      'error corpus.jsonl:10 not-an-object',
      'doc corpus.jsonl:11 a~2',
      'doc corpus.jsonl:12 e',
      'doc corpus.jsonl:13 f',
    ]);
    const [a, seven, dup, e, f] = docs(records);
    assert.equal(a, {
      id: 'a',
      text: 'Alpha',
      title: 'T',
      date: '2023-01-01',
      url: 'http://x',
      source: 'wire',
      origin: 'corpus.jsonl:1',
      warnings: [],
    });
    assert.is(seven.text, 'numeric id');
    assert.equal(codes(dup), ['duplicate-id']);
    assert.match(dup.warnings[0].message, 'corpus.jsonl:1');
    assert.is(e.text, 'crlf');
    assert.is(e.title, undefined);
    assert.equal(codes(e), ['invalid-field']);
    assert.is(f.text, 'no newline at end');
    // The JSON.parse message is carried over.
    let parseMessage = '';
    try {
      JSON.parse(lines[3]);
    } catch (err) {
      parseMessage = (err as Error).message;
    }
    assert.ok(parseMessage.length > 0, `line 4 must be malformed JSON: ${lines[3]}`);
    const malformed = errors(records)[0];
    assert.is(malformed.code, 'malformed-json');
    assert.ok(malformed.message.includes(parseMessage), malformed.message);
    assert.match(malformed.message, /line 4/);
  });
});

test('jsonl: .ndjson, UTF-8 BOM, invalid UTF-8 line, empty text', async () => {
  await withTmp(async (dir) => {
    const file = write(
      dir,
      'feed.NDJSON',
      Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from('{"id":"x","text":"caf\u00e9"}\n{"id":"y","text":"'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('"}\n{"id":"z","text":"  "}\n'),
      ]),
    );
    const records = await collect(file);
    assert.is(records.length, 3);
    assert.equal(records[0], { kind: 'doc', doc: { id: 'x', text: 'caf\u00e9', origin: 'feed.NDJSON:1', warnings: [] } });
    assert.equal(errors(records).map((e) => [e.source, e.code]), [['feed.NDJSON:2', 'invalid-utf8']]);
    const z = docs(records)[1];
    assert.equal(codes(z), ['empty']);
  });
});

test('jsonl: a line longer than maxBytes is skipped with line-too-long, the next line still parsed', async () => {
  await withTmp(async (dir) => {
    const long = JSON.stringify({ id: 'big', text: 'x'.repeat(500) });
    const file = write(dir, 'c.jsonl', ['{"id":"s","text":"short"}', long, '{"id":"t","text":"after"}', ''].join('\n'));
    const records = await collect(file, { maxBytes: 64 });
    assert.equal(
      records.map((r) => (r.kind === 'doc' ? r.doc.id : `${r.error.source} ${r.error.code}`)),
      ['s', 'c.jsonl:2 line-too-long', 't'],
    );
    assert.match(errors(records)[0].message, String(long.length));

    // A line spanning many read chunks is skipped without being buffered whole.
    const huge = JSON.stringify({ id: 'huge', text: 'y'.repeat(300_000) });
    const file2 = write(dir, 'd.jsonl', [huge, '{"id":"u","text":"next"}', huge].join('\n'));
    const records2 = await collect(file2, { maxBytes: 1000 });
    assert.equal(
      records2.map((r) => (r.kind === 'doc' ? r.doc.id : `${r.error.source} ${r.error.code}`)),
      ['d.jsonl:1 line-too-long', 'u', 'd.jsonl:3 line-too-long'],
    );
  });
});

test('jsonl: line splitting across chunk boundaries; CRLF does not count against maxBytes', async () => {
  async function* chunks(parts: string[]): AsyncGenerator<Uint8Array> {
    for (const p of parts) yield Buffer.from(p);
  }
  const lines = [];
  for await (const line of splitLines(chunks(['0123', '456789\r', '\nab', 'c\n', '\n', 'toolong!!!!', '\nlast']), 10)) {
    lines.push('bytes' in line ? `${line.n}:${line.bytes.toString()}` : `${line.n}:too long ${line.length}`);
  }
  assert.equal(lines, ['1:0123456789', '2:abc', '3:', '4:too long 11', '5:last']);
});

// ---------- decoding ----------

test('decoding: BOM, UTF-16LE/BE, Windows-1252, invalid UTF-8, binary', async () => {
  await withTmp(async (dir) => {
    const utf16 = 'Gr\u00fc\u00dfe \ud83d\ude00';
    const be = Buffer.from(utf16, 'utf16le');
    be.swap16();
    write(dir, '01-bom.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('h\u00e9llo')]));
    write(dir, '02-u16le.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(utf16, 'utf16le')]));
    write(dir, '03-u16be.txt', Buffer.concat([Buffer.from([0xfe, 0xff]), be]));
    write(dir, '04-cp1252.txt', Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x93, 0x71, 0x94, 0x20, 0x80, 0x35]));
    write(
      dir,
      '05-invalid.txt',
      Buffer.concat([Buffer.from('ok '), Buffer.from([0xc3, 0x28]), Buffer.from(Array.from({ length: 40 }, (_, i) => 1 + (i % 8)))]),
    );
    write(dir, '06-nul.txt', Buffer.from('abc\u0000def'));
    write(dir, '07-pdf.txt', '%PDF-1.7\n...');
    write(dir, '08-png.md', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]));
    write(dir, '09-docx.txt', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]));
    write(dir, '10-utf8.txt', 'na\u00efve \u2013 \u6771\u4eac');
    const records = await collect(dir);
    const byOrigin = new Map(records.map((r) => [r.kind === 'doc' ? r.doc.origin : r.error.source, r]));
    const doc = (o: string): SourceDoc => {
      const r = byOrigin.get(o);
      assert.ok(r && r.kind === 'doc', `${o} should be a doc`);
      return (r as { doc: SourceDoc }).doc;
    };
    const error = (o: string): InputError => {
      const r = byOrigin.get(o);
      assert.ok(r && r.kind === 'error', `${o} should be an error`);
      return (r as { error: InputError }).error;
    };
    assert.is(doc('01-bom.txt').text, 'h\u00e9llo');
    assert.equal(doc('01-bom.txt').warnings, []);
    assert.is(doc('02-u16le.txt').text, utf16);
    assert.equal(codes(doc('02-u16le.txt')), ['decoded-utf16']);
    assert.is(doc('03-u16be.txt').text, utf16);
    assert.equal(codes(doc('03-u16be.txt')), ['decoded-utf16']);
    assert.is(doc('04-cp1252.txt').text, 'caf\u00e9 \u201cq\u201d \u20ac5');
    assert.equal(codes(doc('04-cp1252.txt')), ['decoded-windows-1252']);
    assert.is(error('05-invalid.txt').code, 'invalid-utf8');
    assert.match(error('05-invalid.txt').message, /byte 3\b/);
    assert.is(error('06-nul.txt').code, 'binary');
    assert.is(error('07-pdf.txt').code, 'binary');
    assert.match(error('07-pdf.txt').message, 'looks like a PDF file');
    assert.is(error('08-png.md').code, 'binary');
    assert.match(error('08-png.md').message, 'PNG');
    assert.match(error('09-docx.txt').message, 'ZIP');
    assert.is(doc('10-utf8.txt').text, 'na\u00efve \u2013 \u6771\u4eac');
    assert.equal(doc('10-utf8.txt').warnings, []);
  });
});

test('decodeBytes: invalid-utf8 offset counts the BOM; overlong and surrogate sequences are invalid', () => {
  const withBom = decodeBytes(Buffer.from([0xef, 0xbb, 0xbf, 0x61, 0xc0, 0xaf, ...Array(20).fill(0x01)]));
  assert.equal(withBom.ok ? 'ok' : [withBom.code, /byte (\d+)/.exec(withBom.message)?.[1]], ['invalid-utf8', '4']);
  const surrogate = decodeBytes(Buffer.from([0x61, 0x62, 0xed, 0xa0, 0x80, ...Array(20).fill(0x02)]));
  assert.equal(surrogate.ok ? 'ok' : [surrogate.code, /byte (\d+)/.exec(surrogate.message)?.[1]], ['invalid-utf8', '2']);
  const ascii = decodeBytes(Buffer.from('plain ascii'));
  assert.equal(ascii, { ok: true, text: 'plain ascii', encoding: 'utf-8', bytesUsed: 11, warnings: [] });
});

test('decodeBytes: mostly UTF-8 with a stray byte is UTF-8 with U+FFFD and a warning; Windows-1252 stays Windows-1252', () => {
  // Three accented words in UTF-8, and one byte from a Windows-1252 paste (0xE9 = é).
  const head = Buffer.from('Caf\u00e9 cr\u00e8me in Z\u00fcrich, ');
  const stray = Buffer.concat([head, Buffer.from([0xe9]), Buffer.from('t\u00e9.')]);
  const lossy = decodeBytes(stray);
  assert.ok(lossy.ok);
  if (!lossy.ok) return;
  assert.is(lossy.text, 'Caf\u00e9 cr\u00e8me in Z\u00fcrich, \ufffdt\u00e9.');
  assert.is(lossy.encoding, 'utf-8');
  assert.equal(lossy.warnings.map((w) => w.code), ['replaced-invalid-utf8']);
  assert.is(lossy.warnings[0].message, `1 invalid UTF-8 byte replaced with U+FFFD (the first at byte ${head.length})`);

  // Windows-1252 prose: every accent is an invalid byte and none is a valid sequence.
  const cp1252 = Buffer.from('Caf\u00e9 cr\u00e8me \u00e0 Z\u00fcrich, d\u00e9j\u00e0 vu.', 'latin1');
  const legacy = decodeBytes(cp1252);
  assert.ok(legacy.ok && legacy.encoding === 'windows-1252' && legacy.text === 'Caf\u00e9 cr\u00e8me \u00e0 Z\u00fcrich, d\u00e9j\u00e0 vu.');
  // One valid-looking pair by chance (Â followed by ©) does not outvote five accents.
  const chance = Buffer.concat([cp1252, Buffer.from([0x20, 0xc2, 0xa9])]);
  const stillLegacy = decodeBytes(chance);
  assert.ok(stillLegacy.ok && stillLegacy.encoding === 'windows-1252');

  // Many stray bytes among few characters: binary-like either way, so an error.
  const junk = decodeBytes(Buffer.from([0xc3, 0xa9, ...Array.from({ length: 60 }, (_, i) => (i % 2 ? 0x01 : 0xff))]));
  assert.equal(junk.ok ? 'ok' : junk.code, 'invalid-utf8');
  // A truncated read still forgives only its cut tail, and counts the rest.
  const cut = decodeBytes(Buffer.concat([stray, Buffer.from([0xc3])]), { truncated: true });
  assert.ok(cut.ok && cut.text === lossy.text && cut.bytesUsed === stray.length);
});

// ---------- empty, duplicates ----------

test('empty or whitespace-only text is still a document, with an empty warning', async () => {
  await withTmp(async (dir) => {
    write(dir, 'a-empty.txt', '');
    write(dir, 'b-space.md', '  \n\t \n');
    write(dir, 'c-script.html', '<script>only code</script>');
    write(dir, 'd-text.txt', 'words');
    const got = docs(await collect(dir));
    assert.equal(
      got.map((d) => [d.id, codes(d)]),
      [
        ['a-empty', ['empty']],
        ['b-space', ['empty']],
        ['c-script', ['empty']],
        ['d-text', []],
      ],
    );
    assert.is(got[1].text, '  \n\t \n');
  });
});

test('duplicate ids: later ones renamed to the first free ~N, with the original and its origin', async () => {
  await withTmp(async (dir) => {
    write(dir, '0/x~2.txt', 'takes x~2 first');
    write(dir, 'a/x.txt', 'first x');
    write(dir, 'b/x.txt', 'second x');
    write(dir, 'c/x.md', 'third x');
    const got = docs(await collect(dir));
    assert.equal(
      got.map((d) => [d.origin, d.id]),
      [
        ['0/x~2.txt', 'x~2'],
        ['a/x.txt', 'x'],
        ['b/x.txt', 'x~3'],
        ['c/x.md', 'x~4'],
      ],
    );
    assert.equal(codes(got[2]), ['duplicate-id']);
    assert.match(got[2].warnings[0].message, '"x"');
    assert.match(got[2].warnings[0].message, 'a/x.txt');
    assert.equal(got[1].warnings, []);
  });
});

// ---------- symlinks and unreadable files ----------

test('symlinks: file links followed, dangling links reported', async () => {
  await withTmp(async (dir) => {
    write(dir, 'real/target.txt', 'target text');
    fs.symlinkSync(path.join('real', 'target.txt'), path.join(dir, 'link.txt'));
    fs.symlinkSync('nowhere.txt', path.join(dir, 'gone.txt'));
    const records = await collect(dir);
    assert.equal(
      records.map((r) => (r.kind === 'doc' ? `doc ${r.doc.origin} ${r.doc.id}` : `error ${r.error.source} ${r.error.code}`)),
      ['error gone.txt dangling-symlink', 'doc link.txt link', 'doc real/target.txt target'],
    );
  });
});

test('symlinks: a folder link to its parent terminates and is reported as a loop', async () => {
  await withTmp(async (dir) => {
    write(dir, 'a.txt', 'root doc');
    write(dir, 'sub/b.txt', 'sub doc');
    fs.symlinkSync('..', path.join(dir, 'sub', 'loop'));
    fs.symlinkSync('self', path.join(dir, 'self'));
    fs.symlinkSync('sub', path.join(dir, 'twin'));
    const records = await collect(dir);
    assert.equal(
      records.map((r) => (r.kind === 'doc' ? `doc ${r.doc.origin}` : `error ${r.error.source} ${r.error.code}`)),
      [
        'doc a.txt',
        'error self symlink-loop',
        'doc sub/b.txt',
        'error sub/loop symlink-loop',
        // A second link to an already-walked folder would double its documents.
        'error twin already-visited',
      ],
    );
  });
});

testIfChmodBlocksReads(
  test,
  'unreadable files and folders (chmod 000) become errors and the walk goes on',
  async () => {
    await withTmp(async (dir) => {
      write(dir, 'a.txt', 'fine');
      const locked = write(dir, 'b-locked.txt', 'secret');
      write(dir, 'c-dir/inside.txt', 'hidden by permissions');
      write(dir, 'd.txt', 'also fine');
      fs.chmodSync(locked, 0o000);
      fs.chmodSync(path.join(dir, 'c-dir'), 0o000);
      const records = await collect(dir);
      assert.equal(
        describeRecords(records),
        ['doc a.txt a', 'error b-locked.txt unreadable', 'error c-dir unreadable', 'doc d.txt d'],
      );
      assert.match(errors(records)[0].message, /EACCES/);
    });
  },
  import.meta.url,
);

test('paths that cannot be opened, even by root, become errors and the walk goes on', async () => {
  await withTmp(async (dir) => {
    write(dir, 'a.txt', 'fine');
    // A name longer than any file system allows: ENAMETOOLONG whoever we are.
    fs.symlinkSync('n'.repeat(300), path.join(dir, 'b-too-long.txt'));
    write(dir, 'c.txt', 'also fine');
    const records = await collect(dir);
    assert.equal(describeRecords(records), ['doc a.txt a', 'error b-too-long.txt unreadable', 'doc c.txt c']);
    assert.match(errors(records)[0].message, /ENAMETOOLONG/);

    const direct = readDocFile(path.join(dir, 'n'.repeat(300) + '.txt'), 'long.txt', 1024);
    assert.equal(direct.ok ? 'ok' : [direct.error.source, direct.error.code], ['long.txt', 'unreadable']);
    // A folder that appeared where a file was listed is named as such, not read.
    const dirAsFile = path.join(dir, 'folder.txt');
    fs.mkdirSync(dirAsFile);
    const result = readDocFile(dirAsFile, 'folder.txt', 1024);
    assert.equal(result.ok ? 'ok' : [result.error.source, result.error.code, result.error.message], [
      'folder.txt',
      'not-a-file',
      'is a folder, not a regular file',
    ]);
  });
});

test('a FIFO with a document extension is reported, not opened', async () => {
  await withTmp(async (dir) => {
    try {
      execFileSync('mkfifo', [path.join(dir, 'pipe.txt')]);
    } catch {
      return; // no mkfifo on this system
    }
    write(dir, 'z.txt', 'after');
    const records = await collect(dir);
    assert.equal(
      records.map((r) => (r.kind === 'doc' ? r.doc.id : `${r.error.source} ${r.error.code}`)),
      ['pipe.txt not-a-file', 'z'],
    );
  });
});

// ---------- truncation ----------

test('truncation: only maxBytes are read, cut at a character boundary, with a warning', async () => {
  await withTmp(async (dir) => {
    // h é(2) l l o ' ' w ö(2) r l d: byte 9 falls inside ö, so 8 bytes are kept.
    const content = 'h\u00e9llo w\u00f6rld';
    const size = Buffer.byteLength(content);
    write(dir, 'a.txt', content);
    write(dir, 'b.txt', 'z'.repeat(1_000_000));
    write(dir, 'c.txt', 'short');
    const got = docs(await collect(dir, { maxBytes: 9 }));
    assert.is(got[0].text, 'h\u00e9llo w');
    assert.equal(codes(got[0]), ['truncated']);
    assert.match(got[0].warnings[0].message, `first 8 `);
    assert.match(got[0].warnings[0].message, String(size));
    assert.is(got[1].text, 'z'.repeat(9));
    assert.match(got[1].warnings[0].message, '1000000');
    assert.is(got[2].text, 'short');
    assert.equal(got[2].warnings, []);
  });
});

test('truncation: UTF-16 is cut on a code unit and never inside a surrogate pair', () => {
  const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('ab\ud83d\ude00', 'utf16le')]);
  const cut = decodeBytes(bytes.subarray(0, 9), { truncated: true });
  assert.ok(cut.ok);
  assert.is(cut.ok && cut.text, 'ab');
  assert.is(cut.ok && cut.bytesUsed, 6);
});

// ---------- iterables ----------

const items: unknown[] = [
  { id: 'a', text: 'x' },
  { id: 1, text: 'y', date: '2024-01-01' },
  { text: 'z' },
  null,
  { id: 'a', text: 'w' },
  { id: 'b', text: 42 },
  { id: 'c', text: '' },
];

const expected = [
  'doc item 0 a',
  'doc item 1 1',
  'error item 2 missing-id',
  'error item 3 not-an-object',
  'doc item 4 a~2',
  'error item 5 invalid-text',
  'doc item 6 c',
];

function describeRecords(records: IngestRecord[]): string[] {
  return records.map((r) => (r.kind === 'doc' ? `doc ${r.doc.origin} ${r.doc.id}` : `error ${r.error.source} ${r.error.code}`));
}

test('iterable input: validated like JSONL lines, errors by item index', async () => {
  const records = await collect(items as Doc[]);
  assert.equal(describeRecords(records), expected);
  const got = docs(records);
  assert.is(got[1].date, '2024-01-01');
  assert.equal(codes(got[2]), ['duplicate-id']);
  assert.equal(codes(got[3]), ['empty']);
  // Inputs are copied, not mutated.
  assert.equal(items[4], { id: 'a', text: 'w' });
});

test('async iterable input', async () => {
  async function* gen(): AsyncGenerator<Doc> {
    for (const item of items) {
      await new Promise((resolve) => setImmediate(resolve));
      yield item as Doc;
    }
  }
  assert.equal(describeRecords(await collect(gen())), expected);
});

// ---------- invalid sources and options ----------

test('invalid source paths and options are rejected with StorylineError', async () => {
  await withTmp(async (dir) => {
    const missing = await rejects(collect(path.join(dir, 'nope')), 'INVALID_SOURCE');
    assert.match(missing.message, 'does not exist');
    const pdf = write(dir, 'x.pdf', '%PDF');
    await rejects(collect(pdf), 'INVALID_SOURCE');
    const csv = write(dir, 'x.csv', 'a,b');
    await rejects(collect(csv), 'INVALID_SOURCE');
    await rejects(collect(42 as unknown as string), 'INVALID_SOURCE');
    await rejects(collect(dir, { maxBytes: 0 }), 'INVALID_OPTION');
    await rejects(collect(dir, { maxBytes: 1.5 }), 'INVALID_OPTION');
  });
});

// ---------- accounting ----------

test('accounting: every input in a mixed folder is exactly one doc or one error', async () => {
  await withTmp(async (dir) => {
    const inputs = [
      write(dir, 'good.txt', 'text'),
      write(dir, 'page.html', '<p>html</p>'),
      write(dir, 'empty.md', ''),
      write(dir, 'bin.txt', Buffer.from([1, 2, 0, 3])),
      write(dir, 'bad.txt', Buffer.from([0xc3, 0x28, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3])),
      write(dir, 'pdf.htm', '%PDF-1.3'),
      write(dir, 'nested/good.txt', 'duplicate id'),
      write(dir, 'nested/deeper/good.TXT', 'another duplicate'),
    ];
    fs.symlinkSync('missing.txt', path.join(dir, 'dangling.txt'));
    inputs.push(path.join(dir, 'dangling.txt'));
    // Not inputs: skipped (analyze counts them in summary.skipped).
    write(dir, 'skip.pdf', 'x');
    write(dir, '.hidden.txt', 'x');
    const records = await collect(dir);
    const d = docs(records);
    const e = errors(records);
    assert.is(d.length + e.length, inputs.length);
    assert.is(d.length, 5);
    assert.equal(e.map((x) => x.code).sort(), ['binary', 'binary', 'dangling-symlink', 'invalid-utf8']);
    const seen = [...d.map((x) => x.origin), ...e.map((x) => x.source)].sort();
    assert.equal(seen, inputs.map((p) => path.relative(dir, p).split(path.sep).join('/')).sort());
    assert.equal(new Set(d.map((x) => x.id)).size, d.length);
  });
});

test.run();
