#!/usr/bin/env node
/**
 * The `storyline` command. Data goes to stdout (or --out), progress and
 * warnings to stderr. Exit codes: 0 success (warnings allowed), 1 some
 * inputs could not be read (listed in `errors`), 2 usage error, 3 the
 * output cannot be written, 141 the reader of stdout went away (as `cat`),
 * 128 + the signal when interrupted (130 Ctrl-C, 143 SIGTERM, 129 SIGHUP).
 */
import { DEFAULT_EVENT_CLUSTERING } from '../events/cluster.js';
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { analyzeForReport, type ReportWants } from '../analyze.js';
import { STDIN_PATHS } from '../ingest/inputs.js';
import { DEFAULT_REPORT_LIMIT, htmlDocumentsShown, htmlTextsWanted } from '../report/html.js';
import { tableSnippetsWanted } from '../report/table.js';
import { StorylineError } from '../errors.js';
import { DEFAULT_OPTIONS, resolveDedupOptions, resolveOptions, type AnalyzeOptions, type DedupOptions } from '../options.js';
import { defaultWorkers } from '../pool/pool.js';
import { FORMATS, formatChunks, type OutputFormat } from '../report/format.js';
import { count } from '../report/count.js';
import { printable } from '../util/printable.js';
import { PACKAGE_ROOT } from '../eval/data.js';
import { SUITES, brokenFloors, floorsRequiredBy, readFloors, runEval, unflooredMetrics, type SuiteName } from '../eval/run.js';
import { formatEvalReport } from '../eval/table.js';
import { abortOnSignals } from './interrupt.js';
import {
  BROKEN_PIPE_EXIT_CODE,
  cannotWrite,
  isBrokenPipe,
  destinationOrExitCode,
  OUTPUT_ERROR_EXIT_CODE,
  OutputError,
  exitCodeOfFailure,
  removeTemporaryFiles,
  writeAtomically,
  writeDestination,
} from './output.js';
import { createProgress } from './progress.js';
import { dedupCommand, type DedupFlags } from './dedup.js';
import { explainCommand, type ExplainFlags } from './explain.js';
import { EXPLAIN_FORMATS } from '../explain/format.js';
import { analyzeOptionsOf, withOptionsJson, type AnalysisFlags } from './corpus-flags.js';
import { KEEP_RULES } from '../neardup/keep.js';
import { skippedLine } from './skipped-line.js';

function numberIn(name: string, min: number, max: number, integer = false) {
  return (value: string): number => {
    const x = Number(value);
    if (value.trim() === '' || Number.isNaN(x) || x < min || x > max || (integer && !Number.isInteger(x))) {
      throw new InvalidArgumentError(`${name} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}.`);
    }
    return x;
  };
}

const NOT_FROM_JSON = ['onProgress', 'signal', 'faultOn'];

/** `--options`: options as a JSON object, checked as the API checks them (`resolve`: `analyze`'s or `dedup`'s). */
function optionsJson(resolve: (options: never) => unknown) {
  return (value: string): AnalyzeOptions & DedupOptions => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch (e) {
      throw new InvalidArgumentError(`--options must be a JSON object: ${(e as Error).message}.`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new InvalidArgumentError('--options must be a JSON object, such as \'{"eventThreshold":0.85}\'.');
    // Functions and test hooks are the API's: the command line sets progress and Ctrl-C itself.
    const notData = Object.keys(parsed).find((name) => NOT_FROM_JSON.includes(name));
    if (notData !== undefined) throw new InvalidArgumentError(`--options: ${notData} is not an option the command line takes${notData === 'faultOn' ? '' : ' (it shows progress and watches Ctrl-C itself)'}.`);
    try {
      resolve(parsed as never);
    } catch (e) {
      if (e instanceof StorylineError) throw new InvalidArgumentError(`--options: ${e.message}.`);
      throw e;
    }
    return parsed as AnalyzeOptions & DedupOptions;
  };
}

const OPTIONS_HELP = 'options other than the defaults, as JSON (as the API takes them), e.g. \'{"events":{"leadNumberPenalty":0.2}}\'';
/** `--options` of cluster and explain (and dedup's, checked as `dedup` checks them); a flag given on the command line wins over the same setting in it. */
const optionsOption = (resolve: (options: never) => unknown = resolveOptions) => new Option('--options <json>', `${OPTIONS_HELP}; a flag given beside it wins`).argParser(optionsJson(resolve));

interface ClusterFlags extends AnalysisFlags {
  format: OutputFormat;
  snippets: boolean;
  documents: boolean;
  limit?: number;
  reportLimit: number;
}

async function cluster(path: string, flags: ClusterFlags): Promise<number> {
  // Before any work: an output that cannot be written is better known before an hour of analysis.
  const destination = await destinationOrExitCode(flags.out);
  if (typeof destination === 'number') return destination;
  const interrupt = abortOnSignals(removeTemporaryFiles);
  if (!flags.quiet) warnAboutWorkers(flags.workers);
  const progress = createProgress(flags.progress && !flags.quiet && process.stderr.isTTY === true, path);
  try {
    let result, texts;
    try {
      ({ result, texts } = await analyzeForReport(path, { ...analyzeOptionsOf(flags, progress, interrupt), snippets: flags.snippets }, reportWants(path, flags)));
    } finally {
      progress.stop();
    }
    // Piece by piece: a large result's text is longer than one string can be.
    const text = formatChunks(result, flags.format, {
      documents: flags.documents,
      limit: flags.limit,
      reportLimit: flags.reportLimit,
      texts,
      terminal: destination.kind === 'stdout' && process.stdout.isTTY === true,
      cut: flags.eventThreshold,
      settings: {
        'near-duplicate threshold': flags.threshold,
        'event threshold': flags.eventThreshold,
        'max days apart': flags.maxDaysApart,
        'shingle size': flags.shingleSize,
      },
    });
    // What reached stdout, a pipe or a device cannot be taken back: there the signals keep their default action (exit at once).
    if (destination.kind === 'file') interrupt.resume();
    const outcome = await writeDestination(destination, flags.out ?? '-', text, interrupt.signal);
    // The reader has gone (`| head`): end quietly, as cat does.
    if (outcome === 'closed') return BROKEN_PIPE_EXIT_CODE;
    for (const e of result.errors) process.stderr.write(`storyline: ${printable(`${e.source}: ${e.code}: ${e.message}`)}\n`);
    const s = result.summary;
    if (!flags.quiet) process.stderr.write(skippedLine(s.skipped));
    if (!flags.quiet) process.stderr.write(
      `storyline: ${count(s.inputs, 'input')} = ${count(s.documents, 'document')} + ${count(s.errors, 'error')}; ` +
        `${count(s.nearDuplicateGroups, 'near-duplicate group')}, ${count(s.events, 'event')}, ${count(s.bundles, 'bundle')}\n`,
    );
    return result.errors.length > 0 ? 1 : 0;
  } catch (err) {
    return exitCodeOfFailure(err, interrupt);
  } finally {
    interrupt.pause();
  }
}

/**
 * What the formats for people show of the texts: the html page its
 * documents' snippets and its bundles' and copies' texts; the table the
 * snippets of the members it names, when the corpus can be read again
 * without keeping it in memory. The others only with --snippets.
 */
function reportWants(path: string, flags: ClusterFlags): ReportWants | undefined {
  if (flags.format === 'html') return (r) => ({ snippets: htmlDocumentsShown(r, flags.reportLimit), texts: htmlTextsWanted(r, flags.reportLimit) });
  if (flags.format === 'table' && !STDIN_PATHS.has(path)) return (r) => ({ snippets: tableSnippetsWanted(r, flags.limit) });
  return undefined;
}

const USAGE_HINT = '(run with --help for usage)';

/** One line when more threads are asked for than there are cores: they only add memory and start-up time. */
function warnAboutWorkers(workers: number | undefined): void {
  const cores = defaultWorkers();
  if (workers !== undefined && workers > cores) {
    process.stderr.write(`storyline: warning: --workers ${workers} is more than the ${cores} cores here; threads beyond ${cores} start only when work waits for them\n`);
  }
}

/** The version in package.json (the one npm installed). */
function packageVersion(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * Commander's error message as one line: `storyline: what is wrong (run
 * with --help for usage)`, with its "option '…' argument '…' is invalid."
 * preamble reduced to the option's name.
 */
export function usageLine(message: string): string {
  let what = message.trim().replace(/^error: /, '').replace(/\s*\n\s*/g, ' ');
  const invalid = /^option '([^']*)' argument '[^']*' is invalid\. (.*)$/s.exec(what);
  if (invalid) {
    const flag = /--[\w-]+/.exec(invalid[1])?.[0] ?? invalid[1];
    const reason = invalid[2];
    what = reason.startsWith('Allowed choices are ') ? `${flag} must be one of ${reason.slice('Allowed choices are '.length)}` : reason;
  }
  return `storyline: ${printable(what.replace(/\.$/, ''))} ${USAGE_HINT}\n`;
}

interface EvalFlags {
  fast: boolean;
  data?: string;
  floors: string;
  results: string;
  workers?: number;
  options?: AnalyzeOptions;
}

async function evaluate(suites: string[], flags: EvalFlags): Promise<number> {
  warnAboutWorkers(flags.workers);
  const chosen = suites.length === 0 || suites.includes('all') ? SUITES : (suites as SuiteName[]);
  // Before the suites run: a floors file that cannot be read is better known before half a minute of work.
  const floors = readFloors(flags.floors);
  const report = await runEval({
    suites: chosen,
    dataDir: flags.data,
    fast: flags.fast,
    analyze: { ...flags.options, workers: flags.workers ?? flags.options?.workers },
    onSuite: (name) => process.stderr.write(`storyline eval: ${name}…\n`),
  });
  let outcome;
  try {
    outcome = await writeDestination({ kind: 'stdout' }, '-', [formatEvalReport(report)]);
  } catch (err) {
    if (!(err instanceof OutputError)) throw err;
    process.stderr.write(`storyline: ${printable(err.message)}\n`);
    return OUTPUT_ERROR_EXIT_CODE;
  }
  await mkdir(flags.results, { recursive: true });
  const file = join(flags.results, `eval-${report.mode}.json`);
  await writeAtomically(file, JSON.stringify(report, null, 2) + '\n');
  const broken = [...brokenFloors(report.metrics, floors, floorsRequiredBy(report.mode, chosen)), ...unflooredMetrics(report, floors)];
  for (const line of broken) process.stderr.write(`storyline eval: ${line}\n`);
  process.stderr.write(`storyline eval: results in ${file}; ${broken.length === 0 ? 'all floors hold' : `${broken.length} floors broken`}\n`);
  // The reader of the table went away (`| head`): the results file and the floors still count; a broken floor is the louder failure.
  if (broken.length > 0) return 1;
  return outcome === 'closed' ? BROKEN_PIPE_EXIT_CODE : 0;
}

/** Whether a flag was given on the command line (not left at its default). */
function givenIn(command: Command): (flag: string) => boolean {
  return (flag) => command.getOptionValueSource(flag) === 'cli';
}

/** The options `cluster` and `dedup` share: how the corpus is read and analysed, and what stderr shows. */
function withCorpusOptions(command: Command): Command {
  return command
    .option('-w, --workers <n>', 'worker threads (default: number of cores)', numberIn('--workers', 1, 256, true))
    .option('--shingle-size <words>', 'words per shingle', numberIn('--shingle-size', 1, 16, true), DEFAULT_OPTIONS.shingleSize)
    .option('--no-progress', 'no progress bar on stderr')
    .option('--follow-symlinks', 'follow symlinks that lead out of the corpus folder (else each is an outside-root error)', false)
    .option('--id-field <name>', 'JSONL field holding the id', 'id')
    .option('--text-field <name>', 'JSONL field holding the text', 'text')
    .option('--title-field <name>', 'JSONL field holding the title', 'title')
    .option('--date-field <name>', 'JSONL field holding the publication date', 'date')
    .option('-q, --quiet', 'no progress bar, no summary line and no warnings on stderr (errors still)', false);
}

/** The analysis options that cluster, dedup and explain share, defined once so that their help and checks agree. */
const thresholdOption = () =>
  new Option('-t, --threshold <jaccard>', 'near-duplicate threshold (estimated Jaccard of word shingles)').argParser(numberIn('--threshold', 0.05, 1)).default(DEFAULT_OPTIONS.threshold);
const eventThresholdOption = () =>
  new Option('-e, --event-threshold <distance>', 'event cut (average cosine distance); lower = tighter events').argParser(numberIn('--event-threshold', 0, 2)).default(DEFAULT_OPTIONS.eventThreshold);
const maxDaysApartOption = () =>
  new Option('--max-days-apart <days>', 'reports published (input dates) more days apart are never one event; Infinity turns this off')
    .argParser(numberIn('--max-days-apart', 0, Infinity))
    .default(DEFAULT_EVENT_CLUSTERING.maxDaysApart);

export function buildProgram(): Command {
  const program = new Command('storyline')
    .description('Near-duplicates, events and multi-topic bundles in a corpus of news articles.')
    .configureOutput({
      outputError: (message, write) => write(usageLine(message)),
      // Help and the version: a reader gone away (`| head`) ends quietly (141, set by main's listener); any other failure is one line.
      writeOut: (text) =>
        process.stdout.write(text, (err) => {
          if (err && !isBrokenPipe(err)) process.stderr.write(`storyline: ${printable(cannotWrite('-', err).message)}\n`);
        }),
    })
    .version(packageVersion(), '-V, --version', 'print the version and exit')
    .exitOverride();
  const clusterCommand = program
    .command('cluster')
    .description('analyse a corpus: a folder of .txt/.md/.html files, a JSONL file of {"id","text"} objects, or one file')
    .argument('<path>', 'corpus folder or file; - reads JSONL from standard input')
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('table'))
    .addOption(thresholdOption())
    .addOption(eventThresholdOption())
    .addOption(maxDaysApartOption())
    .option('-o, --out <file>', 'write the output to FILE instead of stdout (- is stdout); a file is replaced only once complete')
    .option('--snippets', 'give each segment its first words (`snippet`; the corpus is read a second time); html and the table have them unless the corpus is standard input', false)
    .option('--documents', 'table: a row per document (flags and segments) at the end', false)
    .option('--limit <n>', 'table: events, bundles and groups shown at most, each (the rest are counted)', numberIn('--limit', 1, Number.MAX_SAFE_INTEGER, true))
    .option('--report-limit <n>', 'html: events, groups and bundles shown at most, each, largest first', numberIn('--report-limit', 1, Number.MAX_SAFE_INTEGER, true), DEFAULT_REPORT_LIMIT);
  withCorpusOptions(clusterCommand.addOption(optionsOption())).action(async (path: string, flags: ClusterFlags, command: Command) => {
    process.exitCode = await cluster(path, withOptionsJson(flags, givenIn(command)));
  });
  const dedupCommandLine = program
    .command('dedup')
    .description('the corpus without its near-duplicates: kept JSONL lines as read (for a JSONL file or -), or kept paths (for a folder)')
    .argument('<path>', 'corpus folder or file; - reads JSONL from standard input')
    .option('-o, --out <file>', 'where the kept documents go (default: stdout); a file is replaced only once complete')
    .option('--removed <file>', 'where the removed documents go, written as the kept ones are')
    .option('--copy-to <folder>', 'a corpus folder: copy the kept documents\' files into this new or empty folder, same layout (JSONL files: their kept lines)')
    .option('--groups <file>', 'one JSON line per near-duplicate group: {"kept":ID,"removed":[ID,…]}')
    .addOption(new Option('--keep <rule>', 'which member of a group is kept: earliest (input date, then id), longest (most shingles, then id), first (input order)').choices(KEEP_RULES).default('earliest'))
    .addOption(thresholdOption())
    .option('--containment', 'also remove a document contained in another (an article inside a bigger page), with its near-duplicates', false)
    .option('-0, --null', 'paths end in NUL, not a new line (for a folder; as find -print0)', false);
  withCorpusOptions(dedupCommandLine.addOption(optionsOption(resolveDedupOptions))).action(async (path: string, flags: DedupFlags, command: Command) => {
    process.exitCode = await dedupCommand(path, withOptionsJson(flags, givenIn(command)), warnAboutWorkers);
  });
  const explainCommandLine = program
    .command('explain')
    .description('why two documents are or are not near-duplicates, and why their segments are or are not one event (the corpus analysed as cluster does)')
    .argument('<path>', 'corpus folder or file; - reads JSONL from standard input')
    .argument('<idA>', 'a document id')
    .argument('<idB>', 'another document id')
    .addOption(new Option('-f, --format <format>', 'output format').choices(EXPLAIN_FORMATS).default('text'))
    .addOption(thresholdOption())
    .addOption(eventThresholdOption())
    .addOption(maxDaysApartOption())
    .option('-o, --out <file>', 'write the explanation to FILE instead of stdout (- is stdout)');
  withCorpusOptions(explainCommandLine.addOption(optionsOption())).action(async (path: string, idA: string, idB: string, flags: ExplainFlags, command: Command) => {
    process.exitCode = await explainCommand(path, idA, idB, withOptionsJson(flags, givenIn(command)), warnAboutWorkers);
  });
  program
    .command('eval')
    .description(`measure quality against labelled data: ${SUITES.join(', ')} (default: all)`)
    .argument('[suites...]', 'suites to run')
    .option('--fast', 'dev data and the default threshold only (the CI subset)', false)
    .option('--data <dir>', 'labelled data folder (default: $STORYLINE_EVAL_DATA or ../shared/eval)')
    .option('--floors <file>', 'floors that fail the run when broken', join(PACKAGE_ROOT, 'eval', 'floors.json'))
    .option('--results <dir>', 'where the JSON report is written', join(PACKAGE_ROOT, 'eval', 'results'))
    .option('-w, --workers <n>', 'worker threads', numberIn('--workers', 1, 256, true))
    .option('--options <json>', OPTIONS_HELP, optionsJson(resolveOptions))
    .action(async (suites: string[], flags: EvalFlags) => {
      const unknown = suites.filter((s) => s !== 'all' && !(SUITES as readonly string[]).includes(s));
      if (unknown.length > 0) throw new InvalidArgumentError(`unknown suite ${unknown.join(', ')}; choose from ${SUITES.join(', ')}`);
      process.exitCode = await evaluate(suites, flags);
    });
  return program;
}

async function main(): Promise<void> {
  // With stderr's reader gone there is no one left to tell: not a reason to fail with a stack trace.
  process.stderr.on('error', () => {});
  // A write to stdout that fails also emits 'error' on it, after the writer has handled it (or, for commander's
  // help, reported it): without a listener that event would end the process with a stack trace.
  process.stdout.on('error', (err) => {
    process.exitCode = isBrokenPipe(err) ? BROKEN_PIPE_EXIT_CODE : OUTPUT_ERROR_EXIT_CODE;
  });
  const program = buildProgram();
  try {
    await program.parseAsync(process.argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help asked for exits 0; help shown because the command was missing, and every
      // other commander error (already printed as one line), is a usage error.
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    // The corpus changed while it was read a second time (snippets, a report's texts): nothing was written.
    if (err instanceof StorylineError && err.code === 'SOURCE_CHANGED') {
      process.stderr.write(`storyline: ${printable(err.message)}\n`);
      process.exitCode = 1;
      return;
    }
    if (err instanceof StorylineError && (err.code === 'INVALID_OPTION' || err.code === 'INVALID_SOURCE')) {
      process.stderr.write(`storyline: ${printable(err.message)} ${USAGE_HINT}\n`);
      process.exitCode = 2;
      return;
    }
    // An unexpected failure: its stack, line by line, is for a bug report.
    const lines = (err instanceof Error ? (err.stack ?? err.message) : String(err)).split('\n');
    process.stderr.write(`storyline: ${lines.map(printable).join('\n')}\n`);
    process.exitCode = 1;
  }
}

await main();
