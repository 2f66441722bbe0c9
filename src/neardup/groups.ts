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
 * Near-duplicate pairs are joined into groups by union-find.
 * See docs/neardup-scale.md for what is exact and what is bounded.
 */
import type { FeatureBatch } from '../features/batch.js';
import { DOC_EMPTY } from '../features/batch.js';
import { containmentFromJaccard, estimateJaccard } from '../features/minhash.js';
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

/** The features the stage reads. */
export type NearDupFeatures = Pick<FeatureBatch, 'count' | 'numPerm' | 'flags' | 'shingles' | 'signatures'>;

/**
 * @param rank position of each document in id order: the tie-breaker that
 *   makes every choice independent of input order.
 */
export function findNearDuplicates(features: NearDupFeatures, rank: Int32Array, settings: NearDupSettings): NearDupResult {
  const n = features.count;
  const k = features.numPerm;
  const params = optimalLshParams(candidateThreshold(settings.threshold), k);
  const judge = new PairJudge(features, settings.threshold);
  // Containments by pair (small · n + large): a pair sharing several bands may be verified in each.
  const contained = new Map<number, number>();
  const joiner = new BucketJoiner(n, (a, b) => {
    const verdict = judge.judge(a, b);
    if (verdict === NEAR) return judge.jaccard;
    if (verdict === CONTAINED) contained.set(judge.small * n + judge.large, judge.containment);
    return -1;
  });
  forEachBucket(features.signatures, k, params, documentsByRank(features, rank), (bucket, size) => joiner.join(bucket, size));
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
    else pairs = verifiedCandidatePairs(features, params, members, judge);
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
 * Every pair of a small group's members that shares a band (an LSH
 * candidate) and verifies as near-duplicates: what listing all candidate
 * pairs gives. At most ALL_PAIRS_GROUP² / 2 pairs.
 */
function verifiedCandidatePairs(features: NearDupFeatures, params: LshParams, members: number[], judge: PairJudge): NearDupPair[] {
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
      if (shared && judge.judge(members[x], members[y]) === NEAR) pairs.push({ a: members[x], b: members[y], jaccard: judge.jaccard });
    }
  }
  return pairs;
}

export const NEAR = 1;
export const CONTAINED = 2;

/** The verification of a candidate pair on the full signature; its figures stay in the fields until the next call. */
export class PairJudge {
  jaccard = 0;
  containment = 0;
  calls = 0;
  small = 0;
  large = 0;

  constructor(
    private readonly features: NearDupFeatures,
    private readonly threshold: number,
  ) {}

  /** NEAR, CONTAINED (the smaller text inside a larger one holding much else), or 0. */
  judge(a: number, b: number): number {
    const { signatures, shingles, numPerm: k } = this.features;
    this.calls++;
    this.jaccard = estimateJaccard(signatures, a * k, signatures, b * k, k);
    [this.small, this.large] = shingles[a] <= shingles[b] ? [a, b] : [b, a];
    this.containment = containmentFromJaccard(this.jaccard, shingles[this.small], shingles[this.large]);
    const share = shingles[this.small] / shingles[this.large];
    if (this.jaccard >= this.threshold || (this.containment >= this.threshold && share >= MIN_SHARE_OF_LARGER)) return NEAR;
    return this.containment >= this.threshold ? CONTAINED : 0;
  }
}
