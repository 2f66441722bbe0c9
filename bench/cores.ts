/**
 * How fast each core runs the worker kernel on its own: the ceiling of any
 * "2 workers / 1 worker" ratio on this machine.
 *
 * Two cores are not always equal. On the cloud machines this project runs
 * on, one virtual core ran the feature kernel ~1.45× slower than the other
 * (which one changed during a day: the host's other load). Then two workers
 * can reach at most (slow + fast) / fast of one worker on the fast core,
 * whatever the pool does. And cores that run alone at full speed may
 * slow each other when both work (a shared cache, memory bandwidth, a
 * host's sibling thread). This measures both: the feature kernel
 * (`FeatureExtractor.extract`, one thread, no pool, no messages) in a
 * fresh process pinned to each core with `taskset` (Linux), first one core
 * at a time, then on all cores at once, one process each. Independent
 * processes share nothing, so what they do together bounds what a pool of
 * workers can; elsewhere it reports that it could not pin.
 *
 *   node dist/bench/cores.js <docs>     # the child: prints docs/s on its core
 */
import { execFile } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { BatchBuilder } from '../src/features/batch.js';
import { FeatureExtractor } from '../src/features/extract.js';
import { sampleTexts } from './corpus.js';

export interface CoreSpeeds {
  /** Documents per second of the feature kernel on core i, alone, or undefined when pinning is unavailable. */
  docsPerSecond?: number[];
  /** The same, with every core running it at once. */
  together?: number[];
  /** (Σ cores, alone) / fastest core: the most any n-worker / 1-worker ratio could show if cores did not slow each other. */
  ceiling?: number;
  /** (Σ cores, together) / fastest core alone: the most independent processes did show. */
  ceilingTogether?: number;
  /** Why it was not measured. */
  skipped?: string;
}

const KERNEL_SECONDS = 3;

/** The child: the kernel over `docs` generated texts, warmed up, then timed for about KERNEL_SECONDS. */
function kernelDocsPerSecond(docs: number): number {
  const texts = sampleTexts(docs);
  const extractor = new FeatureExtractor({});
  const pass = () => {
    const batch = new BatchBuilder(texts.length, extractor.numPerm);
    for (const t of texts) extractor.extract(t, undefined, batch);
  };
  pass(); // JIT and the stemmer's cache warm
  let done = 0;
  const started = performance.now();
  while (performance.now() - started < KERNEL_SECONDS * 1000) {
    pass();
    done += texts.length;
  }
  return done / ((performance.now() - started) / 1000);
}

function pinnedRun(core: number, docs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    execFile('taskset', ['-c', String(core), process.execPath, fileURLToPath(import.meta.url), String(docs)], (err, stdout, stderr) => {
      if (err) reject(Object.assign(err, { stderr }));
      else resolve(Number(stdout.trim()));
    });
  });
}

/** Each core in turn, one pinned process at a time; then all cores at once, a pinned process each. */
export async function measureCores(docs = 500): Promise<CoreSpeeds> {
  if (process.platform !== 'linux') return { skipped: 'pinning needs Linux taskset' };
  const cores = Array.from({ length: availableParallelism() }, (_, core) => core);
  const speeds: number[] = [];
  let together: number[];
  try {
    for (const core of cores) speeds.push(await pinnedRun(core, docs));
    together = await Promise.all(cores.map((core) => pinnedRun(core, docs)));
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    return { skipped: e.code === 'ENOENT' ? 'taskset not found' : `taskset failed: ${e.stderr?.trim() || e.message}` };
  }
  const fastest = Math.max(...speeds);
  const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
  return { docsPerSecond: speeds, together, ceiling: sum(speeds) / fastest, ceilingTogether: sum(together) / fastest };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(kernelDocsPerSecond(Number(process.argv[2])).toFixed(0));
}
