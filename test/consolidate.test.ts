import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { SparseVector } from '../src/features/tfidf.js';
import { foldOrphans, joinSameEventNeighbours } from '../src/segments/consolidate.js';
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

test('foldOrphans: a part cut on cohesion whose event has no other report takes the event before it', () => {
  const segs = segments('edge', 'cohesion');
  const eventOf = [0, 1];
  assert.ok(foldOrphans(segs, eventOf, Int32Array.from([3, 1])));
  assert.equal([...eventOf], [0, 0]);
  const joined = joinSameEventNeighbours(segs, eventOf);
  assert.is(joined.segments.length, 1);
  assert.is(joined.segments[0].end, 20);
});

test('foldOrphans: headline and corpus boundaries stand, and so does a part other reports share', () => {
  for (const opening of ['headline', 'corpus'] as const) {
    const eventOf = [0, 1];
    assert.not.ok(foldOrphans(segments('edge', opening), eventOf, Int32Array.from([3, 1])));
    assert.equal([...eventOf], [0, 1]);
  }
  const shared = [0, 1];
  assert.not.ok(foldOrphans(segments('edge', 'cohesion'), shared, Int32Array.from([3, 2])));
  assert.equal([...shared], [0, 1]);
});

test('foldOrphans: an orphan that shares no words with the story before it is a second story, and stands', () => {
  const segs = segments('edge', 'cohesion');
  segs[1] = { ...segs[1], vector: { ids: Uint32Array.from([5]), weights: Float32Array.from([1]) } };
  const eventOf = [0, 1];
  assert.not.ok(foldOrphans(segs, eventOf, Int32Array.from([3, 1])));
  assert.equal([...eventOf], [0, 1]);
});

test('foldOrphans: an orphan lead stays, boilerplate is never a story to fold into, and runs of orphans chain', () => {
  const lead = [1, 0];
  assert.not.ok(foldOrphans(segments('edge', 'cohesion'), lead, Int32Array.from([3, 1])));
  assert.equal([...lead], [1, 0]);
  const afterBoilerplate = [-1, 1];
  assert.not.ok(foldOrphans(segments('boilerplate', 'cohesion'), afterBoilerplate, Int32Array.from([3, 1])));
  assert.equal([...afterBoilerplate], [-1, 1]);
  const chain = [0, 1, 2];
  assert.ok(foldOrphans(segments('edge', 'cohesion', 'cohesion'), chain, Int32Array.from([4, 1, 1])));
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

test('foldOrphans: event 0 is an event like any other, and the story before must have one (boilerplate after does not matter)', () => {
  const zero = [1, 0];
  assert.ok(foldOrphans(segments('edge', 'cohesion'), zero, Int32Array.from([1, 3])));
  assert.equal([...zero], [1, 1]);
  const beforeBoilerplate = [0, 1, -1];
  assert.ok(foldOrphans(segments('edge', 'cohesion', 'boilerplate'), beforeBoilerplate, Int32Array.from([3, 1])));
  assert.equal([...beforeBoilerplate], [0, 0, -1]);
});

test.run();
