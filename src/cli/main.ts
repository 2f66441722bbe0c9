#!/usr/bin/env node
/**
 * The `storyline` command. Data goes to stdout (or --out), progress and
 * warnings to stderr. Exit codes: 0 success (warnings allowed), 1 some
 * inputs could not be read (listed in `errors`), 2 usage error, 130
 * interrupted (Ctrl-C).
 */
import { DEFAULT_EVENT_CLUSTERING } from '../events/cluster.js';
import { rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { analyze } from '../analyze.js';
import { StorylineError } from '../errors.js';
import { DEFAULT_OPTIONS, resolveOptions, type AnalyzeOptions } from '../options.js';
import { FORMATS, formatChunks, type OutputFormat } from '../report/format.js';
import { PACKAGE_ROOT } from '../eval/data.js';
import { SUITES, brokenFloors, floorsRequiredBy, readFloors, runEval, type SuiteName } from '../eval/run.js';
import { formatEvalReport } from '../eval/table.js';
import { abortOnSigint, INTERRUPTED_EXIT_CODE } from './interrupt.js';
import { tempPathFor, writeAtomically, writeStream } from './output.js';
import { createProgress } from './progress.js';

function numberIn(name: string, min: number, max: number, integer = false) {
  return (value: string): number => {
    const x = Number(value);
    if (value.trim() === '' || Number.isNaN(x) || x < min || x > max || (integer && !Number.isInteger(x))) {
      throw new InvalidArgumentError(`${name} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}.`);
    }
    return x;
  };
}

/** `--options`: analyze options as a JSON object, checked as `analyze` checks them. */
function analyzeOptionsJson(value: string): AnalyzeOptions {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (e) {
    throw new InvalidArgumentError(`--options must be a JSON object: ${(e as Error).message}.`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new InvalidArgumentError('--options must be a JSON object, such as \'{"eventThreshold":0.85}\'.');
  try {
    resolveOptions(parsed as AnalyzeOptions);
  } catch (e) {
    if (e instanceof StorylineError) throw new InvalidArgumentError(`--options: ${e.message}.`);
    throw e;
  }
  return parsed as AnalyzeOptions;
}

interface ClusterFlags {
  format: OutputFormat;
  threshold: number;
  eventThreshold: number;
  maxDaysApart: number;
  workers?: number;
  shingleSize: number;
  out?: string;
  progress: boolean;
}

async function cluster(path: string, flags: ClusterFlags): Promise<number> {
  const interrupt = abortOnSigint(() => flags.out && rmSync(tempPathFor(flags.out), { force: true }));
  const progress = createProgress(flags.progress && process.stderr.isTTY === true);
  try {
    let result;
    try {
      result = await analyze(path, {
        threshold: flags.threshold,
        eventThreshold: flags.eventThreshold,
        events: { maxDaysApart: flags.maxDaysApart },
        workers: flags.workers,
        shingleSize: flags.shingleSize,
        onProgress: (p) => {
          progress.update(p);
          // Past the features stage the signal is not watched and nothing is written yet: Ctrl-C ends the process, its worker threads with it.
          if (p.phase !== 'features') interrupt.pause();
        },
        signal: interrupt.signal,
      });
    } finally {
      progress.stop();
    }
    // Piece by piece: a large result's text is longer than one string can be.
    const text = formatChunks(result, flags.format);
    if (flags.out) {
      interrupt.resume();
      await writeAtomically(flags.out, text, interrupt.signal);
    } else {
      // What reached stdout cannot be taken back: Ctrl-C keeps its default action (exit at once, 130).
      await writeStream(process.stdout, text);
    }
    for (const e of result.errors) process.stderr.write(`storyline: ${e.source}: ${e.code}: ${e.message}\n`);
    const s = result.summary;
    process.stderr.write(
      `storyline: ${s.inputs} inputs = ${s.documents} documents + ${s.errors} errors; ` +
        `${s.nearDuplicateGroups} near-duplicate groups, ${s.events} events, ${s.bundles} bundles\n`,
    );
    return result.errors.length > 0 ? 1 : 0;
  } catch (err) {
    if (!interrupt.signal.aborted) throw err;
    process.stderr.write('storyline: interrupted; no output written\n');
    return INTERRUPTED_EXIT_CODE;
  } finally {
    interrupt.pause();
  }
}

const USAGE_HINT = '(run with --help for usage)';

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
  return `storyline: ${what.replace(/\.$/, '')} ${USAGE_HINT}\n`;
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
  const chosen = suites.length === 0 || suites.includes('all') ? SUITES : (suites as SuiteName[]);
  const report = await runEval({
    suites: chosen,
    dataDir: flags.data,
    fast: flags.fast,
    analyze: { ...flags.options, workers: flags.workers ?? flags.options?.workers },
    onSuite: (name) => process.stderr.write(`storyline eval: ${name}…\n`),
  });
  process.stdout.write(formatEvalReport(report));
  await mkdir(flags.results, { recursive: true });
  const file = join(flags.results, `eval-${report.mode}.json`);
  await writeAtomically(file, JSON.stringify(report, null, 2) + '\n');
  const broken = brokenFloors(report.metrics, readFloors(flags.floors), floorsRequiredBy(report.mode, chosen));
  for (const line of broken) process.stderr.write(`storyline eval: ${line}\n`);
  process.stderr.write(`storyline eval: results in ${file}; ${broken.length === 0 ? 'all floors hold' : `${broken.length} floors broken`}\n`);
  return broken.length === 0 ? 0 : 1;
}

export function buildProgram(): Command {
  const program = new Command('storyline')
    .description('Near-duplicates, events and multi-topic bundles in a corpus of news articles.')
    .configureOutput({ outputError: (message, write) => write(usageLine(message)) })
    .exitOverride();
  program
    .command('cluster')
    .description('analyse a corpus: a folder of .txt/.md/.html files, a JSONL file of {"id","text"} objects, or one file')
    .argument('<path>', 'corpus folder or file')
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('table'))
    .option('-t, --threshold <jaccard>', 'near-duplicate threshold (estimated Jaccard of word shingles)', numberIn('--threshold', 0.05, 1), DEFAULT_OPTIONS.threshold)
    .option('-e, --event-threshold <distance>', 'event cut (average cosine distance); lower = tighter events', numberIn('--event-threshold', 0, 2), DEFAULT_OPTIONS.eventThreshold)
    .option(
      '--max-days-apart <days>',
      'reports published (input dates) more days apart are never one event; Infinity turns this off',
      numberIn('--max-days-apart', 0, Infinity),
      DEFAULT_EVENT_CLUSTERING.maxDaysApart,
    )
    .option('-w, --workers <n>', 'worker threads (default: number of cores)', numberIn('--workers', 1, 256, true))
    .option('--shingle-size <words>', 'words per shingle', numberIn('--shingle-size', 1, 16, true), DEFAULT_OPTIONS.shingleSize)
    .option('-o, --out <file>', 'write the output to FILE (atomically) instead of stdout')
    .option('--no-progress', 'no progress bar on stderr')
    .action(async (path: string, flags: ClusterFlags) => {
      process.exitCode = await cluster(path, flags);
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
    .option('--options <json>', 'analyze options other than the defaults, as JSON (as the API takes them), e.g. \'{"events":{"leadNumberPenalty":0.2}}\'', analyzeOptionsJson)
    .action(async (suites: string[], flags: EvalFlags) => {
      const unknown = suites.filter((s) => s !== 'all' && !(SUITES as readonly string[]).includes(s));
      if (unknown.length > 0) throw new InvalidArgumentError(`unknown suite ${unknown.join(', ')}; choose from ${SUITES.join(', ')}`);
      process.exitCode = await evaluate(suites, flags);
    });
  return program;
}

async function main(): Promise<void> {
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
    if (err instanceof StorylineError && (err.code === 'INVALID_OPTION' || err.code === 'INVALID_SOURCE')) {
      process.stderr.write(`storyline: ${err.message} ${USAGE_HINT}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`storyline: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  }
}

await main();
