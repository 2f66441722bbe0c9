/**
 * A pool of worker threads (piscina) that turns batches of raw inputs into
 * documents and their features, then segments runs of documents. Batches,
 * not documents, are the unit of work: a task round trip costs ~50–80 µs,
 * so per-document tasks would spend more time messaging than hashing.
 */
import { setMaxListeners } from 'node:events';
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { Edges } from '../events/blocks.js';
import { IN_THIS_THREAD as EVENTS_IN_THIS_THREAD, type EventRunner } from '../events/cluster.js';
import { IN_THIS_THREAD, type SegmentRunner } from '../segments/corpus.js';
import type { SplitRun } from '../segments/tasks.js';
import type { BlockResult } from '../events/tasks.js';
import type { FlatSegments } from '../segments/flat.js';
import type { FeatureResult, FeatureTask } from './protocol.js';

export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

export class WorkerPool {
  private readonly piscina: Piscina;
  private closing: Promise<void> | undefined;
  /** Per caller's signal, the pool's own signal that follows it (`tasksSignal`). */
  private readonly links = new Map<AbortSignal, { signal: AbortSignal; unlink: () => void }>();

  constructor(workers: number) {
    this.piscina = new Piscina({
      // The compiled worker next to this file (workers always run from dist/),
      // through a CommonJS entry that imports it (worker-entry.cts says why).
      filename: new URL('./worker-entry.cjs', import.meta.url).href,
      // Threads beyond the cores start only when tasks wait for them: a small
      // corpus under --workers 256 ran 256 threads (28.9 s, 3.3 GB on 2 cores).
      minThreads: Math.min(workers, defaultWorkers()),
      maxThreads: workers,
      idleTimeout: 60_000,
    });
  }

  /** Threads running now (at most the pool's size; more start as tasks wait). */
  get threadsStarted(): number {
    return this.piscina.threads.length;
  }

  /** Rejects with the worker's error, or with an AbortError when `signal` aborts (a running task's thread is then terminated). */
  run(task: FeatureTask, signal?: AbortSignal): Promise<FeatureResult> {
    return this.piscina.run(task, { signal: this.tasksSignal(signal) }) as Promise<FeatureResult>;
  }

  /**
   * Segmentation tasks on this pool's threads. A task whose worker fails
   * (a thread lost) runs again in this thread: the same function on the
   * same shared memory, so the result is the same and no document is lost.
   * An abort of `signal` ends the tasks instead (see runOrHere).
   */
  segmentRunner(signal?: AbortSignal): SegmentRunner {
    const run = <T>(name: string, task: unknown, here: () => Promise<T>) => this.runOrHere(name, task, here, signal);
    return {
      resolve: (task) => run<FlatSegments>('resolveSegments', task, () => IN_THIS_THREAD.resolve(task)),
      split: (task) => run<SplitRun>('splitSegments', task, () => IN_THIS_THREAD.split(task)),
      vectors: (task) => run<FlatSegments>('segmentVectors', task, () => IN_THIS_THREAD.vectors(task)),
      threads: this.piscina.options.maxThreads,
    };
  }

  /** Event clustering's tasks on this pool's threads; a failed task runs again in this thread, an aborted one rejects. */
  eventRunner(signal?: AbortSignal): EventRunner {
    const run = <T>(name: string, task: unknown, here: () => Promise<T>) => this.runOrHere(name, task, here, signal);
    return {
      pairs: (task) => run<Float64Array>('eventPairs', task, () => EVENTS_IN_THIS_THREAD.pairs(task)),
      similarities: (task) => run<void>('eventSimilarities', task, () => EVENTS_IN_THIS_THREAD.similarities(task)),
      edges: (task) => run<Edges>('eventEdges', task, () => EVENTS_IN_THIS_THREAD.edges(task)),
      blocks: (task) => run<BlockResult>('eventBlocks', task, () => EVENTS_IN_THIS_THREAD.blocks(task)),
      threads: this.piscina.options.maxThreads,
    };
  }

  /**
   * The worker's export `name` on `task`; if the pool fails it (a thread
   * lost, the pool closed), `here` instead. When `signal` aborts, the task
   * ends (its thread is terminated) and this rejects with the signal's
   * reason: an abort is not a failure to make up for.
   */
  private runOrHere<T>(name: string, task: unknown, here: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return (this.piscina.run(task, { name, signal: this.tasksSignal(signal) }) as Promise<T>).catch(() => {
      if (signal?.aborted) throw signal.reason;
      return here();
    });
  }

  /** Tasks running or queued. */
  get pending(): number {
    return this.piscina.queueSize + this.piscina.threads.length;
  }

  /**
   * The caller's signal as the pool's tasks listen to it. Each queued or
   * running task adds a listener to the signal it is given, and past 10 on
   * one signal Node prints a "possible EventTarget memory leak" warning
   * (the CLI did, at a million documents). So tasks listen to a signal of
   * the pool's own, which has no such limit and aborts with the caller's;
   * only it listens to the caller's signal, until the pool closes.
   */
  private tasksSignal(signal: AbortSignal | undefined): AbortSignal | undefined {
    if (signal === undefined) return undefined;
    let link = this.links.get(signal);
    if (link === undefined) {
      const own = new AbortController();
      setMaxListeners(Infinity, own.signal);
      const follow = () => own.abort(signal.reason);
      if (signal.aborted) follow();
      else signal.addEventListener('abort', follow, { once: true });
      link = { signal: own.signal, unlink: () => signal.removeEventListener('abort', follow) };
      this.links.set(signal, link);
    }
    return link.signal;
  }

  /** Ends the threads (once: later calls wait for the same end), and stops listening to callers' signals. */
  close(): Promise<void> {
    for (const link of this.links.values()) link.unlink();
    this.links.clear();
    this.closing ??= this.piscina.destroy();
    return this.closing;
  }
}
