/**
 * After events are known, two corrections of segments split too eagerly:
 * - parts cut off on cohesion alone whose event no other report shares (an
 *   orphan), or whose event holds only such parts, each after a story of one
 *   same event, are background of those stories (quotes, a reaction, the
 *   history of the case), and take their event;
 * - neighbouring story segments of one document that report the same event
 *   are one story: they are joined.
 */
import type { ResolvedSegment } from './resolve.js';
import { cosine } from '../features/tfidf.js';
import { sortedUnique } from '../util/sorted-keys.js';
import { U32Map } from '../util/u32-map.js';

/** Joins adjacent story segments with equal events; returns the new segments and their events. */
export function joinSameEventNeighbours(
  segments: ResolvedSegment[],
  eventOf: number[],
): { segments: ResolvedSegment[]; eventOf: number[] } {
  const out: ResolvedSegment[] = [];
  const events: number[] = [];
  segments.forEach((seg, i) => {
    const last = out.length - 1;
    if (!seg.boilerplate && last >= 0 && !out[last].boilerplate && events[last] === eventOf[i]) {
      const prev = out[last];
      // Events are assigned: the first part's vector stands for the whole in the event's description.
      const { openedBy, start, vector } = prev;
      out[last] = { blocks: [...prev.blocks, ...seg.blocks], boilerplate: false, openedBy, start, end: seg.end, tokens: prev.tokens + seg.tokens, vector };
      return;
    }
    out.push(seg);
    events.push(eventOf[i]);
  });
  // Nothing joined (most documents): the inputs as they are, no copies.
  if (out.length === segments.length) return { segments, eventOf };
  return { segments: out, eventOf: events };
}

/**
 * A part is background only if it shares at least this much with the story
 * before it (cosine of the event vectors): background repeats the story's
 * names, an unrelated second story shares next to nothing. Without this
 * condition, appended stories that no other document reports were found
 * 16 times in 25 on ECB+ train instead of 21 (`npm run eval`, bundles
 * "reported nowhere else"); with it, 21, and single articles are still
 * unflagged (flag F1 dev 0.930 → 0.985, train 0.916 → 0.925).
 */
const BACKGROUND_MIN_SIMILARITY = 0.01;

/**
 * Gives each background event the event of the stories it continues. A
 * background event is one each of whose clustered segments is a part that
 * a cohesion boundary alone separates from the story before it, shares
 * some words with that story (BACKGROUND_MIN_SIMILARITY), and follows a story
 * of one same event: the parts that carry a story's background (quotes,
 * reactions, the history of the case) in many reports of it resemble each
 * other more than each resembles its own report's facts. An orphan (an
 * event no other report shares) is the event of one such part. A boundary
 * at a headline, or one the corpus drew, stands; so does any event with a
 * member that is not such a part. Only parts after a boundary are folded:
 * folding an orphan lead into the story after it too moved more bundle
 * boundaries than it fixed (ECB+ dev Pk 0.106 → 0.116). Returns whether
 * anything changed.
 */
export function foldBackground(segments: ReadonlyArray<readonly ResolvedSegment[]>, eventOf: number[][], reports: Int32Array): boolean {
  const events = reports.length;
  // The event each event's parts continue (-1: none yet, -2: more than one), and how many of its members are such parts.
  const into = new Int32Array(events).fill(-1);
  const parts = new Int32Array(events);
  segments.forEach((segs, d) => {
    for (let s = 1; s < segs.length; s++) {
      const event = eventOf[d][s];
      const before = eventOf[d][s - 1];
      if (event < 0 || before < 0 || segs[s].openedBy !== 'cohesion') continue;
      if (cosine(segs[s - 1].vector, segs[s].vector) < BACKGROUND_MIN_SIMILARITY) continue;
      into[event] = into[event] === -1 || into[event] === before ? before : -2;
      parts[event]++;
    }
  });
  const folds = (e: number) => into[e] >= 0 && parts[e] === reports[e];
  // Where an event's members go: the end of its chain of folding events. A chain never comes back: the first
  // segment of a document that is in any event of a would-be cycle is either the document's first (not a part) or
  // follows a story outside the cycle, which its event's parts would then continue.
  const target = new Int32Array(events).fill(-1);
  for (let e = 0; e < events; e++) {
    if (!folds(e)) continue;
    let t = into[e];
    while (folds(t)) t = into[t];
    target[e] = t;
  }
  let changed = false;
  for (const list of eventOf) {
    for (let s = 0; s < list.length; s++) {
      if (list[s] >= 0 && target[list[s]] >= 0) {
        list[s] = target[list[s]];
        changed = true;
      }
    }
  }
  return changed;
}

/** A facet's host event has at least this many times its reports… */
const FACET_HOST_RATIO = 20;
/** …and at least this many reports: only a story told by very many reports has facets that cluster apart. */
const FACET_MIN_HOST_REPORTS = 100;
/**
 * Parts whose mean pairwise cosine is at least this are copies of one text
 * (one appended story repeated under several reports), not a facet each
 * report words its own way: they stand.
 */
const FACET_MAX_SIMILARITY = 0.8;
/** Of a document's events, at most this many of the largest are taken as hosts (a page of many stories has no one host). */
const FACET_MAX_HOSTS = 16;
/** Folds are repeated while a host that grew may take a larger facet, at most this many times. */
const FACET_PASSES = 4;

/**
 * Gives each facet event the event it is a facet of. A story reported by
 * thousands (an election night, a war) has parts that many of its reports
 * tell in their own words: the background, the reactions, the toll. Such
 * parts resemble each other more than their own reports' facts, and cluster
 * into small events of their own, so that each report carrying one looks
 * like a bundle of two stories. A facet event is one of two or more reports,
 * each of them a part of a document that also reports one same host event,
 * with FACET_HOST_RATIO times its reports and at least
 * FACET_MIN_HOST_REPORTS; its parts are not copies of one text
 * (FACET_MAX_SIMILARITY). Events of a few reports (ECB+'s, the size of
 * most real events) are never hosts: there two events that share documents
 * are told apart as before (`foldBackground`, and the bundles they make).
 * `events` is the number of event labels; every clustered segment is in
 * `eventOf`. Returns whether anything changed.
 */
export function foldFacets(segments: ReadonlyArray<readonly ResolvedSegment[]>, eventOf: number[][], events: number): boolean {
  // Reports per event as they are now (after `foldBackground`): every clustered segment is in eventOf.
  const size = new Int32Array(events);
  for (const list of eventOf) for (const e of list) if (e >= 0) size[e]++;
  let changed = false;
  for (let pass = 0; pass < FACET_PASSES; pass++) {
    const target = facetTargets(eventOf, size);
    if (target === undefined) break;
    // Only parts worded apart are a facet: copies of one text stand.
    for (const f of copiesOfOneText(segments, eventOf, target)) target[f] = -1;
    // No chain to follow: were f's host u a facet of v, every document of f would hold v too, and v, larger than u, would be f's host.
    if (!target.some((t) => t >= 0)) break;
    for (const list of eventOf) {
      for (let s = 0; s < list.length; s++) {
        const e = list[s];
        if (e >= 0 && target[e] >= 0) list[s] = target[e];
      }
    }
    for (let f = 0; f < size.length; f++) {
      if (target[f] < 0) continue;
      size[target[f]] += size[f];
      size[f] = 0;
    }
    changed = true;
  }
  return changed;
}

/**
 * The host of each facet event (see `foldFacets`), -1 for the rest;
 * undefined when there is none. Where two events could host one, the
 * larger (then the lower number) does.
 */
function facetTargets(eventOf: readonly number[][], size: Int32Array): Int32Array | undefined {
  const events = size.length;
  // Per event: the hosts every member's document offers so far (undefined: no member seen yet; null: none).
  // Hosts are kept larger first (ties: the lower number, the sort being stable and `own` ascending), and so is every list filtered from them.
  const hosts: Array<number[] | null | undefined> = new Array(events);
  for (const list of eventOf) {
    // Each event once (an event a page holds twice must not take two of its FACET_MAX_HOSTS).
    const own = Array.from(sortedUnique(Uint32Array.from(list.filter((e) => e >= 0))));
    const offered = own.filter((e) => size[e] >= FACET_MIN_HOST_REPORTS).sort((a, b) => size[b] - size[a]).slice(0, FACET_MAX_HOSTS);
    for (const f of own) {
      if (hosts[f] === null) continue;
      const here = offered.filter((e) => e !== f && size[e] >= FACET_HOST_RATIO * size[f]);
      const before = hosts[f];
      const common = before === undefined ? here : before.filter((e) => here.includes(e));
      hosts[f] = common.length > 0 ? common : null;
    }
  }
  const target = new Int32Array(events).fill(-1);
  let any = false;
  for (let f = 0; f < events; f++) {
    const common = hosts[f];
    if (common === null || common === undefined || size[f] < 2) continue;
    target[f] = common[0];
    any = true;
  }
  return any ? target : undefined;
}

/** The events with a target whose segments are copies of one text: their mean pairwise cosine (from their summed vector) is at least FACET_MAX_SIMILARITY. */
function copiesOfOneText(segments: ReadonlyArray<readonly ResolvedSegment[]>, eventOf: readonly number[][], target: Int32Array): number[] {
  const sums = new Map<number, { sum: U32Map; squares: number; n: number }>();
  eventOf.forEach((list, d) => {
    list.forEach((f, s) => {
      if (f < 0 || target[f] < 0) return;
      let acc = sums.get(f);
      if (acc === undefined) sums.set(f, (acc = { sum: new U32Map(), squares: 0, n: 0 }));
      const { ids, weights } = segments[d][s].vector;
      for (let k = 0; k < ids.length; k++) {
        acc.sum.add(ids[k], weights[k]);
        acc.squares += weights[k] * weights[k];
      }
      acc.n++;
    });
  });
  const copies: number[] = [];
  for (const [f, { sum, squares, n }] of sums) {
    let total = 0;
    for (let k = 0; k < sum.size; k++) total += sum.valueAt(k) ** 2;
    if ((total - squares) / (n * (n - 1)) >= FACET_MAX_SIMILARITY) copies.push(f);
  }
  return copies;
}

