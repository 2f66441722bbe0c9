/**
 * The feature workers alone: JSONL lines already in memory, packed into the
 * pipeline's batches (256 lines), run through the pool with at most two
 * batches per worker in flight, as collectFeatures does. The workers parse
 * and check the lines and extract features, as in the pipeline, but the
 * main thread reads nothing meanwhile: this shows how the workers
 * themselves scale. Runs in a fresh process per measurement.
 *
 *   node dist/bench/pool-run.js <file.jsonl> <workers> <docs>
 */
import { execFile } from 'node:child_process';
import { closeSync, openSync, readSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_OPTIONS } from '../src/options.js';
import { TaskPacker } from '../src/pool/pack.js';
import { WorkerPool } from '../src/pool/pool.js';
import type { FeatureTask } from '../src/pool/protocol.js';

export interface PoolRun {
  workers: number;
  docs: number;
  seconds: number;
}

export async function measurePool(file: string, workers: number, docs: number): Promise<PoolRun> {
  const lines = firstLines(file, docs);
  const options: FeatureTask['options'] = {
    minhash: { numPerm: DEFAULT_OPTIONS.numPerm, shingleSize: DEFAULT_OPTIONS.shingleSize, seed: DEFAULT_OPTIONS.seed },
    tiling: {},
  };
  const tasks: FeatureTask[] = [];
  const packer = new TaskPacker();
  lines.forEach((line, i) => {
    packer.add({ kind: 'line', name: 'pool', n: i + 1, bytes: Buffer.from(line) });
    if (packer.count === DEFAULT_OPTIONS.batchSize || i === lines.length - 1) tasks.push({ ...packer.take(), options });
  });
  const pool = new WorkerPool(workers);
  packer.add({ kind: 'line', name: 'pool', n: 1, bytes: Buffer.from('{"id":"warm-up","text":"warm-up"}') });
  await pool.run({ ...packer.take(), options }); // threads started before timing
  const started = performance.now();
  const inFlight = new Set<Promise<unknown>>();
  for (const task of tasks) {
    const running: Promise<unknown> = pool.run(task).finally(() => inFlight.delete(running));
    inFlight.add(running);
    if (inFlight.size >= workers * 2) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  return { workers, docs: lines.length, seconds };
}

/** The first `count` non-empty lines of a file, reading no more of it than needed. */
function firstLines(file: string, count: number): string[] {
  const fd = openSync(file, 'r');
  const chunks: Buffer[] = [];
  let newlines = 0;
  try {
    for (;;) {
      const chunk = Buffer.allocUnsafe(1 << 22);
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      chunks.push(chunk.subarray(0, read));
      for (let i = chunk.indexOf(10); i >= 0 && i < read; i = chunk.indexOf(10, i + 1)) newlines++;
      if (newlines >= count) break;
    }
  } finally {
    closeSync(fd);
  }
  return Buffer.concat(chunks).toString('utf8').split('\n', count).filter((l) => l.length > 0);
}

export function runPoolChild(file: string, workers: number, docs: number): Promise<PoolRun> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [fileURLToPath(import.meta.url), file, String(workers), String(docs)], (err, stdout, stderr) => {
      if (err) reject(new Error(`pool run failed: ${err.message}\n${stderr}`));
      else resolve(JSON.parse(stdout) as PoolRun);
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, workers, docs] = process.argv.slice(2);
  process.stdout.write(JSON.stringify(await measurePool(file, Number(workers), Number(docs))));
}
