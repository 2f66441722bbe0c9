/**
 * From segments to events: which story segments are clustered, which
 * inherit an event, and what each event is called. Neighbouring segments
 * of a document that land in one event are joined (in place in
 * `segments`).
 *
 * Near-duplicate groups are collapsed to their representative: only its
 * segments (and any segment of a copy that matches none of them, such as a
 * second story appended to a reprint) are clustered; a copy's segment joins
 * the event of the representative's segment it resembles most.
 */
import type { FeatureBatch } from '../features/batch.js';
import { cosine, entityShareScale, type SparseVector } from '../features/tfidf.js';
import { VectorStore } from '../features/vector-store.js';
import { joinSameEventNeighbours } from '../segments/consolidate.js';
import type { ResolvedSegment } from '../segments/resolve.js';
import { DEFAULT_EVENT_CLUSTERING, clusterEvents, type EventClusterOptions, type EventClustering, type EventItems } from './cluster.js';

/** A copy's segment this similar to a representative's segment shares its event. */
const INHERIT_SIMILARITY = 0.5;

export interface SegmentRef {
  doc: number;
  segment: number;
}

export interface EventGroup {
  members: SegmentRef[];
  /** The member closest to the event's centroid. */
  central: SegmentRef;
  /** Term ids by weight in the centroid, heaviest first. */
  terms: number[];
  dates: number[];
}

export interface EventAssignment {
  /** eventOf[d][s]: index into `events`, or -1 for boilerplate. */
  eventOf: Int32Array[];
  events: EventGroup[];
  stats: EventClustering['stats'];
}

function segmentDate(features: FeatureBatch, doc: number, segments: ResolvedSegment[], s: number): number {
  for (const b of segments[s].blocks) if (!Number.isNaN(features.blockDate[b])) return features.blockDate[b];
  const firstStory = segments.findIndex((x) => !x.boilerplate);
  return s === firstStory ? features.date[doc] : NaN;
}

export function assignEvents(
  features: FeatureBatch,
  segments: ResolvedSegment[][],
  representative: Int32Array,
  rank: Int32Array,
  options: EventClusterOptions,
): EventAssignment {
  // Names and numbers weigh more in telling events apart than in finding topic boundaries.
  const entityShare = options.entityShare ?? DEFAULT_EVENT_CLUSTERING.entityShare;
  const n = features.count;
  const byRank = Array.from({ length: n }, (_, d) => d).sort((a, b) => rank[a] - rank[b]);
  // Which segments are clustered (refs) and which inherit a representative's event.
  const refs: SegmentRef[] = [];
  const inherited: Array<{ ref: SegmentRef; from: SegmentRef }> = [];
  let terms = 0;
  for (const d of byRank) {
    const rep = representative[d];
    segments[d].forEach((seg, s) => {
      if (seg.boilerplate) return;
      if (rep !== d) {
        const match = bestMatch(seg.vector, segments[rep]);
        if (match.similarity >= INHERIT_SIMILARITY) {
          inherited.push({ ref: { doc: d, segment: s }, from: { doc: rep, segment: match.index } });
          return;
        }
      }
      refs.push({ doc: d, segment: s });
      terms += seg.vector.ids.length;
    });
  }
  const items: EventItems = {
    vectors: new VectorStore(refs.length, terms),
    date: new Float64Array(refs.length),
    doc: new Int32Array(refs.length),
    tokens: new Int32Array(refs.length),
  };
  refs.forEach(({ doc, segment }, i) => {
    const seg = segments[doc][segment];
    items.vectors.push(seg.vector, entityShareScale(seg.vector, entityShare));
    items.date[i] = segmentDate(features, doc, segments[doc], segment);
    items.doc[i] = doc;
    items.tokens[i] = seg.tokens;
  });

  const { labels, stats } = clusterEvents(items, options);
  const eventOf: Int32Array[] = segments.map((segs) => new Int32Array(segs.length).fill(-1));
  let count = 0;
  labels.forEach((label, i) => {
    eventOf[refs[i].doc][refs[i].segment] = label;
    count = Math.max(count, label + 1);
  });
  for (const { ref, from } of inherited) eventOf[ref.doc][ref.segment] = eventOf[from.doc][from.segment];
  for (let d = 0; d < n; d++) {
    const joined = joinSameEventNeighbours(segments[d], eventOf[d]);
    segments[d] = joined.segments;
    eventOf[d] = joined.eventOf;
  }

  const members: SegmentRef[][] = Array.from({ length: count }, () => []);
  for (const d of byRank) eventOf[d].forEach((e, s) => e >= 0 && members[e].push({ doc: d, segment: s }));
  const events = members.map((list) => describe(features, segments, list));
  return { eventOf, events, stats };
}

function bestMatch(v: SparseVector, candidates: ResolvedSegment[]): { index: number; similarity: number } {
  let index = -1;
  let similarity = -1;
  candidates.forEach((c, i) => {
    if (c.boilerplate) return;
    const sim = cosine(v, c.vector);
    if (sim > similarity) {
      similarity = sim;
      index = i;
    }
  });
  return { index, similarity };
}

function describe(features: FeatureBatch, segments: ResolvedSegment[][], members: SegmentRef[]): EventGroup {
  const centroid = new Map<number, number>();
  for (const m of members) {
    const v = segments[m.doc][m.segment].vector;
    v.ids.forEach((id, i) => centroid.set(id, (centroid.get(id) ?? 0) + v.weights[i]));
  }
  const terms = [...centroid].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map((e) => e[0]);
  let central = members[0];
  let best = -Infinity;
  for (const m of members) {
    const v = segments[m.doc][m.segment].vector;
    let dot = 0;
    v.ids.forEach((id, i) => (dot += v.weights[i] * (centroid.get(id) ?? 0)));
    if (dot > best + 1e-12) {
      best = dot;
      central = m;
    }
  }
  const dates = members
    .map((m) => segmentDate(features, m.doc, segments[m.doc], m.segment))
    .filter((x) => !Number.isNaN(x))
    .sort((a, b) => a - b);
  return { members, central, terms: terms.slice(0, 20), dates };
}
