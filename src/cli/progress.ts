/**
 * Progress on stderr: a bar when stderr is a terminal, nothing otherwise
 * (logs and CI stay clean). stdout carries only data.
 */
import cliProgress from 'cli-progress';
import type { Progress } from '../options.js';

export interface ProgressReporter {
  update(progress: Progress): void;
  stop(): void;
}

export function createProgress(enabled: boolean): ProgressReporter {
  if (!enabled) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      format: '{phase} |{bar}| {value} docs · {mb} MB · {rate} docs/s',
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  let active = false;
  return {
    update(p) {
      const seconds = Math.max(0.001, (Date.now() - started) / 1000);
      const payload = { phase: p.phase.padEnd(15), mb: (p.bytes / 1e6).toFixed(1), rate: Math.round(p.done / seconds) };
      if (!active) {
        bar.start(p.total ?? Math.max(p.done, 1), p.done, payload);
        active = true;
      }
      // The total is unknown while reading a stream: let the bar's end move with it.
      bar.setTotal(p.total ?? Math.max(p.done, 1));
      bar.update(p.done, payload);
    },
    stop() {
      if (active) bar.stop();
    },
  };
}
