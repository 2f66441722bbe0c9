/**
 * Ids and titles made of what breaks writers of JSON (new lines, tabs,
 * U+2028/U+2029, lone surrogates, control characters, quotes, backslashes)
 * go through the whole CLI and come back, field for field, from two strict
 * readers that share no code with storyline: UTF-8 decoded with errors
 * fatal then JSON.parse, and Python's json module reading the file line by
 * line. (The table, meant for a terminal, is escaped on the output branch,
 * tested there.)
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from './fixtures/cli.js';
import { mulberry32 } from './fixtures/random.js';
import { withTmp } from './fixtures/tmp.js';

const HOSTILE = [
  'new\nline',
  'carriage\r\nreturn',
  'tab\there',
  'line\u2028separator\u2029paragraph',
  'lone \ud800 high surrogate',
  'lone \udc00 low surrogate',
  'swapped \udc00\ud800 pair',
  'nul \u0000 bell \u0007 escape \u001b[31m red',
  'delete \u007f next-line \u0085 csi \u009b',
  'bidi \u202e override \u2066 isolate \u200f mark \u061c',
  'quote " and \\ backslash and \\u0041 not an escape',
  '</script><!-- -->',
  'emoji 😀 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  '\ufeffbyte order mark',
  ' spaces around ',
];

/** A story per input, in words of its own (made of syllables drawn for it), so each is its own event. */
function story(i: number): string {
  const random = mulberry32(1000 + i);
  const syllables = ['ka', 'lo', 'mi', 'ru', 'se', 'ta', 'vo', 'ne', 'pi', 'du', 'go', 'fa', 'zu', 'be', 'ri', 'so'];
  const word = () => Array.from({ length: 3 }, () => syllables[Math.floor(random() * syllables.length)]).join('');
  const vocabulary = Array.from({ length: 12 }, word);
  const sentence = () => {
    const words = Array.from({ length: 10 }, () => vocabulary[Math.floor(random() * vocabulary.length)]);
    return words[0][0].toUpperCase() + words.join(' ').slice(1) + '.';
  };
  return Array.from({ length: 6 }, sentence).join(' ');
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Reads `file` with Python's json module, line by line as `str.splitlines` cuts them (a JSON text when `whole`), and gives back what it read as ASCII-only JSON. */
function readWithPython(file: string, whole: boolean): unknown {
  const script = [
    'import json, sys',
    "raw = open(sys.argv[1], 'rb').read().decode('utf-8', 'strict')",
    // str.splitlines cuts at every Unicode line break (U+2028, U+2029, U+0085, CR, FF, ...), as many line readers do.
    "records = json.loads(raw) if sys.argv[2] == 'whole' else [json.loads(line) for line in raw.splitlines() if line != '']",
    'sys.stdout.write(json.dumps(records, ensure_ascii=True))',
  ].join('\n');
  return JSON.parse(execFileSync('python3', ['-c', script, file, whole ? 'whole' : 'lines'], { encoding: 'utf8' }));
}

interface Doc {
  id: string;
  segments: Array<{ event: string | null }>;
}
interface Event {
  id: string;
  label: string;
  members: Array<{ doc: string }>;
}

/** Each output document's id, and the label of the event of its first story segment: what must equal the input's id and title. */
function idsAndLabels(documents: Doc[], events: Event[]): Array<[string, string]> {
  const label = new Map(events.map((e) => [e.id, e.label]));
  return documents.map((d) => [d.id, label.get(d.segments.find((s) => s.event !== null)?.event ?? '') ?? '']);
}

let python = true;
try {
  execFileSync('python3', ['-c', 'import json']);
} catch {
  python = false;
  process.stderr.write('hostile-strings: no python3 here, the second reader is left out\n');
}

test('hostile ids and titles: JSON and JSONL read back field for field by two strict readers', async () => {
  await withTmp(async (dir) => {
    const input = path.join(dir, 'hostile.jsonl');
    const records = HOSTILE.map((s, i) => ({ id: `${i}:${s}`, title: `Title ${i}: ${s}`, text: story(i) }));
    fs.writeFileSync(input, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    // Output is sorted by id; ids start with their index, so sort the expectation the same way (UTF-16 code units).
    const expected = records
      .map((r): [string, string] => [r.id, r.title])
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));

    const json = await runCli(['cluster', input, '--format', 'json', '--workers', '1', '--out', path.join(dir, 'out.json')]);
    assert.is(json.code, 0, json.stderr);
    const jsonFile = path.join(dir, 'out.json');
    // What a terminal would act on if the file were shown (`cat out.json`): escaped, never raw (JSON reads \uXXXX back as the same character).
    const TERMINAL_CONTROL = /[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
    assert.not.match(fs.readFileSync(jsonFile, 'utf8'), TERMINAL_CONTROL);
    const parsed = JSON.parse(strictUtf8.decode(fs.readFileSync(jsonFile))) as { documents: Doc[]; events: Event[]; errors: unknown[] };
    assert.equal(parsed.errors, []);
    assert.equal(idsAndLabels(parsed.documents, parsed.events), expected);

    const jsonl = await runCli(['cluster', input, '--format', 'jsonl', '--workers', '1', '--out', path.join(dir, 'out.jsonl')]);
    assert.is(jsonl.code, 0, jsonl.stderr);
    const jsonlFile = path.join(dir, 'out.jsonl');
    const lines = strictUtf8.decode(fs.readFileSync(jsonlFile)).split('\n');
    assert.is(lines.pop(), '', 'ends with a new line');
    // One record a line, also for readers that split lines by Unicode's rules (Python's str.splitlines): no raw CR, U+2028, U+2029, U+0085.
    for (const line of lines) assert.not.match(line, /[\r\u2028\u2029\u0085]/, `a raw line break in ${JSON.stringify(line.slice(0, 80))}`);
    for (const line of lines) assert.not.match(line, TERMINAL_CONTROL, `a raw terminal control in ${JSON.stringify(line.slice(0, 80))}`);
    const jsonlRecords = lines.map((l) => JSON.parse(l) as { type: string } & Doc & Event);
    const byType = (type: string) => jsonlRecords.filter((r) => r.type === type);
    assert.equal(idsAndLabels(byType('document'), byType('event')), expected);

    if (python) {
      const fromPython = readWithPython(jsonFile, true) as { documents: Doc[]; events: Event[] };
      assert.equal(idsAndLabels(fromPython.documents, fromPython.events), expected);
      const linesFromPython = readWithPython(jsonlFile, false) as Array<{ type: string } & Doc & Event>;
      const ofType = (type: string) => linesFromPython.filter((r) => r.type === type);
      assert.equal(idsAndLabels(ofType('document'), ofType('event')), expected);
    }
  });
});

test.run();
