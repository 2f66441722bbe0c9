/**
 * Lead numbers: the numbers in the first LEAD_TOKENS tokens of a story (its
 * headline and first sentences), where a report states its facts (a
 * magnitude, a toll, a date, a sum, a year).
 *
 * Two reports of one event whose leads both give numbers mostly share one;
 * reports of two events of one kind rarely do. On ECB+ (dev and train,
 * pairs of stories of one topic from different articles), the leads of
 * 2,862 pairs of one event both gave numbers and 666 of them (23%) shared
 * none; of 2,714 such pairs of two events, 2,515 (93%) shared none. Two
 * events of one kind with the same actors are told in nearly the same
 * words and names (two earthquakes on one island, two emergency patches of
 * one browser), so this is often the only lexical evidence that tells them
 * apart. Clustering adds a distance to pairs whose leads give numbers and
 * share none (`EventClusterOptions.leadNumberPenalty`).
 */
import { BLOCK_BOILERPLATE, LEAD_TOKENS, type FeatureBatch } from '../features/batch.js';
import { sortedUnique } from '../util/sorted-keys.js';

/** The lead numbers of some items, in flat arrays: item i's are ids[start[i] .. start[i + 1]), ascending. */
export interface LeadSets {
  start: Uint32Array;
  ids: Uint32Array;
}

/**
 * Most numbers a lead keeps (the first in text order): clustering on a
 * sparse graph enumerates the subsets of each lead (events/graph-linkage.ts).
 */
export const MAX_LEAD_NUMBERS = 12;

/**
 * The lead numbers of a story made of `blocks` (global block indexes, in
 * text order): those of its first LEAD_TOKENS story tokens (at most
 * MAX_LEAD_NUMBERS of them), sorted, each once. Boilerplate blocks are
 * skipped.
 */
export function storyLeadNumbers(features: Pick<FeatureBatch, 'blockKind' | 'blockTokens' | 'leadStart' | 'leadId' | 'leadAt'>, blocks: readonly number[]): Uint32Array {
  const found: number[] = [];
  let before = 0;
  for (const b of blocks) {
    if (before >= LEAD_TOKENS) break;
    if ((features.blockKind[b] & BLOCK_BOILERPLATE) !== 0) continue;
    if (found.length === MAX_LEAD_NUMBERS) break;
    for (let l = features.leadStart[b]; l < features.leadStart[b + 1]; l++) {
      if (before + features.leadAt[l] < LEAD_TOKENS && !found.includes(features.leadId[l])) found.push(features.leadId[l]);
      if (found.length === MAX_LEAD_NUMBERS) break;
    }
    before += features.blockTokens[b];
  }
  return sortedUnique(Uint32Array.from(found));
}

/** Do items i and j both have lead numbers, and share none of them? */
export function leadNumbersDisagree(sets: LeadSets, i: number, j: number): boolean {
  let a = sets.start[i];
  let b = sets.start[j];
  const aEnd = sets.start[i + 1];
  const bEnd = sets.start[j + 1];
  if (a === aEnd || b === bEnd) return false;
  while (a < aEnd && b < bEnd) {
    if (sets.ids[a] === sets.ids[b]) return false;
    if (sets.ids[a] < sets.ids[b]) a++;
    else b++;
  }
  return true;
}
