import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { descriptionLengthCuts } from '../src/segments/description-length.js';
import { mulberry32 } from './fixtures/random.js';

/**
 * Units of `perUnit` terms each, drawn from the vocabulary of their topic
 * (topic t uses ids t*1000 + 0..vocab-1), skewed as real text is: a few
 * words of each topic recur, most are rare.
 */
function units(topics: number[], perUnit: number, vocab: number, seed: number): { termStart: Int32Array; terms: Int32Array } {
  const random = mulberry32(seed);
  const terms: number[] = [];
  const termStart = new Int32Array(topics.length + 1);
  topics.forEach((t, u) => {
    for (let k = 0; k < perUnit; k++) terms.push(t * 1000 + Math.floor(random() ** 3 * vocab));
    termStart[u + 1] = terms.length;
  });
  return { termStart, terms: Int32Array.from(terms) };
}

const options = { maxUnits: 200, minTerms: 10, penaltyScale: 1 };
const always = () => true;

test('two topics with their own words: one cut, exactly between them', () => {
  const topics = [...Array(8).fill(0), ...Array(6).fill(1)];
  const { termStart, terms } = units(topics, 12, 40, 1);
  assert.equal(descriptionLengthCuts(termStart, terms, 0, topics.length, always, options), [8]);
});

test('four topics: three cuts at the topic changes', () => {
  const topics = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3];
  const { termStart, terms } = units(topics, 15, 30, 2);
  assert.equal(descriptionLengthCuts(termStart, terms, 0, topics.length, always, options), [4, 7, 12]);
});

test('one topic throughout: a higher segment cost never makes more cuts, and enough of it makes none', () => {
  // The smoothed per-segment estimate fits chance clusters of words, so U00
  // may cut even one topic; in the pipeline, merging similar blocks
  // (segments/resolve.ts) undoes such cuts.
  const topics = Array(20).fill(0);
  const { termStart, terms } = units(topics, 12, 60, 3);
  let previous = Infinity;
  for (const penaltyScale of [1, 2, 4, 8]) {
    const cuts = descriptionLengthCuts(termStart, terms, 0, topics.length, always, { ...options, penaltyScale });
    assert.ok(cuts.length <= previous, `penalty ${penaltyScale}: ${cuts.length} cuts after ${previous}`);
    previous = cuts.length;
  }
  assert.is(previous, 0);
});

test('cuts only where allowed, and only inside [from, to)', () => {
  const topics = [5, 5, ...Array(8).fill(0), ...Array(6).fill(1), 7];
  const { termStart, terms } = units(topics, 12, 40, 4);
  // the true boundary (unit 10) is not allowed: a neighbouring unit takes it
  const cuts = descriptionLengthCuts(termStart, terms, 2, 16, (u) => u !== 10, options);
  assert.ok(!cuts.includes(10));
  assert.ok(cuts.includes(9) || cuts.includes(11), `cuts ${cuts}`);
  for (const c of cuts) assert.ok(c > 2 && c < 16, `cut ${c} inside the region`);
});

test('segments shorter than minTerms are never made', () => {
  // a one-unit intrusion of another topic, 12 terms < minTerms 20
  const topics = [...Array(6).fill(0), 1, ...Array(6).fill(0)];
  const { termStart, terms } = units(topics, 12, 40, 5);
  const cuts = descriptionLengthCuts(termStart, terms, 0, topics.length, always, { ...options, minTerms: 20 });
  let start = 0;
  for (const c of [...cuts, topics.length]) {
    assert.ok(termStart[c] - termStart[start] >= 20, `segment ${start}-${c}`);
    start = c;
  }
});

test.run();
