/**
 * Ctrl-C (SIGINT), SIGTERM and SIGHUP for the CLI. While there is something
 * to clean up (the worker pool, a temporary output file), the first signal
 * aborts the run: the pool shuts down, the temporary file is removed, and
 * the process exits with 128 + the signal's number, as shells report a
 * process the signal ended (130, 143, 129). A second signal does not wait
 * for that: it cleans up and exits at once.
 *
 * In between, during the synchronous analysis stages, we do not listen: a
 * JavaScript signal handler only runs when the event loop turns, so it would
 * hold the signal back until the stage ends, while the default action (the
 * process ends at once, with the same status) leaves nothing behind there.
 */
import { constants } from 'node:os';

export const HANDLED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type HandledSignal = (typeof HANDLED_SIGNALS)[number];

export const INTERRUPTED_EXIT_CODE = 128 + constants.signals.SIGINT;

/** 128 + the signal's number. */
export function exitCodeOf(signal: NodeJS.Signals): number {
  return 128 + constants.signals[signal];
}

export interface Interrupt {
  signal: AbortSignal;
  /** The exit status for the signal that aborted `signal` (130 before any). */
  readonly exitCode: number;
  /** Leave the signals to their default action (the process ends at once). */
  pause(): void;
  /** Handle the signals again, by aborting `signal`. */
  resume(): void;
}

/** @param cleanup What must not be left behind even on the second signal (synchronous). */
export function abortOnSignals(cleanup: () => void): Interrupt {
  const controller = new AbortController();
  let exitCode = INTERRUPTED_EXIT_CODE;
  const handler = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      cleanup();
      process.exit(exitCode);
    }
    exitCode = exitCodeOf(name);
    controller.abort(new Error(`interrupted (${name})`));
  };
  const listening = () => process.listeners('SIGINT').includes(handler);
  const resume = () => {
    if (!listening()) for (const name of HANDLED_SIGNALS) process.on(name, handler);
  };
  resume();
  return {
    signal: controller.signal,
    get exitCode() {
      return exitCode;
    },
    pause: () => {
      for (const name of HANDLED_SIGNALS) process.off(name, handler);
    },
    resume,
  };
}
