/**
 * `npm run bench`: kernels, the whole pipeline on generated archives of two
 * shapes (friendly and heavy-tailed, side by side), N reports of one event,
 * and the baselines (ours vs the minhash package, 1 vs 2 workers, N / 2N /
 * 4N documents), printed and written to bench/results/<name>.json.
 *
 *   npm run bench                                # 5,000 documents, everything
 *   npm run bench -- --shape heavy --docs 20000 --skip kernels,baselines
 *   npm run bench -- --single-event 2000,5000 --skip kernels,baselines,shapes
 *   npm run bench -- --docs 200000 --skip kernels,baselines
 *   npm run bench:large                          # 1,000,000 documents, pipeline only
 *   npm run bench -- --worker-docs 100000        # 1 vs 2 workers on a larger archive
 *
 * `--skip huge-page` leaves out the three 16 MB single pages (bench/huge-page.ts),
 * `--skip many-files` the folder of 100,000 small files (bench/many-files.ts),
 * `--skip dedup` dedup vs datasketch (bench/dedup.ts; `--dedup-docs N`, default 20,000),
 * `--skip html` the HTML report's size and first view in Chromium (bench/html-report.ts; `--html-docs N`, default 20,000).
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
import { FIXED_GROUP, type HeavyStats } from './heavy-corpus.js';
import type { ArchiveShape } from './shapes.js';
import { OURS, PACKAGE, kernelsOnEachCore, runKernels, type CoreKernels, type KernelResult } from './kernels.bench.js';
import { runPipelineChild, type PipelineRun } from './pipeline.js';
import { HUGE_PAGE_SHAPES, describeHugePage, timeHugePage, type HugePageRun } from './huge-page.js';
import { describeManyFiles, timeManyFiles } from './many-files.js';
import { nearDupSuite, runDatasketch, runDedupChild } from './dedup.js';
import { describeHtmlReport, timeHtmlReport } from './html-report.js';
import { evalDataDir } from '../src/eval/data.js';
import { scoreCopyGroups } from './truth.js';

/** Files in the many-small-files check. */
const MANY_FILES = 100_000;
import { measureCores } from './cores.js';
import { runPoolChild } from './pool-run.js';
import { describeSplit, totalCpu } from './thread-cpu.js';
import type { EventClusteringStats } from '../src/types.js';

const KERNEL_SAMPLE = 200;
/** Default size of the 1 vs 2 workers runs (`--worker-docs`). */
const WORKER_BASELINE_DOCS = 20_000;
/** Default size of the HTML report's archive (`--html-docs`). */
const HTML_DOCS = 20_000;
/** Default size of the dedup vs datasketch archive (`--dedup-docs`). */
const DEDUP_DOCS = 20_000;
const TARGETS = { packageRatio: 100, signaturesPerSecond: 20_000, workerRatio: 1.8, scaling4N: 4.4, dedupDocsPerSecond: 20_000, dedupRatio: 40 };

/** Why the eval's labelled data cannot be read here (`evalDataDir` throws when it is missing): the bench says so and goes on. */
function noEvalData(): string {
  try {
    return `no ECB+ data at ${evalDataDir()}`;
  } catch (e) {
    return (e as Error).message;
  }
}

/** What `--skip` can leave out. */
const SKIPPABLE = ['kernels', 'baselines', 'shapes', 'single-event', 'huge-page', 'many-files', 'dedup', 'html'];

const USAGE = `usage: npm run bench -- [--docs N] [--seed S] [--workers W] [--shape friendly|heavy|both] [--skip LIST] [--name NAME]
                     [--single-event N,N,...|none] [--worker-docs N] [--dedup-docs N] [--html-docs N]
  --skip takes a comma-separated list of: ${SKIPPABLE.join(', ')}
  (see the comment at the top of bench/run.ts and docs/performance.md)`;

/** The command line, or the usage on stdout (--help, exit 0) or stderr (a bad flag, exit 2). */
function parseCommandLine() {
  try {
    const parsed = parseArgs({
      options: {
        docs: { type: 'string', default: '5000' },
        seed: { type: 'string', default: '1' },
        workers: { type: 'string', default: String(availableParallelism()) },
        name: { type: 'string' },
        skip: { type: 'string', default: '' },
        shape: { type: 'string', default: 'both' },
        'single-event': { type: 'string', default: '2000,5000,20000' },
        'worker-docs': { type: 'string', default: String(WORKER_BASELINE_DOCS) },
        'dedup-docs': { type: 'string', default: String(DEDUP_DOCS) },
        'html-docs': { type: 'string', default: String(HTML_DOCS) },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (parsed.values.help) {
      console.log(USAGE);
      process.exit(0);
    }
    return parsed;
  } catch (e) {
    console.error(`bench: ${(e as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}
const { values: args } = parseCommandLine();
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
const dedupDocs = wholeNumber('dedup-docs', args['dedup-docs'], 1);
const htmlDocs = wholeNumber('html-docs', args['html-docs'], 1);
const skip = new Set(args.skip.split(',').map((part) => part.trim()).filter(Boolean));
for (const part of skip) {
  if (SKIPPABLE.includes(part)) continue;
  console.error(`bench: --skip takes ${SKIPPABLE.join(', ')}; got "${part}"`);
  process.exit(2);
}
if (!['friendly', 'heavy', 'both'].includes(args.shape)) {
  console.error(`bench: --shape must be friendly, heavy or both, got "${args.shape}"`);
  process.exit(2);
}
const shapes: ArchiveShape[] = skip.has('shapes') ? [] : args.shape === 'both' ? ['friendly', 'heavy'] : [args.shape as ArchiveShape];
/** Sizes of the single-event archives (`--single-event 2000,5000`; `none` or `--skip single-event` for none). */
const singleEventSizes =
  skip.has('single-event') || args['single-event'] === 'none' ? [] : args['single-event'].split(',').map((n) => wholeNumber('single-event', n.trim(), 1));
const name = args.name ?? (args.shape === 'both' ? `bench-${docs}` : `bench-${docs}-${args.shape}`);

const mb = (bytes: number) => bytes / 1e6;
const gib = (bytes: number) => (bytes / 2 ** 30).toFixed(2);
const int = (x: number) => Math.round(x).toLocaleString('en-US');
const print = (line = '') => console.log(line);
const verdict = (met: boolean) => (met ? 'met' : 'NOT met');
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

function describeArchive(a: ArchiveFile): string {
  const s = a.stats;
  const made = a.generateSeconds > 0 ? `generated in ${a.generateSeconds.toFixed(1)} s` : 'cached';
  const file = `${mb(a.bytes).toFixed(1)} MB JSONL, mean ${int(s.chars / s.docs)} chars; ${basename(a.path)} (${made})`;
  if (a.shape === 'single-event') return `${int(s.docs)} docs: reports of one event among articles of events of their own, ${file}`;
  if (!('briefs' in s)) return `${int(s.docs)} docs (${int(s.articles)} articles, ${int(s.reprints)} reprints, ${int(s.bundles)} bundles; ${int(s.events)} events), ${file}`;
  const h = s as HeavyStats;
  return (
    `${int(h.docs)} docs (${int(h.articles)} articles, ${int(h.briefs)} briefs, ` +
    `${int(h.reprints)} reprints in ${int(h.reprintGroups)} groups, the largest ${int(h.largestGroup)} copies, ${int(h.fixedGroups)} groups of exactly ${FIXED_GROUP} documents, ` +
    `${int(h.bundles)} bundles, ${int(h.hugePages)} huge pages up to ${(h.largestHugeChars / 1e6).toFixed(1)} M chars; ` +
    `${int(h.events)} events, the largest in ${int(h.largestEvent)} docs = ${((100 * h.largestEvent) / h.docs).toFixed(1)}%), ${file}`
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

const f3 = (x: number) => x.toFixed(3);

function describeQuality(run: PipelineRun): string {
  const q = run.quality;
  if (q === undefined) return 'quality: not scored';
  return (
    `quality against the generator's key: events B3 F1 ${f3(q.events.f1)} (P ${f3(q.events.precision)}, R ${f3(q.events.recall)}); ` +
    `copy pairs F1 ${f3(q.copyPairs.f1)} (P ${f3(q.copyPairs.precision)}, R ${f3(q.copyPairs.recall)}), reprints found ${f3(q.reprintRecall)}, false copy pairs ${int(q.falseCopyPairs)}; ` +
    `bundle flags P ${f3(q.bundles.precision)}, R ${f3(q.bundles.recall)}; ` +
    `the largest event (${int(q.largestEvent.docs)} docs) found as ${int(q.largestEvent.pieces)} events, the biggest holding ${int(q.largestEvent.largestPiece)}`
  );
}

/** The shapes side by side: one row per pipeline run. */
function printShapes(runs: { shape: ArchiveShape; archive: ArchiveFile; run: PipelineRun }[]): void {
  const cols: [string, number][] = [['shape', 10], ['docs', 10], ['seconds', 9], ['docs/s', 8], ['MB/s', 7], ['peak RSS', 10], ['events B3 P', 12], ['R', 7], ['F1', 7], ['near-dup F1', 12], ['bundle F1', 10]];
  const line = (cells: string[]) => print(cells.map((c, i) => (i === 0 ? c.padEnd(cols[i][1]) : c.padStart(cols[i][1]))).join(''));
  line(cols.map(([c]) => c));
  for (const { shape, archive, run } of runs) {
    const q = run.quality;
    const score = (x: number | undefined) => (x === undefined ? '-' : f3(x));
    line([
      shape,
      int(run.docs),
      run.seconds.toFixed(2),
      int(run.docs / run.seconds),
      (mb(archive.bytes) / run.seconds).toFixed(1),
      `${gib(run.peakRss)} GiB`,
      score(q?.events.precision),
      score(q?.events.recall),
      score(q?.events.f1),
      score(q?.copyPairs.f1),
      score(q?.bundles.f1),
    ]);
  }
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

const runs: { shape: ArchiveShape; archive: ArchiveFile; run: PipelineRun }[] = [];
for (const shape of shapes) {
  const archive = archiveFile(docs, seed, shape);
  print(`\nArchive (${shape}): ${describeArchive(archive)}`);
  keyOf(archive, docs); // the answer key, generated now for caches that predate it, never during a timed run
  const run = await runPipelineChild(archive.path, workers, 'full', archive.keyPath);
  print(`\nPipeline (${shape}): analyze(path) on the JSONL file, ${workers} workers (MB/s of JSONL input)`);
  printRun(run, archive.bytes);
  print(`peak RSS is the whole process: main thread, ${workers} worker threads (features, segments, then events) and the RSS sampler thread.`);
  print(`worker heap (V8, used, peak per worker, from process.report every 5 s of the features stage): ${run.workerHeapPeaks.map((b) => (b / 2 ** 20).toFixed(0) + ' MiB').join(', ') || 'not sampled (stage under 1 s)'}`);
  print(
    `result: ${int(run.summary!.documents)} documents, ${int(run.summary!.nearDuplicateGroups)} near-duplicate groups, ` +
      `${int(run.summary!.events)} events (largest ${int(run.largestEvent ?? 0)} members), ${int(run.summary!.bundles)} bundles`,
  );
  print(eventClusteringLine(run.summary!.eventClustering));
  print(describeQuality(run));
  runs.push({ shape, archive, run });
}
report.runs = runs;
if (runs.length > 0) {
  print(`\nShapes side by side (${workers} workers; MB/s of JSONL input; events B-cubed over articles, briefs and reprints; near-dup F1 over pairs of copies of one article; bundle F1 over bundle flags, huge pages left out)`);
  printShapes(runs);
}

if (singleEventSizes.length > 0) {
  print(
    `\nOne event, N independently worded reports, among as many articles of events of their own (so that the event's words are not in every document); ` +
      `events found = the events its N reports fall into (target: 1); bundle flags: none of its documents is a bundle, so every flag is false; ${workers} workers`,
  );
  const cols: [string, number][] = [['reports', 10], ['docs', 10], ['events found', 14], ['biggest', 10], ['all events', 12], ['bundle flags', 14], ['largest block', 15], ['sparse blocks', 14], ['seconds', 9], ['peak RSS', 10]];
  const line = (cells: string[]) => print(cells.map((c, i) => c.padStart(cols[i][1])).join(''));
  line(cols.map(([c]) => c));
  const singles: unknown[] = [];
  for (const n of singleEventSizes) {
    const archive = archiveFile(n, seed, 'single-event');
    keyOf(archive, n);
    const run = await runPipelineChild(archive.path, workers, 'full', archive.keyPath);
    singles.push({ reports: n, archive, run });
    const found = run.quality!.largestEvent;
    const c = run.summary!.eventClustering;
    line([int(n), int(run.docs), int(found.pieces), int(found.largestPiece), int(run.summary!.events), int(run.summary!.bundles), int(c.largestBlock), int(c.sparseBlocks), run.seconds.toFixed(2), `${gib(run.peakRss)} GiB`]);
  }
  report.singleEvent = singles;
}

if (!skip.has('huge-page')) {
  print('\nHuge pages: one 16 MB document of one-line paragraphs, whole pipeline, one worker (bench/huge-page.ts)');
  const huge: HugePageRun[] = [];
  for (const shape of HUGE_PAGE_SHAPES) {
    huge.push(await timeHugePage(shape));
    print(describeHugePage(huge[huge.length - 1]));
  }
  report.hugePages = huge;
}

if (!skip.has('many-files')) {
  print(`\nMany small files: a folder of ${int(MANY_FILES)} one-line notes, whole pipeline, ${workers} workers (bench/many-files.ts)`);
  const many = await timeManyFiles(MANY_FILES, workers);
  print(describeManyFiles(many));
  report.manyFiles = many;
  if (!many.accounted) process.exitCode = 1;
}

if (!skip.has('dedup')) {
  const archive = archiveFile(dedupDocs, seed);
  print(`\nDedup: storyline dedup FILE -o kept.jsonl (read → kept file, ${workers} workers) vs datasketch (MinHash.update_batch + MinHashLSH, ../shared/peers) on one file`);
  print(`  archive: ${describeArchive(archive)}`);
  const key = keyOf(archive, dedupDocs);
  const outDir = join(repoRoot(), 'bench', '.cache', 'dedup-out');
  const ours = await runDedupChild(archive.path, workers, outDir);
  const ourScore = scoreCopyGroups(ours.groups, key);
  const oursRate = dedupDocs / ours.seconds;
  const copyLine = (s: ReturnType<typeof scoreCopyGroups>, groups: number) =>
    `${int(groups)} groups; copy pairs F1 ${f3(s.copyPairs.f1)} (P ${f3(s.copyPairs.precision)}, R ${f3(s.copyPairs.recall)}), false copy pairs ${int(s.falseCopyPairs)}`;
  print(
    `  ours:       ${ours.seconds.toFixed(2)} s, ${int(oursRate)} docs/s, ${(mb(archive.bytes) / ours.seconds).toFixed(1)} MB/s, peak RSS ${gib(ours.peakRss)} GiB; ` +
      `${copyLine(ourScore, ours.groups.length)} (target ≥ ${int(TARGETS.dedupDocsPerSecond)} docs/s: ${verdict(oursRate >= TARGETS.dedupDocsPerSecond)})`,
  );
  const peer = runDatasketch(archive.path, outDir);
  const dedupReport: Record<string, unknown> = { docs: dedupDocs, ours: { ...ours, groups: ours.groups.length, quality: ourScore } };
  if ('skipped' in peer) print(`  datasketch: not run: ${peer.skipped}`);
  else {
    const peerSeconds = peer.read_s + peer.total_s;
    const peerScore = scoreCopyGroups(peer.groups, key);
    print(
      `  datasketch: ${peerSeconds.toFixed(2)} s (read ${peer.read_s.toFixed(2)} + signatures ${peer.signatures_s.toFixed(2)} + LSH ${peer.lsh_insert_s.toFixed(2)} + query ${peer.query_s.toFixed(2)}), ` +
        `${int(dedupDocs / peerSeconds)} docs/s; ${copyLine(peerScore, peer.groups.length)}`,
    );
    const ratio = peerSeconds / ours.seconds;
    print(`  ours / datasketch, end to end: ${ratio.toFixed(1)}× (target ≥ ${TARGETS.dedupRatio}×: ${verdict(ratio >= TARGETS.dedupRatio)}); copy pairs F1 ${f3(ourScore.copyPairs.f1)} vs ${f3(peerScore.copyPairs.f1)}`);
    dedupReport.datasketch = { ...peer, groups: peer.groups.length, quality: peerScore };
    dedupReport.ratio = ratio;
  }
  const suite = nearDupSuite(outDir);
  if (suite === undefined) print(`  the eval's near-duplicate suite: not run (${noEvalData()})`);
  else {
    const oursOnSuite = await runDedupChild(suite.file, workers, outDir);
    const ourPairs = suite.score(oursOnSuite.groups);
    const peerOnSuite = runDatasketch(suite.file, outDir);
    const pairs = (p: typeof ourPairs) => `pair F1 ${f3(p.f1)} (P ${f3(p.precision)}, R ${f3(p.recall)})`;
    const peerLine = 'skipped' in peerOnSuite ? `datasketch not run: ${peerOnSuite.skipped}` : `datasketch ${pairs(suite.score(peerOnSuite.groups))}`;
    print(`  the eval's near-duplicate suite (ECB+ dev, ${int(suite.docs)} docs: reprints at five edit levels, pages), threshold 0.6: ours ${pairs(ourPairs)}; ${peerLine}`);
    dedupReport.nearDupSuite = { ours: ourPairs, datasketch: 'skipped' in peerOnSuite ? peerOnSuite : suite.score(peerOnSuite.groups) };
  }
  report.dedup = dedupReport;
}

if (!skip.has('html')) {
  const archive = archiveFile(htmlDocs, seed);
  print(`\nHTML report: storyline cluster FILE -f html -o report.html (${workers} workers), its size, and Chromium's first view (bench/html-report.ts)`);
  const html = await timeHtmlReport(archive.path, htmlDocs, workers);
  print(describeHtmlReport(html, verdict));
  report.htmlReport = html;
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
  const workerArchive = archiveFile(workerDocs, seed);
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

  const scaling: Record<string, unknown> = {};
  for (const { shape, run: main } of runs) {
    const scaled = [main];
    for (const factor of [2, 4]) {
      const a = archiveFile(docs * factor, seed, shape);
      print(`  archive (${shape}) ${factor}N: ${describeArchive(a)}`);
      keyOf(a, docs * factor);
      const run = await runPipelineChild(a.path, workers, 'full', a.keyPath);
      scaled.push(run);
      print(`  ${factor}N: ${run.stages.map((st) => `${st.stage} ${st.seconds.toFixed(1)} s`).join(', ')}; total ${run.seconds.toFixed(1)} s, peak RSS ${gib(run.peakRss)} GiB`);
      print(`  ${describeQuality(run)}`);
    }
    const ratios = scaled.map((r) => r.seconds / main.seconds);
    scaling[shape] = scaled.map((r, i) => ({ docs: r.docs, seconds: r.seconds, peakRss: r.peakRss, ratio: ratios[i], stages: r.stages }));
    print(
      `scaling (${shape}), whole pipeline, N = ${int(docs)} / 2N / 4N: 1 : ${ratios[1].toFixed(2)} : ${ratios[2].toFixed(2)} ` +
        `(${scaled.map((r) => r.seconds.toFixed(1) + ' s').join(', ')}; peak RSS ${scaled.map((r) => gib(r.peakRss)).join(', ')} GiB; ` +
        `target 4N ≤ ${TARGETS.scaling4N}×: ${verdict(ratios[2] <= TARGETS.scaling4N)})`,
    );
  }
  baselines.scaling = scaling;
  report.baselines = baselines;
}

print(`\nload average at end: ${load()}`);
report.loadAtEnd = loadavg();
const dir = join(repoRoot(), 'bench', 'results');
mkdirSync(dir, { recursive: true });
const out = join(dir, `${name}.json`);
writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
print(`\nwritten: bench/results/${basename(out)}`);
