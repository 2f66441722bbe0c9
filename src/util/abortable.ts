/**
 * An async iterable whose `next()` loses to an abort. `for await` waits for
 * a pending `next()` however long it takes, so a source that stalls (an
 * iterable that never settles, a pipe that never sends) would hold a run,
 * and its worker threads, after the caller gave up.
 */
export async function* abortable<T>(source: AsyncIterable<T>, signal: AbortSignal | undefined): AsyncGenerator<T> {
  if (signal === undefined) {
    yield* source;
    return;
  }
  const iterator = source[Symbol.asyncIterator]();
  // One listener for the whole run, not one per item: it rejects whichever `next()` is pending.
  let rejectPending: ((reason: unknown) => void) | undefined;
  const onAbort = () => rejectPending?.(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  let done = false;
  let stalled = false;
  try {
    for (;;) {
      signal.throwIfAborted();
      stalled = true;
      const step = await new Promise<IteratorResult<T>>((resolve, reject) => {
        rejectPending = reject;
        iterator.next().then(resolve, reject);
      });
      stalled = false;
      rejectPending = undefined;
      if (step.done === true) {
        done = true;
        return;
      }
      yield step.value;
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    if (!done) {
      // A source stalled in `next()` runs its `return()` only once that settles: not waited for.
      const closing = iterator.return?.().catch(() => undefined);
      if (!stalled) await closing;
    }
  }
}
