/**
 * A full garbage collection, now: for the moments the pipeline has just
 * dropped a large part of the corpus (the MinHash signatures once
 * near-duplicates are found; the split corpus and the blocks' terms once
 * event vectors are made).
 *
 * Why: V8 collects as its JavaScript heap grows, and the corpus's large
 * arrays live outside that heap (array buffers). Dropping 1.3 GB of them
 * does not prompt a collection, so they stayed in memory well into the
 * next stage: at a million documents, the events stage's peak held the
 * blocks' terms, which no step used any more (`STORYLINE_TRACE=memory`
 * shows the drop this makes).
 *
 * How: `gc` when node runs with `--expose-gc`; otherwise the flag is set
 * at run time and `gc` is taken from a new context, as Jest's leak detector
 * does. Should neither work, nothing happens: only memory is at stake,
 * never a result.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | null | undefined;

export function collectGarbage(): void {
  collect ??= findCollector();
  collect?.();
}

function findCollector(): (() => void) | null {
  const exposed = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === 'function') return exposed as () => void;
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    return null;
  }
}
