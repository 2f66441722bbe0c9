/**
 * `dedup --copy-to DIR` for a corpus folder: the corpus without its copies,
 * as a folder of the same layout. Each kept document's file is copied byte
 * for byte under the same relative path (names that are not UTF-8 stay the
 * bytes they were); a JSONL file inside the folder becomes a file of the
 * same name holding its kept lines as read (each ending in `\n`; a `.gz`
 * file's kept lines compressed again). A file none of whose documents is
 * kept, and anything that is no document (errors, skipped files), is not
 * written.
 *
 * The folder is walked a second time, in step with the first read
 * (`CollectedFeatures.readOutcomes`, one entry a record). A file modified
 * after the run started is not copied: the command stops (as for a JSONL
 * file read twice), since its bytes may not be the ones analysed.
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { copyFile, mkdir, readdir, realpath, stat } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { resolve, sep } from 'node:path';
import { createGzip, type Gzip } from 'node:zlib';
import type { DedupRun } from '../dedup.js';
import { INPUT_DOCUMENT, INPUT_ERROR } from '../features/collect.js';
import { skipReason } from '../ingest/inputs.js';
import { walkFolder } from '../ingest/folder.js';
import { jsonlKind, readJsonlLines } from '../ingest/jsonl.js';
import { cannotWrite, OutputError } from './output.js';

export interface CopySummary {
  files: number;
  lines: number;
}

/**
 * The destination, checked before any work: a folder that does not exist
 * yet (it is made) or is empty, and is not inside the corpus folder (the
 * second walk would read what is being written).
 * @throws OutputError
 */
export async function checkCopyDestination(dir: string, corpus: string): Promise<void> {
  if (dir === '') throw new OutputError('--copy-to needs a folder name');
  const entries = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw cannotWrite(dir, err);
  });
  if (entries !== undefined && entries.length > 0) throw cannotWrite(dir, 'it is not empty (--copy-to writes into a new or empty folder)');
  const root = await realpath(corpus).catch(() => resolve(corpus));
  const target = entries === undefined ? await nearestReal(resolve(dir)) : await realpath(dir);
  if (target === root || target.startsWith(root.endsWith(sep) ? root : root + sep)) throw cannotWrite(dir, 'it is inside the corpus folder being read');
}

/** The real path of `path`, resolved through its nearest existing ancestor (the rest does not exist yet). */
async function nearestReal(path: string): Promise<string> {
  const parts: string[] = [];
  let at = path;
  for (;;) {
    try {
      return [await realpath(at), ...parts.reverse()].join(sep);
    } catch {
      const up = resolve(at, '..');
      if (up === at) return path;
      parts.push(at.slice(up.length).replace(/^[/\\]+/, ''));
      at = up;
    }
  }
}

function changed(rel: string): OutputError {
  return new OutputError(`cannot copy ${rel}: the corpus changed while dedup read it; run it again`);
}

/** Copies the kept documents of the folder `corpus` into `dir` (see the module comment). */
export async function copyKept(corpus: string, dir: string, run: DedupRun, how: { followSymlinks: boolean; maxBytes: number; startedAt: number }): Promise<CopySummary> {
  const outcomes = run.collected.readOutcomes;
  const rootBytes = Buffer.from(corpus).length;
  const destRoot = Buffer.from(resolve(dir));
  await mkdir(destRoot, { recursive: true });
  const summary: CopySummary = { files: 0, lines: 0 };
  let r = 0;
  let d = 0;
  const next = (rel: string): number => {
    if (r >= outcomes.length) throw changed(rel);
    return outcomes[r++];
  };
  const kept = () => run.kept[d] === d;
  const destOf = async (path: Buffer): Promise<Buffer> => {
    const dest = Buffer.concat([destRoot, path.subarray(rootBytes)]);
    await mkdir(dest.subarray(0, dest.lastIndexOf(sep)), { recursive: true });
    return dest;
  };
  const unchanged = async (path: Buffer, rel: string) => {
    const info = await stat(path).catch(() => undefined);
    if (info === undefined || info.mtimeMs > how.startedAt) throw changed(rel);
  };

  for await (const entry of walkFolder(corpus, { skipReason, followSymlinks: how.followSymlinks })) {
    if (entry.kind === 'error') {
      if (next(entry.error.source) !== INPUT_ERROR) throw changed(entry.error.source);
      continue;
    }
    if (jsonlKind(entry.name) === undefined) {
      const outcome = next(entry.rel);
      if (outcome !== INPUT_DOCUMENT) continue;
      if (kept()) {
        await unchanged(entry.path, entry.rel);
        await copyFile(entry.path, await destOf(entry.path)).catch((err: unknown) => {
          throw cannotWrite(`${dir}/${entry.rel}`, err);
        });
        await unchanged(entry.path, entry.rel);
        summary.files++;
      }
      d++;
      continue;
    }
    await unchanged(entry.path, entry.rel);
    let out: { file: WriteStream; gzip?: Gzip } | undefined;
    const newline = Buffer.from('\n');
    for await (const record of readJsonlLines(entry.path, entry.rel, how.maxBytes, 'error')) {
      const outcome = next(entry.rel);
      if (record.kind === 'error') {
        if (outcome !== INPUT_ERROR) throw changed(entry.rel);
        continue;
      }
      if (outcome !== INPUT_DOCUMENT) continue;
      if (record.input.kind !== 'line') throw changed(entry.rel);
      if (kept()) {
        if (out === undefined) {
          const file = createWriteStream(await destOf(entry.path));
          out = jsonlKind(entry.name) === 'gzip' ? { file, gzip: createGzip() } : { file };
          out.gzip?.pipe(file);
          summary.files++;
        }
        try {
          await write(out.gzip ?? out.file, Buffer.from(record.input.bytes));
          await write(out.gzip ?? out.file, newline);
        } catch (err) {
          throw cannotWrite(`${dir}/${entry.rel}`, err);
        }
        summary.lines++;
      }
      d++;
    }
    if (out !== undefined) await close(out).catch((err: unknown) => {
      throw cannotWrite(`${dir}/${entry.rel}`, err);
    });
    await unchanged(entry.path, entry.rel);
  }
  if (r !== outcomes.length || d !== run.kept.length) throw changed(corpus);
  return summary;
}

/** Writes `bytes`, waiting for the stream to drain when its buffer is full (an error rejects). */
async function write(stream: NodeJS.WritableStream, bytes: Buffer): Promise<void> {
  if (!stream.write(bytes)) await once(stream, 'drain');
}

async function close(out: { file: WriteStream; gzip?: Gzip }): Promise<void> {
  (out.gzip ?? out.file).end();
  await finished(out.file);
}
