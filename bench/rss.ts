/**
 * Peak resident memory of the whole process, sampled every few
 * milliseconds from a thread of its own. The sampler cannot live on the
 * main thread: the near-duplicate, segment and event stages are long
 * synchronous loops there, and a timer would not fire until they end.
 *
 * RSS is per process, so it includes the feature workers (threads of this
 * process) and the sampler itself (a small isolate, ~10 MB).
 */
import { Worker } from 'node:worker_threads';

const SAMPLER = `
const { workerData } = require('node:worker_threads');
const peak = new Int32Array(workerData.peak);
// A compare-exchange loop: Atomics has no max, and the main thread resets the value.
const sample = () => {
  const kib = Math.ceil(process.memoryUsage.rss() / 1024);
  for (let seen = Atomics.load(peak, 0); kib > seen; ) {
    const before = Atomics.compareExchange(peak, 0, seen, kib);
    if (before === seen) break;
    seen = before;
  }
};
sample();
setInterval(sample, workerData.intervalMs);
`;

export class RssSampler {
  /** Peak since the last `takePeak`, in KiB (an Int32 holds up to 2 TiB). */
  private readonly peak = new Int32Array(new SharedArrayBuffer(4));
  private readonly worker: Worker;
  private overall = 0;

  constructor(intervalMs = 20) {
    this.worker = new Worker(SAMPLER, { eval: true, workerData: { peak: this.peak.buffer, intervalMs } });
    this.worker.unref();
  }

  /** Peak RSS in bytes since the previous call (or since start), and starts a new period. */
  takePeak(): number {
    const now = Math.ceil(process.memoryUsage.rss() / 1024);
    const kib = Math.max(Atomics.exchange(this.peak, 0, 0), now);
    this.overall = Math.max(this.overall, kib);
    return kib * 1024;
  }

  get threadId(): number {
    return this.worker.threadId;
  }

  /** Peak RSS in bytes over the sampler's whole life. */
  get overallPeak(): number {
    return this.overall * 1024;
  }

  async stop(): Promise<void> {
    this.takePeak();
    await this.worker.terminate();
  }
}
