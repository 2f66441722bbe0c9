/**
 * Our Porter stemmer and stop-word list against the `natural` package's
 * (a devDependency kept as the reference): term ids are hashes of stems, so
 * one stem that differed would move events.
 */
import { createRequire } from 'node:module';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { porterStem } from '../src/features/stem.js';
import { STOP_WORDS } from '../src/features/stop-words.js';
import { mulberry32 } from './fixtures/random.js';
import { disagreements, porterWords } from './fixtures/porter-words.js';

// natural's root entry point is slow to load and prints to stdout: only these two files.
const require = createRequire(import.meta.url);
const natural = require('natural/lib/natural/stemmers/porter_stemmer.js') as { stem(word: string): string };
const naturalStopWords = (require('natural/lib/natural/util/stopwords.js') as { words: string[] }).words;

test('stems as in Porter (1980): the paper\'s examples, through all steps', () => {
  const cases: Record<string, string> = {
    caresses: 'caress', ponies: 'poni', ties: 'ti', caress: 'caress', cats: 'cat',
    feed: 'feed', agreed: 'agre', plastered: 'plaster', bled: 'bled', motoring: 'motor', sing: 'sing',
    hopping: 'hop', tanned: 'tan', falling: 'fall', hissing: 'hiss', fizzed: 'fizz', failing: 'fail', filing: 'file',
    happy: 'happi', sky: 'sky', relational: 'relat', conditional: 'condit', rational: 'ration',
    generalizations: 'gener', oscillators: 'oscil', connections: 'connect', controll: 'control', roll: 'roll',
    probate: 'probat', rate: 'rate', cease: 'ceas', adoption: 'adopt', revival: 'reviv', allowance: 'allow',
  };
  for (const [word, stem] of Object.entries(cases)) assert.is(porterStem(word), stem, word);
});

test('words under three letters come back as given; others are lower-cased first', () => {
  assert.is(porterStem('As'), 'As');
  assert.is(porterStem(''), '');
  assert.is(porterStem('Running'), 'run');
});

test('agrees with natural where natural departs from the paper (y after y, half-integer measures)', () => {
  const quirks = ['ayy', 'byy', 'sayyed', 'yyying', 'bya', 'byate', 'syzygy', 'yearly', 'yelling', 'eyeing', 'toyed', 'played', 'employees', 'boyishness', 'conveyancer', 'ies', 'sses', 'eed', 'ing', 'ed', 'ement', 'sion', 'tion', 'ation', 'ational', 'ousli', 'alize', 'ee', 'zürich', 'naïveté', 'İstanbul', 'x'.repeat(40) + 'ing', 'covid19', '𝔘nicode'];
  assert.equal(disagreements(quirks), []);
});

test('agrees with natural on words the random sample can miss: step 1b\'s at/bl/iz + e, -ion after other letters, -iveness before -ative', () => {
  const words = ['calling', 'aimed', 'pointing', 'subjugated', 'affiliated', 'criticized', 'coordinating', 'organizing', 'opinions', 'companion', 'blotting', 'blobbing', 'hated', 'sized', 'relativeness', 'talkativeness'];
  assert.equal(disagreements(words), []);
});

test('agrees with natural on 5,000 random strings built from Porter\'s suffixes (50,000 more in stem-large.test.ts)', () => {
  const words = porterWords(5_000, 23);
  assert.equal(disagreements(words), []);
});

test('stop words: natural\'s English list, every word of it, plus news words', () => {
  const ours = new Set(STOP_WORDS);
  assert.equal(naturalStopWords.filter((w) => !ours.has(w)), []);
  for (const w of ['mr', 'would', 'new', 'don']) assert.ok(ours.has(w), w);
  for (const w of ['storm', 'minister', 'election']) assert.not.ok(ours.has(w), w);
});

test.run();
