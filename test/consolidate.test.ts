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

test.run();
