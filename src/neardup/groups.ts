/**
 * Near-duplicate groups and containment, from MinHash signatures.
 *
 * LSH proposes candidate pairs at a lower Jaccard than the threshold (so
 * that containment pairs, whose Jaccard is low when sizes differ, are
 * proposed too). Candidates are verified on the full signature where they
 * could join two groups (join.ts: exactly in buckets of up to EXACT_BUCKET
 * documents, within a bound in larger ones):
 * - near-duplicates: estimated Jaccard ≥ threshold, or the smaller text is
 *   contained in the larger (≥ threshold) and makes up most of it
 *   (≥ MIN_SHARE_OF_LARGER): a reprint with a site's extra furniture;
 * - containment: the smaller text is contained (≥ threshold) in a larger
 *   one that holds much else too: an article inside a bigger page.
 * Furniture a site repeats on its pages (furniture.ts) does not decide a
 * pair either way: shared furniture alone makes no copy, and a copy in
 * another site's furniture is still one (PairJudge).
 * Near-duplicate pairs are joined into groups by union-find.
 * See docs/neardup-scale.md for what is exact and what is bounded.
 */
import type { FeatureBatch } from '../features/batch.js';
import { DOC_EMPTY } from '../features/batch.js';
import { containmentFromJaccard, estimateJaccard } from '../features/minhash.js';
import { nameContainment } from '../features/name-sketch.js';
import { MIN_STORY_SHINGLES, PARAGRAPH_BUCKET, findFurniture, furnitureOfPair, shareStoryParagraph, type Furniture, type PairFurniture } from './furniture.js';
import { BucketJoiner } from './join.js';
import { bandKey, forEachBucket } from './lsh.js';
import { optimalLshParams, type LshParams } from './params.js';

/** A copy with extra furniture: the smaller text is at least this share of the larger. */
export const MIN_SHARE_OF_LARGER = 0.6;

export interface NearDupSettings {
  /** Jaccard (and containment) threshold. */
  threshold: number;
}

export interface NearDupPair {
  a: number;
  b: number;
  jaccard: number;
}

export interface NearDupGroup {
  /** In id order. */
  members: number[];
  /** Verified pairs, in id order: all candidate pairs in a group of at most ALL_PAIRS_GROUP, else the spanning tree that joined it. */
  pairs: NearDupPair[];
  /** pairs is a spanning tree (members − 1 pairs), not every verified pair. */
  spanning: boolean;
}

/**
 * Groups up to this size list every verified candidate pair among their
 * members (at most 120): the pairs a reader checks by eye. Larger groups list
 * the members − 1 pairs that joined them, so output stays linear.
 */
export const ALL_PAIRS_GROUP = 16;

export interface NearDupResult {
  /** Per document: its group's representative (itself when alone or the representative). */
  representative: Int32Array;
  /** Groups of two or more documents; members in id order. */
  groups: NearDupGroup[];
  containments: Array<{ inner: number; outer: number; containment: number }>;
  /** Candidate pairs verified on the full signature (a pair may be verified once in each band it shares): the stage's work. */
  candidates: number;
}

/**
 * Jaccard at which LSH proposes pairs: low enough to catch containment. An
 * article that is a third of a page has Jaccard ≈ 0.33 with it; at 0.7 × t
 * (0.42 for t = 0.6) 36% of such pages were found (ECB+ train, `npm run
 * eval`), at 0.5 × t (0.3) 89%, for ~25× more candidates among unrelated
 * texts at Jaccard 0.05 (each verified on the signature in ~100 ns).
 */
export function candidateThreshold(threshold: number): number {
  return Math.max(0.2, Math.min(threshold, 0.6) * 0.5);
}

/** The features the stage reads; without edge paragraphs, no furniture is told (furniture.ts). */
export type NearDupFeatures = Pick<FeatureBatch, 'count' | 'numPerm' | 'flags' | 'shingles' | 'signatures'> &
  Partial<Pick<FeatureBatch, 'tokens' | 'edgeStart' | 'edgeHash' | 'edgeTokens' | 'nameSketch' | 'nameCount'>>;

function furnitureOf(features: NearDupFeatures): Furniture | undefined {
  const { count, shingles, edgeStart, edgeHash, edgeTokens } = features;
  if (edgeStart === undefined || edgeHash === undefined || edgeTokens === undefined) return undefined;
  return findFurniture({ count, shingles, edgeStart, edgeHash, edgeTokens });
}

/**
 * @param rank position of each document in id order: the tie-breaker that
 *   makes every choice independent of input order.
 */
export function findNearDuplicates(features: NearDupFeatures, rank: Int32Array, settings: NearDupSettings): NearDupResult {
  const n = features.count;
  const k = features.numPerm;
  const params = optimalLshParams(candidateThreshold(settings.threshold), k);
  const furniture = furnitureOf(features);
  const judge = new PairJudge(features, settings.threshold, furniture);
  // Containments by pair (small · n + large): a pair sharing several bands may be verified in each.
  const contained = new Map<number, number>();
  const joiner = new BucketJoiner(n, (a, b) => {
    const verdict = judge.judge(a, b);
    if (verdict === NEAR) return judge.jaccard;
    if (verdict === CONTAINED) contained.set(judge.small * n + judge.large, judge.containment);
    return -1;
  });
  forEachBucket(features.signatures, k, params, documentsByRank(features, rank), (bucket, size) => joiner.join(bucket, size));
  if (furniture !== undefined) joinParagraphBuckets(furniture, rank, joiner);
  const uf = joiner.components;

  // Representative: the member with the most shingles (the fullest copy), then the first id.
  const representative = new Int32Array(n);
  const best = new Int32Array(n).fill(-1);
  for (let d = 0; d < n; d++) {
    const root = uf.find(d);
    const r = best[root];
    if (r < 0 || features.shingles[d] > features.shingles[r] || (features.shingles[d] === features.shingles[r] && rank[d] < rank[r])) best[root] = d;
  }
  // Lists only for groups of two or more: a list per document would be most of the stage's memory at a million.
  const size = new Int32Array(n);
  for (let d = 0; d < n; d++) size[uf.find(d)]++;
  const membersOf = new Map<number, number[]>();
  for (let d = 0; d < n; d++) {
    const root = uf.find(d);
    representative[d] = best[root];
    if (size[root] < 2) continue;
    const list = membersOf.get(root);
    if (list) list.push(d);
    else membersOf.set(root, [d]);
  }
  // Large groups list the edges that joined them: a spanning tree.
  const edgesOf = new Map<number, NearDupPair[]>();
  for (let e = 0; e < joiner.edges; e++) {
    const root = uf.find(joiner.edgeA[e]);
    if (size[root] <= ALL_PAIRS_GROUP) continue;
    const [a, b] = [joiner.edgeA[e], joiner.edgeB[e]];
    const pair = rank[a] < rank[b] ? { a, b, jaccard: joiner.edgeJaccard[e] } : { a: b, b: a, jaccard: joiner.edgeJaccard[e] };
    const list = edgesOf.get(root);
    if (list) list.push(pair);
    else edgesOf.set(root, [pair]);
  }
  const groups: NearDupResult['groups'] = [];
  for (const [root, members] of membersOf) {
    members.sort((x, y) => rank[x] - rank[y]);
    const spanning = members.length > ALL_PAIRS_GROUP;
    let pairs: NearDupPair[];
    if (spanning) pairs = edgesOf.get(root)!;
    else pairs = verifiedCandidatePairs(features, params, members, judge, furniture);
    pairs.sort((p, q) => rank[p.a] - rank[q.a] || rank[p.b] - rank[q.b]);
    groups.push({ members, pairs, spanning });
  }
  groups.sort((g, h) => rank[g.members[0]] - rank[h.members[0]]);
  // Containment among members of one group says nothing new.
  const kept: NearDupResult['containments'] = [];
  for (const [key, containment] of contained) {
    const inner = Math.floor(key / n);
    const outer = key - inner * n;
    if (uf.find(inner) !== uf.find(outer)) kept.push({ inner, outer, containment });
  }
  kept.sort((p, q) => rank[p.inner] - rank[q.inner] || rank[p.outer] - rank[q.outer]);
  return { representative, groups, containments: kept, candidates: judge.calls };
}

/** Documents with a signature (not empty), in rank order. */
function documentsByRank(features: NearDupFeatures, rank: Int32Array): Uint32Array {
  const n = features.count;
  const atRank = new Int32Array(n);
  for (let d = 0; d < n; d++) atRank[rank[d]] = d;
  const docs = new Uint32Array(n);
  let m = 0;
  for (let r = 0; r < n; r++) {
    const d = atRank[r];
    if ((features.flags[d] & DOC_EMPTY) === 0 && features.shingles[d] > 0) docs[m++] = d;
  }
  return docs.subarray(0, m);
}

/**
 * The documents of each paragraph bucket (furniture.ts: a story paragraph
 * shared exactly, one of its documents in furniture), joined as an LSH
 * bucket is: a copy in heavy furniture of another site shares too few
 * shingles with its original for LSH to propose them.
 */
function joinParagraphBuckets(furniture: Furniture, rank: Int32Array, joiner: BucketJoiner): void {
  const { bucketStart, bucketDocs } = furniture;
  const bucket = new Uint32Array(PARAGRAPH_BUCKET);
  for (let i = 0; i + 1 < bucketStart.length; i++) {
    const size = bucketStart[i + 1] - bucketStart[i];
    bucket.set(bucketDocs.subarray(bucketStart[i], bucketStart[i + 1]));
    // In rank order, as LSH buckets are: the choices then depend on the corpus, not on input order.
    bucket.subarray(0, size).sort((x, y) => rank[x] - rank[y]);
    joiner.join(bucket, size);
  }
}

/**
 * Every pair of a small group's members that shares a band (an LSH
 * candidate) or a story paragraph beside furniture (a paragraph bucket's)
 * and verifies as near-duplicates: what listing all candidate pairs gives.
 * At most ALL_PAIRS_GROUP² / 2 pairs.
 */
function verifiedCandidatePairs(features: NearDupFeatures, params: LshParams, members: number[], judge: PairJudge, furniture?: Furniture): NearDupPair[] {
  const k = features.numPerm;
  const keys = new Uint32Array(members.length * params.bands);
  members.forEach((d, x) => {
    for (let band = 0; band < params.bands; band++) keys[x * params.bands + band] = bandKey(features.signatures, d * k, band, params.rows);
  });
  const pairs: NearDupPair[] = [];
  for (let x = 0; x < members.length; x++) {
    for (let y = x + 1; y < members.length; y++) {
      let shared = false;
      for (let band = 0; band < params.bands && !shared; band++) shared = keys[x * params.bands + band] === keys[y * params.bands + band];
      const [a, b] = [members[x], members[y]];
      if (!shared && furniture !== undefined && furniture.total[a] + furniture.total[b] > 0) shared = shareStoryParagraph(furniture, a, b);
      if (shared && judge.judge(members[x], members[y]) === NEAR) pairs.push({ a: members[x], b: members[y], jaccard: judge.jaccard });
    }
  }
  return pairs;
}

export const NEAR = 1;
export const CONTAINED = 2;

/**
 * Two documents' shared furniture decides their likeness when it is more
 * than this share of the shingles they share: they are then judged
 * without it. Less, and the story carries the likeness (a wire story's
 * copies on one site, whose closing paragraph the site repeats).
 */
export const FURNITURE_SHARE_OF_LIKENESS = 0.5;

/**
 * Furniture that only one of two documents holds hides a copy only when
 * the furniture of both is at least this share of their shingles: then the
 * whole signatures may differ more than their stories do. Less, and the
 * verdict on the whole signatures stands (a generic headline, "Quake
 * struck Qeshm, 12 dead", that fifty reports share, is furniture by count,
 * but takes a few shingles off a report of a hundred).
 */
export const HIDING_SHARE = 0.25;

/**
 * ...and each story is at least this many shingles (a sentence or so).
 * What two short stories share is estimated from whole-page signatures,
 * give or take a few shingles, and two one-sentence briefs of one event
 * share their stock phrases: on the heavy benchmark archive (20,000
 * documents), briefs of 13–32 shingles under generic headlines that 3–22
 * briefs repeat made 9 more false copy pairs at 12.
 */
export const MIN_HIDDEN_STORY = 25;

/**
 * Two near-duplicates share at least this share of their names (the
 * smaller name set in the larger, features/name-sketch.ts): a copy keeps
 * its names, even edited, and may add some (a local paragraph); two
 * stories written from one formula about different companies share most
 * of their wording and few names (docs/quality.md).
 */
export const MIN_NAME_CONTAINMENT = 0.7;

/** Names each of two documents needs before their names can tell a copy from a formula (fewer: a brief, a list; shingles decide alone). */
export const MIN_NAMES = 4;

/** The verification of a candidate pair on the full signature; its figures stay in the fields until the next call. */
export class PairJudge {
  jaccard = 0;
  containment = 0;
  /** The share of the smaller name set in the larger, for the last pair found alike in wording (NaN: not known, or none yet). */
  names = NaN;
  calls = 0;
  small = 0;
  large = 0;

  constructor(
    private readonly features: NearDupFeatures,
    private readonly threshold: number,
    /** Each document's furniture (furniture.ts); none: every pair is judged on its whole signature. */
    private readonly furniture?: Furniture,
  ) {}

  /** NEAR, CONTAINED (the smaller text inside a larger one holding much else), or 0. */
  judge(a: number, b: number): number {
    const { signatures, shingles, numPerm: k } = this.features;
    this.calls++;
    this.jaccard = estimateJaccard(signatures, a * k, signatures, b * k, k);
    [this.small, this.large] = shingles[a] <= shingles[b] ? [a, b] : [b, a];
    this.containment = containmentFromJaccard(this.jaccard, shingles[this.small], shingles[this.large]);
    const share = shingles[this.small] / shingles[this.large];
    let verdict = 0;
    if (this.jaccard >= this.threshold || (this.containment >= this.threshold && share >= MIN_SHARE_OF_LARGER)) verdict = NEAR;
    else if (this.containment >= this.threshold) verdict = CONTAINED;
    const fu = this.furniture;
    // A page's site furniture (a menu, a blurb, a list of related stories) is full of names of its own: its names would decide.
    if (fu !== undefined && (fu.total[a] !== 0 || fu.total[b] !== 0)) return this.besideFurniture(fu, a, b, verdict);
    return verdict === NEAR && this.namesDiffer(a, b) ? 0 : verdict;
  }

  /** Whether a and b both have MIN_NAMES names or more and share less than MIN_NAME_CONTAINMENT of them: different stories, however alike their words. */
  private namesDiffer(a: number, b: number): boolean {
    this.names = NaN;
    const counts = this.features.nameCount;
    // No counts (features made without names, or released): an index reads undefined, never MIN_NAMES or more.
    if (counts === undefined || !(counts[a] >= MIN_NAMES && counts[b] >= MIN_NAMES)) return false;
    this.names = nameContainment(this.features.nameSketch!, counts, a, b);
    return this.names < MIN_NAME_CONTAINMENT;
  }

  private readonly pairFurniture: PairFurniture = { asideA: 0, asideB: 0, shared: 0 };

  /**
   * The verdict with furniture set aside (furniture.ts), from the same
   * signature: two documents share |A ∩ B| = J (|A| + |B|) / (1 + J)
   * shingles, the furniture they both hold among them. Furniture is counted
   * in tokens (a paragraph of n tokens adds about n shingles).
   * - Neither has MIN_STORY_SHINGLES besides furniture: judged whole.
   * - One has fewer (a page of the site's furniture and a headline), the
   *   other more: no copies; the one is at most contained in the other.
   * - Their shared furniture is at most FURNITURE_SHARE_OF_LIKENESS of
   *   what they share, and they were found alike: alike.
   * - Otherwise the rule of `judge` decides on what is left of each: two
   *   short articles under one site's blurb are no copies, one article on
   *   two sites, each with its own blurb, is one (when their own furniture
   *   is HIDING_SHARE of the two or more and each story MIN_HIDDEN_STORY
   *   shingles or more; else the verdict on the whole signatures stands).
   *   Setting furniture aside never makes a containment.
   */
  private besideFurniture(fu: Furniture, a: number, b: number, verdict: number): number {
    const { shingles } = this.features;
    const { asideA, asideB, shared } = furnitureOfPair(fu, a, b, this.pairFurniture);
    if (asideA === 0 && asideB === 0) return verdict;
    const restA = Math.max(0, shingles[a] - asideA);
    const restB = Math.max(0, shingles[b] - asideB);
    if (Math.max(restA, restB) < MIN_STORY_SHINGLES) {
      // Two pages of nothing but furniture are copies only as the same page: the same signed text, the same length.
      if (fu.bare[a] === 0 || fu.bare[b] === 0) return verdict;
      return this.jaccard === 1 && this.features.tokens?.[a] === this.features.tokens?.[b] ? verdict : 0;
    }
    if (Math.min(restA, restB) < MIN_STORY_SHINGLES) return verdict === 0 ? 0 : CONTAINED;
    const together = (this.jaccard * (shingles[a] + shingles[b])) / (1 + this.jaccard);
    if (verdict === NEAR && shared <= FURNITURE_SHARE_OF_LIKENESS * together) return verdict;
    // Furniture hides a copy only when it is much of the two, beside stories long enough to tell; whether or not
    // they share some of it (a short line both sites carry does not lift the limits).
    if (verdict !== NEAR && (asideA + asideB < HIDING_SHARE * (shingles[a] + shingles[b]) || Math.min(restA, restB) < MIN_HIDDEN_STORY)) return verdict;
    const restTogether = Math.min(restA, restB, Math.max(0, together - shared));
    const jaccard = restTogether / (restA + restB - restTogether);
    const containment = restTogether / Math.min(restA, restB);
    const share = Math.min(restA, restB) / Math.max(restA, restB);
    this.jaccard = jaccard;
    this.containment = containment;
    [this.small, this.large] = restA <= restB ? [a, b] : [b, a];
    if (jaccard >= this.threshold || (containment >= this.threshold && share >= MIN_SHARE_OF_LARGER)) return NEAR;
    // Setting furniture aside finds copies; a containment it is not needed for (nor enough to tell, at a page's Jaccard of a few hundredths).
    return verdict !== 0 && containment >= this.threshold ? CONTAINED : 0;
  }
}
