/**
 * A pool of worker threads (piscina) that turns batches of raw inputs into
 * documents and their features. Batches, not documents, are the unit of work: a task
 * round trip costs ~50–80 µs, so per-document tasks would spend more time
 * messaging than hashing.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { FeatureResult, FeatureTask } from './protocol.js';

export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

export class FeaturePool {
  private readonly piscina: Piscina;

  constructor(workers: number) {
    this.piscina = new Piscina({
      // The compiled worker next to this file: workers always run from dist/.
      filename: new URL('./worker.js', import.meta.url).href,
      minThreads: workers,
      maxThreads: workers,
      idleTimeout: 60_000,
    });
  }

  /** Rejects with the worker's error, or with an AbortError when `signal` aborts (a running task's thread is then terminated). */
  run(task: FeatureTask, signal?: AbortSignal): Promise<FeatureResult> {
    return this.piscina.run(task, { signal }) as Promise<FeatureResult>;
  }

  /** Tasks running or queued. */
  get pending(): number {
    return this.piscina.queueSize + this.piscina.threads.length;
  }

  async close(): Promise<void> {
    await this.piscina.destroy();
  }
}
