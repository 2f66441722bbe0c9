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
import { grown } from '../util/typed-array.js';
import { U32Map } from '../util/u32-map.js';
import { isDateStamp } from './date-stamp.js';

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

/** From lastIndex, the characters up to the next terminal (as isTerminal) or line break. */
const UP_TO_TERMINAL = /[^.!?\u2026\n]*/y;

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
  return isAsciiLetter(c) || (c >= 48 && c <= 57);
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

/**
 * A text's lines, trimmed: line i is `text[start[i], end[i])`, blank when
 * the two are equal. One set of arrays per thread, reused from text to
 * text (`splitUnits` is not re-entered): as an object per line, lines and
 * the arrays of them were a sixth of what the feature kernel allocated.
 */
class Lines {
  start = new Int32Array(256);
  end = new Int32Array(256);
  /** The previous line with the same key hash, or -1 (see LineKeys). */
  sameHash = new Int32Array(256);
  count = 0;

  scan(text: string): this {
    this.count = 0;
    let lineStart = 0;
    const n = text.length;
    while (lineStart <= n) {
      let lineEnd = text.indexOf('\n', lineStart);
      if (lineEnd < 0) lineEnd = n;
      let s = lineStart;
      let e = lineEnd;
      while (s < e && isSpace(text.charCodeAt(s))) s++;
      while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
      if (this.count === this.start.length) this.grow();
      this.start[this.count] = s;
      this.end[this.count++] = s < e ? e : s;
      if (lineEnd === n) break;
      lineStart = lineEnd + 1;
    }
    return this;
  }

  private grow(): void {
    const size = this.start.length * 2;
    this.start = grown(this.start, size);
    this.end = grown(this.end, size);
    this.sameHash = new Int32Array(size);
  }
}

const LINES = new Lines();

/**
 * Splits `text` into sentence-like units, skipping lines repeated within the
 * text. Linear in the text length.
 */
export function splitUnits(text: string): TextStructure {
  const lines = LINES.scan(text);
  const seen = new LineKeys(text, lines);
  const units: TextUnit[] = [];
  let repeatedLines = 0;
  let paragraphOpen = false;
  // A run: consecutive kept lines inside one paragraph, split into sentences.
  let runFrom = -1;
  const flushRun = (to: number) => {
    if (runFrom < 0) return;
    splitRun(text, lines, runFrom, to, !paragraphOpen, units);
    paragraphOpen = true;
    runFrom = -1;
  };

  for (let i = 0; i < lines.count; i++) {
    if (lines.start[i] === lines.end[i]) {
      flushRun(i);
      paragraphOpen = false;
      continue;
    }
    if (seen.repeats(i)) {
      repeatedLines++;
      flushRun(i); // a skipped line also ends the sentence around it
      continue;
    }
    if (runFrom < 0) runFrom = i;
  }
  flushRun(lines.count);
  return { units, repeatedLines };
}

/** The key under which two lines are the same line: white-space runs as one space, lower case. */
function keyOf(text: string, lines: Lines, i: number): string {
  return text.slice(lines.start[i], lines.end[i]).replace(/\s+/g, ' ').toLowerCase();
}

/** Line number + 1 of the last line seen with a key hash (0: none): one map per thread, cleared per text. */
const LAST_WITH_HASH = new U32Map(256);

/**
 * Key characters hashed first. Lines whose keys differ in their first
 * PREFIX_CHARS characters (nearly all paragraphs of a story) are told apart
 * without reading the rest; only lines that share a prefix are hashed whole.
 */
const PREFIX_CHARS = 48;
/** Per prefix hash: line + 1 of the one line seen with it, not yet hashed whole, or SHARED. */
const WITH_PREFIX = new U32Map(256);
/** Two or more lines have had this prefix hash: each was hashed whole (it is in LAST_WITH_HASH). */
const SHARED = 0xffffffff;

/**
 * The keys of a text's lines seen so far. A line's key is hashed without
 * building it when the line is ASCII (almost always); key strings are built
 * only to settle equal hashes, so the answer is exact. Two lines with one
 * key have one prefix, so a line whose prefix no earlier line had repeats
 * nothing; the whole key is hashed only when the prefix was seen before.
 */
class LineKeys {
  /** Key characters hashed by the last `keyHash`. */
  private hashed = 0;

  constructor(
    private readonly text: string,
    private readonly lines: Lines,
  ) {
    LAST_WITH_HASH.clear();
    WITH_PREFIX.clear();
  }

  /** Whether an earlier line had the same key as line `i` (keys under MIN_REPEAT_CHARS never count), remembering this one. */
  repeats(i: number): boolean {
    const prefix = this.keyHash(i, PREFIX_CHARS);
    // PREFIX_CHARS ≥ MIN_REPEAT_CHARS: a key this short was hashed whole.
    if (this.hashed < MIN_REPEAT_CHARS) return false;
    const seen = WITH_PREFIX.get(prefix);
    if (seen === 0) {
      WITH_PREFIX.set(prefix, i + 1);
      return false;
    }
    if (seen !== SHARED) {
      this.remember(seen - 1, this.keyHash(seen - 1, Infinity));
      WITH_PREFIX.set(prefix, SHARED);
    }
    const hash = this.keyHash(i, Infinity);
    const last = LAST_WITH_HASH.get(hash) - 1;
    if (last >= 0) {
      const { text, lines } = this;
      const key = keyOf(text, lines, i);
      for (let j = last; j >= 0; j = lines.sameHash[j]) if (keyOf(text, lines, j) === key) return true;
    }
    this.remember(i, hash);
    return false;
  }

  private remember(i: number, hash: number): void {
    this.lines.sameHash[i] = LAST_WITH_HASH.get(hash) - 1;
    LAST_WITH_HASH.set(hash, i + 1);
  }

  /** The hash of the first `limit` characters of line `i`'s key (signed: a small integer to the engine); sets `hashed`. */
  private keyHash(i: number, limit: number): number {
    const { text, lines } = this;
    let hash = FNV_OFFSET;
    let length = 0;
    let space = false;
    const end = lines.end[i];
    // Once `limit` characters are out, nothing after changes them: a space is written only before the next character.
    for (let p = lines.start[i]; p < end && length < limit; p++) {
      let c = text.charCodeAt(p);
      if (c >= 128) return this.keyStringHash(i, limit); // the key is built and hashed instead
      if (c === 32 || (c >= 9 && c <= 13)) {
        space = true;
        continue;
      }
      if (space) {
        hash = fnvStep(hash, 32);
        length++;
        space = false;
        if (length === limit) break;
      }
      if (c >= 65 && c <= 90) c += 32;
      hash = fnvStep(hash, c);
      length++;
    }
    if (space && length < limit) {
      hash = fnvStep(hash, 32);
      length++;
    }
    this.hashed = length;
    return hash | 0;
  }

  private keyStringHash(i: number, limit: number): number {
    const key = keyOf(this.text, this.lines, i);
    const length = Math.min(key.length, limit);
    let hash = FNV_OFFSET;
    for (let p = 0; p < length; p++) hash = fnvStep(hash, key.charCodeAt(p));
    this.hashed = length;
    return hash | 0;
  }
}

/** Splits the run of lines [from, to) (consecutive kept lines of one paragraph) into units. */
function splitRun(text: string, lines: Lines, from: number, to: number, paragraphStart: boolean, units: TextUnit[]): void {
  const sentence: Sentence = { start: -1, first: paragraphStart, single: to - from === 1 ? from : -1 };
  let i = from;
  if (paragraphStart && to - from > 1) {
    const start = lines.start[from];
    const end = lines.end[from];
    if (!lineEndsSentence(text, start, end) && looksLikeHeadlineAt(text, start, end)) {
      units.push({ start, end, paragraphStart: true, headline: true });
      sentence.first = false;
      i = from + 1;
      // Under a date stamp ("Posted Nov 27, 2005 8:20 AM ET") the next line may be the headline itself.
      if (to - i > 1 && isDateStamp(text.slice(start, end))) {
        const nextStart = lines.start[i];
        const nextEnd = lines.end[i];
        if (!lineEndsSentence(text, nextStart, nextEnd) && looksLikeHeadlineAt(text, nextStart, nextEnd)) {
          units.push({ start: nextStart, end: nextEnd, paragraphStart: false, headline: true });
          i++;
        }
      }
    }
  }

  for (; i < to; i++) {
    const lineStart = lines.start[i];
    const lineEnd = lines.end[i];
    if (sentence.start < 0) sentence.start = lineStart;
    // The next terminal (or the line's end) at or after p: found by a native
    // scan, and kept while p has not passed it, so a line is scanned once.
    let stop = -1;
    let p = lineStart;
    while (p < lineEnd) {
      if (sentence.start < 0) sentence.start = p;
      if (stop < p) {
        UP_TO_TERMINAL.lastIndex = p;
        UP_TO_TERMINAL.test(text);
        stop = Math.min(UP_TO_TERMINAL.lastIndex, lineEnd);
      }
      // A sentence that reaches MAX_UNIT_CHARS before its terminal is cut at its next space.
      const limit = sentence.start + MAX_UNIT_CHARS;
      if (limit < stop) {
        let space = Math.max(p, limit);
        while (space < stop && !isSpace(text.charCodeAt(space))) space++;
        if (space < stop) {
          emit(text, lines, sentence, space, units);
          p = space + 1;
          continue;
        }
      }
      if (stop >= lineEnd) break;
      p = stop;
      const c = text.charCodeAt(p);
      let q = p + 1;
      while (q < lineEnd && (isTerminal(text.charCodeAt(q)) || isCloser(text.charCodeAt(q)))) q++;
      p++;
      if (q >= lineEnd) continue; // the line end decides below
      if (!isSpace(text.charCodeAt(q))) continue;
      let r = q;
      while (r < lineEnd && isSpace(text.charCodeAt(r))) r++;
      if (r >= lineEnd) continue;
      const next = text.charCodeAt(r);
      if (!(isUpperStart(text, r) || isOpener(next))) continue;
      if (c === 46 && abbreviationBefore(text, p - 1, sentence.start)) continue;
      emit(text, lines, sentence, q, units);
      p = r;
    }
    if (lineEndsSentence(text, lineStart, lineEnd)) emit(text, lines, sentence, lineEnd, units);
  }
  emit(text, lines, sentence, lines.end[to - 1], units);
}

/** The sentence being read in a run. */
interface Sentence {
  /** Where it starts, or -1 between sentences. */
  start: number;
  /** Whether the next unit opens its paragraph. */
  first: boolean;
  /** The run's line when it has one line only, else -1. */
  single: number;
}

/** Ends the sentence being read at `end`: a unit, if anything but space is in it. */
function emit(text: string, lines: Lines, sentence: Sentence, end: number, units: TextUnit[]): void {
  if (sentence.start < 0) return;
  let s = sentence.start;
  let e = end;
  while (s < e && (isSpace(text.charCodeAt(s)) || text.charCodeAt(s) === 10)) s++;
  while (e > s && (isSpace(text.charCodeAt(e - 1)) || text.charCodeAt(e - 1) === 10)) e--;
  if (s < e) {
    const single = sentence.single >= 0 && s === lines.start[sentence.single] && e === lines.end[sentence.single];
    const headline = sentence.first && single && looksLikeHeadlineAt(text, s, e);
    units.push({ start: s, end: e, paragraphStart: sentence.first, headline });
    sentence.first = false;
  }
  sentence.start = -1;
}
