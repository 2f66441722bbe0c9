/**
 * After events are known, two corrections of segments split too eagerly:
 * - a part cut off on cohesion alone whose event no other report shares
 *   (an orphan) is background of the story before it (quotes, a reaction,
 *   the history of the case), and takes that story's event;
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
 * An orphan is folded only if it shares at least this much with the story
 * before it (cosine of the event vectors): background repeats the story's
 * names, an unrelated second story shares next to nothing. Without this
 * condition, appended stories that no other document reports were found
 * 16 times in 25 on ECB+ train instead of 21 (`npm run eval`, bundles
 * "reported nowhere else"); with it, 21, and single articles are still
 * unflagged (flag F1 dev 0.930 → 0.985, train 0.916 → 0.925).
 */
const ORPHAN_MIN_SIMILARITY = 0.01;

/**
 * Gives each orphan part (`reports[event] === 1`: no other clustered segment
 * shares its event) that a cohesion boundary alone separates from the story
 * before it, and that shares some words with that story, the event of that
 * story. A boundary at a headline, or one the corpus drew (a second story
 * that other reports match), stands. Only the part after the boundary is
 * folded: folding an orphan lead into the story after it too moved more
 * bundle boundaries than it fixed (ECB+ dev Pk 0.106 → 0.116). Returns
 * whether anything changed.
 */
export function foldOrphans(segments: readonly ResolvedSegment[], eventOf: number[], reports: Int32Array): boolean {
  let changed = false;
  for (let s = 1; s < segments.length; s++) {
    const event = eventOf[s];
    if (event < 0 || reports[event] !== 1 || segments[s].openedBy !== 'cohesion' || eventOf[s - 1] < 0) continue;
    if (cosine(segments[s - 1].vector, segments[s].vector) < ORPHAN_MIN_SIMILARITY) continue;
    eventOf[s] = eventOf[s - 1];
    changed = true;
  }
  return changed;
}
