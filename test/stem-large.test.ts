/**
 * The Porter stemmer against the `natural` package's on many words: every
 * word of corpus/, the evaluation texts and generated news, and 50,000
 * random strings built from Porter's suffixes. Moved out of stem.test.ts
 * (~1.2 s, and loading the sample-text generator): stem.test.ts runs once
 * per features mutant and keeps a 5,000-string sample.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sampleTexts } from '../bench/corpus.js';
import { evalDataDir } from '../src/eval/data.js';
import { porterStem } from '../src/features/stem.js';
import { CORPUS } from './fixtures/paths.js';
import { mulberry32 } from './fixtures/random.js';

const require = createRequire(import.meta.url);
const natural = require('natural/lib/natural/stemmers/porter_stemmer.js') as { stem(word: string): string };

function addWords(text: string, into: Set<string>): void {
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}\p{M}]+/gu) ?? []) into.add(word);
}

function addFileWords(path: string, into: Set<string>): void {
  if (statSync(path).isDirectory()) for (const name of readdirSync(path)) addFileWords(join(path, name), into);
  else addWords(readFileSync(path, 'utf8'), into);
}

function disagreements(words: Iterable<string>): string[] {
  const out: string[] = [];
  for (const word of words) {
    const ours = porterStem(word);
    const theirs = natural.stem(word);
    if (ours !== theirs) out.push(`${word}: ours ${ours}, natural ${theirs}`);
  }
  return out;
}

test('agrees with natural on every word of corpus/, the evaluation texts (when present) and generated news', () => {
  const words = new Set<string>();
  addFileWords(CORPUS, words);
  let evalData: string | undefined;
  try {
    evalData = evalDataDir();
  } catch {
    console.log('  (no evaluation data: checked corpus/ and generated news only)');
  }
  if (evalData !== undefined) addFileWords(evalData, words);
  for (const text of sampleTexts(400)) addWords(text, words);
  assert.ok(words.size > 5_000, `${words.size} words`);
  assert.equal(disagreements(words), []);
});

test('agrees with natural on random strings built from Porter\'s suffixes', () => {
  const random = mulberry32(19);
  const letters = 'aeiouyybcdlmnrstwxzgé';
  const suffixes = ['ational', 'tional', 'enci', 'anci', 'izer', 'abli', 'bli', 'alli', 'entli', 'eli', 'ousli', 'ization', 'ation', 'ator',
    'alism', 'iveness', 'fulness', 'ousness', 'aliti', 'iviti', 'biliti', 'logi', 'icate', 'ative', 'alize', 'iciti', 'ical', 'ful', 'ness',
    'al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment', 'ent', 'ou', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize',
    'sion', 'tion', 'e', 'll', 'eed', 'ed', 'ing', 'ies', 'sses', 's', 'y', 'at', 'bl', 'iz'];
  const pick = (from: string | string[]) => from[Math.floor(random() * from.length)];
  const words: string[] = [];
  for (let k = 0; k < 50_000; k++) {
    let word = '';
    const length = 1 + Math.floor(random() * 8);
    for (let i = 0; i < length; i++) word += pick(letters);
    if (random() < 0.7) word += pick(suffixes);
    if (random() < 0.3) word += pick(suffixes);
    words.push(word);
  }
  assert.equal(disagreements(words), []);
});

test.run();
