import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { SparseVector } from '../src/features/tfidf.js';
import { foldBackground, foldFacets, joinSameEventNeighbours } from '../src/segments/consolidate.js';
import { mulberry32 } from './fixtures/random.js';
import type { ResolvedSegment, SegmentOpening } from '../src/segments/resolve.js';

const EMPTY: SparseVector = { ids: new Uint32Array(0), weights: new Float32Array(0) };
/** Every story segment below has this vector, so neighbours share their words, unless a test says otherwise. */
const SHARED: SparseVector = { ids: Uint32Array.from([4, 8]), weights: Float32Array.from([0.6, 0.8]) };

/** Segments of 10 characters each, opened as given ('boilerplate' for a boilerplate run). */
function segments(...openings: Array<SegmentOpening | 'boilerplate'>): ResolvedSegment[] {
  return openings.map((o, i) => ({
    blocks: [i],
    boilerplate: o === 'boilerplate',
    openedBy: o === 'boilerplate' ? 'edge' : o,
    start: i * 10,
    end: i * 10 + 10,
    tokens: 5,
    vector: o === 'boilerplate' ? EMPTY : SHARED,
  }));
}

test('foldBackground, one document: a part cut on cohesion whose event has no other report takes the event before it', () => {
  const segs = segments('edge', 'cohesion');
  const eventOf = [0, 1];
  assert.ok(foldBackground([segs], [eventOf], Int32Array.from([3, 1])));
  assert.equal([...eventOf], [0, 0]);
  const joined = joinSameEventNeighbours(segs, eventOf);
  assert.is(joined.segments.length, 1);
  assert.is(joined.segments[0].end, 20);
});

test('foldBackground, one document: headline and corpus boundaries stand, and so does a part other reports share', () => {
  for (const opening of ['headline', 'corpus'] as const) {
    const eventOf = [0, 1];
    assert.not.ok(foldBackground([segments('edge', opening)], [eventOf], Int32Array.from([3, 1])));
    assert.equal([...eventOf], [0, 1]);
  }
  const shared = [0, 1];
  assert.not.ok(foldBackground([segments('edge', 'cohesion')], [shared], Int32Array.from([3, 2])));
  assert.equal([...shared], [0, 1]);
});

test('foldBackground, one document: an orphan that shares no words with the story before it is a second story, and stands', () => {
  const segs = segments('edge', 'cohesion');
  segs[1] = { ...segs[1], vector: { ids: Uint32Array.from([5]), weights: Float32Array.from([1]) } };
  const eventOf = [0, 1];
  assert.not.ok(foldBackground([segs], [eventOf], Int32Array.from([3, 1])));
  assert.equal([...eventOf], [0, 1]);
});

test('foldBackground, one document: an orphan lead stays, boilerplate is never a story to fold into, and runs of orphans chain', () => {
  const lead = [1, 0];
  assert.not.ok(foldBackground([segments('edge', 'cohesion')], [lead], Int32Array.from([3, 1])));
  assert.equal([...lead], [1, 0]);
  const afterBoilerplate = [-1, 1];
  assert.not.ok(foldBackground([segments('boilerplate', 'cohesion')], [afterBoilerplate], Int32Array.from([3, 1])));
  assert.equal([...afterBoilerplate], [-1, 1]);
  const chain = [0, 1, 2];
  assert.ok(foldBackground([segments('edge', 'cohesion', 'cohesion')], [chain], Int32Array.from([4, 1, 1])));
  assert.equal([...chain], [0, 0, 0]);
});

test('joinSameEventNeighbours: neighbouring story segments of one event become one (the first one\'s opening, start and vector); boilerplate is never joined', () => {
  // S0 S1 S2 (event 0) | B3 (boilerplate, event 0 too) | S4 (event 0, after boilerplate) | S5 (event 1) | B6 B7 (boilerplate, -1)
  const segs = segments('edge', 'cohesion', 'headline', 'boilerplate', 'cohesion', 'corpus', 'boilerplate', 'boilerplate');
  segs.forEach((s, i) => {
    if (!s.boilerplate) s.vector = { ids: Uint32Array.from([4 * (i + 1)]), weights: Float32Array.from([1]) };
  });
  const eventOf = [0, 0, 0, 0, 0, 1, -1, -1];
  const joined = joinSameEventNeighbours(segs, eventOf);
  assert.equal(
    joined.segments.map((s) => `${s.blocks.join(',')} ${s.boilerplate} ${s.openedBy} ${s.start}-${s.end} ${s.tokens} ${Array.from(s.vector.ids).join(',')}`),
    ['0,1,2 false edge 0-30 15 4', '3 true edge 30-40 5 ', '4 false cohesion 40-50 5 20', '5 false corpus 50-60 5 24', '6 true edge 60-70 5 ', '7 true edge 70-80 5 '],
  );
  assert.equal(joined.eventOf, [0, 0, 0, 1, -1, -1]);
  assert.equal(segs.length, 8, 'the input is left as it was');
  // Nothing to join: the very same arrays.
  const apart = segments('edge', 'cohesion', 'boilerplate');
  const events = [0, 1, -1];
  const same = joinSameEventNeighbours(apart, events);
  assert.ok(same.segments === apart && same.eventOf === events);
});

test('foldBackground, one document: event 0 is an event like any other, and the story before must have one (boilerplate after does not matter)', () => {
  const zero = [1, 0];
  assert.ok(foldBackground([segments('edge', 'cohesion')], [zero], Int32Array.from([1, 3])));
  assert.equal([...zero], [1, 1]);
  const beforeBoilerplate = [0, 1, -1];
  assert.ok(foldBackground([segments('edge', 'cohesion', 'boilerplate')], [beforeBoilerplate], Int32Array.from([3, 1])));
  assert.equal([...beforeBoilerplate], [0, 0, -1]);
});

/** Documents of a story segment (event `story[d]`) then a part cut on cohesion (event `part[d]`). */
function storyAndPart(story: number[], part: number[]): { docs: ResolvedSegment[][]; eventOf: number[][] } {
  return { docs: story.map(() => segments('edge', 'cohesion')), eventOf: story.map((e, d) => [e, part[d]]) };
}

test('foldBackground: an event whose every report is a part cut on cohesion after a story of one event takes that event', () => {
  // Three reports of event 0, each with a part of background in event 1 (three members): 1 is 0's background.
  const { docs, eventOf } = storyAndPart([0, 0, 0], [1, 1, 1]);
  assert.ok(foldBackground(docs, eventOf, Int32Array.from([3, 3])));
  assert.equal(eventOf, [[0, 0], [0, 0], [0, 0]]);
  // The parts follow stories of two events: they stand.
  const two = storyAndPart([0, 2, 0], [1, 1, 1]);
  assert.not.ok(foldBackground(two.docs, two.eventOf, Int32Array.from([2, 3, 1])));
  assert.equal(two.eventOf, [[0, 1], [2, 1], [0, 1]]);
  // One member of event 1 is a document's first story (a fourth document): it stands, and so do the parts.
  const first = storyAndPart([0, 0, 0], [1, 1, 1]);
  first.docs.push(segments('edge'));
  first.eventOf.push([1]);
  assert.not.ok(foldBackground(first.docs, first.eventOf, Int32Array.from([3, 4])));
  assert.equal(first.eventOf[3], [1]);
  // One of the parts opens at a headline, or shares no words with its story: the same.
  for (const change of ['headline', 'apart'] as const) {
    const one = storyAndPart([0, 0, 0], [1, 1, 1]);
    one.docs[2][1] = change === 'headline' ? { ...one.docs[2][1], openedBy: 'headline' } : { ...one.docs[2][1], vector: { ids: Uint32Array.from([5]), weights: Float32Array.from([1]) } };
    assert.not.ok(foldBackground(one.docs, one.eventOf, Int32Array.from([3, 3])), change);
    assert.equal(one.eventOf.map((e) => e[1]), [1, 1, 1], change);
  }
});

test('foldBackground: every clustered report counts (reports), and chains of background end at a story', () => {
  // Event 1 has a fourth clustered member the documents here do not show (a segment of a document not passed): it stands.
  const hidden = storyAndPart([0, 0, 0], [1, 1, 1]);
  assert.not.ok(foldBackground(hidden.docs, hidden.eventOf, Int32Array.from([3, 4])));
  // Event 2 is background of event 1's parts, which are background of event 0: both end in 0.
  const docs = [segments('edge', 'cohesion', 'cohesion'), segments('edge', 'cohesion', 'cohesion')];
  const eventOf = [[0, 1, 2], [0, 1, 2]];
  assert.ok(foldBackground(docs, eventOf, Int32Array.from([2, 2, 2])));
  assert.equal(eventOf, [[0, 0, 0], [0, 0, 0]]);
  // Event numbers given in any order: 2 then 0 as the stories' event.
  const reordered = [[2, 0, 1], [2, 0, 1]];
  assert.ok(foldBackground(docs, reordered, Int32Array.from([2, 2, 2])));
  assert.equal(reordered, [[2, 2, 2], [2, 2, 2]]);
  // A part after a story with no event yet (a copy's, which takes its original's event later) is no background of a
  // known story, and its event, which another document's part would make background of event 0, stands.
  const afterCopy = [[-1, 1], [0, 1]];
  assert.not.ok(foldBackground([segments('edge', 'cohesion'), segments('edge', 'cohesion')], afterCopy, Int32Array.from([1, 2])));
  assert.equal(afterCopy, [[-1, 1], [0, 1]]);
  // A part in the story's own event is no background of it, and nothing is folded.
  const same = [[0, 0], [0, 1]];
  assert.not.ok(foldBackground([segments('edge', 'cohesion'), segments('edge', 'cohesion')], same, Int32Array.from([3, 2])));
  assert.equal(same, [[0, 0], [0, 1]]);
});

/** A story segment whose vector is term `term` alone: two such segments are orthogonal unless their terms are equal. */
function storyOf(term: number): ResolvedSegment {
  return { blocks: [0], boilerplate: false, openedBy: 'edge', start: 0, end: 10, tokens: 5, vector: { ids: Uint32Array.from([term]), weights: Float32Array.from([1]) } };
}

/**
 * A corpus for foldFacets: `alone` documents of one story in event 0, and a
 * document [0, part] for each event in `parts` (each part's words its own,
 * unless `sameWords`).
 */
function hosted(alone: number, parts: number[], sameWords = false) {
  const docs: ResolvedSegment[][] = [];
  const eventOf: number[][] = [];
  for (let d = 0; d < alone; d++) {
    docs.push([storyOf(1)]);
    eventOf.push([0]);
  }
  parts.forEach((e, k) => {
    docs.push([storyOf(1), storyOf(sameWords ? 1000 : 1000 + k)]);
    eventOf.push([0, e]);
  });
  return { docs, eventOf };
}

const eventsIn = (eventOf: number[][]) => Math.max(...eventOf.flat()) + 1;

test('foldFacets: parts of reports of a story of at least 100 reports, 20 times their number, each worded its own way, take its event', () => {
  // 97 reports alone and 3 with a part in event 1: event 0 has 100 reports, event 1 three.
  const c = hosted(97, [1, 1, 1]);
  assert.ok(foldFacets(c.docs, c.eventOf, 2));
  assert.equal(c.eventOf.slice(97), [[0, 0], [0, 0], [0, 0]]);
  // 99 reports: no host.
  const few = hosted(96, [1, 1, 1]);
  assert.not.ok(foldFacets(few.docs, few.eventOf, 2));
  assert.equal(few.eventOf.slice(96), [[0, 1], [0, 1], [0, 1]]);
  // Exactly 20 times: a host (120 = 20 · 6); one report fewer: not.
  const exact = hosted(114, [1, 1, 1, 1, 1, 1]);
  assert.ok(foldFacets(exact.docs, exact.eventOf, 2));
  const short = hosted(113, [1, 1, 1, 1, 1, 1]);
  assert.not.ok(foldFacets(short.docs, short.eventOf, 2));
  assert.equal(short.eventOf.slice(113).map((e) => e[1]), [1, 1, 1, 1, 1, 1]);
});

test('foldFacets: an event of one report, one with a report outside the host, and copies of one text stand', () => {
  const one = hosted(99, [1]);
  assert.not.ok(foldFacets(one.docs, one.eventOf, 2));
  assert.equal(one.eventOf[99], [0, 1]);
  // Event 1's third report is in a document without event 0 (a document of its own).
  const outside = hosted(97, [1, 1]);
  outside.docs.push([storyOf(7)]);
  outside.eventOf.push([1]);
  assert.not.ok(foldFacets(outside.docs, outside.eventOf, 2));
  // The same words in every part (one appended story repeated): copies, not a facet.
  const copies = hosted(97, [1, 1, 1], true);
  assert.not.ok(foldFacets(copies.docs, copies.eventOf, 2));
  assert.equal(copies.eventOf.slice(97).map((e) => e[1]), [1, 1, 1]);
  // Parts whose cosine is 0.79, just under FACET_MAX_SIMILARITY: a facet; 0.81: copies.
  const partsAt = (cos: number) => {
    const c = hosted(98, [1, 1]);
    c.docs[98][1] = { ...storyOf(0), vector: { ids: Uint32Array.from([1000]), weights: Float32Array.from([1]) } };
    c.docs[99][1] = { ...storyOf(0), vector: { ids: Uint32Array.from([1000, 1002]), weights: Float32Array.from([cos, Math.sqrt(1 - cos * cos)]) } };
    return c;
  };
  const alike = partsAt(0.79);
  assert.ok(foldFacets(alike.docs, alike.eventOf, 2));
  const copied = partsAt(0.81);
  assert.not.ok(foldFacets(copied.docs, copied.eventOf, 2));
});

test('foldFacets: the larger host takes a facet (ties: the lower number), and a host grown by one pass takes more in the next', () => {
  /** `a` reports of event 0 alone, `b` of event 1 alone, and 3 documents [0, 1, 2]. */
  const twoHosts = (a: number, b: number) => {
    const docs: ResolvedSegment[][] = [];
    const eventOf: number[][] = [];
    for (let d = 0; d < a; d++) (docs.push([storyOf(1)]), eventOf.push([0]));
    for (let d = 0; d < b; d++) (docs.push([storyOf(2)]), eventOf.push([1]));
    for (let d = 0; d < 3; d++) (docs.push([storyOf(1), storyOf(2), storyOf(3000 + d)]), eventOf.push([0, 1, 2]));
    return { docs, eventOf };
  };
  const larger = twoHosts(117, 147);
  assert.ok(foldFacets(larger.docs, larger.eventOf, 3));
  assert.equal(larger.eventOf.slice(-3), [[0, 1, 1], [0, 1, 1], [0, 1, 1]]);
  const tie = twoHosts(117, 117);
  assert.ok(foldFacets(tie.docs, tie.eventOf, 3));
  assert.equal(tie.eventOf.slice(-3), [[0, 1, 0], [0, 1, 0], [0, 1, 0]]);
  // Event 0: 100 reports, 20 of them with a part in one of events 1-4 (5 each), 6 with a part in event 5. The first
  // pass folds 1-4 (100 ≥ 20 · 5), which makes event 0 120 reports: the second folds 5 (120 ≥ 20 · 6).
  const grown = hosted(74, [...[1, 2, 3, 4].flatMap((e) => [e, e, e, e, e]), 5, 5, 5, 5, 5, 5]);
  assert.ok(foldFacets(grown.docs, grown.eventOf, 6));
  assert.ok(grown.eventOf.every((list) => list.every((e) => e === 0)));
  // Without the first pass's facets, event 5 stands.
  const alone = hosted(94, [5, 5, 5, 5, 5, 5]);
  assert.not.ok(foldFacets(alone.docs, alone.eventOf, 6));
});

test('foldFacets: at most four passes, event 0 may be a facet, and an event number without reports is passed over', () => {
  // Host 0 (100 reports) grows pass by pass: four events of 5 reports fold (120), then four of 6 (144), three of 7
  // (165), two of 8 (181); one of 9 would need a fifth pass, and stands.
  const sizes = [5, 5, 5, 5, 6, 6, 6, 6, 7, 7, 7, 8, 8, 9];
  const parts = sizes.flatMap((n, k) => new Array<number>(n).fill(k + 1));
  const staged = hosted(100 - parts.length, parts);
  assert.ok(foldFacets(staged.docs, staged.eventOf, sizes.length + 1));
  const stood = staged.eventOf.flat().filter((e) => e !== 0);
  assert.equal(stood, new Array<number>(9).fill(sizes.length));
  // Event 1 hosts event 0; event 2 has no report at all.
  const c = hosted(97, [1, 1, 1]);
  const swapped = c.eventOf.map((list) => list.map((e) => 1 - e));
  assert.ok(foldFacets(c.docs, swapped, 3));
  assert.ok(swapped.every((list) => list.every((e) => e === 1)));
});

test('foldFacets: a document offers its 16 largest events as hosts, and parts alike at 0.5 each are a facet', () => {
  // Events 0-16 are hosts of 100-116 reports (event e: 100 + e, so 0 is the smallest). Document A holds all 17 and a
  // part of event 17; document B holds event 0 and the other part. The one host both offer is 0, which is not among
  // A's 16 largest: event 17 stands. With 0 among them (event 16 left out of A, which holds event 15 twice: an event
  // counts once), it folds into 0.
  const corpus = (withAll: boolean) => {
    const docs: ResolvedSegment[][] = [];
    const eventOf: number[][] = [];
    const a = withAll ? Array.from({ length: 17 }, (_, e) => e) : [...Array.from({ length: 16 }, (_, e) => e), 15];
    for (let e = 0; e < 17; e++) {
      const reports = 100 + e - a.filter((x) => x === e).length - (e === 0 ? 1 : 0);
      for (let d = 0; d < reports; d++) (docs.push([storyOf(1)]), eventOf.push([e]));
    }
    docs.push([...a.map(() => storyOf(1)), storyOf(7001)]);
    eventOf.push([...a.slice(0, 16), 17, ...a.slice(16)]);
    docs.push([storyOf(1), storyOf(7002)]);
    eventOf.push([0, 17]);
    return { docs, eventOf };
  };
  const all = corpus(true);
  assert.not.ok(foldFacets(all.docs, all.eventOf, 18));
  const fewer = corpus(false);
  assert.ok(foldFacets(fewer.docs, fewer.eventOf, 18));
  assert.equal([fewer.eventOf[fewer.eventOf.length - 2][16], fewer.eventOf[fewer.eventOf.length - 1][1]], [0, 0]);
  // Three parts, each pair at cosine 0.5 (mean 0.5): worded apart, a facet.
  const three = hosted(97, [1, 1, 1]);
  const unit = (x: number, y: number, z: number) => ({ ...storyOf(0), vector: { ids: Uint32Array.from([1000, 1001, 1002]), weights: Float32Array.from([x, y, z]) } });
  const r = Math.SQRT1_2;
  [unit(r, r, 0), unit(r, 0, r), unit(0, r, r)].forEach((seg, k) => (three.docs[97 + k][1] = seg));
  assert.ok(foldFacets(three.docs, three.eventOf, 2));
});

/** foldFacets as its comment states it, written plainly (sets, no caps on hosts; vectors never alike here). */
function naiveFacets(eventOf: number[][], events: number): number[][] {
  let now = eventOf.map((list) => [...list]);
  for (let pass = 0; pass < 4; pass++) {
    const size = new Array<number>(events).fill(0);
    for (const list of now) for (const e of list) if (e >= 0) size[e]++;
    const target = new Array<number>(events).fill(-1);
    for (let f = 0; f < events; f++) {
      if (size[f] < 2) continue;
      let hosts: Set<number> | undefined;
      for (const list of now) {
        if (!list.includes(f)) continue;
        const here = new Set(list.filter((e) => e >= 0 && e !== f && size[e] >= 100 && size[e] >= 20 * size[f]));
        hosts = hosts === undefined ? here : new Set([...hosts].filter((e) => here.has(e)));
      }
      if (hosts === undefined || hosts.size === 0) continue;
      target[f] = [...hosts].sort((a, b) => size[b] - size[a] || a - b)[0];
    }
    if (target.every((t) => t < 0)) break;
    const end = (e: number): number => (target[e] >= 0 ? end(target[e]) : e);
    now = now.map((list) => list.map((e) => (e >= 0 ? end(e) : e)));
  }
  return now;
}

test('foldFacets: the same events as a plain reading of its rule, on random corpora with big and small events', () => {
  const random = mulberry32(20261207);
  const int = (from: number, to: number) => from + Math.floor(random() * (to - from + 1));
  let folded = 0;
  for (let round = 0; round < 40; round++) {
    // Events 0 and 1 are big (90-170 reports), 2.. small (1-9 reports); a small event's report is a part of a
    // document of a big event with probability `hosted`, else a document of its own or of another small event.
    const small = int(3, 8);
    const events = 2 + small;
    const hostedShare = [0.6, 0.9, 1][int(0, 2)];
    const eventOf: number[][] = [];
    for (const big of [0, 1]) for (let d = int(90, 170); d > 0; d--) eventOf.push([big]);
    for (let e = 2; e < events; e++) {
      for (let k = int(1, 9); k > 0; k--) {
        const r = random();
        if (r < hostedShare) eventOf[int(0, eventOf.length - 1)].push(e);
        else if (r < hostedShare + (1 - hostedShare) / 2) eventOf.push([e]);
        else eventOf.push([int(2, events - 1), e]);
      }
    }
    if (random() < 0.3) eventOf.push([0, 1], [1, 0, -1]);
    const docs = eventOf.map((list, d) => list.map((_, k) => storyOf(10_000 + d * 16 + k)));
    const before = JSON.stringify(eventOf);
    const expected = naiveFacets(eventOf, events);
    const changed = foldFacets(docs, eventOf, events);
    assert.equal(eventOf, expected, `round ${round}`);
    assert.is(changed, JSON.stringify(expected) !== before, `round ${round}`);
    if (changed) folded++;
  }
  // The corpora are such that the rule both applies and does not.
  assert.ok(folded >= 5 && folded <= 35, `${folded} of 40 rounds folded`);
});

test.run();
