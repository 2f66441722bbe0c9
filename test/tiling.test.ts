/**
 * TextTiling's proposals (segments/tiling.ts) against a naive reference of
 * the same rules, on random texts. Fast: `npm run mutate -- segments` runs
 * it once per mutant; the cost tests are in tiling-scale.test.ts.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { TextUnit } from '../src/normalize/structure.js';
import { DEFAULT_TILING, tailStarts, type TilingOptions, type UnitBlock } from '../src/segments/tiling.js';
import { descriptionLengthCuts } from '../src/segments/description-length.js';
import { PositionSet } from '../src/util/position-set.js';
import { page, tile } from './fixtures/tiling-page.js';
import { mulberry32 } from './fixtures/random.js';

// ---------------------------------------------------------------- reference

/**
 * The rules as first written, each step computed afresh: windows counted per
 * gap, depth by climbing from each gap, each cut checked against the kept
 * cuts by scanning them, blocks capped by scanning for the shortest.
 */
function referenceBlocks(units: TextUnit[], termStart: Int32Array, terms: number[], boilerplate: Uint8Array, o: Required<TilingOptions>): UnitBlock[] {
  const blocks: UnitBlock[] = [];
  for (let i = 0; i < units.length; ) {
    let j = i + 1;
    while (j < units.length && boilerplate[j] === boilerplate[i]) j++;
    if (boilerplate[i] === 1) blocks.push({ from: i, to: j, boilerplate: true });
    else for (const [from, to] of referenceRegion(units, termStart, terms, i, j, o)) blocks.push({ from, to, boilerplate: false });
    i = j;
  }
  while (blocks.length > o.maxBlocks) {
    let best = -1;
    for (let i = 0; i < blocks.length; i++) {
      const neighbour = (i > 0 && !blocks[i - 1].boilerplate) || (i + 1 < blocks.length && !blocks[i + 1].boilerplate);
      if (blocks[i].boilerplate || !neighbour) continue;
      if (best < 0 || blocks[i].to - blocks[i].from < blocks[best].to - blocks[best].from) best = i;
    }
    if (best < 0) break;
    const a = Math.min(best, best > 0 && !blocks[best - 1].boilerplate ? best - 1 : best + 1);
    blocks.splice(a, 2, { from: blocks[a].from, to: blocks[a + 1].to, boilerplate: false });
  }
  if (o.method === 'texttiling' && o.minTailTerms > 0) referenceTail(blocks, units, termStart, o);
  return blocks;
}

/**
 * The tail: every paragraph start inside the text's last run of story
 * blocks with minTailTerms to maxTailTerms terms from there to the run's
 * end, the earliest 8 of them, cuts the block it falls in; the pieces after
 * a cut are tail blocks.
 */
function referenceTail(blocks: UnitBlock[], units: TextUnit[], termStart: Int32Array, o: Required<TilingOptions>): void {
  const last = blocks.map((b) => !b.boilerplate).lastIndexOf(true);
  if (last < 0) return;
  let first = last;
  while (first > 0 && !blocks[first - 1].boilerplate) first--;
  const end = blocks[last].to;
  const starts: number[] = [];
  for (let at = blocks[first].from + 1; at < end; at++) {
    const tailTerms = termStart[end] - termStart[at];
    if (units[at].paragraphStart && tailTerms >= o.minTailTerms && tailTerms <= o.maxTailTerms) starts.push(at);
  }
  const kept = starts.slice(0, 8);
  const pieces: UnitBlock[] = [];
  for (const b of blocks.slice(first, last + 1)) {
    const inside = kept.filter((at) => at > b.from && at < b.to);
    if (inside.length === 0) {
      pieces.push(b);
      continue;
    }
    const bounds = [b.from, ...inside, b.to];
    bounds.slice(1).forEach((to, k) => pieces.push({ from: bounds[k], to, boilerplate: false, ...(k > 0 ? { tail: true } : {}) }));
  }
  blocks.splice(first, last - first + 1, ...pieces);
}

function referenceRegion(units: TextUnit[], termStart: Int32Array, terms: number[], from: number, to: number, o: Required<TilingOptions>): Array<[number, number]> {
  const gaps = to - from - 1;
  if (gaps <= 0) return [[from, to]];
  if (o.method === 'mdl') return referenceMdl(units, termStart, terms, from, to, o);
  const termsOf = (a: number, b: number) => termStart[b] - termStart[a];
  const counts = (a: number, b: number) => {
    const c = new Map<number, number>();
    for (let t = termStart[a]; t < termStart[b]; t++) c.set(terms[t], (c.get(terms[t]) ?? 0) + 1);
    return c;
  };
  const score: number[] = [];
  for (let at = from + 1; at < to; at++) {
    // Left: the fewest units before the gap holding windowTerms (all of them when none do); right: likewise after it.
    let left = at - 1;
    while (left > from && termsOf(left, at) < o.windowTerms) left--;
    let right = at + 1;
    while (right < to && termsOf(at, right) < o.windowTerms) right++;
    const a = counts(left, at);
    const b = counts(at, right);
    let dot = 0;
    let na = 0;
    let nb = 0;
    for (const [id, c] of a) {
      dot += c * (b.get(id) ?? 0);
      na += c * c;
    }
    for (const c of b.values()) nb += c * c;
    score.push(na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb));
  }
  const depth = score.map((s, g) => {
    let l = s;
    for (let h = g - 1; h >= 0 && score[h] >= l; h--) l = score[h];
    let r = s;
    for (let h = g + 1; h < gaps && score[h] >= r; h++) r = score[h];
    return l - s + (r - s);
  });
  const paragraphs = units.slice(from, to).filter((u) => u.paragraphStart).length;
  const candidates: Array<{ at: number; strength: number }> = [];
  for (let g = 0; g < gaps; g++) {
    const at = from + g + 1;
    if (units[at].headline && units[at].paragraphStart) candidates.push({ at, strength: 2 + depth[g] });
    else if ((paragraphs < 4 || units[at].paragraphStart) && depth[g] >= o.minDepth) candidates.push({ at, strength: depth[g] });
  }
  candidates.sort((a, b) => b.strength - a.strength || a.at - b.at);
  const cuts: number[] = [];
  for (const c of candidates) {
    const before = Math.max(from, ...cuts.filter((x) => x < c.at));
    const after = Math.min(to, ...cuts.filter((x) => x > c.at));
    if (termsOf(before, c.at) >= o.minBlockTerms && termsOf(c.at, after) >= o.minBlockTerms) cuts.push(c.at);
  }
  const bounds = [from, ...cuts.sort((a, b) => a - b), to];
  return bounds.slice(1).map((end, k) => [bounds[k], end]);
}

/**
 * `mdl`: a headline opening a paragraph mid-text always starts a block; between
 * such starts, minimum description length's cuts (description-length.test
 * checks those), at paragraph starts when the region has 4 or more.
 */
function referenceMdl(units: TextUnit[], termStart: Int32Array, terms: number[], from: number, to: number, o: Required<TilingOptions>): Array<[number, number]> {
  const paragraphs = units.slice(from, to).filter((u) => u.paragraphStart).length;
  const allowed = (u: number) => paragraphs < 4 || units[u].paragraphStart;
  const starts = [from];
  for (let u = from + 1; u < to; u++) if (units[u].headline && units[u].paragraphStart) starts.push(u);
  const bounds: number[] = [];
  starts.forEach((start, x) => {
    const end = x + 1 < starts.length ? starts[x + 1] : to;
    bounds.push(start, ...descriptionLengthCuts(termStart, terms, start, end, allowed, { maxUnits: 200, minTerms: o.minBlockTerms, penaltyScale: o.penaltyScale }));
  });
  bounds.push(to);
  return bounds.slice(1).map((end, k) => [bounds[k], end]);
}

// ---------------------------------------------------------------- tests

test('proposeBlocks gives what the rules computed afresh give, on random texts (many cuts, many merges), by TextTiling and by mdl', () => {
  const random = mulberry32(18);
  const int = (a: number, b: number) => a + Math.floor(random() * (b - a + 1));
  let merged = 0;
  let mdlCuts = 0;
  for (let trial = 0; trial < 250; trial++) {
    const n = int(1, 120);
    const vocabulary = int(1, 30);
    const topicEvery = int(3, 40);
    const paragraphShare = random();
    const p = page(
      n,
      (u) => Array.from({ length: int(0, 6) }, () => (random() < 0.6 ? 100 * Math.floor(u / topicEvery) : 0) + int(0, vocabulary)),
      () => random() < paragraphShare,
      () => random() < 0.05,
    );
    // Boilerplate runs anywhere, not only at the edges: proposeBlocks takes any marks.
    for (let u = 0; u < n; ) {
      const run = int(1, 30);
      const mark = random() < 0.2 ? 1 : 0;
      for (let k = 0; k < run && u < n; k++) p.boilerplate[u++] = mark;
    }
    const o: Required<TilingOptions> = {
      ...DEFAULT_TILING,
      windowTerms: int(1, 40),
      minBlockTerms: int(0, 20),
      maxBlocks: int(1, 24),
      minDepth: random() * 0.3,
      minTailTerms: int(0, 12),
      maxTailTerms: int(4, 60),
    };
    const want = referenceBlocks(p.units, p.termStart, p.terms, p.boilerplate, o);
    assert.equal(tile(p, o), want, `trial ${trial}`);
    if (want.some((b) => !b.boilerplate && b.to - b.from > 1)) merged++;
    const mdl: Required<TilingOptions> = { ...o, method: 'mdl', penaltyScale: [0.5, 1, 2][int(0, 2)] };
    const wantMdl = referenceBlocks(p.units, p.termStart, p.terms, p.boilerplate, mdl);
    assert.equal(tile(p, mdl), wantMdl, `trial ${trial}, mdl`);
    if (wantMdl.length > want.filter((b) => b.boilerplate).length + 1) mdlCuts++;
  }
  assert.ok(merged > 60, `the trials reach multi-unit story blocks (${merged})`);
  assert.ok(mdlCuts > 60, `mdl cuts story runs (${mdlCuts})`);
});

test('proposeBlocks on a region larger than its scratch arrays (2,400 terms, over 512 distinct): as the reference', () => {
  const random = mulberry32(5);
  // A topic every 50 units, each with its own 200 words.
  const p = page(400, (u) => Array.from({ length: 6 }, () => 1000 * Math.floor(u / 50) + Math.floor(random() * 200)), (u) => u % 3 === 0);
  assert.ok(new Set(p.terms).size > 512, 'more distinct terms than twice the count arrays');
  const o: Required<TilingOptions> = { ...DEFAULT_TILING, maxBlocks: 40 };
  const want = referenceBlocks(p.units, p.termStart, p.terms, p.boilerplate, o);
  assert.ok(want.length > 5, `${want.length} blocks`);
  assert.equal(tile(p, o), want);
});

test('proposeBlocks, worked by hand: a depth exactly minDepth is enough, equal strengths are tried left first, and lone story blocks stay', () => {
  // Two topics of 4 one-unit paragraphs, windows of 2 terms: cosine 1 inside a topic, 0 at the change, depth (1 − 0) + (1 − 0) = 2.
  const topics = page(8, (u) => (u < 4 ? [1, 2] : [3, 4]));
  // The tail rule (its own test below) is off: these are cohesion's cuts.
  const o = { windowTerms: 2, minBlockTerms: 1, minTailTerms: 0 };
  assert.equal(tile(topics, { ...o, minDepth: 2 }), [{ from: 0, to: 4, boilerplate: false }, { from: 4, to: 8, boilerplate: false }]);
  assert.equal(tile(topics, { ...o, minDepth: 2.0000001 }), [{ from: 0, to: 8, boilerplate: false }]);
  // Five units of 2 distinct terms each: every cosine and depth 0, so every gap is a candidate of strength 0.
  // Left first with blocks of 4 terms or more: the gap at 1 leaves 2 terms, at 2 it is kept, at 3 and 4 too few remain.
  const flat = page(5, (u) => [2 * u, 2 * u + 1]);
  assert.equal(tile(flat, { windowTerms: 2, minBlockTerms: 4, minDepth: 0, minTailTerms: 0 }), [{ from: 0, to: 2, boilerplate: false }, { from: 2, to: 5, boilerplate: false }]);
  // A first unit with no terms: the window before gap 0 is empty, its cosine 0 (depth 0 + 1 here), and with no
  // minimum a block of no terms may be cut off.
  const bare = page(4, (u) => (u === 0 ? [] : [1, 2]));
  assert.equal(tile(bare, { windowTerms: 2, minBlockTerms: 0, minDepth: 0.5, minTailTerms: 0 }), [{ from: 0, to: 1, boilerplate: false }, { from: 1, to: 4, boilerplate: false }]);
  // And mirrored: a last unit with no terms leaves the window after the last gap empty.
  const bareEnd = page(4, (u) => (u === 3 ? [] : [1, 2]));
  assert.equal(tile(bareEnd, { windowTerms: 2, minBlockTerms: 0, minDepth: 0.5, minTailTerms: 0 }), [{ from: 0, to: 3, boilerplate: false }, { from: 3, to: 4, boilerplate: false }]);
  // Story units apart, each between boilerplate: 5 blocks over a cap of 2 stay 5, none has a story neighbour to join.
  const apart = page(5, () => [1]);
  apart.boilerplate.set([0, 1, 0, 1, 0]);
  assert.equal(tile(apart, { maxBlocks: 2 }).length, 5);
});

test('proposeBlocks, worked by hand: the paragraph starts with minTailTerms to maxTailTerms terms of story after them start tail blocks', () => {
  // Ten paragraphs of one story (terms 1-4), then two of another (terms 7-9), 4 terms each: no depth cut (minBlockTerms 20).
  const appended = page(12, (u) => (u < 10 ? [1, 2, 3, 4] : [7, 8, 9, 7]));
  const o = { windowTerms: 8, minBlockTerms: 20, minTailTerms: 8, maxTailTerms: 12 };
  // Starts with 12 terms (unit 9) and 8 (unit 10) after them; unit 11 has 4, under minTailTerms.
  assert.equal(tile(appended, o), [
    { from: 0, to: 9, boilerplate: false },
    { from: 9, to: 10, boilerplate: false, tail: true },
    { from: 10, to: 12, boilerplate: false, tail: true },
  ]);
  // minTailTerms and maxTailTerms are each enough exactly.
  assert.equal(tile(appended, { ...o, minTailTerms: 12 }), [{ from: 0, to: 9, boilerplate: false }, { from: 9, to: 12, boilerplate: false, tail: true }]);
  assert.equal(tile(appended, { ...o, maxTailTerms: 8 }), [{ from: 0, to: 10, boilerplate: false }, { from: 10, to: 12, boilerplate: false, tail: true }]);
  // No start with from minTailTerms to maxTailTerms terms after it: no tail; 0 turns the rule off.
  assert.equal(tile(appended, { ...o, minTailTerms: 13 }), [{ from: 0, to: 12, boilerplate: false }]);
  assert.equal(tile(appended, { ...o, minTailTerms: 0 }), [{ from: 0, to: 12, boilerplate: false }]);
  // Only paragraph starts: the last two units in one paragraph leave one start (unit 9).
  const joined = page(12, (u) => (u < 10 ? [1, 2, 3, 4] : [7, 8, 9, 7]), (u) => u !== 11 && u !== 10);
  assert.equal(tile(joined, o), [{ from: 0, to: 9, boilerplate: false }, { from: 9, to: 12, boilerplate: false, tail: true }]);
  // Boilerplate after the story: the tail is the story's last paragraphs, before it.
  const footed = page(13, (u) => (u < 10 ? [1, 2, 3, 4] : u < 12 ? [7, 8, 9, 7] : [5]));
  footed.boilerplate[12] = 1;
  assert.equal(tile(footed, { ...o, minTailTerms: 12 }), [{ from: 0, to: 9, boilerplate: false }, { from: 9, to: 12, boilerplate: false, tail: true }, { from: 12, to: 13, boilerplate: true }]);
  // Over the story's last blocks: cohesion's cut at 10 (blocks of 8 terms allowed) stays, and the start at 9 cuts the block before it.
  assert.equal(tile(appended, { ...o, minBlockTerms: 8 }), [
    { from: 0, to: 9, boilerplate: false },
    { from: 9, to: 10, boilerplate: false, tail: true },
    { from: 10, to: 12, boilerplate: false },
  ]);
  // At most 8 tail blocks, the earliest: 20 one-term paragraphs, tails of 1 to 19 terms allowed.
  const lines = page(20, (u) => [u]);
  const tails = tile(lines, { minBlockTerms: 100, minTailTerms: 1, maxTailTerms: 19 });
  assert.equal(tails.map((b) => b.from), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
  assert.ok(tails.slice(1).every((b) => b.tail === true));
  // mdl (segment(), no corpus) proposes no tail.
  assert.equal(tile(appended, { ...o, method: 'mdl', minBlockTerms: 100 }), [{ from: 0, to: 12, boilerplate: false }]);
});

test('tailStarts, worked by hand: the paragraph starts of the story run [from, to) with minTailTerms to maxTailTerms terms after them, ascending', () => {
  // Six one-paragraph units of 2 terms each: from unit u to the end of the run [0, 5) are 2 · (5 − u) terms.
  const p = page(6, (u) => [u, u + 100]);
  const o = { ...DEFAULT_TILING, minTailTerms: 4, maxTailTerms: 6 };
  // Unit 4 leaves 2 terms (under 4), unit 3 leaves 4, unit 2 leaves 6, unit 1 leaves 8 (over 6): 2 and 3.
  assert.equal(tailStarts(p.units, p.termStart, 0, 5, o), [2, 3]);
  // Any unit may open a story unless told otherwise; told, only those it allows.
  assert.equal(tailStarts(p.units, p.termStart, 0, 5, o, (u) => u !== 3), [2]);
  // Only starts inside the run: with no least number of terms, unit 4 (2 terms) is one, unit 5 (after the run) is not.
  assert.equal(tailStarts(p.units, p.termStart, 0, 5, { ...o, minTailTerms: 0, maxTailTerms: 2 }), [4]);
  // None: an empty list.
  assert.equal(tailStarts(p.units, p.termStart, 0, 5, { ...o, minTailTerms: 20, maxTailTerms: 30 }), []);
});

test('PositionSet: the nearest member below and above, as a scan of the members finds them', () => {
  const random = mulberry32(7);
  for (const size of [1, 2, 3, 17, 64, 1000]) {
    const set = new PositionSet(size);
    const members: number[] = [];
    for (let step = 0; step < 3 * size; step++) {
      const p = Math.floor(random() * size);
      const below = Math.max(-1, ...members.filter((m) => m < p));
      const above = members.filter((m) => m > p).reduce((m, x) => (m < 0 ? x : Math.min(m, x)), -1);
      assert.is(set.below(p), below, `size ${size}: below ${p}`);
      assert.is(set.above(p), above, `size ${size}: above ${p}`);
      if (!members.includes(p)) {
        set.add(p);
        members.push(p);
      }
    }
  }
});

test.run();
