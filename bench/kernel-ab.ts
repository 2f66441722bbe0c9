/**
 * The feature kernel of two or more builds side by side, in one process on
 * one core: each round extracts the same documents with every build in
 * turn (the order reversed every other round), so that the machine's drift
 * falls on all alike. Prints each build's speed and the median over rounds
 * of each build's speed relative to the first's.
 *
 *   taskset -c 1 node dist/bench/kernel-ab.js FILE.jsonl DOCS ROOT_A ROOT_B …
 *
 * ROOT is a checkout with its dist/ built (a git worktree of another commit).
 */
import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createInterface } from 'node:readline';

const ROUNDS = 12;
/** Rounds left out while each build's code warms up. */
const WARM_UP = 2;
/** Longer texts (the heavy archive's huge pages) would dominate the rounds. */
const MAX_CHARS = 100_000;

interface Build {
  root: string;
  extract(texts: readonly string[]): void;
  times: number[];
}

async function loadBuild(root: string): Promise<Build> {
  const at = (path: string) => pathToFileURL(resolve(root, 'dist', path)).href;
  const { FeatureExtractor } = await import(at('src/features/extract.js'));
  const { BatchBuilder } = await import(at('src/features/batch.js'));
  const extractor = new FeatureExtractor();
  return {
    root,
    times: [],
    extract(texts) {
      const builder = new BatchBuilder(texts.length, extractor.numPerm);
      for (const text of texts) extractor.extract(text, undefined, builder);
      builder.finish();
    },
  };
}

/** The first `count` texts of a JSONL file under MAX_CHARS, reading only as far as they go. */
async function readTexts(file: string, count: number): Promise<string[]> {
  const texts: string[] = [];
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const text = (JSON.parse(line) as { text?: unknown }).text;
    if (typeof text === 'string' && text.length < MAX_CHARS) texts.push(text);
    if (texts.length === count) break;
  }
  lines.close();
  return texts;
}

const [file, docs, ...roots] = process.argv.slice(2);
if (file === undefined || !(Number(docs) > 0) || roots.length < 1) {
  console.error('usage: node dist/bench/kernel-ab.js FILE.jsonl DOCS ROOT_A [ROOT_B …]');
  process.exit(2);
}
const texts = await readTexts(file, Number(docs));
const chars = texts.reduce((sum, t) => sum + t.length, 0);
const builds: Build[] = [];
for (const root of roots) builds.push(await loadBuild(root));
for (let round = 0; round < ROUNDS; round++) {
  for (const build of round % 2 === 0 ? builds : [...builds].reverse()) {
    const t0 = performance.now();
    build.extract(texts);
    build.times.push(performance.now() - t0);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
console.log(`${texts.length} documents, ${(chars / 1e6).toFixed(1)} M characters, ${ROUNDS - WARM_UP} rounds after ${WARM_UP}`);
const first = builds[0].times.slice(WARM_UP);
for (const build of builds) {
  const times = build.times.slice(WARM_UP);
  const speed = (ms: number) => (chars / ms / 1000).toFixed(2);
  const relative = median(times.map((t, i) => first[i] / t)).toFixed(3);
  console.log(`${build.root}: ${speed(Math.min(...times))} M chars/s best, ${speed(median(times))} median; speed against ${builds[0].root}: ${relative}`);
}
