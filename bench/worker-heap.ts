/**
 * Peak V8 heap of each worker thread, read from Node's diagnostic report
 * (`process.report.getReport()` lists every worker's JavaScript heap;
 * Node 20 has no lighter way to read another thread's heap from outside).
 * A report takes ~50 ms of the main thread, so one is taken at most every
 * few seconds, from the features stage's progress callbacks (the only
 * stage with workers), and the first one a second into it.
 */
interface WorkerReport {
  header?: { threadId?: number };
  javascriptHeap?: { usedMemory?: number; totalMemory?: number };
}

export class WorkerHeapSampler {
  /** Peak used heap per worker thread id, bytes. */
  private readonly peakUsed = new Map<number, number>();
  private readonly started = performance.now();
  private last = -Infinity;

  /** @param exclude thread ids that are not feature workers (the RSS sampler). */
  constructor(
    private readonly exclude: readonly number[],
    private readonly intervalMs = 5000,
  ) {}

  /** Samples if a second has passed since the start and `intervalMs` since the last sample. */
  maybeSample(): void {
    const now = performance.now();
    if (now - this.started < 1000 || now - this.last < this.intervalMs) return;
    this.last = now;
    this.sample();
  }

  private sample(): void {
    const report = process.report.getReport() as unknown as { workers?: WorkerReport[] };
    for (const w of report.workers ?? []) {
      const id = w.header?.threadId;
      const used = w.javascriptHeap?.usedMemory;
      if (id === undefined || used === undefined || this.exclude.includes(id)) continue;
      this.peakUsed.set(id, Math.max(this.peakUsed.get(id) ?? 0, used));
    }
  }

  /** Peak used heap of each worker seen, bytes, largest first. */
  peaks(): number[] {
    return [...this.peakUsed.values()].sort((a, b) => b - a);
  }
}
