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
import { DOC_PUBLISHED, type FeatureBatch } from '../features/batch.js';
import { EMPTY_VECTOR, kindShareScales, wordCappedCosine, type PerKind, type SparseVector } from '../features/tfidf.js';
import { VectorStore } from '../features/vector-store.js';
import { heaviestFirst } from '../util/heaviest.js';
import { U32Map } from '../util/u32-map.js';
import { foldBackground, foldFacets, joinSameEventNeighbours } from '../segments/consolidate.js';
import type { ResolvedSegment } from '../segments/resolve.js';
import type { SegmentedCorpus } from '../segments/corpus.js';
import { DEFAULT_EVENT_CLUSTERING, IN_THIS_THREAD, clusterEvents, type EventClusterOptions, type EventClustering, type EventItems, type EventRunner } from './cluster.js';
import { sharedArray } from '../util/typed-array.js';
import { KIND_SLOTS } from './item-vectors.js';
import { storyLeadNumbers, type LeadSets } from './lead-numbers.js';
import { GrowableArray } from '../util/growable.js';
import { traceMemory } from '../util/trace.js';

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
  /** Per member: the cosine of its vector and the centroid's (why it is in). */
  fit?: Float32Array;
  /** Per member: bit k set when the member's vector holds `terms[k]` (k < 32). */
  shared?: Uint32Array;
  /**
   * How the clustered members joined: triples (member, member, height), a
   * member of each of the two clusters merged (indexes into `members`) and
   * their average-linkage distance, in merge order. Members that inherited
   * the event from an original, or were folded into it, join no merge.
   */
  tree?: Float64Array;
}

export interface EventAssignment {
  /** eventOf[d][s]: index into `events`, or -1 for boilerplate. (Plain arrays: a typed array each would cost ~200 bytes a document.) */
  eventOf: number[][];
  events: EventGroup[];
  stats: EventClustering['stats'];
}

/**
 * The day a story segment reports on: the publication date the input gave,
 * for every story of the document; without one, a dateline in the
 * segment's headline block or first paragraph (features/extract.ts).
 */
function segmentDate(features: FeatureBatch, doc: number, segments: ResolvedSegment[], s: number): number {
  if ((features.flags[doc] & DOC_PUBLISHED) !== 0) return features.date[doc];
  const blocks = segments[s].blocks;
  for (let x = 0; x < Math.min(blocks.length, DATELINE_BLOCKS); x++) if (!Number.isNaN(features.blockDate[blocks[x]])) return features.blockDate[blocks[x]];
  return NaN;
}

/** A segment's dateline is in its first blocks: the headline, then the first paragraph. */
const DATELINE_BLOCKS = 2;

/**
 * Events of the corpus's story segments. `corpus` is changed in place:
 * neighbours of one event joined, and the vectors dropped once used (the
 * segments' and the store). `features` is only read.
 */
export async function assignEvents(
  features: FeatureBatch,
  corpus: SegmentedCorpus,
  representative: Int32Array,
  rank: Int32Array,
  options: EventClusterOptions,
  runner: EventRunner = IN_THIS_THREAD,
): Promise<EventAssignment> {
  // Names and numbers weigh more in telling events apart than in finding topic boundaries.
  const entityShare = options.entityShare ?? DEFAULT_EVENT_CLUSTERING.entityShare;
  const numberShare = Math.min(entityShare, options.numberShare ?? DEFAULT_EVENT_CLUSTERING.numberShare);
  const shares: PerKind = [1 - entityShare, entityShare - numberShare, numberShare];
  const fullShareTerms: PerKind = [0, 0, options.numberShareTerms ?? DEFAULT_EVENT_CLUSTERING.numberShareTerms];
  const maxWordShare = options.maxWordShare ?? DEFAULT_EVENT_CLUSTERING.maxWordShare;
  const { segments } = corpus;
  const n = features.count;
  const byRank = Array.from({ length: n }, (_, d) => d).sort((a, b) => rank[a] - rank[b]);
  // Which segments are clustered (refs) and which inherit a representative's event.
  const refs: SegmentRef[] = [];
  const inherited: Array<{ ref: SegmentRef; from: SegmentRef }> = [];
  for (const d of byRank) {
    const rep = representative[d];
    segments[d].forEach((seg, s) => {
      if (seg.boilerplate) return;
      if (rep !== d) {
        const match = bestMatch(seg.vector, segments[rep], maxWordShare);
        if (match.similarity >= INHERIT_SIMILARITY) {
          inherited.push({ ref: { doc: d, segment: s }, from: { doc: rep, segment: match.index } });
          return;
        }
      }
      refs.push({ doc: d, segment: s });
    });
  }
  const items = eventItems(features, corpus, refs, shares, fullShareTerms);
  traceMemory('events: items stored');
  const { labels, merges, stats } = await clusterEvents(items, options, runner);
  traceMemory('events: clustered');
  const eventOf: number[][] = segments.map((segs) => new Array<number>(segs.length).fill(-1));
  labels.forEach((label, i) => (eventOf[refs[i].doc][refs[i].segment] = label));
  // Copies are not other reports: background events are counted among clustered segments only.
  let clustered = 0;
  for (const label of labels) clustered = Math.max(clustered, label + 1);
  const reports = new Int32Array(clustered);
  for (const label of labels) reports[label]++;
  // Background parts first, then the facets of stories told by very many.
  const background = foldBackground(segments, eventOf, reports);
  const facets = foldFacets(segments, eventOf, reports.length);
  const folded = background || facets;
  const count = folded ? renumberByFirstReport(eventOf, refs) : reports.length;
  for (const { ref, from } of inherited) eventOf[ref.doc][ref.segment] = eventOf[from.doc][from.segment];
  // Where each segment went, in documents whose neighbours were joined.
  const joinedTo = new Map<number, Int32Array>();
  for (let d = 0; d < n; d++) {
    const joined = joinSameEventNeighbours(segments[d], eventOf[d]);
    if (joined.segments !== segments[d]) joinedTo.set(d, newIndexes(segments[d], joined.segments));
    segments[d] = joined.segments;
    eventOf[d] = joined.eventOf;
  }

  const members: SegmentRef[][] = Array.from({ length: count }, () => []);
  for (const d of byRank) eventOf[d].forEach((e, s) => e >= 0 && members[e].push({ doc: d, segment: s }));
  const events = members.map((list) => describe(features, segments, list));
  attachTrees(events, members, merges, refs, joinedTo, eventOf);
  // Vectors are not needed past this point: their memory is free before the report is built.
  for (const segs of segments) for (const seg of segs) seg.vector = EMPTY_VECTOR;
  corpus.vectors = { ids: EMPTY_VECTOR.ids, weights: EMPTY_VECTOR.weights };
  return { eventOf, events, stats };
}

/** Event labels 0..k-1 again in order of each event's first clustered segment, after some events lost their only segment; returns k. */
function renumberByFirstReport(eventOf: number[][], refs: readonly SegmentRef[]): number {
  const renumbered = new Map<number, number>();
  for (const { doc, segment } of refs) {
    const label = eventOf[doc][segment];
    if (!renumbered.has(label)) renumbered.set(label, renumbered.size);
  }
  for (const { doc, segment } of refs) eventOf[doc][segment] = renumbered.get(eventOf[doc][segment])!;
  return renumbered.size;
}

/**
 * The clustered segments as event items, each kind of term (words, names,
 * numbers) given its share of each vector. The items' store indexes the
 * vectors where they are, in the corpus's shared store (no copy: at a
 * million documents a copy was ~0.7 GB more at the stage's peak).
 */
function eventItems(features: FeatureBatch, corpus: SegmentedCorpus, refs: SegmentRef[], shares: PerKind, fullShareTerms: PerKind): EventItems {
  // In shared memory: worker threads compute distances on them where they are.
  const n = refs.length;
  const start = sharedArray(Uint32Array, n);
  const end = sharedArray(Uint32Array, n);
  const { ids, weights } = corpus.vectors;
  const items: EventItems = {
    vectors: VectorStore.over({ count: n, start, end, ids, weights }),
    kindScale: sharedArray(Float64Array, KIND_SLOTS * n),
    date: sharedArray(Float64Array, n),
    published: sharedArray(Float64Array, n),
    doc: sharedArray(Int32Array, n),
    tokens: sharedArray(Int32Array, n),
    leads: leadSets(features, corpus, refs),
  };
  refs.forEach(({ doc, segment }, i) => {
    const seg = corpus.segments[doc][segment];
    start[i] = offsetIn(ids, seg.vector.ids);
    end[i] = start[i] + seg.vector.ids.length;
    kindShareScales(seg.vector, shares, items.kindScale, KIND_SLOTS * i, fullShareTerms);
    items.date[i] = segmentDate(features, doc, corpus.segments[doc], segment);
    items.published[i] = (features.flags[doc] & DOC_PUBLISHED) !== 0 ? features.date[doc] : NaN;
    items.doc[i] = doc;
    items.tokens[i] = seg.tokens;
  });
  return items;
}

/**
 * The items' lead numbers (events/lead-numbers.ts), in shared memory:
 * gathered in one growing array (an array per item would be a million
 * small objects at a million documents).
 */
function leadSets(features: FeatureBatch, corpus: SegmentedCorpus, refs: SegmentRef[]): LeadSets {
  const start = sharedArray(Uint32Array, refs.length + 1);
  const all = new GrowableArray(Uint32Array);
  refs.forEach(({ doc, segment }, i) => {
    // A part cut off on cohesion alone starts inside a story: its first tokens are no lead.
    const seg = corpus.segments[doc][segment];
    if (seg.openedBy !== 'cohesion') all.append(storyLeadNumbers(features, seg.blocks));
    start[i + 1] = all.length;
  });
  const ids = sharedArray(Uint32Array, all.length);
  ids.set(all.values());
  return { start, ids };
}

/** Where the view `v` starts in `store` (an empty view may be of anything). */
function offsetIn(store: Uint32Array, v: Uint32Array): number {
  if (v.length === 0) return 0;
  if (v.buffer !== store.buffer) throw new Error('an event vector is not a view of the corpus\'s vector store');
  return (v.byteOffset - store.byteOffset) / Uint32Array.BYTES_PER_ELEMENT;
}

function bestMatch(v: SparseVector, candidates: ResolvedSegment[], maxWordShare: number): { index: number; similarity: number } {
  let index = -1;
  let similarity = -1;
  candidates.forEach((c, i) => {
    if (c.boilerplate) return;
    const sim = wordCappedCosine(v, c.vector, maxWordShare);
    if (sim > similarity) {
      similarity = sim;
      index = i;
    }
  });
  return { index, similarity };
}

/** Terms kept per event (heaviest in the centroid). */
const EVENT_TERMS = 20;

/** Centroid weights by term id, reused for every event, and the same as two arrays side by side. */
const centroid = new U32Map(1 << 12);
let centroidIds = new Uint32Array(1 << 12);
let centroidWeights = new Float64Array(1 << 12);
const topTerms = new Uint32Array(EVENT_TERMS);

function describe(features: FeatureBatch, segments: ResolvedSegment[][], members: SegmentRef[]): EventGroup {
  centroid.clear();
  for (const m of members) {
    const v = segments[m.doc][m.segment].vector;
    for (let i = 0; i < v.ids.length; i++) centroid.add(v.ids[i], v.weights[i]);
  }
  // The heaviest centroid terms (ties: lower id), without sorting them all.
  const n = centroid.size;
  if (centroidIds.length < n) {
    centroidIds = new Uint32Array(2 * n);
    centroidWeights = new Float64Array(2 * n);
  }
  for (let k = 0; k < n; k++) {
    centroidIds[k] = centroid.keyAt(k);
    centroidWeights[k] = centroid.valueAt(k);
  }
  const kept = heaviestFirst(centroidWeights, centroidIds, n, EVENT_TERMS, topTerms);
  const terms = Array.from(topTerms.subarray(0, kept), (k) => centroidIds[k]);
  let centroidNorm = 0;
  for (let k = 0; k < n; k++) centroidNorm += centroidWeights[k] * centroidWeights[k];
  centroidNorm = Math.sqrt(centroidNorm);
  bitOf.clear();
  for (let k = 0; k < Math.min(kept, 32); k++) bitOf.set(terms[k], k);
  const fit = new Float32Array(members.length);
  const shared = new Uint32Array(members.length);
  let central = members[0];
  let best = -Infinity;
  members.forEach((m, j) => {
    const v = segments[m.doc][m.segment].vector;
    let dot = 0;
    let norm = 0;
    let mask = 0;
    for (let i = 0; i < v.ids.length; i++) {
      dot += v.weights[i] * centroid.get(v.ids[i]);
      norm += v.weights[i] * v.weights[i];
      const bit = bitOf.get(v.ids[i], -1);
      if (bit >= 0) mask |= 1 << bit;
    }
    fit[j] = norm > 0 && centroidNorm > 0 ? dot / (Math.sqrt(norm) * centroidNorm) : 0;
    shared[j] = mask >>> 0;
    if (dot > best + 1e-12) {
      best = dot;
      central = m;
    }
  });
  const dates = members
    .map((m) => segmentDate(features, m.doc, segments[m.doc], m.segment))
    .filter((x) => !Number.isNaN(x))
    .sort((a, b) => a - b);
  return { members, central, terms, dates, fit, shared };
}

/** For each segment before neighbours were joined, the index of the segment it is part of after. */
function newIndexes(before: readonly ResolvedSegment[], after: readonly ResolvedSegment[]): Int32Array {
  const to = new Int32Array(before.length);
  let j = 0;
  before.forEach((seg, i) => {
    while (j + 1 < after.length && after[j + 1].start <= seg.start) j++;
    to[i] = j;
  });
  return to;
}

/** Each event's merges (clustering's, by item) as merges of its members. */
function attachTrees(
  events: EventGroup[],
  members: readonly SegmentRef[][],
  merges: Float64Array,
  refs: readonly SegmentRef[],
  joinedTo: ReadonlyMap<number, Int32Array>,
  eventOf: readonly number[][],
): void {
  // Each segment's place among its event's members: segments of all documents in one array, document by document.
  const start = new Int32Array(eventOf.length + 1);
  eventOf.forEach((list, d) => (start[d + 1] = start[d] + list.length));
  const place = new Int32Array(start[eventOf.length]);
  members.forEach((list) => list.forEach((m, k) => (place[start[m.doc] + m.segment] = k)));
  const memberOf = (item: number): { event: number; member: number } => {
    const { doc, segment } = refs[item];
    const s = joinedTo.get(doc)?.[segment] ?? segment;
    return { event: eventOf[doc][s], member: place[start[doc] + s] };
  };
  const trees = events.map(() => [] as number[]);
  for (let k = 0; k < merges.length; k += 3) {
    const a = memberOf(merges[k]);
    const b = memberOf(merges[k + 1]);
    // Two parts of one document joined into one segment: the merge is inside a member.
    if (a.member === b.member) continue;
    trees[a.event].push(a.member, b.member, merges[k + 2]);
  }
  events.forEach((e, i) => (e.tree = Float64Array.from(trees[i])));
}

/** The bit of each of an event's heaviest terms, reused for every event (a Map keyed by term ids above 2^30 hashes heap numbers). */
const bitOf = new U32Map(64);
