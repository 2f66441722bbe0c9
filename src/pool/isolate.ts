/**
 * Runs one batch so that a worker fault costs only the inputs that cause
 * it. A failed batch is retried once whole (the thread may have been lost to
 * something passing; piscina replaces dead threads). If it fails again, it
 * is split in halves and each failing half is split again, down to single
 * inputs: those that still fail alone are reported, the rest analysed.
 *
 * Which inputs are lost therefore depends only on which inputs fail, never
 * on batch size or worker count, so output stays deterministic. The cost of
 * an input that always fails is about 2·log2(batch size) extra tasks;
 * healthy batches cost nothing extra.
 */
import type { FeatureBatch } from '../features/batch.js';
import type { WorkerPool } from './pool.js';
import type { FeatureTask, InputOutcome } from './protocol.js';

export interface FailedInput {
  /** Index into the task's inputs. */
  index: number;
  /** The last error of the worker, as a message. */
  reason: string;
}

export interface BatchOutcome {
  /** Aligned with the task's inputs; undefined for an input no worker could analyse (it is in `failed`). */
  outcomes: Array<InputOutcome | undefined>;
  /** Features of the documents among `outcomes`, in input order (one piece per sub-batch that succeeded). */
  pieces: FeatureBatch[];
  /** By ascending index. */
  failed: FailedInput[];
}

/** @throws the abort reason when `signal` aborts; never a worker's error. */
export async function runIsolatingFaults(pool: WorkerPool, task: FeatureTask, signal?: AbortSignal): Promise<BatchOutcome> {
  const attempt = async (lo: number, hi: number, retries: number): Promise<BatchOutcome> => {
    const part: FeatureTask = lo === 0 && hi === task.inputs.length ? task : { ...task, inputs: task.inputs.slice(lo, hi) };
    try {
      const result = await pool.run(part, signal);
      return { outcomes: result.outcomes, pieces: [result.features], failed: [] };
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      if (retries > 0) return attempt(lo, hi, retries - 1);
      if (hi - lo === 1) return { outcomes: [undefined], pieces: [], failed: [{ index: lo, reason: err instanceof Error ? err.message : String(err) }] };
    }
    const mid = lo + Math.floor((hi - lo) / 2);
    const [left, right] = await Promise.all([attempt(lo, mid, 0), attempt(mid, hi, 0)]);
    return { outcomes: [...left.outcomes, ...right.outcomes], pieces: [...left.pieces, ...right.pieces], failed: [...left.failed, ...right.failed] };
  };
  return attempt(0, task.inputs.length, 1);
}
