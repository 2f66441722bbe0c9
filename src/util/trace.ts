/**
 * Opt-in trace of the process's memory at named steps of the pipeline, on
 * stderr: `STORYLINE_TRACE=memory`. For finding where a large run's peak
 * comes from (the bench samples RSS per stage only); silent otherwise.
 */
const enabled = process.env.STORYLINE_TRACE?.split(',').includes('memory') === true;
const started = performance.now();

export function traceMemory(step: string): void {
  if (!enabled) return;
  const m = process.memoryUsage();
  const gib = (bytes: number) => (bytes / 2 ** 30).toFixed(2);
  process.stderr.write(`storyline trace: ${step.padEnd(34)} rss ${gib(m.rss)} GiB, heap ${gib(m.heapUsed)} GiB, ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}
