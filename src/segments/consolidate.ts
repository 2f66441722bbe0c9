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
