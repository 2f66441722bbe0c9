/**
 * The Porter stemmer (Porter 1980, "An algorithm for suffix stripping"),
 * step for step as the `natural` package (8.x) applies it, its departures
 * from the paper included. Term ids are hashes of stems, so a stem that
 * differed from the one the engine was tuned with would move events; the
 * test compares every word of the sample and evaluation texts with
 * natural's output.
 *
 * Where natural departs from the paper (kept on purpose):
 * - y is a vowel only after a letter that is not a, e, i, o, u or y (the
 *   paper: after any consonant, so the second y of "ayy" differs);
 * - a y-vowel and the a/e/i/o/u run after it count as two vowel groups
 *   ("bya" is C V V), so the measure m can be a half-integer;
 * - step 2 and step 3 test every rule's condition on the word as it came
 *   in, and apply each one whose suffix the word still ends with;
 * - step 5a tests *o on the letters before the final e, e or no e.
 *
 * Works on UTF-16 code units, as natural's regular expressions do: any
 * letter other than a, e, i, o, u and y is a consonant.
 */

const A = 0x61, E = 0x65, I = 0x69, O = 0x6f, U = 0x75, Y = 0x79;
const L = 0x6c, S = 0x73, T = 0x74, Z = 0x7a, W = 0x77, X = 0x78;

function isAeiou(c: number): boolean {
  return c === A || c === E || c === I || c === O || c === U;
}

/** Whether word[i] is a vowel: a, e, i, o, u, or y after a letter that is none of a, e, i, o, u, y. */
function isVowelAt(word: string, i: number): boolean {
  const c = word.charCodeAt(i);
  if (isAeiou(c)) return true;
  if (c !== Y || i === 0) return false;
  const before = word.charCodeAt(i - 1);
  return !isAeiou(before) && before !== Y;
}

/** Whether the three letters word[at, at + 3) are consonant, vowel, consonant. */
function isCvcAt(word: string, at: number): boolean {
  return at >= 0 && at + 3 <= word.length && !isVowelAt(word, at) && isVowelAt(word, at + 1) && !isVowelAt(word, at + 2);
}

/**
 * The word as groups: consonant runs, a/e/i/o/u runs, and each y-vowel on
 * its own. `count` groups, the first a consonant run or not, the last a
 * vowel group or not, and how many are vowel groups.
 */
function groupsOf(word: string): { count: number; firstConsonant: boolean; lastVowel: boolean; vowels: number } {
  let count = 0;
  let vowels = 0;
  let lastVowel = false;
  for (let i = 0; i < word.length; i++) {
    const vowel = isVowelAt(word, i);
    // A consonant joins a consonant run; a, e, i, o, u join a run of a, e, i, o, u only.
    const joins = i > 0 && (vowel ? isAeiou(word.charCodeAt(i)) && isAeiou(word.charCodeAt(i - 1)) : !lastVowel);
    if (!joins) {
      count++;
      if (vowel) vowels++;
    }
    lastVowel = vowel;
  }
  return { count, firstConsonant: word.length > 0 && !isVowelAt(word, 0), lastVowel, vowels };
}

/** The measure m of [C](VC)^m[V]: vowel-consonant pairs; -1 for the empty word. */
export function measure(word: string): number {
  if (word === '') return -1;
  const g = groupsOf(word);
  return (g.count - (g.firstConsonant ? 1 : 0) - (g.lastVowel ? 1 : 0)) / 2;
}

function hasVowel(word: string): boolean {
  return groupsOf(word).vowels > 0;
}

function endsWithDoubleConsonant(word: string): boolean {
  const n = word.length;
  return n >= 2 && word.charCodeAt(n - 1) === word.charCodeAt(n - 2) && !isAeiou(word.charCodeAt(n - 1));
}

function lastIs(word: string, ...codes: number[]): boolean {
  return word.length > 0 && codes.includes(word.charCodeAt(word.length - 1));
}

function step1a(w: string): string {
  if (w.endsWith('sses') || w.endsWith('ies')) return w.slice(0, -2);
  if (w.length > 2 && w.endsWith('s') && w.charCodeAt(w.length - 2) !== S) return w.slice(0, -1);
  return w;
}

function step1b(w: string): string {
  if (w.endsWith('eed')) return measure(w.slice(0, -3)) > 0 ? w.slice(0, -1) : w;
  const suffix = w.endsWith('ed') ? 2 : w.endsWith('ing') ? 3 : 0;
  const stem = w.slice(0, w.length - suffix);
  if (suffix === 0 || stem === '' || !hasVowel(stem)) return w;
  if (stem.endsWith('at') || stem.endsWith('bl') || stem.endsWith('iz')) return stem + 'e';
  if (endsWithDoubleConsonant(stem) && !lastIs(stem, L, S, Z)) return stem.slice(0, -1);
  if (measure(stem) === 1 && isCvcAt(stem, stem.length - 3) && !lastIs(stem, W, X, Y)) return stem + 'e';
  return stem;
}

function step1c(w: string): string {
  if (!w.endsWith('y')) return w;
  // A vowel group other than the last group (which the final y may be).
  const g = groupsOf(w);
  return g.vowels - (g.lastVowel ? 1 : 0) > 0 ? w.slice(0, -1) + 'i' : w;
}

type Rules = ReadonlyArray<readonly [suffix: string, replacement: string]>;

const STEP2: Rules = [
  ['ational', 'ate'], ['tional', 'tion'], ['enci', 'ence'], ['anci', 'ance'], ['izer', 'ize'], ['abli', 'able'],
  ['bli', 'ble'], ['alli', 'al'], ['entli', 'ent'], ['eli', 'e'], ['ousli', 'ous'], ['ization', 'ize'],
  ['ation', 'ate'], ['ator', 'ate'], ['alism', 'al'], ['iveness', 'ive'], ['fulness', 'ful'], ['ousness', 'ous'],
  ['aliti', 'al'], ['iviti', 'ive'], ['biliti', 'ble'], ['logi', 'log'],
];

const STEP3: Rules = [['icate', 'ic'], ['ative', ''], ['alize', 'al'], ['iciti', 'ic'], ['ical', 'ic'], ['ful', ''], ['ness', '']];

/** Steps 2 and 3: each rule whose suffix leaves m > 0 on the incoming word rewrites the word, if it still ends with the suffix. */
function applyRules(word: string, rules: Rules): string {
  let out = word;
  for (const [suffix, replacement] of rules) {
    if (word.endsWith(suffix) && measure(word.slice(0, -suffix.length)) > 0 && out.endsWith(suffix)) {
      out = out.slice(0, -suffix.length) + replacement || out;
    }
  }
  return out;
}

function step2(w: string): string {
  return applyRules(w, STEP2);
}

function step3(w: string): string {
  return applyRules(w, STEP3);
}

const STEP4 = new Set(['al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment', 'ent', 'ou', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize']);
const STEP4_LONGEST = 5;

/** Step 4: the longest listed suffix (leaving at least one letter) goes if m > 1 after; else (s|t)ion loses ion if m > 1 after. */
function step4(w: string): string {
  for (let length = Math.min(STEP4_LONGEST, w.length - 1); length >= 2; length--) {
    if (!STEP4.has(w.slice(w.length - length))) continue;
    const stem = w.slice(0, w.length - length);
    if (measure(stem) > 1) return stem;
    break;
  }
  if (w.length >= 5 && w.endsWith('ion')) {
    const c = w.charCodeAt(w.length - 4);
    const stem = w.slice(0, -3);
    if ((c === S || c === T) && measure(stem) > 1) return stem;
  }
  return w;
}

function step5a(w: string): string {
  const base = w.endsWith('e') ? w.slice(0, -1) : w;
  const m = measure(base);
  // *o: the three letters before the word's last are CVC (the first three of a shorter word), and the one before the last is not w, x or y.
  const before = w.length >= 2 ? w.charCodeAt(w.length - 2) : -1;
  const cvo = isCvcAt(w, Math.max(0, w.length - 4)) && before !== -1 && before !== W && before !== X && before !== Y;
  return m > 1 || (m === 1 && !cvo) ? base : w;
}

function step5b(w: string): string {
  return measure(w) > 1 && w.endsWith('ll') ? w.slice(0, -1) : w;
}

/** The Porter stem of a word (lower-cased first); words under three letters are returned as they are. */
export function porterStem(word: string): string {
  if (word.length < 3) return word;
  return step5b(step5a(step4(step3(step2(step1c(step1b(step1a(word.toLowerCase()))))))));
}
