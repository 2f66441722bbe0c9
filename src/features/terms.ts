/**
 * Term extraction for TF-IDF: which tokens of a text count as evidence of
 * its topic, and under which identity.
 *
 * Three kinds of term, kept apart because they weigh differently when
 * telling one event from another of the same kind (FACTS: a second vector
 * of names and numbers lifts B-cubed F1 on ECB+ from 0.90 to 0.94):
 * - WORD: a content word, stop words removed, Porter-stemmed.
 * - NAME: a capitalised word that is not sentence-initial (Shoukry, Cairo),
 *   or a sentence-initial one seen capitalised mid-sentence in the same text.
 * - NUMBER: a number of two or more digits (years, counts, dates' parts).
 *
 * A term id is a 32-bit hash whose two low bits hold the kind, so a
 * document's terms travel between threads as one Uint32Array and never need
 * a shared vocabulary (feature hashing; ~1M distinct terms give ~100
 * colliding pairs among 2^32 ids, which moves no cosine measurably).
 */
import { combine, hashString } from './hash.js';
import { porterStem } from './stem.js';
import { STOP_WORDS } from './stop-words.js';
import { CAPITALIZED, NUMERIC, checkOf, foldToken, type Tokens } from '../normalize/tokenize.js';
import { grown } from '../util/typed-array.js';
import { U32Map } from '../util/u32-map.js';
import { UNSEEN, WordIdCache } from './word-cache.js';

export const WORD = 0;
export const NAME = 1;
export const NUMBER = 2;
export type TermKind = typeof WORD | typeof NAME | typeof NUMBER;

export function termKind(termId: number): TermKind {
  return (termId & 3) as TermKind;
}

/**
 * Signed here (the same 32 bits as the unsigned id): the hot loop then
 * handles small integers, not boxed numbers; ids are stored in Uint32Arrays,
 * which read them back unsigned.
 */
function termId(hash: number, kind: TermKind): number {
  return (hash & ~3) | kind;
}

/**
 * A document's term occurrences in order: term ids and the index of the
 * token each came from. Typed and reused from document to document: as JS
 * arrays they were a third of everything the features kernel allocated
 * (growth copies, and ids above 2^31 boxed on the way).
 */
export class TermList {
  ids: Uint32Array;
  at: Int32Array;
  count = 0;

  /** @param capacity occurrences held before the arrays grow */
  constructor(capacity = 4096) {
    this.ids = new Uint32Array(capacity);
    this.at = new Int32Array(capacity);
  }

  push(id: number, at: number): void {
    if (this.count === this.ids.length) this.grow();
    this.ids[this.count] = id;
    this.at[this.count++] = at;
  }

  private grow(): void {
    this.ids = grown(this.ids, this.ids.length * 2);
    this.at = grown(this.at, this.at.length * 2);
  }
}

/**
 * Stop words by token hash alone: a word whose 32-bit hash is a stop
 * word's (about one word in 20 million) is taken for that stop word, the
 * same in every document and on every thread.
 */
const STOP_HASHES = new U32Map(512);
for (const word of STOP_WORDS) STOP_HASHES.set(hashString(word), 1);

/**
 * Maps tokens to term ids, with per-thread caches: stemming each distinct
 * token once instead of once per occurrence is what keeps this stage cheap.
 */
export class TermExtractor {
  /** Token → its word's term id. */
  private readonly wordIdOfToken = new WordIdCache();

  /**
   * Appends the term id of each countable token in [from, to) to `out`,
   * with the token's index. `sentenceInitial[k]` is 1 for a token that
   * opens a sentence; `names` holds the hashes of tokens seen capitalised
   * mid-sentence anywhere in the text (null: no token is a name).
   */
  termsOf(text: string, tokens: Tokens, from: number, to: number, sentenceInitial: Uint8Array, names: U32Map | null, out: TermList): void {
    for (let k = from; k < to; k++) {
      // Signed, the same 32 bits: a small integer to the engine, where a hash above 2^31 was
      // boxed (a heap number) at each call not inlined: ~5 KB a document.
      const hash = tokens.hash[k] | 0;
      const flags = tokens.flags[k];
      let id: number;
      if (flags & NUMERIC) {
        if (tokens.end[k] - tokens.start[k] < 2) continue;
        id = termId(combine(hash, NUMBER), NUMBER);
      } else {
        if (STOP_HASHES.has(hash) || tokens.end[k] - tokens.start[k] < 2) continue;
        if (names !== null && (flags & CAPITALIZED) !== 0 && (sentenceInitial[k] === 0 || names.has(hash))) id = termId(combine(hash, NAME), NAME);
        else {
          // Only a word needs its stem, and so the check: the cache's key (see word-cache.ts).
          const check = checkOf(text, tokens, k);
          const word = this.wordIdOfToken.get(hash, check);
          id = word === UNSEEN ? this.stemId(text, tokens, k, check) : word;
        }
        // In capitals, any word may be a name: it counts as both.
        if (names === null) out.push(termId(combine(hash, NAME), NAME), k);
      }
      out.push(id, k);
    }
  }

  /** A word token's term id, stemmed for the first time (then cached). */
  private stemId(text: string, tokens: Tokens, k: number, check: number): number {
    const stem = porterStem(foldToken(text, tokens.start[k], tokens.end[k]));
    const id = termId(hashString(stem), WORD);
    this.wordIdOfToken.set(tokens.hash[k], check, id);
    return id;
  }
}

/**
 * How a term is shown to people: the token as written for names, folded
 * for words and numbers.
 */
export function surfaceOf(text: string, tokens: Tokens, k: number, id: number): string {
  return termKind(id) === NAME ? text.slice(tokens.start[k], tokens.end[k]) : foldToken(text, tokens.start[k], tokens.end[k]);
}

/**
 * Hashes of tokens capitalised somewhere other than at a sentence start (a
 * U32Map, not a Set: hashes above 2^30 are heap numbers to a Set, one
 * allocation per insert); null for a text written in capitals, where
 * capitals tell no name from another word. `names` is cleared and filled
 * (a caller's scratch map, reused from text to text).
 */
export function namesInText(tokens: Tokens, sentenceInitial: Uint8Array, text: string, names = new U32Map(64)): U32Map | null {
  if (inCapitals(text)) return null;
  names.clear();
  for (let k = 0; k < tokens.count; k++) {
    if ((tokens.flags[k] & CAPITALIZED) !== 0 && sentenceInitial[k] === 0 && (tokens.flags[k] & NUMERIC) === 0) {
      names.set(tokens.hash[k], 1);
    }
  }
  return names;
}

/** Letters a text needs before its case says anything. */
const CASE_MIN_LETTERS = 40;

/** A text written in capitals: at most 1 in 20 of its ASCII letters is lower case. */
export function inCapitals(text: string): boolean {
  let upper = 0;
  let lower = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) upper++;
    else if (c >= 97 && c <= 122) {
      lower++;
      // Capitals need 19 · lower ≤ upper at the end, and what is left can add at most n − i − 1
      // capitals: a text in mixed case is told within its first few lines, not at its end.
      if (lower * 19 > upper + (n - i - 1)) return false;
    }
  }
  return upper + lower >= CASE_MIN_LETTERS && lower * 20 <= upper + lower;
}
