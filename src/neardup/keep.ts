/**
 * Which member of each near-duplicate group `dedup` keeps. A pure choice
 * over the group's members; every rule ends in a total order, so the
 * answer never depends on how the members are listed.
 */

/**
 * - `earliest`: the earliest input date (undated members after dated ones), then the smallest id;
 * - `longest`: the most shingles (the fullest copy), then the smallest id;
 * - `first`: the first in input order.
 */
export type KeepRule = 'earliest' | 'longest' | 'first';

export const KEEP_RULES: readonly KeepRule[] = ['earliest', 'longest', 'first'];

/** What the rules read, per document (document numbers are input order). */
export interface KeepFeatures {
  /** Input date in days (NaN: none). */
  date: Float64Array;
  shingles: Uint32Array;
}

/**
 * @param groups near-duplicate groups of two or more members (document numbers)
 * @param rank each document's position in id order
 * @returns per document, the member of its group that is kept (itself when
 *   it is kept or in no group)
 */
export function keptMembers(count: number, groups: readonly { members: readonly number[] }[], features: KeepFeatures, rank: Int32Array, rule: KeepRule): Int32Array {
  const kept = new Int32Array(count);
  for (let d = 0; d < count; d++) kept[d] = d;
  const better = BETTER[rule];
  for (const { members } of groups) {
    let best = members[0];
    for (let x = 1; x < members.length; x++) if (better(members[x], best, features, rank)) best = members[x];
    for (const d of members) kept[d] = best;
  }
  return kept;
}

/** Undated documents come after every dated one (Infinity − Infinity is NaN, which `||` passes over). */
function published(f: KeepFeatures, d: number): number {
  return Number.isNaN(f.date[d]) ? Infinity : f.date[d];
}

type Better = (a: number, b: number, f: KeepFeatures, rank: Int32Array) => boolean;

const BETTER: Record<KeepRule, Better> = {
  earliest: (a, b, f, rank) => (published(f, a) - published(f, b) || rank[a] - rank[b]) < 0,
  longest: (a, b, f, rank) => f.shingles[a] > f.shingles[b] || (f.shingles[a] === f.shingles[b] && rank[a] < rank[b]),
  first: (a, b) => a < b,
};
