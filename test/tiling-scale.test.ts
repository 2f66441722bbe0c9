/**
 * What TextTiling and minimum description length cost (segments/tiling.ts,
 * description-length.ts): linear on a page of many short paragraphs (it was
 * quadratic) and on a text of many distinct terms; and the segments of huge
 * pages through `analyze`, which must cover each text in order. Apart from
 * tiling.test.ts so that the mutation run's tests stay fast.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_TILING, type UnitBlock } from '../src/segments/tiling.js';
import { descriptionLengthCuts } from '../src/segments/description-length.js';
import { analyze } from '../src/index.js';
import { hugePage, HUGE_PAGE_SHAPES } from '../bench/huge-page.js';
import { page, tile, type Page } from './fixtures/tiling-page.js';

/** Seconds `f` takes. */
function seconds(f: () => void): number {
  const started = performance.now();
  f();
  return (performance.now() - started) / 1000;
}

test('proposeBlocks is linear: 65,536 to 131,072 one-line paragraphs in well under 3 s (quadratic before: 10 to 20 s)', () => {
  const shapes: Record<string, Page> = {
    // every window alike: every depth 0, long climbs to the text's end before
    alpha: page(131_072, () => [1]),
    // cohesion rises and falls every 50 lines: long flat runs of equal scores
    words: page(65_536, (u) => [1000 + (u % 50), 1, 2]),
    // a topic every 7 lines: a proposal at nearly every topic change, merged down to 16 blocks
    topics: page(131_072, (u) => [10 * (Math.floor(u / 7) % 3), 10 * (Math.floor(u / 7) % 3) + 1, 10 * (Math.floor(u / 7) % 3) + 2, 100 + (u % 13)]),
  };
  for (const [name, p] of Object.entries(shapes)) {
    let blocks: UnitBlock[] = [];
    const took = seconds(() => (blocks = tile(p)));
    assert.ok(took < 3, `${name}: ${took.toFixed(2)} s`);
    assert.is(blocks[0].from, 0, `${name}: blocks start at the first unit`);
    assert.is(blocks[blocks.length - 1].to, p.units.length, `${name}: blocks end at the last unit`);
    assert.ok(blocks.every((b, i) => i === 0 || b.from === blocks[i - 1].to), `${name}: blocks follow one another`);
    // Tail blocks (tiling.ts tailStarts, at most 8) are cut after the cap, so that they are not the first merged away.
    assert.ok(blocks.length <= DEFAULT_TILING.maxBlocks + 8, `${name}: at most maxBlocks blocks and 8 tail blocks`);
  }
});

test('minimum description length is linear in a text of many distinct terms (was units × distinct terms)', () => {
  // 262,144 units of one new term each, segments of at most 2 units: the work is
  // 2 terms per start, where clearing every count per start was 262,144.
  const p = page(262_144, (u) => [u]);
  let cuts: number[] = [];
  const took = seconds(() => (cuts = descriptionLengthCuts(p.termStart, p.terms, 0, p.units.length, () => true, { maxUnits: 2, minTerms: 1, penaltyScale: 1 })));
  assert.ok(took < 2, `${took.toFixed(2)} s`);
  const bounds = [0, ...cuts, p.units.length];
  assert.ok(bounds.every((b, k) => k === 0 || (b > bounds[k - 1] && b - bounds[k - 1] <= 2)), 'segments in order, of 1 or 2 units');
});

test('huge pages through analyze: segments cover each text in order, with only white space between them', async () => {
  const texts = new Map(HUGE_PAGE_SHAPES.map((shape) => [shape, hugePage(shape, 2 ** 18)]));
  const result = await analyze([...texts].map(([id, text]) => ({ id, text })), { workers: 1 });
  assert.is(result.documents.length, texts.size);
  for (const doc of result.documents) {
    const text = texts.get(doc.id as (typeof HUGE_PAGE_SHAPES)[number])!;
    assert.ok(doc.segments.length >= 1, `${doc.id}: segments`);
    let end = 0;
    for (const s of doc.segments) {
      assert.ok(s.start < s.end, `${doc.id}: segment ${s.start}-${s.end} is not empty`);
      assert.ok(s.start >= end, `${doc.id}: segment ${s.start}-${s.end} starts after ${end}`);
      assert.ok(text.slice(end, s.start).trim() === '', `${doc.id}: only white space before ${s.start}`);
      end = s.end;
    }
    assert.ok(end <= text.length && text.slice(end).trim() === '', `${doc.id}: only white space after ${end}`);
  }
});

test.run();
