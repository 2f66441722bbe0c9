/**
 * One huge page through the whole pipeline on one worker: segmentation must
 * be linear in a document's units, so a 16 MB page of short paragraphs takes
 * seconds, not minutes (docs/segmentation-scale.md).
 *
 *   node dist/bench/huge-page.js [shape] [MB]    # one shape; all three at 16 MB without arguments
 *
 * Shapes:
 * - `alpha`: "alpha\n\n" over and over (every window alike, every gap flat);
 * - `words`: "word{i % 50} other words\n\n" (cohesion rising and falling every 50 lines);
 * - `articles`: the sample corpus's articles one after another, again and
 *   again, with a tenth of the words swapped for other words of the corpus,
 *   so no line repeats and the paragraphs read like news.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORPUS } from '../test/fixtures/paths.js';
import { mulberry32 } from '../test/fixtures/random.js';
import { CACHE_DIR } from './archive-file.js';
import { runPipelineChild, type PipelineRun } from './pipeline.js';

export const HUGE_PAGE_SHAPES = ['alpha', 'words', 'articles'] as const;
export type HugePageShape = (typeof HUGE_PAGE_SHAPES)[number];

/** A page of the shape, as long as fits in `chars` characters (whole paragraphs only). */
export function hugePage(shape: HugePageShape, chars: number, seed = 1): string {
  const paragraphs = paragraphSource(shape, seed);
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; ; i++) {
    const p = paragraphs(i);
    if (length + p.length > chars) break;
    parts.push(p);
    length += p.length;
  }
  return parts.join('');
}

function paragraphSource(shape: HugePageShape, seed: number): (i: number) => string {
  if (shape === 'alpha') return () => 'alpha\n\n';
  if (shape === 'words') return (i) => `word${i % 50} other words\n\n`;
  const random = mulberry32(seed);
  const articles = readdirSync(CORPUS)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => readFileSync(join(CORPUS, f), 'utf8'));
  const paragraphs = articles.flatMap((a) => a.split(/\n\s*\n/).filter((p) => p.trim() !== ''));
  const vocabulary = [...new Set(articles.join(' ').split(/\s+/).filter((w) => /^\p{L}+$/u.test(w)))].sort();
  return (i) => {
    const words = paragraphs[i % paragraphs.length].split(' ');
    for (let w = 0; w < words.length; w++) if (random() < 0.1) words[w] = vocabulary[Math.floor(random() * vocabulary.length)];
    return words.join(' ') + '\n\n';
  };
}

export interface HugePageRun {
  shape: HugePageShape;
  chars: number;
  run: PipelineRun;
}

/** Writes the page to the bench cache (once) and times `analyze` on it in a fresh process, one worker. */
export async function timeHugePage(shape: HugePageShape, megabytes = 16): Promise<HugePageRun> {
  mkdirSync(CACHE_DIR, { recursive: true });
  const path = join(CACHE_DIR, `huge-page-${shape}-${megabytes}MiB.txt`);
  const text = hugePage(shape, megabytes * 2 ** 20);
  writeFileSync(path, text);
  return { shape, chars: text.length, run: await runPipelineChild(path, 1, 'full') };
}

/** "huge page 16 MB (alpha): 8.2 s, peak RSS 0.70 GiB (features 7.9 s, …)" */
export function describeHugePage(h: HugePageRun): string {
  const stages = h.run.stages.map((s) => `${s.stage} ${s.seconds.toFixed(1)} s`).join(', ');
  return (
    `huge page ${Math.round(h.chars / 2 ** 20)} MB (${h.shape}): ${h.run.seconds.toFixed(1)} s, peak RSS ${(h.run.peakRss / 2 ** 30).toFixed(2)} GiB ` +
    `(one worker; ${stages}; ${h.run.summary?.events ?? 0} events)`
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [shape, megabytes] = process.argv.slice(2);
  const shapes = shape === undefined ? HUGE_PAGE_SHAPES : [shape as HugePageShape];
  for (const s of shapes) {
    if (!HUGE_PAGE_SHAPES.includes(s)) throw new Error(`shape must be one of ${HUGE_PAGE_SHAPES.join(', ')}`);
    console.log(describeHugePage(await timeHugePage(s, megabytes === undefined ? 16 : Number(megabytes))));
  }
}
