/**
 * After events are known: neighbouring story segments of one document that
 * report the same event are one story, split too eagerly; join them.
 */
import type { ResolvedSegment } from './resolve.js';

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
      // The joined vector is not needed any more: events are assigned.
      out[last] = { ...prev, blocks: [...prev.blocks, ...seg.blocks], end: seg.end, tokens: prev.tokens + seg.tokens };
      return;
    }
    out.push(seg);
    events.push(eventOf[i]);
  });
  // Nothing joined (most documents): the inputs as they are, no copies.
  if (out.length === segments.length) return { segments, eventOf };
  return { segments: out, eventOf: events };
}
