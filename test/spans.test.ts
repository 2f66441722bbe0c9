/**
 * Where segments lie in their text, as a property of every document: spans
 * in order, non-empty, not overlapping, inside the text, and no segment
 * starts or ends on white space. Every character outside them is white
 * space (the blank lines between parts are in no segment), or belongs to a
 * line that repeats an earlier line of the same text (a scraper's repeated
 * headline or caption: structure.ts skips it, so at the edge of a segment
 * it is in none). Two lines are the same when, trimmed, with white-space
 * runs as one space and in lower case, they are equal and at least 20
 * characters long. So every other word of a document is in exactly one
 * segment, and a span one character short or long breaks the property.
 * Checked on generated documents through `segment()` and `analyze()`, and
 * on the sample corpus.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { analyze, segment } from '../src/index.js';
import { CORPUS } from './fixtures/paths.js';

interface Span {
  start: number;
  end: number;
}

const EDGE_WHITE = /\s/;

/** For each character of `text`, whether it is in a line repeating an earlier line (by the rule above). */
function inRepeatedLine(text: string): Uint8Array {
  const marks = new Uint8Array(text.length);
  const seen = new Set<string>();
  const lineBreak = /\r\n|\n|\r/g;
  let from = 0;
  for (;;) {
    const m = lineBreak.exec(text);
    const to = m ? m.index : text.length;
    const key = text.slice(from, to).trim().replace(/\s+/g, ' ').toLowerCase();
    if (key.length >= 20) {
      if (seen.has(key)) marks.fill(1, from, to);
      seen.add(key);
    }
    if (!m) break;
    from = m.index + m[0].length;
  }
  return marks;
}

/** The failures of the span property for one text, as readable lines (empty: it holds). */
function spanFailures(text: string, spans: readonly Span[]): string[] {
  const out: string[] = [];
  const repeated = inRepeatedLine(text);
  /** The first character of text[from, to) that may not lie outside every segment, or -1. */
  const stray = (from: number, to: number) => {
    for (let p = from; p < to; p++) if (!EDGE_WHITE.test(text[p]) && repeated[p] === 0) return p;
    return -1;
  };
  const strayText = (p: number) => JSON.stringify(text.slice(Math.max(0, p - 20), p + 20));
  let covered = 0;
  for (const [i, s] of spans.entries()) {
    const where = `segment ${i} (${s.start}-${s.end})`;
    if (!(Number.isInteger(s.start) && Number.isInteger(s.end) && 0 <= s.start && s.start < s.end && s.end <= text.length)) {
      out.push(`${where}: not a non-empty range inside 0-${text.length}`);
      continue;
    }
    if (s.start < covered) out.push(`${where}: starts before the previous segment ends (${covered})`);
    else if (stray(covered, s.start) >= 0) out.push(`${where}: before it, outside every segment: ${strayText(stray(covered, s.start))}`);
    if (EDGE_WHITE.test(text[s.start]) || EDGE_WHITE.test(text[s.end - 1])) out.push(`${where}: starts or ends on white space: ${JSON.stringify(text.slice(s.start, s.end))}`);
    covered = Math.max(covered, s.end);
  }
  if (stray(covered, text.length) >= 0) out.push(`after the last segment (${covered}), outside every segment: ${strayText(stray(covered, text.length))}`);
  return out;
}

test('the property itself: a span one character short, one too long, overlapping or out of order fails it', () => {
  const text = 'First part here.\n\nSecond part.\n';
  const good = [{ start: 0, end: 16 }, { start: 18, end: 30 }];
  assert.equal(spanFailures(text, good), []);
  assert.is(spanFailures(text, [{ start: 0, end: 15 }, good[1]]).length, 1, 'one short');
  assert.is(spanFailures(text, [{ start: 0, end: 17 }, good[1]]).length, 1, 'ends on the newline');
  assert.is(spanFailures(text, [good[0], { start: 16, end: 30 }]).length, 1, 'starts on white space');
  assert.ok(spanFailures(text, [good[1], good[0]]).length > 0, 'out of order');
  assert.ok(spanFailures(text, [{ start: 0, end: 20 }, good[1]]).length > 0, 'overlapping');
  assert.is(spanFailures(text, [good[0]]).length, 1, 'a part left out');
  assert.is(spanFailures(text, [{ start: 0, end: 31 }]).length, 1, 'past the end');
  // A repeated line (20 characters or more, case and spacing aside) may lie outside; a short one, or a new one, may not.
  const repeats = 'A headline of the story\n\nBody text of it.\n\nA HEADLINE of  the story\n\nShort one\n\nShort one';
  assert.equal(spanFailures(repeats, [{ start: 0, end: 23 }, { start: 25, end: 41 }, { start: 69, end: 78 }, { start: 80, end: 89 }]), []);
  assert.is(spanFailures(repeats, [{ start: 0, end: 23 }, { start: 25, end: 41 }, { start: 69, end: 78 }]).length, 1, 'a short repeat left out');
  assert.is(spanFailures(repeats, [{ start: 25, end: 41 }, { start: 43, end: 89 }]).length, 1, 'the first of two equal lines left out');
});

const seedTexts = readdirSync(CORPUS)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => readFileSync(join(CORPUS, f), 'utf8'));

/** Sentences of the sample articles, so generated paragraphs read like news (topics, names, boilerplate cues). */
const SENTENCES = seedTexts.flatMap((t) => t.split(/(?<=[.!?])\s+/).map((s) => s.trim()).filter((s) => s.length > 0 && s.length < 400));

const BOILERPLATE = ['Share this article', 'Read more', 'Subscribe to our newsletter', 'Copyright 2023 All rights reserved.', 'Follow us on Twitter', 'Leave a Reply'];

/** A generated document: paragraphs of sentences, headline-like lines, boilerplate lines and repeats, between many kinds of white space. */
const documentText = fc
  .tuple(
    fc.array(
      fc.oneof(
        { weight: 6, arbitrary: fc.array(fc.integer({ min: 0, max: SENTENCES.length - 1 }), { minLength: 1, maxLength: 8 }).map((ix) => ix.map((i) => SENTENCES[i]).join(' ')) },
        { weight: 1, arbitrary: fc.constantFrom(...BOILERPLATE) },
        { weight: 1, arbitrary: fc.integer({ min: 0, max: SENTENCES.length - 1 }).map((i) => SENTENCES[i].replace(/[.!?]$/, '')) },
        // A line over the 2,000-character unit cap, cut at a space.
        { weight: 1, arbitrary: fc.integer({ min: 0, max: SENTENCES.length - 1 }).map((i) => Array.from({ length: 30 }, (_, k) => SENTENCES[(i + k) % SENTENCES.length]).join(' ')) },
      ),
      { minLength: 0, maxLength: 14 },
    ),
    fc.array(fc.constantFrom('\n\n', '\n', '\n\n\n\n', '\r\n\r\n', ' \n \n', '\n\t\n', '\u00a0\n\n', '\n\n   '), { minLength: 15, maxLength: 15 }),
    fc.constantFrom('', '\n', '  \n\n', '\t'),
    fc.constantFrom('', '\n', '\n\n  ', ' '),
    fc.boolean(),
  )
  .map(([paragraphs, separators, lead, tail, repeat]) => {
    const parts = repeat && paragraphs.length > 2 ? [...paragraphs, paragraphs[0]] : paragraphs;
    return lead + parts.map((p, i) => (i === 0 ? p : separators[i % separators.length] + p)).join('') + tail;
  });

test('segment(): on generated documents, spans are in order, inside the text, trimmed, and leave only white space out', () => {
  fc.assert(
    fc.property(documentText, (text) => {
      assert.equal(spanFailures(text, segment(text)), [], JSON.stringify(text.slice(0, 200)));
    }),
    { numRuns: 150, seed: 24 },
  );
});

test('analyze(): the same property on every document of generated corpora and of the sample corpus', async () => {
  const corpora = fc.sample(fc.array(documentText, { minLength: 8, maxLength: 8 }), { numRuns: 4, seed: 2024 });
  corpora.push(seedTexts);
  for (const texts of corpora) {
    // Copies and parts of each other, so near-duplicates and cross-document splits happen too.
    const docs = [...texts, texts[0] + '\n\n' + texts[1], texts[2]].map((text, i) => ({ id: `d${String(i).padStart(2, '0')}`, text }));
    const result = await analyze(docs, { workers: 1 });
    for (const d of result.documents) {
      const text = docs.find((x) => x.id === d.id)!.text;
      assert.equal(spanFailures(text, d.segments), [], `${d.id}: ${JSON.stringify(text.slice(0, 200))}`);
    }
  }
});

test.run();
