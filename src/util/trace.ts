/**
 * Opt-in trace of the process's memory at named steps of the pipeline, on
 * stderr: `STORYLINE_TRACE=memory`. For finding where a large run's peak
 * comes from (the bench samples RSS per stage only); silent otherwise.
 *
 * Run under `node --expose-gc` and each step also shows the RSS after a
 * full collection: what the step holds alive, apart from garbage that
 * awaits collection (which the first figure counts).
 */
const enabled = process.env.STORYLINE_TRACE?.split(',').includes('memory') === true;
const started = performance.now();

export function traceMemory(step: string): void {
  if (!enabled) return;
  const m = process.memoryUsage();
  const gib = (bytes: number) => (bytes / 2 ** 30).toFixed(2);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const collect = (globalThis as { gc?: () => void }).gc;
  let live = '';
  if (collect !== undefined) {
    collect();
    const after = process.memoryUsage();
    live = `; after a full GC rss ${gib(after.rss)} GiB, heap ${gib(after.heapUsed)} GiB`;
  }
  process.stderr.write(`storyline trace: ${step.padEnd(34)} rss ${gib(m.rss)} GiB, heap ${gib(m.heapUsed)} GiB, ${seconds} s${live}\n`);
}
