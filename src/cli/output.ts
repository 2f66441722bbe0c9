/**
 * Where the CLI's output goes, checked before any work, and writing it.
 *
 * - stdout (no `--out`, or `--out -`);
 * - a character device or a FIFO (`/dev/null`, a named pipe): written in
 *   place, since replacing it with a file would break it;
 * - a file: never seen half-written. The data goes to a temporary file
 *   next to it, created exclusively under a random name (a planted link
 *   cannot redirect it), given the old file's mode (and owner, when root
 *   can), and renamed over the target only when complete. A symbolic link
 *   is followed: the file it points to is replaced, the link stays.
 *
 * Whatever goes wrong with the destination is an `OutputError`: one line
 * for a person, exit status 3.
 */
import { randomBytes } from 'node:crypto';
import { constants, rmSync, type Stats } from 'node:fs';
import { access, open, readlink, realpath, rename, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { chunksOf, writePieces, type Pieces } from '../util/pieces.js';
import { printable } from '../util/printable.js';
import type { Interrupt } from './interrupt.js';

export const OUTPUT_ERROR_EXIT_CODE = 3;
/** 128 + SIGPIPE, what a shell reports for `cat` when the reader of its pipe has gone. */
export const BROKEN_PIPE_EXIT_CODE = 141;

/** The destination cannot be written: the message is one line, naming it and saying why. */
export class OutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputError';
  }
}

export type Destination =
  | { kind: 'stdout' }
  /** A character device or FIFO, opened and written in place. */
  | { kind: 'in-place'; path: string }
  /** A regular file (which may not exist yet), replaced through a temporary file in its folder. */
  | { kind: 'file'; path: string };

/** How a write ended: `closed` when the reader went away first (EPIPE), which is not a failure. */
export type WriteOutcome = 'written' | 'closed';

/** Temporary files being written, removed by `removeTemporaryFiles` on a signal. */
const temporaryFiles = new Set<string>();

/** Removes every temporary output file still being written (synchronous: safe in a signal handler before exit). */
export function removeTemporaryFiles(): void {
  for (const temp of temporaryFiles) rmSync(temp, { force: true });
  temporaryFiles.clear();
}

const REASONS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is not a folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large',
  EISDIR: 'it is a folder',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'name too long',
  EIO: 'input/output error',
  ENXIO: 'no reader or device',
};

function reason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code !== undefined && REASONS[code]) return REASONS[code];
  return err instanceof Error ? err.message : String(err);
}

/** The error for a destination that cannot be written, saying why (`err`: the system's error, or the reason in words). */
export function cannotWrite(out: string, why: unknown): OutputError {
  return new OutputError(`cannot write ${out}: ${typeof why === 'string' ? why : reason(why)}`);
}

export function isBrokenPipe(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED';
}

/**
 * Where `--out` writes, checked as far as can be without writing: the
 * folder exists and may be written in, the file may be written. Follows
 * symbolic links, dangling ones too (the file they name is created).
 * @throws OutputError
 */
/** `checkDestination`, a refusal told on stderr in one line: the destination, or the exit status to end with. */
export async function destinationOrExitCode(out: string | undefined): Promise<Destination | number> {
  try {
    return await checkDestination(out);
  } catch (err) {
    if (!(err instanceof OutputError)) throw err;
    process.stderr.write(`storyline: ${printable(err.message)}\n`);
    return OUTPUT_ERROR_EXIT_CODE;
  }
}

export async function checkDestination(out: string | undefined): Promise<Destination> {
  if (out === undefined || out === '-') return { kind: 'stdout' };
  if (out === '') throw new OutputError('--out needs a file name (or - for stdout)');
  let target: Stats | undefined;
  try {
    target = await stat(out);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw cannotWrite(out, reason(err));
  }
  try {
    if (target === undefined) {
      const path = await danglingTarget(out);
      await checkFolder(out, dirname(path));
      return { kind: 'file', path };
    }
    if (target.isDirectory()) throw cannotWrite(out, 'it is a folder');
    if (target.isCharacterDevice() || target.isFIFO()) {
      await access(out, constants.W_OK);
      return { kind: 'in-place', path: out };
    }
    if (!target.isFile()) throw cannotWrite(out, 'it is neither a file, a FIFO nor a character device');
    const path = await realpath(out);
    await access(path, constants.W_OK);
    await checkFolder(out, dirname(path));
    return { kind: 'file', path };
  } catch (err) {
    throw err instanceof OutputError ? err : cannotWrite(out, reason(err));
  }
}

/** The path a missing `out` names: itself, or where its chain of (dangling) links ends. */
async function danglingTarget(out: string): Promise<string> {
  let path = resolve(out);
  for (let hops = 0; hops < 40; hops++) {
    let link: string;
    try {
      link = await readlink(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EINVAL') return path;
      throw err;
    }
    path = resolve(dirname(path), link);
  }
  throw Object.assign(new Error('too many links'), { code: 'ELOOP' });
}

async function checkFolder(out: string, folder: string): Promise<void> {
  let stats: Stats;
  try {
    stats = await stat(folder);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw cannotWrite(out, `the folder ${folder} does not exist`);
    throw err;
  }
  if (!stats.isDirectory()) throw cannotWrite(out, `${folder} is not a folder`);
  try {
    await access(folder, constants.W_OK | constants.X_OK);
  } catch (err) {
    throw cannotWrite(out, `the folder ${folder}: ${reason(err)}`);
  }
}

/**
 * Writes the pieces to the destination. Write errors (a full disk, a
 * vanished folder) become an `OutputError`, with no temporary file left.
 * @throws the abort reason if `signal` aborts before a file is renamed into place; the target is then untouched.
 */
export async function writeDestination(destination: Destination, out: string, pieces: Pieces, signal?: AbortSignal): Promise<WriteOutcome> {
  try {
    switch (destination.kind) {
      case 'stdout':
        await writePieces(process.stdout, pieces);
        break;
      case 'in-place':
        await writeInPlace(destination.path, pieces, signal);
        break;
      case 'file':
        await replaceFile(destination.path, pieces, signal);
    }
    return 'written';
  } catch (err) {
    if (signal?.aborted) throw err;
    if (isBrokenPipe(err)) return 'closed';
    throw err instanceof OutputError ? err : cannotWrite(out, reason(err));
  }
}

async function writeInPlace(path: string, pieces: Pieces, signal?: AbortSignal): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await writeAll(handle, pieces, signal);
  } finally {
    await handle.close();
  }
}

async function writeAll(handle: FileHandle, pieces: Pieces, signal?: AbortSignal): Promise<void> {
  for await (const chunk of chunksOf(pieces)) {
    signal?.throwIfAborted();
    await handle.writeFile(chunk, { signal });
  }
  signal?.throwIfAborted();
}

/** A name no one can guess, in the target's folder (a rename does not cross file systems). */
function temporaryPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(8).toString('hex')}.tmp`);
}

async function replaceFile(path: string, pieces: Pieces, signal?: AbortSignal): Promise<void> {
  const previous = await stat(path).catch(() => undefined);
  const temp = temporaryPath(path);
  // 'wx' is O_CREAT | O_EXCL: it fails on any existing name, a symbolic link included, so it never writes through one.
  const handle = await open(temp, 'wx', previous ? previous.mode & 0o7777 : 0o666);
  temporaryFiles.add(temp);
  try {
    try {
      if (previous) await keepModeAndOwner(handle, previous);
      await writeAll(handle, pieces, signal);
    } finally {
      await handle.close();
    }
    signal?.throwIfAborted();
    await rename(temp, path);
    temporaryFiles.delete(temp);
  } catch (err) {
    rmSync(temp, { force: true });
    temporaryFiles.delete(temp);
    throw err;
  }
}

async function keepModeAndOwner(handle: FileHandle, previous: Stats): Promise<void> {
  if (process.getuid?.() === 0 && (previous.uid !== 0 || previous.gid !== 0)) {
    await handle.chown(previous.uid, previous.gid).catch(() => undefined); // some file systems refuse: the owner is then root's
  }
  await handle.chmod(previous.mode & 0o7777); // after chown, which clears set-id bits; open's mode was reduced by the umask
}

/**
 * Writes `data` to the file at `path` through a temporary file (see above),
 * following a symbolic link to the file it names.
 * @throws the abort reason if `signal` aborts before the rename; the target is then untouched.
 */
export async function writeAtomically(path: string, data: string | Iterable<string>, signal?: AbortSignal): Promise<void> {
  const destination = await checkDestination(path);
  if (destination.kind !== 'file') throw cannotWrite(path, 'not a regular file');
  await replaceFile(destination.path, typeof data === 'string' ? [data] : data, signal);
}

/**
 * The exit code of a command whose run threw: an output that cannot be
 * written (one line on stderr, 3), or an interrupt (128 + the signal).
 * @throws anything else (a bug: its stack is for a bug report)
 */
export function exitCodeOfFailure(err: unknown, interrupt: Interrupt): number {
  if (err instanceof OutputError) {
    process.stderr.write(`storyline: ${printable(err.message)}\n`);
    return OUTPUT_ERROR_EXIT_CODE;
  }
  if (!interrupt.signal.aborted) throw err;
  process.stderr.write('storyline: interrupted; no output written\n');
  return interrupt.exitCode;
}
