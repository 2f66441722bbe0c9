import { test } from 'uvu';
import * as assert from 'uvu/assert';

import { CAPITALIZED, NON_ASCII, NUMERIC, checkOf, createTokens, foldToken, tokenize, type Tokens } from '../src/normalize/tokenize.js';
import { checkString, hashString } from '../src/features/hash.js';
import { mulberry32 } from './fixtures/random.js';

// ---------------------------------------------------------------- helpers

interface Tok {
  text: string; // the raw slice
  folded: string; // foldToken of the slice
  start: number;
  end: number;
  hash: number;
  flags: number;
}

function toks(text: string, from?: number, to?: number, tokens: Tokens = createTokens()): Tok[] {
  tokens.count = 0;
  tokenize(text, tokens, from, to);
  const out: Tok[] = [];
  for (let i = 0; i < tokens.count; i++) {
    const start = tokens.start[i];
    const end = tokens.end[i];
    out.push({ text: text.slice(start, end), folded: foldToken(text, start, end), start, end, hash: tokens.hash[i], flags: tokens.flags[i] });
  }
  return out;
}

const folded = (text: string) => toks(text).map((t) => t.folded);
const hashes = (text: string) => toks(text).map((t) => t.hash);

// ---------------------------------------------------------------- Unicode words

test('accented words stay whole (natural splits Zürich into z, rich)', () => {
  assert.equal(folded('Zürich'), ['zürich']);
  assert.equal(folded('Erdoğan met them.'), ['erdoğan', 'met', 'them']);
  assert.equal(folded('in São Paulo'), ['in', 'são', 'paulo']);
  // the raw slices are the words as written
  assert.equal(toks('São Paulo').map((t) => t.text), ['São', 'Paulo']);
});

test('NFKC folding: decomposed, ligature and upper-case forms hash like the plain form', () => {
  // "g" + U+0306 COMBINING BREVE composes to U+011F "ğ" under NFC/NFKC
  assert.equal(hashes('Erdog\u0306an'), hashes('Erdoğan'));
  assert.equal(folded('Erdog\u0306an'), ['erdoğan']);
  // U+FB01 LATIN SMALL LIGATURE FI decomposes to "fi" under NFKC (not NFC)
  assert.equal(hashes('ﬁnal'), hashes('final'));
  // fullwidth Latin letters are compatibility forms of ASCII
  assert.equal(hashes('ＦＩＮＡＬ'), hashes('final'));
  assert.equal(hashes('ZÜRICH'), hashes('zürich'));
  assert.equal(hashes('Zürich'), hashes('zürich'));
  // ...and distinct words still differ
  assert.not.equal(hashes('zürich')[0], hashes('zurich')[0]);
});

test('ASCII case folding: inline hash of upper/lower case is equal', () => {
  assert.equal(hashes('LAVROV Lavrov lavrov'), Array(3).fill(hashString('lavrov')));
});

// ---------------------------------------------------------------- apostrophes, numbers, hyphens

test('inner apostrophes are dropped, possessive ’s ends the token', () => {
  assert.equal(folded('don’t'), ['dont']);
  assert.equal(folded("don't"), ['dont']);
  assert.equal(folded('donʼt'), ['dont']); // U+02BC MODIFIER LETTER APOSTROPHE
  const b = toks('Blinken’s message');
  assert.equal(b.map((t) => t.folded), ['blinken', 'message']); // no "s" token
  assert.equal(b[0].text, 'Blinken');
  assert.equal(folded("the minister's"), ['the', 'minister']);
  // an "s" that continues a word is not a possessive: "it’sy" is one word
  assert.equal(folded('x’sy'), ['xsy']);
});

test("rock 'n' roll: quotes around a letter do not crash and leave the letter", () => {
  assert.equal(folded("rock 'n' roll"), ['rock', 'n', 'roll']);
  assert.equal(folded("rock'n'roll"), ['rocknroll']);
  // apostrophes at the edges of the text
  assert.equal(folded("'"), []);
  assert.equal(folded("'s"), ['s']);
  assert.equal(folded("it'"), ['it']);
});

test('digit separators: dates and thousands are one numeric token', () => {
  const d = toks('on 24.10.2022 at');
  assert.equal(d.map((t) => t.folded), ['on', '24102022', 'at']);
  assert.equal(d[1].text, '24.10.2022');
  assert.ok(d[1].flags & NUMERIC);
  const n = toks('1,920 troops');
  assert.equal(n.map((t) => t.folded), ['1920', 'troops']);
  assert.ok(n[0].flags & NUMERIC);
  // a sentence-final period after a number is not a separator
  assert.equal(toks('in 2016. Then').map((t) => t.text), ['in', '2016', 'Then']);
  // "2,500 forces" vs "2, 500": a space ends the number
  assert.equal(folded('2, 500'), ['2', '500']);
});

test('hyphens and other punctuation separate tokens (U.S.-led)', () => {
  assert.equal(folded('U.S.-led coalition'), ['u', 's', 'led', 'coalition']);
  assert.equal(folded('Putin-Kerry'), ['putin', 'kerry']);
  assert.equal(folded('anti-ISIS/“Daesh”'), ['anti', 'isis', 'daesh']);
});

// ---------------------------------------------------------------- flags

test('flags: CAPITALIZED, NUMERIC, NON_ASCII', () => {
  const t = toks('Lavrov met élan Über 3rd 2023 iPhone ZÜRICH don’t');
  const f = Object.fromEntries(t.map((x) => [x.text, x.flags]));
  assert.is(f['Lavrov'], CAPITALIZED);
  assert.is(f['met'], 0);
  assert.is(f['élan'], NON_ASCII); // é is lower case
  assert.is(f['Über'], CAPITALIZED | NON_ASCII); // non-ASCII capital
  assert.is(f['3rd'], 0); // digits and letters: not NUMERIC, not CAPITALIZED
  assert.is(f['2023'], NUMERIC);
  assert.is(f['iPhone'], 0);
  assert.is(f['ZÜRICH'], CAPITALIZED | NON_ASCII);
  // ’ is dropped, not a letter: don’t is an ASCII word
  assert.is(f['don’t'], 0);
});

test('edges of tokens, worked by hand', () => {
  const spans = (text: string, from?: number, to?: number) => toks(text, from, to).map((t) => [t.start, t.end, t.folded]);
  // an apostrophe joins letters only: not before a hyphen, not next to a digit
  assert.equal(spans("it'-s"), [[0, 2, 'it'], [4, 5, 's']]);
  assert.equal(folded("1'a a'1"), ['1', 'a', 'a', '1']);
  // a possessive in capitals
  assert.equal(folded("MINISTER'S RESPONSE"), ['minister', 'response']);
  // a separator between digits is folded out however the token is read
  assert.equal(folded('x 1.5 2,5'), ['x', '15', '25']);
  assert.is(foldToken('1.5', 0, 3), '15');
  assert.is(foldToken('2,5', 0, 3), '25');
  // U+0080 (a C1 control) separates tokens
  assert.equal(spans('a\u0080b'), [[0, 1, 'a'], [2, 3, 'b']]);
  // the range end stops a separator and a possessive from looking past it
  assert.equal(spans('1,920', 0, 2), [[0, 1, '1']]);
  assert.equal(spans("it'sy", 0, 4), [[0, 2, 'it']]);
  // U+10000 (LINEAR B SYLLABLE B008 A, a letter) is one token of two code units
  assert.equal(toks('\ud800\udc00 x\ud800\udc00').map((t) => [t.start, t.end, t.flags]), [[0, 2, NON_ASCII], [3, 6, NON_ASCII]]);
});

test('CAPITALIZED: A-Z and upper-case letters of any script; not title case (ǅ), digits of other scripts or CJK', () => {
  const flags = toks('Apple Zoo ǅemal ٣٤ 東京 𐐀bc Éclair').map((t) => t.flags);
  assert.equal(flags, [CAPITALIZED, CAPITALIZED, NON_ASCII, NON_ASCII, NON_ASCII, CAPITALIZED | NON_ASCII, CAPITALIZED | NON_ASCII]);
});

// ---------------------------------------------------------------- property: inline hash = string path

const ALPHABET = [
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ',
  ...'0123456789',
  ...'äöüßéèçñøåğışÄÖÜÉÇŞĞ',
  '\u0306', '\u0301', // combining marks
  'ﬁ', 'Ｆ', 'ａ', '𝐀', '😀', // ligature, fullwidth, astral letter, astral symbol
  "'", '’', 'ʼ', // apostrophes
  '.', ',', '-', '!', '?', '“', '”', '(', ')', ':', '/', '—',
];

function randomText(rand: () => number, length: number): string {
  let s = '';
  while (s.length < length) {
    const r = rand();
    if (r < 0.18) s += ' ';
    else if (r < 0.2) s += '\n';
    else s += ALPHABET[Math.floor(rand() * ALPHABET.length)];
  }
  return s;
}

/** A word character as the tokenizer sees it: ʼ (U+02BC) is a letter (Lm) but counts as an apostrophe. */
function isWordChar(ch: string): boolean {
  return ch !== 'ʼ' && /[\p{L}\p{N}\p{M}]/u.test(ch);
}

test('property: every token hash equals hashString(foldToken(...)), and checkOf checkString(foldToken(...)); offsets in bounds and increasing', () => {
  const rand = mulberry32(20240601);
  const tokens = createTokens(16); // small: also exercises growth
  let total = 0;
  for (let round = 0; round < 1500; round++) {
    const text = randomText(rand, 1 + Math.floor(rand() * 60));
    const ts = toks(text, undefined, undefined, tokens);
    let prevEnd = 0;
    for (const [k, t] of ts.entries()) {
      // the inline ASCII path and the NFKC string path must agree
      assert.is(t.hash, hashString(t.folded), `hash of ${JSON.stringify(t.text)} in ${JSON.stringify(text)}`);
      assert.is(checkOf(text, tokens, k), checkString(t.folded), `check of ${JSON.stringify(t.text)} in ${JSON.stringify(text)}`);
      assert.ok(t.start >= prevEnd && t.start < t.end && t.end <= text.length, `offsets of ${JSON.stringify(t.text)} in ${JSON.stringify(text)}`);
      assert.ok(isWordChar(String.fromCodePoint(text.codePointAt(t.start)!)), `token starts at a word character in ${JSON.stringify(text)}`);
      assert.ok(t.folded.length > 0);
      // NON_ASCII: the token has a non-ASCII character other than a dropped apostrophe
      assert.is((t.flags & NON_ASCII) !== 0, /[^\x00-\x7f’ʼ]/.test(t.text), `NON_ASCII of ${JSON.stringify(t.text)}`);
      assert.is((t.flags & NUMERIC) !== 0, /^[0-9][0-9.,]*$/.test(t.text), `NUMERIC of ${JSON.stringify(t.text)}`);
      prevEnd = t.end;
      total++;
    }
    // no word character is left outside every token, except a possessive s
    const covered = new Uint8Array(text.length);
    for (const t of ts) covered.fill(1, t.start, t.end);
    for (let i = 0; i < text.length; i++) {
      if (covered[i] || !isWordChar(text[i])) continue;
      if (i >= 2 && /['’ʼ]/.test(text[i - 1]) && (text[i] === 's' || text[i] === 'S')) continue;
      // a low surrogate of an astral letter is covered with its pair
      const c = text.charCodeAt(i);
      if (c >= 0xdc00 && c <= 0xdfff) continue;
      assert.unreachable(`character ${JSON.stringify(text[i])} at ${i} of ${JSON.stringify(text)} is in no token`);
    }
  }
  assert.ok(total > 3000, `enough tokens checked (${total})`);
});

test('property: re-tokenizing a token slice gives that one token', () => {
  const rand = mulberry32(7);
  for (let round = 0; round < 500; round++) {
    const text = randomText(rand, 40);
    for (const t of toks(text)) {
      const again = toks(t.text);
      assert.is(again.length, 1, `slice ${JSON.stringify(t.text)} of ${JSON.stringify(text)}`);
      assert.is(again[0].hash, t.hash);
    }
  }
});

// ---------------------------------------------------------------- buffers and ranges

test('capacity grows past 1,024 tokens and keeps earlier tokens', () => {
  const words = Array.from({ length: 5000 }, (_, i) => `w${i}`);
  const text = words.join(' ');
  const tokens = createTokens(); // default 1,024
  assert.is(tokens.hash.length, 1024);
  assert.is(tokenize(text, tokens), 5000);
  assert.is(tokens.count, 5000);
  assert.ok(tokens.hash.length >= 5000);
  for (const i of [0, 1023, 1024, 2048, 4999]) {
    assert.is(tokens.hash[i], hashString(words[i]), `hash ${i}`);
    assert.is(text.slice(tokens.start[i], tokens.end[i]), words[i], `slice ${i}`);
  }
  // a tiny initial capacity grows too
  const small = createTokens(1);
  tokenize(text, small);
  assert.is(small.count, 5000);
  assert.is(small.hash[4999], hashString('w4999'));
});

test('tokenize appends to existing tokens and returns the number added', () => {
  const tokens = createTokens(4);
  assert.is(tokenize('one two three', tokens), 3);
  assert.is(tokenize('four five', tokens), 2);
  assert.is(tokens.count, 5);
  assert.is(tokens.hash[3], hashString('four'));
  assert.is(tokenize('', tokens), 0);
  assert.is(tokenize('  ,.;!  ', tokens), 0);
  assert.is(tokens.count, 5);
});

test('from/to: only the sub-range is tokenized, offsets stay absolute', () => {
  const text = 'Alpha beta, gamma delta';
  const from = text.indexOf('beta');
  const to = text.indexOf(' delta');
  const t = toks(text, from, to);
  assert.equal(t.map((x) => x.text), ['beta', 'gamma']);
  assert.is(t[0].start, from);
  // a range that cuts a word yields the part inside it
  const cut = toks(text, 1, 4);
  assert.equal(cut.map((x) => x.text), ['lph']);
  // ... and its check is that part's, not the word's
  const cutTokens = createTokens();
  tokenize(text, cutTokens, 1, 4);
  assert.is(checkOf(text, cutTokens, 0), checkString('lph'));
  // apostrophes and separators at the range end do not look beyond it
  assert.equal(toks("don't", 0, 4).map((x) => x.folded), ['don']);
  assert.equal(toks('1,920', 0, 2).map((x) => x.folded), ['1']);
  assert.equal(toks('Blinken’s', 0, 8).map((x) => x.folded), ['blinken']);
  // a range end inside a surrogate pair: the cut letter is not part of the
  // token (it used to end one code unit past \`to\`)
  const astral = 'a𝐀b'; // 𝐀 = U+1D400, two code units at 1..3
  assert.equal(toks(astral, 0, 2).map((x) => [x.start, x.end]), [[0, 1]]);
  assert.equal(toks(astral, 1, 2), []);
  assert.equal(toks(astral, 0, 3).map((x) => [x.start, x.end, x.folded]), [[0, 3, 'aa']]);
});

test('createTokens(0) grows on the first token (it used to drop every token)', () => {
  const tokens = createTokens(0);
  assert.is(tokenize('a b c', tokens), 3);
  assert.equal(Array.from(tokens.hash.subarray(0, 3)), ['a', 'b', 'c'].map(hashString));
  assert.equal(Array.from(tokens.end.subarray(0, 3)), [1, 3, 5]);
});

test('property: tokens of text[from, to) equal the tokens of the slice, shifted', () => {
  const rand = mulberry32(99);
  for (let round = 0; round < 800; round++) {
    const text = randomText(rand, 50);
    // any range, even one that cuts a surrogate pair (𝐀, 😀) in half
    const from = Math.floor(rand() * text.length);
    const to = from + Math.floor(rand() * (text.length - from + 1));
    const sub = toks(text, from, to);
    const slice = toks(text.slice(from, to));
    assert.equal(
      sub.map((t) => [t.start - from, t.end - from, t.hash, t.flags]),
      slice.map((t) => [t.start, t.end, t.hash, t.flags]),
      `range [${from}, ${to}) of ${JSON.stringify(text)}`,
    );
  }
});

test.run();
