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

/**
 * `dedup --containment`: a document whose text is contained in another
 * (`containments`: inner in outer) is removed too, and so is the rest of
 * its near-duplicate group; they name the member kept in their container's
 * place. A container is never removed for what it contains. Of several
 * containers, the one whose kept member comes first in id order is named;
 * chains (a brief in an article in a page) end at the outermost kept
 * member. Changes `kept` in place.
 */
export function keepContainers(kept: Int32Array, containments: readonly { inner: number; outer: number }[], rank: Int32Array): void {
  const n = kept.length;
  // Per kept member: the kept member of the container its group moves into (-1: none).
  const into = new Int32Array(n).fill(-1);
  for (const { inner, outer } of containments) {
    const from = kept[inner];
    const to = kept[outer];
    if (from === to) continue;
    if (into[from] < 0 || rank[to] < rank[into[from]]) into[from] = to;
  }
  // Where each chain ends. A container holds more shingles than what it
  // contains, so chains cannot loop; a loop (possible only through groups of
  // unequal members) ends at its member first in id order, which stays.
  const end = new Int32Array(n).fill(-1);
  const path: number[] = [];
  for (let start = 0; start < n; start++) {
    if (into[start] < 0 || end[start] >= 0) continue;
    path.length = 0;
    let at = start;
    const onPath = new Set<number>();
    while (into[at] >= 0 && end[at] < 0 && !onPath.has(at)) {
      onPath.add(at);
      path.push(at);
      at = into[at];
    }
    let last = end[at] >= 0 ? end[at] : at;
    if (onPath.has(at)) {
      // A loop from `at`: its member first in id order is where it ends.
      const loop = path.slice(path.indexOf(at));
      last = loop.reduce((best, k) => (rank[k] < rank[best] ? k : best));
      into[last] = -1;
    }
    for (const k of path) end[k] = k === last ? -1 : last;
  }
  for (let d = 0; d < n; d++) if (end[kept[d]] >= 0) kept[d] = end[kept[d]];
}
