/**
 * The near-duplicate rule at the threshold, through analyze: a pair whose
 * estimated Jaccard equals the threshold is a near-duplicate (the rule is
 * ≥). With 128 slots, an estimate of exactly 0.5 is 64 equal slots.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { analyze } from '../src/index.js';
import { mulberry32 } from './fixtures/random.js';

/**
 * A page (the article, then as many words again of another text) whose
 * estimated Jaccard with the article, as analyze reports it, is `slots`/128.
 * The seeds were found by search; the test checks each.
 */
const AT = { 63: 19, 64: 11, 65: 2 } as const;

function articleAndPage(seed: number): Array<{ id: string; text: string }> {
  const random = mulberry32(seed);
  const syllables = ['ka', 'lo', 'mi', 'ru', 'se', 'ta', 'vo', 'ne', 'pi', 'du', 'go', 'fa', 'zu', 'be', 'ri', 'so', 'an', 'el', 'or', 'ut'];
  const word = () => Array.from({ length: 3 }, () => syllables[Math.floor(random() * syllables.length)]).join('');
  const sentence = () => {
    const words = Array.from({ length: 12 }, word);
    return words[0][0].toUpperCase() + words.join(' ').slice(1) + '.';
  };
  const article = Array.from({ length: 12 }, sentence).join(' ');
  const page = article + '\n\n' + Array.from({ length: 12 }, sentence).join(' ');
  return [{ id: 'article', text: article }, { id: 'page', text: page }];
}

test('near-duplicate rule at the threshold: estimate 0.5 (64 of 128 slots) at threshold 0.5 is a near-duplicate; 63 slots is only a containment', async () => {
  // The article is half the page (share 0.5, under the 0.6 that would make containment alone a near-duplicate): only Jaccard decides.
  for (const slots of [64, 65] as const) {
    const result = await analyze(articleAndPage(AT[slots]), { workers: 1, threshold: 0.5 });
    assert.equal(result.nearDuplicateGroups.map((g) => g.members), [['article', 'page']], `${slots} slots`);
    assert.is(result.nearDuplicateGroups[0].pairs[0].jaccard, Math.round((slots / 128) * 1e4) / 1e4, `the fixture gives ${slots} slots`);
    assert.equal(result.containments, [], `${slots} slots`);
  }
  // The fixture of 63 slots, checked where it is a near-duplicate (threshold 0.05), so its estimate is reported.
  const low = await analyze(articleAndPage(AT[63]), { workers: 1, threshold: 0.05 });
  assert.is(low.nearDuplicateGroups[0]?.pairs[0]?.jaccard, Math.round((63 / 128) * 1e4) / 1e4, 'the fixture gives 63 slots');
  const below = await analyze(articleAndPage(AT[63]), { workers: 1, threshold: 0.5 });
  assert.equal(below.nearDuplicateGroups, []);
  assert.equal(below.containments.map((c) => [c.inner, c.outer]), [['article', 'page']]);
});

test.run();
