/**
 * Progress on stderr: one line, redrawn in place, when stderr is a
 * terminal; nothing otherwise (logs and CI stay clean). stdout carries only
 * data.
 *
 * The line names the stage (`3/5 segments`), and for the features stage,
 * the one that reads the corpus and most of a run's time, how far it is:
 * for a JSONL file the bytes read of its size, for a folder the inputs
 * taken in of a count of its files (made by a second walk of the folder,
 * running alongside, which lists names and opens no file). Later stages
 * report only their start, so they show their elapsed time. Everything
 * below but `createProgress` is a pure function.
 */
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { skipReason } from '../ingest/inputs.js';
import { walkFolder } from '../ingest/folder.js';
import type { Progress } from '../options.js';

export const STAGES: ReadonlyArray<Progress['phase']> = ['features', 'near-duplicates', 'segments', 'events', 'report'];

/** What is known of the corpus's size before it is read. */
export interface SourceSize {
  /** Bytes of a JSONL file. */
  bytes?: number;
  /** Files of a folder (or 1 for one file); `final` once the count is complete. */
  files?: number;
  final?: boolean;
}

/** How far along the stage is, from 0 to 1, when that can be told. */
export function stageFraction(p: Progress, size: SourceSize): number | undefined {
  let f: number | undefined;
  if (p.phase === 'features') {
    if (size.bytes !== undefined && size.bytes > 0 && p.inputBytes !== undefined) f = p.inputBytes / size.bytes;
    // A folder's count is used once complete: while the walk goes on it is behind the run.
    else if (size.files !== undefined && size.final === true && size.files > 0 && p.inputs !== undefined) f = p.inputs / size.files;
  } else if (p.total !== undefined && p.total > 0 && p.done > 0) {
    f = p.done / p.total;
  }
  // Bytes read run ahead of the documents taken in, and a file can change while read: never past 1.
  return f === undefined || !Number.isFinite(f) ? undefined : Math.min(1, Math.max(0, f));
}

/** Time left in the stage at its pace so far; undefined until there is a pace to go by (2% and 1 s). */
export function remainingMs(fraction: number | undefined, stageElapsedMs: number): number | undefined {
  if (fraction === undefined || fraction < 0.02 || stageElapsedMs < 1000) return undefined;
  return (stageElapsedMs * (1 - fraction)) / fraction;
}

/** 0:07, 12:34, 1:02:03. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

const count = (n: number) => n.toLocaleString('en-US');

export function bar(fraction: number, width: number): string {
  const full = Math.round(fraction * width);
  return '█'.repeat(full) + '░'.repeat(width - full);
}

export interface LineState {
  progress: Progress;
  size: SourceSize;
  elapsedMs: number;
  stageElapsedMs: number;
  /** The command's stages, in order. @defaultValue STAGES (`cluster`'s) */
  stages?: ReadonlyArray<Progress['phase']>;
}

/** The progress line, without control characters, cut to `columns - 1` so it never wraps. */
export function progressLine({ progress: p, size, elapsedMs, stageElapsedMs, stages = STAGES }: LineState, columns = 80): string {
  const stage = `${stages.indexOf(p.phase) + 1}/${stages.length} ${p.phase}`;
  const parts: string[] = [];
  const fraction = stageFraction(p, size);
  if (p.phase === 'features') {
    const docs = `${count(p.done)} docs`;
    if (size.bytes !== undefined && p.inputBytes !== undefined) parts.push(`${docs} · ${(p.inputBytes / 1e6).toFixed(1)}/${(size.bytes / 1e6).toFixed(1)} MB`);
    else if (size.files !== undefined && p.inputs !== undefined) parts.push(`${docs} · ${count(p.inputs)}/${count(size.files)}${size.final ? '' : '+'} files`);
    else parts.push(docs);
  } else if (p.total !== undefined) {
    parts.push(p.done > 0 ? `${count(p.done)}/${count(p.total)}` : `${count(p.total)} docs`);
  }
  parts.push(`${formatDuration(elapsedMs)} elapsed`);
  if (p.phase !== 'features') parts.push(`stage ${formatDuration(stageElapsedMs)}`);
  const left = remainingMs(fraction, stageElapsedMs);
  if (left !== undefined) parts.push(`ETA ${formatDuration(left)}`);
  const meter = fraction === undefined ? '' : ` ${bar(fraction, 20)} ${String(Math.floor(fraction * 100)).padStart(3)}%`;
  const line = `storyline ${stage}${meter} · ${parts.join(' · ')}`;
  return [...line].slice(0, Math.max(1, columns - 1)).join('');
}

export interface ProgressReporter {
  update(progress: Progress): void;
  stop(): void;
}

const REDRAW_MS = 250;
/** Return to the line's start and clear it. */
const CLEAR_LINE = '\r\x1b[2K';

/**
 * @param stages the command's stages (`cluster`'s by default).
 * @param source the corpus path, to learn its size (a JSONL file's bytes,
 *   a folder's files) while the run reads it.
 */
export function createProgress(
  enabled: boolean,
  source?: string,
  stream: NodeJS.WriteStream = process.stderr,
  stages: ReadonlyArray<Progress['phase']> = STAGES,
): ProgressReporter {
  if (!enabled) return { update() {}, stop() {} };
  const started = Date.now();
  let stageStarted = started;
  let last: Progress | undefined;
  let stopped = false;
  const size: SourceSize = {};
  if (source !== undefined) void measure(source, size, () => stopped);

  const draw = () => {
    if (last === undefined || stopped) return;
    const now = Date.now();
    stream.write(CLEAR_LINE + progressLine({ progress: last, size, elapsedMs: now - started, stageElapsedMs: now - stageStarted, stages }, stream.columns ?? 80));
  };
  // Elapsed time and ETA move between updates too; unref'd, so it never keeps the process alive.
  const timer = setInterval(draw, REDRAW_MS);
  timer.unref();
  return {
    update(p) {
      const newStage = last?.phase !== p.phase;
      if (newStage) stageStarted = Date.now();
      last = p;
      // A new stage is drawn at once: the stages after features are long loops that block the timer.
      if (newStage) draw();
    },
    stop() {
      stopped = true;
      clearInterval(timer);
      if (last !== undefined) stream.write(CLEAR_LINE);
    },
  };
}

/** Fills `size` as it learns it; any failure only leaves the size unknown (the run reports the real problem). */
async function measure(source: string, size: SourceSize, stopped: () => boolean): Promise<void> {
  try {
    const info = await stat(source);
    if (info.isFile()) {
      const ext = extname(source).toLowerCase();
      if (ext === '.jsonl' || ext === '.ndjson') size.bytes = info.size;
      else size.files = 1;
      size.final = true;
      return;
    }
    if (!info.isDirectory()) return;
    size.files = 0;
    for await (const _entry of walkFolder(source, { skipReason })) {
      size.files++;
      if (stopped()) return;
    }
    size.final = true;
  } catch {
    // The run itself reports an unreadable source.
  }
}
