/**
 * What the feature workers' kernel allocates per document, by function:
 * V8's sampling heap profiler (through the inspector), counting objects
 * the young and old collections freed too, over archive documents parsed
 * and extracted as a worker does (JSONL line → document → features, in
 * batches). Allocation is what the workers' garbage collector, and its
 * helper threads beside them, spend their time on.
 *
 *   node dist/bench/alloc-profile.js [docs] [top]
 *
 * Reads the first `docs` lines (default 2,000) of the cached 5,000-document
 * archive (written by `npm run bench`), after one warm-up pass; prints the
 * total and the `top` functions (default 15) by bytes allocated.
 */
import { readFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { fileURLToPath } from 'node:url';
import { BatchBuilder } from '../src/features/batch.js';
import { FeatureExtractor } from '../src/features/extract.js';
import { DEFAULT_OPTIONS } from '../src/options.js';
import { toDocument } from '../src/ingest/document.js';
import { TaskPacker, rawInputOf } from '../src/pool/pack.js';
import { archiveFile } from './archive-file.js';

interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: ProfileNode[];
}

export interface AllocationProfile {
  docs: number;
  /** Bytes allocated per document, in all. */
  perDocument: number;
  /** Bytes per document by function (`name file:line`), largest first. */
  byFunction: Array<{ where: string; perDocument: number }>;
}

export async function profileAllocation(lines: string[]): Promise<AllocationProfile> {
  const packer = new TaskPacker();
  const tasks: Array<ReturnType<TaskPacker['take']>> = [];
  lines.forEach((line, i) => {
    packer.add({ kind: 'line', name: 'archive', n: i + 1, bytes: Buffer.from(line) });
    if (packer.count === DEFAULT_OPTIONS.batchSize || i === lines.length - 1) tasks.push(packer.take());
  });
  // The settings the pipeline gives its workers.
  const { numPerm, shingleSize, seed } = DEFAULT_OPTIONS;
  const extractor = new FeatureExtractor({ minhash: { numPerm, shingleSize, seed }, tiling: {} });
  const pass = () => {
    for (const task of tasks) {
      const batch = new BatchBuilder(task.inputs.length, extractor.numPerm);
      for (const input of task.inputs) {
        const record = toDocument(rawInputOf(input, task.bytes));
        if (record?.kind === 'doc') extractor.extract(record.doc.text, record.doc.date, batch);
      }
      batch.finish();
    }
  };
  pass(); // caches warm, code optimized: the steady state a worker reaches
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.enable');
  await session.post('HeapProfiler.startSampling', { samplingInterval: 512, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  pass();
  const { profile } = (await session.post('HeapProfiler.stopSampling')) as unknown as { profile: { head: ProfileNode } };
  session.disconnect();

  const bytes = new Map<string, number>();
  let total = 0;
  const walk = (node: ProfileNode) => {
    if (node.selfSize > 0) {
      const where = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').slice(-2).join('/')}:${node.callFrame.lineNumber + 1}`;
      bytes.set(where, (bytes.get(where) ?? 0) + node.selfSize);
      total += node.selfSize;
    }
    node.children.forEach(walk);
  };
  walk(profile.head);
  const docs = lines.length;
  const byFunction = [...bytes].map(([where, b]) => ({ where, perDocument: b / docs })).sort((a, b) => b.perDocument - a.perDocument);
  return { docs, perDocument: total / docs, byFunction };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const docs = Number(process.argv[2] ?? 2000);
  const top = Number(process.argv[3] ?? 15);
  const archive = archiveFile(5000, 1);
  const lines = readFileSync(archive.path, 'utf8').split('\n').filter((l) => l.length > 0).slice(0, docs);
  const result = await profileAllocation(lines);
  console.log(`feature kernel, ${result.docs} archive documents: ${(result.perDocument / 1024).toFixed(1)} KB allocated per document (sampled)`);
  for (const f of result.byFunction.slice(0, top)) console.log(`${(f.perDocument / 1024).toFixed(2).padStart(8)} KB  ${f.where}`);
}
