/**
 * `storyline explain <path> <idA> <idB>`: why two documents are or are not
 * near-duplicates, and why their segments are or are not one event. The
 * corpus is analysed as `cluster` analyses it (same options, same answer);
 * the explanation goes to stdout (or --out), as text or JSON.
 */
import { explain } from '../explain/explain.js';
import { formatExplanation, type ExplainFormat } from '../explain/format.js';
import { StorylineError } from '../errors.js';
import { count } from '../report/count.js';
import { printable } from '../util/printable.js';
import { analyzeOptionsOf, type AnalysisFlags } from './corpus-flags.js';
import { abortOnSignals } from './interrupt.js';
import {
  BROKEN_PIPE_EXIT_CODE,
  destinationOrExitCode,
  exitCodeOfFailure,
  removeTemporaryFiles,
  writeDestination,
} from './output.js';
import { createProgress } from './progress.js';

export interface ExplainFlags extends AnalysisFlags {
  format: ExplainFormat;
}

/** Exit status of an unknown id: a usage error. */
const USAGE_EXIT_CODE = 2;

export async function explainCommand(path: string, idA: string, idB: string, flags: ExplainFlags, warnAboutWorkers: (workers?: number) => void): Promise<number> {
  if (idA === idB) {
    process.stderr.write(`storyline: explain needs two different documents; got ${printable(JSON.stringify(idA))} twice (run with --help for usage)\n`);
    return USAGE_EXIT_CODE;
  }
  const destination = await destinationOrExitCode(flags.out);
  if (typeof destination === 'number') return destination;
  const interrupt = abortOnSignals(removeTemporaryFiles);
  if (!flags.quiet) warnAboutWorkers(flags.workers);
  const progress = createProgress(flags.progress && !flags.quiet && process.stderr.isTTY === true, path);
  try {
    let explanation;
    try {
      explanation = await explain(path, idA, idB, analyzeOptionsOf(flags, progress, interrupt));
    } catch (err) {
      // An unknown id is a usage error; a source that changed under the second read fails the run, in one line.
      if (!(err instanceof StorylineError && (err.code === 'UNKNOWN_ID' || err.code === 'SOURCE_CHANGED'))) throw err;
      process.stderr.write(`storyline: ${printable(err.message)}\n`);
      return err.code === 'UNKNOWN_ID' ? USAGE_EXIT_CODE : 1;
    } finally {
      progress.stop();
    }
    if (destination.kind === 'file') interrupt.resume();
    const outcome = await writeDestination(destination, flags.out ?? '-', [formatExplanation(explanation, flags.format)], interrupt.signal);
    if (outcome === 'closed') return BROKEN_PIPE_EXIT_CODE;
    const errors = explanation.corpus.errors;
    if (errors > 0) process.stderr.write(`storyline: ${count(errors, 'input')} could not be read (storyline cluster lists them)\n`);
    return errors > 0 ? 1 : 0;
  } catch (err) {
    return exitCodeOfFailure(err, interrupt);
  } finally {
    interrupt.pause();
  }
}
