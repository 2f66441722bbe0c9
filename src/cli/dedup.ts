/**
 * `storyline dedup`: the corpus without its copies.
 *
 * What is written depends on the source:
 * - a JSONL file, or `-` (JSONL on standard input): the kept lines, byte for
 *   byte as read (a `.gz` file's lines uncompressed), in input order, each
 *   ending in `\n`. The file is read a second time to write them (its size
 *   and modification time must not change in between); standard input is
 *   held in memory instead.
 * - a folder or one text file: the origin of each kept document (its path
 *   in the folder, or `file.jsonl:LINE` for a line of a JSONL file in it),
 *   one a line, or NUL-terminated with `--null`.
 * `--removed` writes the removed documents the same way; `--groups` one
 * JSON line per near-duplicate group. Inputs that are not documents
 * (errors) are in neither: each is one line on stderr.
 */
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { realpathSync } from 'node:fs';
import { dedupCorpus, type DedupRun } from '../dedup.js';
import { StorylineError } from '../errors.js';
import { INPUT_DOCUMENT } from '../features/collect.js';
import { DEFAULT_MAX_BYTES, STDIN_PATHS, readInputs, type RawRecord } from '../ingest/inputs.js';
import { jsonlKind } from '../ingest/jsonl.js';
import type { KeepRule } from '../neardup/keep.js';
import { inertJson } from '../report/format.js';
import { count } from '../report/count.js';
import { keptRecord } from '../report/read-back.js';
import { gatheredBytes, readAhead, type Pieces } from '../util/pieces.js';
import { printable } from '../util/printable.js';
import { fieldsOf, type CorpusFlags } from './corpus-flags.js';
import { abortOnSignals } from './interrupt.js';
import {
  BROKEN_PIPE_EXIT_CODE,
  OUTPUT_ERROR_EXIT_CODE,
  OutputError,
  cannotWrite,
  checkDestination,
  exitCodeOfFailure,
  removeTemporaryFiles,
  writeDestination,
  type Destination,
} from './output.js';
import { checkCopyDestination, copyKept } from './copy-kept.js';
import { createProgress } from './progress.js';
import { skippedLine } from './skipped-line.js';

export interface DedupFlags extends CorpusFlags {
  removed?: string;
  /** A folder to copy the kept documents' files into (a corpus folder only). */
  copyTo?: string;
  groups?: string;
  keep: KeepRule;
  containment: boolean;
  null: boolean;
}

const UTF8 = new TextDecoder();

/** How the source's documents are written out: as their lines (JSONL) or as their origins. */
type SourceKind = { kind: 'stdin' } | { kind: 'jsonl'; size: number; mtimeMs: number } | { kind: 'origins' };

export async function dedupCommand(path: string, flags: DedupFlags, warnAboutWorkers: (workers?: number) => void): Promise<number> {
  const source = await sourceKind(path);
  // A path that is no corpus at all fails later, with the usual message.
  if (flags.copyTo !== undefined && (await isFolder(path)) === false) {
    throw new StorylineError('INVALID_OPTION', '--copy-to copies the files of a corpus folder; for a JSONL file or standard input the kept lines go to -o');
  }
  let outputs: Output[];
  try {
    // Before any work: an output that cannot be written is better known before an hour of reading.
    outputs = await checkOutputs(path, flags);
    if (flags.copyTo !== undefined) await checkCopyDestination(flags.copyTo, path);
  } catch (err) {
    if (!(err instanceof OutputError)) throw err;
    process.stderr.write(`storyline: ${printable(err.message)}\n`);
    return OUTPUT_ERROR_EXIT_CODE;
  }
  // Files modified after this are not the ones analysed (--copy-to checks).
  const startedAt = performance.timeOrigin + performance.now();
  const interrupt = abortOnSignals(removeTemporaryFiles);
  if (!flags.quiet) warnAboutWorkers(flags.workers);
  const progress = createProgress(flags.progress && !flags.quiet && process.stderr.isTTY === true, path, process.stderr, ['features', 'near-duplicates']);
  // Standard input cannot be read twice: its records are kept as read (lines' bytes copied).
  const spool: RawRecord[] | undefined = source.kind === 'stdin' ? [] : undefined;
  try {
    let run: DedupRun;
    try {
      run = await dedupCorpus(
        path,
        {
          ...flags.options,
          threshold: flags.threshold,
          keep: flags.keep,
          containment: flags.containment,
          workers: flags.workers,
          shingleSize: flags.shingleSize,
          followSymlinks: flags.followSymlinks,
          fields: { ...flags.options?.fields, ...fieldsOf(flags) },
          onProgress: (p) => progress.update(p),
          signal: interrupt.signal,
        },
        spool === undefined ? undefined : (record) => spool.push(keptRecord(record)),
      );
    } finally {
      progress.stop();
    }
    let copied: Awaited<ReturnType<typeof copyKept>> | undefined;
    if (flags.copyTo !== undefined) {
      interrupt.resume();
      copied = await copyKept(path, flags.copyTo, run, { followSymlinks: flags.followSymlinks, maxBytes: DEFAULT_MAX_BYTES, startedAt });
      interrupt.pause();
    }
    for (const output of outputs) {
      if (output.destination.kind === 'file') interrupt.resume();
      const pieces = output.what === 'groups' ? groupLines(run) : documentPieces(path, source, spool, run, output, flags);
      const outcome = await writeDestination(output.destination, output.name, pieces, interrupt.signal);
      interrupt.pause();
      // The reader has gone (`| head`): end quietly, as cat does.
      if (outcome === 'closed') return BROKEN_PIPE_EXIT_CODE;
    }
    const { errors, names, inputs, skipped } = run.collected;
    for (const e of errors) process.stderr.write(`storyline: ${printable(`${e.source}: ${e.code}: ${e.message}`)}\n`);
    if (!flags.quiet) {
      const removed = run.groups.reduce((sum, g) => sum + g.removed.length, 0);
      process.stderr.write(skippedLine(skipped));
      process.stderr.write(
        `storyline: ${count(inputs, 'input')} = ${count(names.count, 'document')} + ${count(errors.length, 'error')}; ` +
          `kept ${count(names.count - removed, 'document')}, removed ${removed} (${flags.containment ? `${count(run.groups.length, 'group')}, contained documents included` : count(run.groups.length, 'near-duplicate group')})` +
          (copied === undefined ? '' : `; copied ${count(copied.files, 'file')} (${count(copied.lines, 'JSONL line')}) to ${printable(flags.copyTo!)}`) +
          '\n',
      );
    }
    return errors.length > 0 ? 1 : 0;
  } catch (err) {
    return exitCodeOfFailure(err, interrupt);
  } finally {
    interrupt.pause();
  }
}

interface Output {
  what: 'kept' | 'removed' | 'groups';
  /** As the user named it (`-`: stdout). */
  name: string;
  destination: Destination;
}

/**
 * The outputs asked for, checked: each can be written, no two are the same
 * file, and none is the corpus file (it is read again while they are written).
 * @throws OutputError
 */
async function checkOutputs(path: string, flags: DedupFlags): Promise<Output[]> {
  const asked: Array<[Output['what'], string | undefined]> = [
    // With --copy-to the kept documents are the copies: their list is written only where asked.
    ['kept', flags.out ?? (flags.copyTo === undefined ? '-' : undefined)],
    ['removed', flags.removed],
    ['groups', flags.groups],
  ];
  const outputs: Output[] = [];
  const seen = new Map<string, string>();
  const corpus = STDIN_PATHS.has(path) ? undefined : realPath(path);
  for (const [what, name] of asked) {
    if (name === undefined) continue;
    const destination = await checkDestination(name);
    const key = destination.kind === 'stdout' ? '-' : resolve(destination.path);
    if (corpus !== undefined && (key === corpus || key.startsWith(corpus + '/'))) throw cannotWrite(name, 'it is the corpus being read');
    // A device or a FIFO written in place (`/dev/null`) may take several outputs; a file or stdout would mix them.
    const other = destination.kind === 'in-place' ? undefined : seen.get(key);
    if (other !== undefined) throw cannotWrite(name, `the ${other} documents already go there`);
    seen.set(key, what);
    outputs.push({ what, name, destination });
  }
  return outputs;
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** Whether `path` is a folder; undefined when there is nothing there. */
async function isFolder(path: string): Promise<boolean | undefined> {
  if (STDIN_PATHS.has(path)) return false;
  return (await stat(path).catch(() => undefined))?.isDirectory();
}

async function sourceKind(path: string): Promise<SourceKind> {
  if (STDIN_PATHS.has(path)) return { kind: 'stdin' };
  const info = await stat(path).catch(() => undefined);
  // A path that is not a corpus fails in dedupCorpus, with the usual message.
  if (info?.isFile() === true && jsonlKind(basename(path)) !== undefined) return { kind: 'jsonl', size: info.size, mtimeMs: info.mtimeMs };
  return { kind: 'origins' };
}

/** Whether document `d` goes to this output. */
function wanted(run: DedupRun, what: Output['what'], d: number): boolean {
  return (run.kept[d] === d) === (what === 'kept');
}

function documentPieces(path: string, source: SourceKind, spool: RawRecord[] | undefined, run: DedupRun, output: Output, flags: DedupFlags): Pieces {
  const terminal = output.destination.kind === 'stdout' && process.stdout.isTTY === true;
  if (source.kind === 'origins') return originLines(run, output, flags.null, terminal);
  // The file is read on while the chunk before is written.
  return readAhead(gatheredBytes(documentLines(path, source, spool, run, output.what, terminal)));
}

/**
 * The lines of the documents that go to this output, as read. A line on a
 * terminal is shown with its control characters escaped (a byte-exact copy
 * is for files and pipes).
 */
async function* documentLines(path: string, source: SourceKind, spool: RawRecord[] | undefined, run: DedupRun, what: Output['what'], terminal: boolean): AsyncGenerator<Uint8Array> {
  if (source.kind === 'jsonl') await checkUnchanged(path, source);
  const outcomes = run.collected.readOutcomes;
  const records = spool ?? readInputs(path, { maxBytes: DEFAULT_MAX_BYTES });
  let r = 0;
  let d = 0;
  const newline = Buffer.from('\n');
  for await (const record of records) {
    if (r >= outcomes.length) throw changed(path);
    if (outcomes[r++] !== INPUT_DOCUMENT) continue;
    if (record.kind !== 'input' || record.input.kind !== 'line') throw changed(path);
    if (wanted(run, what, d++)) {
      yield terminal ? Buffer.from(printable(UTF8.decode(record.input.bytes))) : record.input.bytes;
      yield newline;
    }
  }
  if (r !== outcomes.length) throw changed(path);
  if (source.kind === 'jsonl') await checkUnchanged(path, source);
}

async function checkUnchanged(path: string, source: { size: number; mtimeMs: number }): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (info === undefined || info.size !== source.size || info.mtimeMs !== source.mtimeMs) throw changed(path);
}

function changed(path: string): OutputError {
  return new OutputError(`cannot write the lines of ${path}: the file changed while dedup read it; run it again`);
}

/** Origins of the documents that go to this output, one a line (or NUL-terminated). */
function* originLines(run: DedupRun, output: Output, nul: boolean, terminal: boolean): Generator<string> {
  const { names } = run.collected;
  for (let d = 0; d < names.count; d++) {
    if (!wanted(run, output.what, d)) continue;
    const origin = names.origin(d);
    if (nul) yield `${origin}\0`;
    else if (terminal) yield `${printable(origin)}\n`;
    else if (/[\n\r]/.test(origin)) throw cannotWrite(output.name, `the path ${JSON.stringify(origin)} holds a line break; use --null`);
    else yield `${origin}\n`;
  }
}

/** One JSON line per group: `{"kept":ID,"removed":[ID,…]}`, groups and ids in id order. */
function* groupLines(run: DedupRun): Generator<string> {
  const { names } = run.collected;
  for (const g of run.groups) yield inertJson(JSON.stringify({ kept: names.id(g.kept), removed: g.removed.map((d) => names.id(d)) })) + '\n';
}
