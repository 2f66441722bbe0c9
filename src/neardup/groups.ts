/**
 * Near-duplicate groups and containment, from MinHash signatures.
 *
 * LSH proposes candidate pairs at a lower Jaccard than the threshold (so
 * that containment pairs, whose Jaccard is low when sizes differ, are
 * proposed too); every candidate is verified on the full signature:
 * - near-duplicates: estimated Jaccard ≥ threshold, or the smaller text is
 *   contained in the larger (≥ threshold) and makes up most of it
 *   (≥ MIN_SHARE_OF_LARGER): a reprint with a site's extra furniture;
 * - containment: the smaller text is contained (≥ threshold) in a larger
 *   one that holds much else too: an article inside a bigger page.
 * Near-duplicate pairs are joined into groups by union-find.
 */
import type { FeatureBatch } from '../features/batch.js';
import { DOC_EMPTY } from '../features/batch.js';
import { containmentFromJaccard, estimateJaccard } from '../features/minhash.js';
import { UnionFind } from '../util/union-find.js';
import { candidatePairs } from './lsh.js';
import { optimalLshParams } from './params.js';

/** A copy with extra furniture: the smaller text is at least this share of the larger. */
const MIN_SHARE_OF_LARGER = 0.6;

export interface NearDupSettings {
  /** Jaccard (and containment) threshold. */
  threshold: number;
}

export interface NearDupPair {
  a: number;
  b: number;
  jaccard: number;
}

export interface NearDupResult {
  /** Per document: its group's representative (itself when alone or the representative). */
  representative: Int32Array;
  /** Groups of two or more documents; members in id order. */
  groups: Array<{ members: number[]; pairs: NearDupPair[] }>;
  containments: Array<{ inner: number; outer: number; containment: number }>;
  /** Candidate pairs LSH proposed (for statistics). */
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

/**
 * @param rank position of each document in id order: the tie-breaker that
 *   makes every choice independent of input order.
 */
export function findNearDuplicates(features: FeatureBatch, rank: Int32Array, settings: NearDupSettings): NearDupResult {
  const n = features.count;
  const k = features.numPerm;
  const skip = new Uint8Array(n);
  for (let d = 0; d < n; d++) if (features.flags[d] & DOC_EMPTY || features.shingles[d] === 0) skip[d] = 1;
  const params = optimalLshParams(candidateThreshold(settings.threshold), k);
  const candidates = candidatePairs(features.signatures, n, k, params, skip);

  const uf = new UnionFind(n);
  const nearPairs: NearDupPair[] = [];
  const containments: NearDupResult['containments'] = [];
  for (const key of candidates) {
    const a = Math.floor(key / n);
    const b = key - a * n;
    const jaccard = estimateJaccard(features.signatures, a * k, features.signatures, b * k, k);
    const [small, large] = features.shingles[a] <= features.shingles[b] ? [a, b] : [b, a];
    const contained = containmentFromJaccard(jaccard, features.shingles[small], features.shingles[large]);
    const share = features.shingles[small] / features.shingles[large];
    if (jaccard >= settings.threshold || (contained >= settings.threshold && share >= MIN_SHARE_OF_LARGER)) {
      nearPairs.push(rank[a] < rank[b] ? { a, b, jaccard } : { a: b, b: a, jaccard });
      uf.union(a, b);
    } else if (contained >= settings.threshold) {
      containments.push({ inner: small, outer: large, containment: contained });
    }
  }

  // Representative: the member with the most shingles (the fullest copy), then the first id.
  const representative = new Int32Array(n);
  const best = new Int32Array(n).fill(-1);
  for (let d = 0; d < n; d++) {
    const root = uf.find(d);
    const r = best[root];
    if (r < 0 || features.shingles[d] > features.shingles[r] || (features.shingles[d] === features.shingles[r] && rank[d] < rank[r])) best[root] = d;
  }
  const membersOf = new Map<number, number[]>();
  for (let d = 0; d < n; d++) {
    const root = uf.find(d);
    representative[d] = best[root];
    const list = membersOf.get(root);
    if (list) list.push(d);
    else membersOf.set(root, [d]);
  }
  const pairsOf = new Map<number, NearDupPair[]>();
  for (const p of nearPairs) {
    const root = uf.find(p.a);
    const list = pairsOf.get(root);
    if (list) list.push(p);
    else pairsOf.set(root, [p]);
  }
  const groups: NearDupResult['groups'] = [];
  for (const [root, members] of membersOf) {
    if (members.length < 2) continue;
    members.sort((x, y) => rank[x] - rank[y]);
    const pairs = (pairsOf.get(root) ?? []).sort((p, q) => rank[p.a] - rank[q.a] || rank[p.b] - rank[q.b]);
    groups.push({ members, pairs });
  }
  groups.sort((g, h) => rank[g.members[0]] - rank[h.members[0]]);
  // Containment among members of one group says nothing new.
  const kept = containments.filter((c) => uf.find(c.inner) !== uf.find(c.outer));
  kept.sort((p, q) => rank[p.inner] - rank[q.inner] || rank[p.outer] - rank[q.outer]);
  return { representative, groups, containments: kept, candidates: candidates.length };
}
