/**
 * `npm run bench`: kernels, the whole pipeline on a generated archive, and
 * the baselines (ours vs the minhash package, 1 vs 2 workers, N / 2N / 4N
 * documents), printed and written to bench/results/<name>.json.
 *
 *   npm run bench                                # 5,000 documents, everything
 *   npm run bench -- --docs 200000 --skip kernels,baselines
 *   npm run bench:large                          # 1,000,000 documents, pipeline only
 *   npm run bench -- --worker-docs 100000        # 1 vs 2 workers on a larger archive
 *
 * `--skip huge-page` leaves out the three 16 MB single pages (bench/huge-page.ts).
 *
 * Pipeline runs happen in fresh processes (bench/pipeline.ts) on a JSONL
 * archive written once to bench/.cache (bench/archive-file.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '../test/fixtures/paths.js';
import { archiveFile, keyOf, type ArchiveFile } from './archive-file.js';
import { sampleTexts } from './corpus.js';
import { OURS, PACKAGE, kernelsOnEachCore, runKernels, type CoreKernels, type KernelResult } from './kernels.bench.js';
import { runPipelineChild, type PipelineRun } from './pipeline.js';
import { HUGE_PAGE_SHAPES, describeHugePage, timeHugePage, type HugePageRun } from './huge-page.js';
import { measureCores } from './cores.js';
import { runPoolChild } from './pool-run.js';
import { describeSplit, totalCpu } from './thread-cpu.js';
import type { EventClusteringStats } from '../src/types.js';

const KERNEL_SAMPLE = 200;
/** Default size of the 1 vs 2 workers runs (`--worker-docs`). */
const WORKER_BASELINE_DOCS = 20_000;
const TARGETS = { packageRatio: 100, signaturesPerSecond: 20_000, workerRatio: 1.8, scaling4N: 4.4 };

const { values: args } = parseArgs({
  options: {
    docs: { type: 'string', default: '5000' },
    seed: { type: 'string', default: '1' },
    workers: { type: 'string', default: String(availableParallelism()) },
    name: { type: 'string' },
    skip: { type: 'string', default: '' },
    'worker-docs': { type: 'string', default: String(WORKER_BASELINE_DOCS) },
  },
});
/** A flag's value as a whole number of at least `least`, or a usage error (exit 2). */
function wholeNumber(flag: string, value: string, least: number): number {
  const n = Number(value);
  if (Number.isInteger(n) && n >= least) return n;
  console.error(`bench: --${flag} must be a whole number of at least ${least}, got "${value}"`);
  process.exit(2);
}
const docs = wholeNumber('docs', args.docs, 1);
const seed = wholeNumber('seed', args.seed, 0);
const workers = wholeNumber('workers', args.workers, 1);
const workerDocs = wholeNumber('worker-docs', args['worker-docs'], 1);
const skip = new Set(args.skip.split(',').filter(Boolean));
const name = args.name ?? `bench-${docs}`;

const mb = (bytes: number) => bytes / 1e6;
const gib = (bytes: number) => (bytes / 2 ** 30).toFixed(2);
const int = (x: number) => Math.round(x).toLocaleString('en-US');
const print = (line = '') => console.log(line);
const verdict = (met: boolean) => (met ? 'met' : 'NOT met');
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

function describeArchive(a: ArchiveFile): string {
  const s = a.stats;
  const made = a.generateSeconds > 0 ? `generated in ${a.generateSeconds.toFixed(1)} s` : 'cached';
  return (
    `${int(s.docs)} docs (${int(s.articles)} articles, ${int(s.reprints)} reprints, ${int(s.bundles)} bundles; ${int(s.events)} events), ` +
    `${mb(a.bytes).toFixed(1)} MB JSONL, mean ${int(s.chars / s.docs)} chars; ${basename(a.path)} (${made})`
  );
}

/** The run scored against the generator's answer key (bench/truth.ts). */
/** The event stage's candidate graph and blocks (see EventClusteringStats). */
function eventClusteringLine(s: EventClusteringStats): string {
  return (
    `event clustering: ${int(s.candidatePairs)} candidate pairs, ${int(s.edges)} within the cut; ${int(s.blocks)} blocks, ` +
    `largest ${int(s.largestBlock)}, ${int(s.sparseBlocks)} on the sparse graph; ${int(s.blockPairs)} distances inside dense blocks`
  );
}

function describeQuality(run: PipelineRun): string {
  const q = run.quality;
  if (q === undefined) return 'quality: not scored';
  const f3 = (x: number) => x.toFixed(3);
  return (
    `quality against the generator's key: events B3 F1 ${f3(q.events.f1)} (P ${f3(q.events.precision)}, R ${f3(q.events.recall)}); ` +
    `reprints found ${f3(q.reprintRecall)}, false copy pairs ${int(q.falseCopyPairs)}; ` +
    `bundle flags P ${f3(q.bundles.precision)}, R ${f3(q.bundles.recall)}`
  );
}

function printRun(run: PipelineRun, fileBytes: number): void {
  print(`${'stage'.padEnd(22)}${'seconds'.padStart(9)}${'docs/s'.padStart(10)}${'MB/s'.padStart(8)}${'peak RSS'.padStart(11)}`);
  const row = (label: string, seconds: number, rss: number) =>
    print(
      `${label.padEnd(22)}${seconds.toFixed(2).padStart(9)}${int(run.docs / seconds).padStart(10)}` +
        `${(mb(fileBytes) / seconds).toFixed(1).padStart(8)}${(gib(rss) + ' GiB').padStart(11)}`,
    );
  for (const s of run.stages) row(s.stage === 'features' ? 'features (+ ingest)' : s.stage, s.seconds, s.peakRss);
  row('total', run.seconds, run.peakRss);
}

const report: Record<string, unknown> = {
  name,
  date: new Date().toISOString(),
  node: process.version,
  cpus: `${availableParallelism()} × ${cpus()[0]?.model ?? 'unknown'}`,
  docs,
  seed,
  workers,
};
print(`storyline bench · Node ${process.version} · ${report.cpus as string} · ${docs.toLocaleString('en-US')} docs, ${workers} workers`);
print(`load average at start: ${load()} (other processes on these cores slow every figure below)`);
report.loadAtStart = loadavg();

let kernelResults: KernelResult[] = [];
if (!skip.has('kernels')) {
  const sample = sampleTexts(KERNEL_SAMPLE, seed);
  const mean = sample.reduce((s, t) => s + t.length, 0) / sample.length;
  print(`\nKernels: benchmark package, one thread, the first ${KERNEL_SAMPLE} archive documents (mean ${int(mean)} chars)`);
  const perCore = await kernelsOnEachCore(KERNEL_SAMPLE, seed, print);
  if (perCore === undefined) {
    print('(not pinned: taskset unavailable; one process, on whichever core it lands)');
    kernelResults = runKernels(sample, print);
  } else {
    // The baselines read the core where our signatures ran fastest: the speed of the code, not of the host's other load.
    const speed = (c: CoreKernels) => c.results.find((k) => k.name === OURS)?.docsPerSecond ?? 0;
    const fastest = perCore.reduce((a, b) => (speed(b) > speed(a) ? b : a));
    print(`(each core in a process pinned to it; the baselines below read core ${fastest.core}, where our signatures ran fastest)`);
    kernelResults = fastest.results;
    report.kernelsPerCore = perCore;
  }
  report.kernels = kernelResults;
}

const archive = archiveFile(docs, seed);
print(`\nArchive: ${describeArchive(archive)}`);
keyOf(archive, docs); // the answer key, generated now for caches that predate it, never during a timed run
const main = await runPipelineChild(archive.path, workers, 'full', archive.keyPath);
print(`\nPipeline: analyze(path) on the JSONL file, ${workers} workers (MB/s of JSONL input)`);
printRun(main, archive.bytes);
print(`peak RSS is the whole process: main thread, ${workers} worker threads (features, segments, then events) and the RSS sampler thread.`);
print(`worker heap (V8, used, peak per worker, from process.report every 5 s of the features stage): ${main.workerHeapPeaks.map((b) => (b / 2 ** 20).toFixed(0) + ' MiB').join(', ') || 'not sampled (stage under 1 s)'}`);
print(
  `result: ${int(main.summary!.documents)} documents, ${int(main.summary!.nearDuplicateGroups)} near-duplicate groups, ` +
    `${int(main.summary!.events)} events, ${int(main.summary!.bundles)} bundles`,
);
print(eventClusteringLine(main.summary!.eventClustering));
print(describeQuality(main));
report.archive = archive;
report.pipeline = main;

if (!skip.has('huge-page')) {
  print('\nHuge pages: one 16 MB document of one-line paragraphs, whole pipeline, one worker (bench/huge-page.ts)');
  const huge: HugePageRun[] = [];
  for (const shape of HUGE_PAGE_SHAPES) {
    huge.push(await timeHugePage(shape));
    print(describeHugePage(huge[huge.length - 1]));
  }
  report.hugePages = huge;
}

if (!skip.has('baselines')) {
  print('\nBaselines (ratios from this run)');
  const baselines: Record<string, unknown> = {};
  const ours = kernelResults.find((k) => k.name === OURS);
  const pkg = kernelResults.find((k) => k.name === PACKAGE);
  if (ours && pkg) {
    const ratio = ours.docsPerSecond / pkg.docsPerSecond;
    baselines.signatures = { ours: ours.docsPerSecond, minhashPackage: pkg.docsPerSecond, ratio };
    print(
      `signatures, ours / minhash npm (same ${KERNEL_SAMPLE} docs, one thread): ${ratio.toFixed(0)}× ` +
        `(${int(ours.docsPerSecond)} vs ${int(pkg.docsPerSecond)} docs/s; targets ≥ ${TARGETS.packageRatio}× and ≥ ${int(TARGETS.signaturesPerSecond)} docs/s: ` +
        `${verdict(ratio >= TARGETS.packageRatio && ours.docsPerSecond >= TARGETS.signaturesPerSecond)})`,
    );
  }

  // Costs each worker pays once (start-up, and running its code unoptimised until V8 has compiled it) would
  // blur the ratio on a small archive, and with 2 workers each pays them: at least `workerDocs` documents.
  const workerArchive = docs === workerDocs ? archive : archiveFile(workerDocs, seed);
  const one = await runPipelineChild(workerArchive.path, 1, 'features');
  const two = await runPipelineChild(workerArchive.path, 2, 'features');
  const workerRatio = one.seconds / two.seconds;
  baselines.workers = { docs: one.docs, oneWorkerSeconds: one.seconds, twoWorkerSeconds: two.seconds, ratio: workerRatio };
  print(
    `features stage (+ ingest), ${int(one.docs)} docs, 2 workers / 1 worker: ${workerRatio.toFixed(2)}× ` +
      `(${one.seconds.toFixed(2)} s vs ${two.seconds.toFixed(2)} s; target ≥ ${TARGETS.workerRatio}×: ${verdict(workerRatio >= TARGETS.workerRatio)})`,
  );
  if (one.cpu && two.cpu) {
    print(`  CPU seconds by thread (/proc), 1 worker: ${describeSplit(one.cpu)}; 2 workers: ${describeSplit(two.cpu)}`);
    print(`  (other threads: V8's optimizing compiler and GC helpers, which every worker keeps busy for its own code and heap)`);
    const busy = totalCpu(one.cpu) / one.seconds;
    const bound = (availableParallelism() * one.seconds) / totalCpu(one.cpu);
    baselines.workersCpu = { one: one.cpu, two: two.cpu, coresBusyWithOne: busy, bound };
    print(
      `  1 worker kept ${busy.toFixed(2)} cores busy; 2 workers need at least the same CPU, so on ${availableParallelism()} cores ` +
        `they can be at most ${bound.toFixed(2)}× one worker unless the total CPU falls`,
    );
  }
  const poolOne = await runPoolChild(workerArchive.path, 1, workerDocs);
  const poolTwo = await runPoolChild(workerArchive.path, 2, workerDocs);
  const poolRatio = poolOne.seconds / poolTwo.seconds;
  baselines.pool = { docs: poolOne.docs, oneWorkerSeconds: poolOne.seconds, twoWorkerSeconds: poolTwo.seconds, ratio: poolRatio };
  print(
    `feature workers alone (lines in memory: no reading on the main thread), ${int(poolOne.docs)} docs, 2 workers / 1 worker: ${poolRatio.toFixed(2)}× ` +
      `(${poolOne.seconds.toFixed(2)} s vs ${poolTwo.seconds.toFixed(2)} s; ${int(poolTwo.docs / poolTwo.seconds)} docs/s with 2)`,
  );

  const cores = await measureCores();
  baselines.cores = cores;
  print(
    cores.docsPerSecond === undefined
      ? `per-core speed: not measured (${cores.skipped})`
      : `per-core speed, the feature kernel in a process pinned to each core (taskset): one core at a time ` +
          `${cores.docsPerSecond.map((x, core) => `core ${core} ${int(x)}`).join(', ')} docs/s (sum / fastest ${cores.ceiling!.toFixed(2)}×); ` +
          `all at once ${cores.together!.map((x, core) => `core ${core} ${int(x)}`).join(', ')} docs/s; ` +
          `so ${cores.docsPerSecond.length} workers can reach at most ${cores.ceilingTogether!.toFixed(2)}× one worker on this machine now`,
  );

  const scaled = [main];
  for (const factor of [2, 4]) {
    const a = archiveFile(docs * factor, seed);
    print(`  archive ${factor}N: ${describeArchive(a)}`);
    keyOf(a, docs * factor);
    const run = await runPipelineChild(a.path, workers, 'full', a.keyPath);
    scaled.push(run);
    print(`  ${factor}N: ${run.stages.map((st) => `${st.stage} ${st.seconds.toFixed(1)} s`).join(', ')}; total ${run.seconds.toFixed(1)} s, peak RSS ${gib(run.peakRss)} GiB`);
    print(`  ${describeQuality(run)}`);
  }
  const ratios = scaled.map((r) => r.seconds / main.seconds);
  baselines.scaling = scaled.map((r, i) => ({ docs: r.docs, seconds: r.seconds, peakRss: r.peakRss, ratio: ratios[i], stages: r.stages }));
  print(
    `scaling, whole pipeline, N = ${int(docs)} / 2N / 4N: 1 : ${ratios[1].toFixed(2)} : ${ratios[2].toFixed(2)} ` +
      `(${scaled.map((r) => r.seconds.toFixed(1) + ' s').join(', ')}; peak RSS ${scaled.map((r) => gib(r.peakRss)).join(', ')} GiB; ` +
      `target 4N ≤ ${TARGETS.scaling4N}×: ${verdict(ratios[2] <= TARGETS.scaling4N)})`,
  );
  report.baselines = baselines;
}

print(`\nload average at end: ${load()}`);
report.loadAtEnd = loadavg();
const dir = join(repoRoot(), 'bench', 'results');
mkdirSync(dir, { recursive: true });
const out = join(dir, `${name}.json`);
writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
print(`\nwritten: bench/results/${basename(out)}`);
