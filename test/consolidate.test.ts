import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { SparseVector } from '../src/features/tfidf.js';
import { foldBackground, joinSameEventNeighbours } from '../src/segments/consolidate.js';
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

test.run();
