/**
 * Ctrl-C for the CLI. While there is something to clean up (the worker
 * pool, a temporary output file), the first SIGINT aborts the run: the pool
 * shuts down, the temporary file is removed, and the process exits with 130
 * (128 + SIGINT, as shells report it). A second SIGINT does not wait for
 * that: it cleans up and exits at once.
 *
 * In between, during the synchronous analysis stages, we do not listen: a
 * JavaScript signal handler only runs when the event loop turns, so it would
 * hold Ctrl-C back until the stage ends, while the default action (the
 * process ends at once, status 130) leaves nothing behind there.
 */
export const INTERRUPTED_EXIT_CODE = 130;

export interface Interrupt {
  signal: AbortSignal;
  /** Leave SIGINT to its default action (the process ends at once). */
  pause(): void;
  /** Handle SIGINT again, by aborting `signal`. */
  resume(): void;
}

/** @param cleanup What must not be left behind even on the second Ctrl-C (synchronous). */
export function abortOnSigint(cleanup: () => void): Interrupt {
  const controller = new AbortController();
  const handler = () => {
    if (controller.signal.aborted) {
      cleanup();
      process.exit(INTERRUPTED_EXIT_CODE);
    }
    controller.abort(new Error('interrupted (SIGINT)'));
  };
  process.on('SIGINT', handler);
  return {
    signal: controller.signal,
    pause: () => process.off('SIGINT', handler),
    resume: () => {
      if (!process.listeners('SIGINT').includes(handler)) process.on('SIGINT', handler);
    },
  };
}
