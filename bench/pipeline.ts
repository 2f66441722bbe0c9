/**
 * One measured run of the pipeline on a JSONL archive, stage by stage.
 *
 * Each run happens in a fresh process (`runPipelineChild`), so peak RSS is
 * this run's alone and no run warms the next one's caches or heap. Stage
 * times come from analyze()'s `onProgress` phases: a stage lasts from its
 * phase's first report to the next phase's. The report stage also
 * serialises the result to JSON, as the CLI would.
 *
 * In full mode, with the archive's answer key, the run also scores the
 * result against it (bench/truth.ts), after the measurements end.
 *
 *   node dist/bench/pipeline.js <file.jsonl> <workers> [full|features] [key.json]
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import { analyze } from '../src/analyze.js';
import { collectFeatures } from '../src/features/collect.js';
import { resolveOptions, type Progress } from '../src/options.js';
import { WorkerPool } from '../src/pool/pool.js';
import { formatChunks } from '../src/report/format.js';
import type { Result, ResultSummary } from '../src/types.js';
import { RssSampler } from './rss.js';
import { WorkerHeapSampler } from './worker-heap.js';
import { cpuSplit, threadTimes, type CpuSplit } from './thread-cpu.js';
import { scoreArchive, type ArchiveKey, type ArchiveQuality } from './truth.js';

export type StageName = Progress['phase'];
export const STAGES: readonly StageName[] = ['features', 'near-duplicates', 'segments', 'events', 'report'];

export interface StageTiming {
  stage: StageName;
  seconds: number;
  /** Peak RSS of the process during the stage, bytes. */
  peakRss: number;
  /** Main-thread V8 heap in use when the stage ended, bytes. */
  heapAfter: number;
}

export interface PipelineRun {
  file: string;
  workers: number;
  mode: 'full' | 'features';
  docs: number;
  /** Characters of text read (UTF-16 code units). */
  chars: number;
  /** Characters of JSON output (full mode). */
  outputChars: number;
  stages: StageTiming[];
  seconds: number;
  peakRss: number;
  /** Peak used V8 heap of each feature worker (sampled every 5 s during the features stage), bytes. */
  workerHeapPeaks: number[];
  summary?: ResultSummary;
  /** Members (document segments) of the largest event (full mode). */
  largestEvent?: number;
  /** Scored against the archive's answer key (full mode, when a key was given). */
  quality?: ArchiveQuality;
  /** CPU seconds by thread over the features stage (features mode, on Linux). */
  cpu?: CpuSplit;
}

export async function measurePipeline(file: string, workers: number, mode: 'full' | 'features', key?: () => ArchiveKey): Promise<PipelineRun> {
  const sampler = new RssSampler();
  const workerHeaps = new WorkerHeapSampler([sampler.threadId]);
  let workerHeapPeaks: number[] = [];
  const stages: StageTiming[] = [];
  const started = performance.now();
  let current: { stage: StageName; since: number } = { stage: 'features', since: started };
  const endStage = () => {
    if (current.stage === 'features') workerHeapPeaks = workerHeaps.peaks();
    const now = performance.now();
    stages.push({ stage: current.stage, seconds: (now - current.since) / 1000, peakRss: sampler.takePeak(), heapAfter: getHeapStatistics().used_heap_size });
    return now;
  };
  let docs = 0;
  let chars = 0;
  const onProgress = (p: Progress) => {
    if (p.phase !== current.stage) current = { stage: p.phase, since: endStage() };
    if (p.phase === 'features') workerHeaps.maybeSample();
    docs = Math.max(docs, p.total ?? p.done);
    chars = p.bytes;
  };

  let summary: ResultSummary | undefined;
  let result: Result | undefined;
  let outputChars = 0;
  let cpu: CpuSplit | undefined;
  if (mode === 'full') {
    result = await analyze(file, { workers, onProgress });
    // Serialising is part of reporting, as in the CLI; piece by piece, as a large result must be written.
    for (const chunk of formatChunks(result, 'json')) outputChars += chunk.length;
    summary = result.summary;
  } else {
    // The pool is lent, so that its threads are still there to be read when the stage ends.
    const before = threadTimes();
    const pool = new WorkerPool(workers);
    const collected = await collectFeatures(file, resolveOptions({ workers, onProgress }), pool);
    const after = threadTimes();
    await pool.close();
    if (before && after) cpu = cpuSplit(before, after);
    docs = collected.docs.length;
    chars = collected.bytes;
  }
  endStage();
  const seconds = (performance.now() - started) / 1000;
  await sampler.stop();
  const quality = result !== undefined && key !== undefined ? scoreArchive(result, key()) : undefined;
  const largestEvent = result?.events.reduce((m, e) => Math.max(m, e.members.length), 0);
  return { file, workers, mode, docs, chars, outputChars, stages, seconds, peakRss: sampler.overallPeak, workerHeapPeaks, summary, largestEvent, quality, cpu };
}

/**
 * Runs `measurePipeline` in a fresh Node process and returns its measurements.
 * The child's stderr is kept and shown only if it fails, unless
 * `STORYLINE_TRACE` is set: then it passes straight through, so that the
 * memory trace (util/trace.ts) of a bench run can be read as it goes.
 */
export function runPipelineChild(file: string, workers: number, mode: 'full' | 'features', keyPath?: string): Promise<PipelineRun> {
  const script = fileURLToPath(import.meta.url);
  const traced = process.env.STORYLINE_TRACE !== undefined && process.env.STORYLINE_TRACE !== '';
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, file, String(workers), mode, ...(keyPath ? [keyPath] : [])], { stdio: ['ignore', 'pipe', traced ? 'inherit' : 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve(JSON.parse(Buffer.concat(out).toString('utf8')) as PipelineRun);
      else reject(new Error(`pipeline run failed: exit ${code ?? signal}\n${Buffer.concat(err).toString('utf8')}`));
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, workers, mode, keyPath] = process.argv.slice(2);
  const key = keyPath ? () => JSON.parse(readFileSync(keyPath, 'utf8')) as ArchiveKey : undefined;
  const run = await measurePipeline(file, Number(workers), mode === 'features' ? 'features' : 'full', key);
  process.stdout.write(JSON.stringify(run));
}
