/**
 * Kernel micro-benchmarks with the `benchmark` package (synchronous
 * kernels only: it mis-measures async functions). Ours and the baseline run
 * in the same process on the same generated articles, so the ratio is what
 * to read; absolute figures move with the machine.
 *
 *   npm run bench
 */
import Benchmark from 'benchmark';
import minhashPkg from 'minhash';
import { MinHasher } from '../src/features/minhash.js';
import { createTokens, tokenize } from '../src/normalize/tokenize.js';
import { generateArticles } from './corpus.js';

const { Minhash } = minhashPkg as unknown as { Minhash: new (config?: { numPerm?: number }) => { update(s: string): void } };

const ARTICLES = generateArticles(200, 4096, 42);
const BYTES = ARTICLES.reduce((s, a) => s + a.length, 0) / ARTICLES.length;
const SHINGLE = 5;

const tokens = createTokens(4096);
const hasher = new MinHasher({ numPerm: 128, shingleSize: SHINGLE });
const out = new Uint32Array(128);
let i = 0;

function ourTokenize(): void {
  tokens.count = 0;
  tokenize(ARTICLES[i++ % ARTICLES.length], tokens);
}

function ourMinHash(): void {
  tokens.count = 0;
  tokenize(ARTICLES[i++ % ARTICLES.length], tokens);
  hasher.sign(tokens.hash, tokens.count, out);
}

/** The package's intended use: word shingles as strings, one update each. */
function packageMinHash(): void {
  const words = ARTICLES[i++ % ARTICLES.length].toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const m = new Minhash({ numPerm: 128 });
  for (let w = 0; w + SHINGLE <= words.length; w++) m.update(words.slice(w, w + SHINGLE).join(' '));
}

const results = new Map<string, number>();
const suite = new Benchmark.Suite('kernels');
suite
  .add('tokenize (ours)', ourTokenize, { maxTime: 2 })
  .add('tokenize + MinHash 128, 5-word shingles (ours)', ourMinHash, { maxTime: 3 })
  .add('MinHash 128, 5-word shingles (minhash npm)', packageMinHash, { maxTime: 3, minSamples: 3 })
  .on('cycle', (event: Benchmark.Event) => {
    const b = event.target as unknown as Benchmark;
    const docsPerSecond = b.hz ?? 0;
    results.set(b.name ?? '', docsPerSecond);
    console.log(
      `${(b.name ?? '').padEnd(50)} ${docsPerSecond.toFixed(0).padStart(8)} docs/s ` +
        `${((docsPerSecond * BYTES) / 1e6).toFixed(1).padStart(7)} MB/s  ±${b.stats.rme.toFixed(1)}%  (${b.stats.sample.length} samples)`,
    );
  })
  .on('complete', () => {
    const ours = results.get('tokenize + MinHash 128, 5-word shingles (ours)')!;
    const pkg = results.get('MinHash 128, 5-word shingles (minhash npm)')!;
    console.log(`\narticles: ${ARTICLES.length}, mean ${BYTES.toFixed(0)} bytes; single thread, Node ${process.version}`);
    console.log(`MinHash speed-up, ours / minhash npm: ${(ours / pkg).toFixed(0)}×`);
  })
  .run();
