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
import { disagreements, porterWords } from './fixtures/porter-words.js';

const require = createRequire(import.meta.url);
const natural = require('natural/lib/natural/stemmers/porter_stemmer.js') as { stem(word: string): string };

function addWords(text: string, into: Set<string>): void {
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}\p{M}]+/gu) ?? []) into.add(word);
}

function addFileWords(path: string, into: Set<string>): void {
  if (statSync(path).isDirectory()) for (const name of readdirSync(path)) addFileWords(join(path, name), into);
  else addWords(readFileSync(path, 'utf8'), into);
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
  const words = porterWords(50_000, 19);
  assert.equal(disagreements(words), []);
});

test.run();
