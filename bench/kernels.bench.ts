/**
 * Kernel micro-benchmarks with the `benchmark` package (synchronous
 * kernels only: it mis-measures async functions). Every kernel runs on the
 * same sample of generated archive articles, one thread, in one process
 * (`runKernels`; `kernelsOnEachCore` runs that process pinned to each core);
 * ours and the `minhash` package's MinHash see the same texts with the same
 * settings (128 values, 5-word shingles), so their ratio is what to read.
 * The package is slow, which is why the sample is small.
 */
import { execFile } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import Benchmark from 'benchmark';
import minhashPkg from 'minhash';
import { BLOCK_BOILERPLATE, BatchBuilder, type FeatureBatch } from '../src/features/batch.js';
import { FeatureExtractor } from '../src/features/extract.js';
import { MinHasher, MinHashSignature } from '../src/features/minhash.js';
import { BlockVectors } from '../src/features/block-vectors.js';
import { DEFAULT_TERM_WEIGHTS, DocumentFrequencies, VectorArena } from '../src/features/tfidf.js';
import { candidateThreshold } from '../src/neardup/groups.js';
import { LshIndex } from '../src/neardup/lsh.js';
import { optimalLshParams } from '../src/neardup/params.js';
import { createTokens, tokenize } from '../src/normalize/tokenize.js';
import { sampleTexts } from './corpus.js';

const { Minhash } = minhashPkg as unknown as { Minhash: new (config?: { numPerm?: number }) => { update(s: string): void } };

export const NUM_PERM = 128;
export const SHINGLE = 5;
export const OURS = 'tokenize + MinHash 128, 5-word shingles (ours)';
export const PACKAGE = 'MinHash 128, 5-word shingles (minhash npm)';

export interface KernelResult {
  name: string;
  docsPerSecond: number;
  mbPerSecond: number;
  /** Relative margin of error, percent. */
  rme: number;
  samples: number;
}

interface Kernel {
  name: string;
  /** Documents one call handles. */
  docsPerCall: number;
  fn: () => void;
  maxTime: number;
}

/** The sample's features, as the workers would return them, for the TF-IDF kernel. */
function featuresOf(texts: readonly string[]): FeatureBatch {
  const extractor = new FeatureExtractor({ minhash: { numPerm: NUM_PERM, shingleSize: SHINGLE } });
  const builder = new BatchBuilder(texts.length, NUM_PERM);
  for (const t of texts) extractor.extract(t, undefined, builder);
  return builder.finish();
}

function kernels(texts: readonly string[]): Kernel[] {
  const tokens = createTokens(4096);
  const hasher = new MinHasher({ numPerm: NUM_PERM, shingleSize: SHINGLE });
  const out = new Uint32Array(NUM_PERM);
  let i = 0;
  const nextText = () => texts[i++ % texts.length];

  const hashes = texts.map((t) => {
    tokens.count = 0;
    tokenize(t, tokens);
    return tokens.hash.slice(0, tokens.count);
  });
  const signatures = hashes.map((h) => {
    const values = new Uint32Array(NUM_PERM);
    const shingles = hasher.sign(h, h.length, values);
    return new MinHashSignature(values, shingles, SHINGLE, 1);
  });
  const lshParams = optimalLshParams(candidateThreshold(0.8), NUM_PERM);
  const filled = new LshIndex(lshParams);
  signatures.forEach((s, d) => filled.insert(String(d), s));

  const extractor = new FeatureExtractor({ minhash: { numPerm: NUM_PERM, shingleSize: SHINGLE } });
  const features = featuresOf(texts);
  const isStory = (b: number) => (features.blockKind[b] & BLOCK_BOILERPLATE) === 0;
  const df = DocumentFrequencies.ofDocuments(features, () => true, isStory);
  const blockVectors = new BlockVectors(features, df, DEFAULT_TERM_WEIGHTS, 100);
  const arena = new VectorArena();
  const storyBlocks = Array.from({ length: features.count }, (_, d) => {
    const blocks: number[] = [];
    for (let b = features.blockStart[d]; b < features.blockStart[d + 1]; b++) if (isStory(b)) blocks.push(b);
    return blocks;
  });

  return [
    {
      name: 'tokenize (ours)',
      docsPerCall: 1,
      maxTime: 2,
      fn: () => {
        tokens.count = 0;
        tokenize(nextText(), tokens);
      },
    },
    {
      name: 'shingle + MinHash 128 of token hashes (ours)',
      docsPerCall: 1,
      maxTime: 2,
      fn: () => {
        const h = hashes[i++ % hashes.length];
        hasher.sign(h, h.length, out);
      },
    },
    {
      name: OURS,
      docsPerCall: 1,
      maxTime: 3,
      fn: () => {
        tokens.count = 0;
        tokenize(nextText(), tokens);
        hasher.sign(tokens.hash, tokens.count, out);
      },
    },
    {
      // The package's intended use: word shingles as strings, one update each.
      name: PACKAGE,
      docsPerCall: 1,
      maxTime: 3,
      fn: () => {
        const words = nextText().toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
        const m = new Minhash({ numPerm: NUM_PERM });
        for (let w = 0; w + SHINGLE <= words.length; w++) m.update(words.slice(w, w + SHINGLE).join(' '));
      },
    },
    {
      name: 'all features of a document (worker kernel)',
      docsPerCall: texts.length,
      maxTime: 3,
      fn: () => {
        const builder = new BatchBuilder(texts.length, NUM_PERM);
        for (const t of texts) extractor.extract(t, undefined, builder);
        builder.finish();
      },
    },
    {
      name: 'TF-IDF vector of a document',
      docsPerCall: 1,
      maxTime: 2,
      fn: () => {
        const d = i++ % storyBlocks.length;
        blockVectors.load(d);
        arena.reset();
        blockVectors.vector(storyBlocks[d], arena);
      },
    },
    {
      name: `LSH insert (${lshParams.bands} bands × ${lshParams.rows} rows)`,
      docsPerCall: signatures.length,
      maxTime: 2,
      fn: () => {
        const index = new LshIndex(lshParams);
        signatures.forEach((s, d) => index.insert(String(d), s));
      },
    },
    {
      name: 'LSH query',
      docsPerCall: 1,
      maxTime: 2,
      fn: () => {
        filled.query(signatures[i++ % signatures.length]);
      },
    },
  ];
}

/** Runs every kernel; prints one line per kernel as it finishes. */
export function runKernels(texts: readonly string[], print: (line: string) => void): KernelResult[] {
  const meanChars = texts.reduce((s, t) => s + t.length, 0) / texts.length;
  const list = kernels(texts);
  const results: KernelResult[] = [];
  const suite = new Benchmark.Suite('kernels');
  for (const k of list) suite.add(k.name, k.fn, { maxTime: k.maxTime, minSamples: 3 });
  suite.on('cycle', (event: Benchmark.Event) => {
    const b = event.target as unknown as Benchmark;
    const kernel = list.find((k) => k.name === b.name)!;
    const docsPerSecond = (b.hz ?? 0) * kernel.docsPerCall;
    const result = { name: kernel.name, docsPerSecond, mbPerSecond: (docsPerSecond * meanChars) / 1e6, rme: b.stats.rme, samples: b.stats.sample.length };
    results.push(result);
    print(
      `${result.name.padEnd(50)} ${result.docsPerSecond.toFixed(0).padStart(8)} docs/s ` +
        `${result.mbPerSecond.toFixed(1).padStart(7)} MB/s  ±${result.rme.toFixed(1)}%  (${result.samples} samples)`,
    );
  });
  suite.run();
  return results;
}

/** Results on one core (`kernelsOnEachCore`). */
export interface CoreKernels {
  core: number;
  results: KernelResult[];
}

/**
 * The kernels in a fresh process pinned to each core in turn (`taskset`,
 * Linux), printing each core's lines. The two cores of the machines this
 * runs on differ by up to ~1.6× on this work, and which one is slow
 * changes within a day: a process left to the scheduler measures the core
 * it lands on. Returns undefined where pinning is unavailable.
 */
export async function kernelsOnEachCore(docs: number, seed: number, print: (line: string) => void): Promise<CoreKernels[] | undefined> {
  if (process.platform !== 'linux') return undefined;
  const out: CoreKernels[] = [];
  for (let core = 0; core < availableParallelism(); core++) {
    const stdout = await new Promise<string | undefined>((resolve) => {
      const args = ['-c', String(core), process.execPath, fileURLToPath(import.meta.url), String(docs), String(seed)];
      execFile('taskset', args, { maxBuffer: 1 << 20 }, (err, text) => resolve(err ? undefined : text));
    });
    if (stdout === undefined) return undefined;
    const lines = stdout.trim().split('\n');
    print(`core ${core}:`);
    for (const line of lines.slice(0, -1)) print(`  ${line}`);
    out.push({ core, results: JSON.parse(lines[lines.length - 1]) as KernelResult[] });
  }
  return out;
}

// The child of kernelsOnEachCore: the kernels' lines, then their results as JSON.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const results = runKernels(sampleTexts(Number(process.argv[2]), Number(process.argv[3])), console.log);
  console.log(JSON.stringify(results));
}
