/**
 * The text's structure: which lines count, where paragraphs and sentences
 * are. Works on offsets into the original text, never on a rewritten copy,
 * so every unit maps back to the input exactly.
 *
 * Rules, each from the sample corpus:
 * - A paragraph break is a blank line. A bare line break is not: scraped
 *   pages hard-wrap mid-sentence ("Russian\nForeign Minister …", seed 002).
 * - A line that already appeared in the same file (a headline or photo
 *   caption repeated by the scraper, seed 004) is skipped: counted once.
 *   Short lines (under MIN_REPEAT_CHARS) are never skipped: see there.
 * - Sentences end at . ! ? … followed by a capital, a digit or a quote, but
 *   not after abbreviations (Mr., U.S., Jan.) or initials; and at the end of
 *   a line that ends with terminal punctuation or a closing bracket.
 * - A paragraph's first line that looks like a headline (title case, no
 *   final punctuation) is a unit of its own.
 */

import { FNV_OFFSET, fnvStep } from '../features/hash.js';

/** A sentence-like unit: the atom of segmentation and boilerplate marking. */
export interface TextUnit {
  /** Offsets into the original text; the unit is trimmed of surrounding space. */
  start: number;
  end: number;
  /** First unit of a paragraph (after a blank line or at the top). */
  paragraphStart: boolean;
  /** A title-case line without final punctuation that opens a paragraph. */
  headline: boolean;
}

export interface TextStructure {
  units: TextUnit[];
  /** Lines skipped because they repeat an earlier line of the same text. */
  repeatedLines: number;
}

/**
 * Lines shorter than this are never skipped as repeats: a hard-wrapped page
 * repeats short fragments ("In", "The", "Sputnik" in seed 002) inside
 * different sentences, and skipping them lost words and cut sentences.
 */
const MIN_REPEAT_CHARS = 20;

/** Units longer than this are cut at a space: bounds the cost of a 1 MB line. */
const MAX_UNIT_CHARS = 2000;

const ABBREVIATIONS = new Set(
  ('mr mrs ms dr prof gen sen rep gov lt col capt sgt cpl adm maj st jr sr inc co corp ltd vs etc no nos ' +
    'jan feb mar apr jun jul aug sep sept oct nov dec mt ft approx dept est fig al u.s u.k u.n e.g i.e a.m p.m')
    .split(' '),
);

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 0xa0 || c === 0x200b || c === 0xfeff || (c >= 0x2000 && c <= 0x200a) || c === 0x3000;
}

function isTerminal(c: number): boolean {
  return c === 46 || c === 33 || c === 63 || c === 0x2026; // . ! ? …
}

function isCloser(c: number): boolean {
  return c === 34 || c === 39 || c === 41 || c === 93 || c === 0x201d || c === 0x2019 || c === 0xbb;
}

function isOpener(c: number): boolean {
  return c === 34 || c === 39 || c === 40 || c === 91 || c === 0x201c || c === 0x2018 || c === 0xab;
}

function isUpperStart(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c >= 65 && c <= 90) return true;
  if (c >= 48 && c <= 57) return true;
  if (c < 128) return false;
  const ch = String.fromCodePoint(text.codePointAt(i)!);
  return ch !== ch.toLowerCase();
}

/** Does the line [start, end) end a sentence by itself? */
function lineEndsSentence(text: string, start: number, end: number): boolean {
  const c = text.charCodeAt(end - 1);
  return isTerminal(c) || isCloser(c) || c === 58 || c === 59 || c === 0x201d;
}

const WORD_RE = /[\p{L}\p{N}][\p{L}\p{N}'’.-]*/gu;

/** Title case, 2–20 words, no final punctuation: how headlines look. */
export function looksLikeHeadline(line: string): boolean {
  if (line.length > 160) return false;
  const last = line.charCodeAt(line.length - 1);
  if (isTerminal(last) || last === 58 || last === 44 || last === 59) return false;
  const words = line.match(WORD_RE) ?? [];
  if (words.length < 2 || words.length > 20) return false;
  let capital = 0;
  let lower = 0;
  for (const w of words) {
    if (isUpperStart(w, 0)) capital++;
    else if (w.length > 3) lower++; // short function words (of, to, in) may stay lower case
  }
  return capital >= 2 && lower <= words.length * 0.2;
}

/**
 * `looksLikeHeadline(text.slice(start, end))`, without building the slice
 * or its words when the line is ASCII (almost always): it is asked of
 * every paragraph's first line.
 */
export function looksLikeHeadlineAt(text: string, start: number, end: number): boolean {
  if (end - start > 160) return false;
  for (let i = start; i < end; i++) if (text.charCodeAt(i) >= 128) return looksLikeHeadline(text.slice(start, end));
  const last = text.charCodeAt(end - 1);
  if (isTerminal(last) || last === 58 || last === 44 || last === 59) return false;
  // Words as WORD_RE finds them: a letter or digit, then letters, digits, ' . -
  let words = 0;
  let capital = 0;
  let lower = 0;
  for (let i = start; i < end; ) {
    if (!isAsciiAlnum(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const first = text.charCodeAt(i);
    let j = i + 1;
    while (j < end && isAsciiWordChar(text.charCodeAt(j))) j++;
    words++;
    if ((first >= 65 && first <= 90) || (first >= 48 && first <= 57)) capital++;
    else if (j - i > 3) lower++;
    i = j;
  }
  if (words < 2 || words > 20) return false;
  return capital >= 2 && lower <= words * 0.2;
}

function isAsciiAlnum(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
}

function isAsciiWordChar(c: number): boolean {
  return isAsciiAlnum(c) || c === 39 || c === 46 || c === 45; // ' . -
}

/** The word ending just before offset `dot`, lower-cased, e.g. "u.s" for "U.S." */
export function wordBefore(text: string, dot: number, floor: number): string {
  let i = dot;
  while (i > floor) {
    const c = text.charCodeAt(i - 1);
    if (isSpace(c) || c === 10 || isOpener(c)) break;
    i--;
  }
  return text.slice(i, dot).toLowerCase();
}

export function isAbbreviation(word: string): boolean {
  if (word.length === 1 && /\p{L}/u.test(word)) return true; // an initial: "J. Smith"
  return ABBREVIATIONS.has(word) || /^(\p{L}\.)+\p{L}$/u.test(word); // U.S, e.g
}

/** ABBREVIATIONS by length, for comparing in place. */
const ABBREVIATIONS_BY_LENGTH: string[][] = [];
for (const a of ABBREVIATIONS) (ABBREVIATIONS_BY_LENGTH[a.length] ??= []).push(a);

/**
 * Whether the word ending just before offset `dot` is an abbreviation:
 * `isAbbreviation(wordBefore(text, dot, floor))`, without building the
 * word when it is ASCII (almost always). Asked at every full stop.
 */
export function abbreviationBefore(text: string, dot: number, floor: number): boolean {
  let i = dot;
  let ascii = true;
  while (i > floor) {
    const c = text.charCodeAt(i - 1);
    if (isSpace(c) || c === 10 || isOpener(c)) break;
    if (c >= 128) ascii = false;
    i--;
  }
  if (!ascii) return isAbbreviation(wordBefore(text, dot, floor));
  const length = dot - i;
  if (length === 0) return false;
  if (length === 1) return isAsciiLetter(text.charCodeAt(i)); // an initial: "J. Smith"
  if (length % 2 === 1 && dottedLetters(text, i, dot)) return true; // U.S, e.g
  next: for (const a of ABBREVIATIONS_BY_LENGTH[length] ?? []) {
    for (let k = 0; k < length; k++) {
      const c = text.charCodeAt(i + k);
      if ((c >= 65 && c <= 90 ? c + 32 : c) !== a.charCodeAt(k)) continue next;
    }
    return true;
  }
  return false;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

/** Letters with a dot between each two, as in "U.S" or "e.g". */
function dottedLetters(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if ((k - from) % 2 === 0 ? !isAsciiLetter(text.charCodeAt(k)) : text.charCodeAt(k) !== 46) return false;
  return true;
}

interface Line {
  start: number;
  end: number; // trimmed
}

function scanLines(text: string): Array<Line | null> {
  const lines: Array<Line | null> = [];
  let lineStart = 0;
  const n = text.length;
  while (lineStart <= n) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = n;
    let s = lineStart;
    let e = lineEnd;
    while (s < e && isSpace(text.charCodeAt(s))) s++;
    while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
    lines.push(s < e ? { start: s, end: e } : null);
    if (lineEnd === n) break;
    lineStart = lineEnd + 1;
  }
  return lines;
}

/**
 * Splits `text` into sentence-like units, skipping lines repeated within the
 * text. Linear in the text length.
 */
export function splitUnits(text: string): TextStructure {
  const lines = scanLines(text);
  const seen = new LineKeys(text);
  const units: TextUnit[] = [];
  let repeatedLines = 0;
  let paragraphOpen = false;

  // A run: consecutive kept lines inside one paragraph, split into sentences.
  let run: Line[] = [];
  const flushRun = () => {
    if (run.length > 0) splitRun(text, run, !paragraphOpen, units);
    if (run.length > 0) paragraphOpen = true;
    run = [];
  };

  for (const line of lines) {
    if (line === null) {
      flushRun();
      paragraphOpen = false;
      continue;
    }
    if (seen.repeats(line)) {
      repeatedLines++;
      flushRun(); // a skipped line also ends the sentence around it
      continue;
    }
    run.push(line);
  }
  flushRun();
  return { units, repeatedLines };
}

/** The key under which two lines are the same line: white-space runs as one space, lower case. */
function keyOf(text: string, line: Line): string {
  return text.slice(line.start, line.end).replace(/\s+/g, ' ').toLowerCase();
}

/**
 * The keys of a text's lines seen so far. A line's key is hashed without
 * building it when the line is ASCII (almost always); key strings are built
 * only to settle equal hashes, so the answer is exact.
 */
class LineKeys {
  private readonly byHash = new Map<number, Line[]>();

  constructor(private readonly text: string) {}

  /** Whether an earlier line had the same key (keys under MIN_REPEAT_CHARS never count), remembering this one. */
  repeats(line: Line): boolean {
    const text = this.text;
    let hash = FNV_OFFSET;
    let length = 0;
    let space = false;
    let ascii = true;
    for (let i = line.start; i < line.end && ascii; i++) {
      let c = text.charCodeAt(i);
      if (c >= 128) ascii = false;
      else if (c === 32 || (c >= 9 && c <= 13)) space = true;
      else {
        if (space) {
          hash = fnvStep(hash, 32);
          length++;
          space = false;
        }
        if (c >= 65 && c <= 90) c += 32;
        hash = fnvStep(hash, c);
        length++;
      }
    }
    if (space) {
      hash = fnvStep(hash, 32);
      length++;
    }
    let key: string | undefined;
    if (!ascii) {
      key = keyOf(text, line);
      length = key.length;
      hash = FNV_OFFSET;
      for (let i = 0; i < key.length; i++) hash = fnvStep(hash, key.charCodeAt(i));
    }
    if (length < MIN_REPEAT_CHARS) return false;
    const same = this.byHash.get(hash);
    if (same === undefined) {
      this.byHash.set(hash, [line]);
      return false;
    }
    key ??= keyOf(text, line);
    for (const earlier of same) if (keyOf(text, earlier) === key) return true;
    same.push(line);
    return false;
  }
}

function splitRun(text: string, run: Line[], paragraphStart: boolean, units: TextUnit[]): void {
  let first = paragraphStart;
  let i = 0;
  if (paragraphStart && run.length > 1) {
    const head = run[0];
    if (!lineEndsSentence(text, head.start, head.end) && looksLikeHeadlineAt(text, head.start, head.end)) {
      units.push({ start: head.start, end: head.end, paragraphStart: true, headline: true });
      first = false;
      i = 1;
    }
  }
  let sentenceStart = -1;
  const emit = (end: number) => {
    if (sentenceStart < 0) return;
    let s = sentenceStart;
    let e = end;
    while (s < e && (isSpace(text.charCodeAt(s)) || text.charCodeAt(s) === 10)) s++;
    while (e > s && (isSpace(text.charCodeAt(e - 1)) || text.charCodeAt(e - 1) === 10)) e--;
    if (s < e) {
      const single = run.length === 1 && s === run[0].start && e === run[0].end;
      const headline = first && single && looksLikeHeadlineAt(text, s, e);
      units.push({ start: s, end: e, paragraphStart: first, headline });
      first = false;
    }
    sentenceStart = -1;
  };

  for (; i < run.length; i++) {
    const line = run[i];
    if (sentenceStart < 0) sentenceStart = line.start;
    for (let p = line.start; p < line.end; p++) {
      if (sentenceStart < 0) sentenceStart = p;
      const c = text.charCodeAt(p);
      if (p - sentenceStart >= MAX_UNIT_CHARS && isSpace(c)) {
        emit(p);
        continue;
      }
      if (!isTerminal(c)) continue;
      let q = p + 1;
      while (q < line.end && (isTerminal(text.charCodeAt(q)) || isCloser(text.charCodeAt(q)))) q++;
      if (q >= line.end) continue; // the line end decides below
      if (!isSpace(text.charCodeAt(q))) continue;
      let r = q;
      while (r < line.end && isSpace(text.charCodeAt(r))) r++;
      if (r >= line.end) continue;
      const next = text.charCodeAt(r);
      if (!(isUpperStart(text, r) || isOpener(next))) continue;
      if (c === 46 && abbreviationBefore(text, p, sentenceStart)) continue;
      emit(q);
      p = r - 1;
    }
    if (lineEndsSentence(text, line.start, line.end)) emit(line.end);
  }
  emit(run[run.length - 1].end);
}
