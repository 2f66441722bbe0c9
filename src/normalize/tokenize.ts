/**
 * The tokenizer: one pass over UTF-16 code units that finds word tokens
 * (runs of letters, digits and combining marks, by Unicode class) and hashes
 * each one's case-folded form inline.
 *
 * Why not a regex or `natural`'s WordTokenizer: those build a string per
 * token, which dominates the cost of shingling, and natural's splits
 * non-ASCII words (Zürich → z, rich). Here plain ASCII tokens never become
 * strings; only tokens with non-ASCII characters are sliced, NFKC-normalized
 * and lower-cased, so `ﬁnal` and `final`, `ZÜRICH` and `zürich` hash alike.
 *
 * Inside a token: an apostrophe between letters is dropped (don’t → dont),
 * except a possessive `’s`, which ends the token (Blinken’s → blinken); a
 * `.` or `,` between digits is dropped (24.10.2022 → 24102022, 1,920 → 1920).
 * Hyphens and all other punctuation separate tokens.
 */
import { CHECK_OFFSET, FNV_OFFSET, checkStep, checkString, fmix32, fnvStep } from '../features/hash.js';

/** Token flag: the first character is an upper-case letter in the original text. */
export const CAPITALIZED = 1;
/** Token flag: every character is a digit. */
export const NUMERIC = 2;
/** Token flag: the token contains non-ASCII characters. */
export const NON_ASCII = 4;

/**
 * The tokens of one text, as parallel typed arrays (no object per token).
 * Buffers are reused across documents and grow as needed; entries at index
 * ≥ `count` are stale.
 */
export interface Tokens {
  count: number;
  /** fmix32(FNV-1a(folded token)): equal for equal folded forms. */
  hash: Uint32Array;
  start: Int32Array;
  end: Int32Array;
  flags: Uint8Array;
}

export function createTokens(capacity = 1024): Tokens {
  return {
    count: 0,
    hash: new Uint32Array(capacity),
    start: new Int32Array(capacity),
    end: new Int32Array(capacity),
    flags: new Uint8Array(capacity),
  };
}

function grow(tokens: Tokens): void {
  const capacity = Math.max(16, tokens.hash.length * 2); // createTokens(0) must grow too
  const hash = new Uint32Array(capacity);
  const start = new Int32Array(capacity);
  const end = new Int32Array(capacity);
  const flags = new Uint8Array(capacity);
  hash.set(tokens.hash);
  start.set(tokens.start);
  end.set(tokens.end);
  flags.set(tokens.flags);
  tokens.hash = hash;
  tokens.start = start;
  tokens.end = end;
  tokens.flags = flags;
}

// Character classes of the Basic Multilingual Plane, computed once:
// 1 = word character (\p{L}, \p{N}, \p{M}), 2 = apostrophe.
const WORD = 1;
const APOSTROPHE = 2;
const charClass = new Uint8Array(0x10000);
{
  const word = /[\p{L}\p{N}\p{M}]/u;
  for (let c = 0; c < 0x10000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue; // surrogates: handled as pairs below
    if (word.test(String.fromCharCode(c))) charClass[c] = WORD;
  }
  for (const c of [0x27, 0x2019, 0x02bc]) charClass[c] = APOSTROPHE;
}
const astralWord = /^[\p{L}\p{N}\p{M}]$/u;
// ASCII word characters (A-Z, a-z, 0-9) as hashed, upper case folded; 0 for other ASCII.
const ASCII_FOLD = new Uint8Array(128);
for (let c = 0; c < 128; c++) if (charClass[c] === WORD) ASCII_FOLD[c] = c >= 65 && c <= 90 ? c | 0x20 : c;

/**
 * True when the code point at `i` (a surrogate pair if astral) is a word
 * character; a pair cut by the range end `to` is not.
 */
function isWordAt(text: string, i: number, to = text.length): boolean {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff) return charClass[c] === WORD;
  if (i + 1 >= to) return false;
  const cp = text.codePointAt(i)!;
  return cp > 0xffff && astralWord.test(String.fromCodePoint(cp));
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isLetterCode(text: string, i: number, to = text.length): boolean {
  return i < to && isWordAt(text, i, to) && !isDigit(text.charCodeAt(i));
}

/**
 * The folded form of the token `text[start, end)`, exactly as hashed: NFKC,
 * lower case, inner apostrophes and digit separators removed. Used where a
 * token's string is needed (stemming, labels); the hot path never calls it
 * for ASCII tokens.
 */
export function foldToken(text: string, start: number, end: number): string {
  if (isPlainAscii(text, start, end)) return text.slice(start, end).toLowerCase();
  let raw = '';
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (charClass[c] === APOSTROPHE) continue;
    if ((c === 46 || c === 44) && i > start && isDigit(text.charCodeAt(i - 1))) continue;
    raw += text[i];
  }
  return raw.normalize('NFKC').toLowerCase();
}

/**
 * ASCII without apostrophes or digit separators: then folding is lower
 * casing alone (NFKC leaves ASCII as it is), with no string built per character.
 */
function isPlainAscii(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || c === 39 || ((c === 46 || c === 44) && i > start && isDigit(text.charCodeAt(i - 1)))) return false;
  }
  return true;
}

function hashFolded(folded: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < folded.length; i++) h = fnvStep(h, folded.charCodeAt(i));
  return fmix32(h);
}

/**
 * Token `k`'s second hash (`checkString` of its folded form), computed
 * when asked rather than for every token: only caches keyed by a token need
 * it, to tell apart two tokens whose `hash` collides.
 */
export function checkOf(text: string, tokens: Tokens, k: number): number {
  const start = tokens.start[k];
  const end = tokens.end[k];
  if ((tokens.flags[k] & NON_ASCII) !== 0) return checkString(foldToken(text, start, end));
  // Such a token's folded form is its ASCII letters and digits, lower-cased (what ASCII_FOLD
  // keeps); apostrophes, ’ and ʼ among them, are dropped.
  let h = CHECK_OFFSET;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    const folded = c < 128 ? ASCII_FOLD[c] : 0;
    if (folded !== 0) h = checkStep(h, folded);
  }
  return h >>> 0;
}

/**
 * Finds the tokens of `text[from, to)` and appends them to `out` (call with
 * `out.count = 0` to start afresh). Returns the number of tokens added.
 */
export function tokenize(text: string, out: Tokens, from = 0, to = text.length): number {
  const before = out.count;
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c < 128 ? ASCII_FOLD[c] === 0 : !isWordAt(text, i, to)) {
      i++;
      continue;
    }
    const start = i;
    let h = FNV_OFFSET;
    let asciiOnly = true;
    let notDigit = 0; // negative once a character other than 0-9 is in the token
    let possessive = false;
    for (;;) {
      // The common case, kept tight: a run of ASCII letters and digits.
      let d = 0;
      while (i < to) {
        d = text.charCodeAt(i);
        const folded = d < 128 ? ASCII_FOLD[d] : 0;
        if (folded === 0) break;
        h = fnvStep(h, folded);
        notDigit |= 57 - folded; // '9' is 57; every folded letter is above it
        i++;
      }
      if (i >= to) break;
      if ((d === 46 || d === 44) && isDigit(text.charCodeAt(i - 1)) && i + 1 < to && isDigit(text.charCodeAt(i + 1))) {
        i++; // digit separator inside a number
        continue;
      }
      if (charClass[d] === APOSTROPHE && i + 1 < to && isLetterCode(text, i - 1, to) && isLetterCode(text, i + 1, to)) {
        const next = text.charCodeAt(i + 1);
        // A possessive ’s ends the token; other inner apostrophes are dropped.
        if ((next === 115 || next === 83) && !(i + 2 < to && isWordAt(text, i + 2))) {
          possessive = true;
          break;
        }
        i++;
        continue;
      }
      if (d >= 128 && isWordAt(text, i, to)) {
        asciiOnly = false;
        notDigit = -1;
        i += d >= 0xd800 && d <= 0xdbff ? 2 : 1;
        continue;
      }
      break;
    }
    const allDigits = notDigit >= 0;
    const end = i;
    if (out.count === out.hash.length) grow(out);
    const k = out.count++;
    out.start[k] = start;
    out.end[k] = end;
    out.hash[k] = asciiOnly ? fmix32(h) : hashFolded(foldToken(text, start, end));
    const first = text.charCodeAt(start);
    let flags = 0;
    if (allDigits) flags |= NUMERIC;
    if (!asciiOnly) flags |= NON_ASCII;
    if (first >= 65 && first <= 90) flags |= CAPITALIZED;
    else if (first >= 128) {
      const ch = String.fromCodePoint(text.codePointAt(start)!);
      if (ch !== ch.toLowerCase() && ch === ch.toUpperCase()) flags |= CAPITALIZED;
    }
    out.flags[k] = flags;
    // The possessive 's is skipped, not tokenized as "s".
    if (possessive) i += 2;
  }
  return out.count - before;
}
