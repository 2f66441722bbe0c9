/**
 * Recursive walk of a corpus folder. Order must not depend on the file
 * system (ids, duplicate renaming and output order follow it), so each
 * folder's entries are sorted by the bytes of their names. Only one folder
 * listing per level is held at a time and files are not opened here at all,
 * so a folder of 100,000 files costs its listing, not 100,000 handles.
 *
 * Names are read as bytes: a name that is not valid UTF-8 would otherwise
 * come back with U+FFFD in it, a path that opens another file (or none).
 * Each file is opened by its own bytes; the name shown in ids and messages
 * writes its invalid bytes as `\xFF`.
 *
 * Symlinks inside the corpus are followed, because archives are often
 * assembled from links, but each real folder is walked once: a link back to
 * an ancestor would never end, and a second link to the same folder would
 * double its files. A link that leads out of the corpus folder is not
 * followed unless asked (`followSymlinks`): a stray link to `/` would walk
 * the whole machine, and one to `/etc/passwd` would put its words in the
 * output.
 */
import type { Dirent } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { InputError } from '../types.js';
import { StorylineError } from '../errors.js';
import { escapeInvalidUtf8 } from './decode.js';
import { osMessage } from './file.js';

/** Why an entry of a corpus folder is not an input. */
export type SkipReason = 'hidden' | 'no-extension' | 'unknown-extension';

export type WalkEntry =
  /** `path` opens the file; `rel` names it (relative to the root, `/` separators, invalid bytes as `\xFF`). */
  | { kind: 'file'; path: Buffer; rel: string; name: string }
  | { kind: 'error'; error: InputError };

export interface WalkOptions {
  /** Why a file of this name is not an input, or undefined when it is one. */
  skipReason(name: string): SkipReason | undefined;
  /** Follow links that lead out of the root too. @defaultValue false */
  followSymlinks?: boolean;
  /** Told of each entry skipped (a hidden folder once, not its contents), in walk order. */
  onSkipped?(rel: string, reason: SkipReason): void;
}

interface Frame {
  dir: Buffer;
  /** Relative to the root with `/` separators; '' for the root. */
  rel: string;
  /** The real path's bytes as a latin1 string (one character per byte), a key that keeps every name apart. */
  real: string;
  entries: Dirent<Buffer>[];
  next: number;
}

type Target =
  | { kind: 'file'; real?: string }
  | { kind: 'dir'; real?: string }
  | { kind: 'other'; what: string }
  | { kind: 'error'; code: string; message: string };

const SEP = Buffer.from(path.sep);
const DOT = 0x2e;

/**
 * Yields the files that are inputs, and an error for every entry that could
 * not be followed or read. Hidden entries (`.name`) are skipped, and so are
 * files `skipReason` names a reason for; each is told to `onSkipped`.
 * Throws `INVALID_SOURCE` only when the root itself cannot be listed.
 */
export async function* walkFolder(root: string, options: WalkOptions): AsyncGenerator<WalkEntry> {
  const rootPath = Buffer.from(root);
  let rootReal: string;
  let rootEntries: Dirent<Buffer>[];
  try {
    rootReal = key(await realpath(rootPath, { encoding: 'buffer' }));
    rootEntries = await listDir(rootPath);
  } catch (err) {
    throw new StorylineError('INVALID_SOURCE', `cannot read the corpus folder "${root}": ${osMessage(err)}`);
  }
  const inside = rootReal.endsWith(path.sep) ? rootReal : rootReal + path.sep;
  const isInside = (real: string) => real === rootReal || real.startsWith(inside);

  /** Real path → where it was first walked, for the message when a link leads back to it. */
  const visited = new Map<string, string>([[rootReal, '.']]);
  const ancestors = new Set<string>([rootReal]);
  const stack: Frame[] = [{ dir: rootPath, rel: '', real: rootReal, entries: rootEntries, next: 0 }];

  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (frame.next >= frame.entries.length) {
      stack.pop();
      ancestors.delete(frame.real);
      continue;
    }
    const entry = frame.entries[frame.next++];
    const name = escapeInvalidUtf8(entry.name);
    const rel = frame.rel === '' ? name : `${frame.rel}/${name}`;
    if (entry.name[0] === DOT) {
      options.onSkipped?.(rel, 'hidden');
      continue;
    }
    const full = Buffer.concat([frame.dir, SEP, entry.name]);
    const target = await resolve(entry, full);
    const outside = (real: string | undefined): InputError | undefined =>
      real === undefined || options.followSymlinks === true || isInside(real)
        ? undefined
        : { source: rel, code: 'outside-root', message: `is a symlink to "${escapeInvalidUtf8(Buffer.from(real, 'latin1'))}", outside the corpus folder; not followed (--follow-symlinks follows it)` };

    if (target.kind === 'error') {
      yield { kind: 'error', error: { source: rel, code: target.code, message: target.message } };
    } else if (target.kind === 'file' || target.kind === 'other') {
      const reason = options.skipReason(name);
      if (reason !== undefined) {
        options.onSkipped?.(rel, reason);
        continue;
      }
      const error = target.kind === 'other' ? { source: rel, code: 'not-a-file', message: `is ${target.what}, not a regular file` } : outside(target.real);
      yield error !== undefined ? { kind: 'error', error } : { kind: 'file', path: full, rel, name };
    } else {
      const error = outside(target.real);
      if (error !== undefined) {
        yield { kind: 'error', error };
        continue;
      }
      const real = target.real ?? frame.real + path.sep + key(entry.name);
      if (ancestors.has(real)) {
        yield {
          kind: 'error',
          error: { source: rel, code: 'symlink-loop', message: `links back to its ancestor folder "${visited.get(real) ?? real}"` },
        };
        continue;
      }
      const seen = visited.get(real);
      if (seen !== undefined) {
        yield {
          kind: 'error',
          error: { source: rel, code: 'already-visited', message: `is the same folder as "${seen}", which was already read` },
        };
        continue;
      }
      let entries: Dirent<Buffer>[];
      try {
        entries = await listDir(full);
      } catch (err) {
        yield { kind: 'error', error: { source: rel, code: 'unreadable', message: osMessage(err) } };
        continue;
      }
      visited.set(real, rel);
      ancestors.add(real);
      stack.push({ dir: full, rel, real, entries, next: 0 });
    }
  }
}

function key(bytes: Buffer): string {
  return bytes.toString('latin1');
}

async function listDir(dir: Buffer): Promise<Dirent<Buffer>[]> {
  const entries = await readdir(dir, { withFileTypes: true, encoding: 'buffer' });
  return entries.sort((a, b) => Buffer.compare(a.name, b.name));
}

async function resolve(entry: Dirent<Buffer>, full: Buffer): Promise<Target> {
  if (entry.isFile()) return { kind: 'file' };
  if (entry.isDirectory()) return { kind: 'dir' };
  if (entry.isSymbolicLink()) return followLink(full);
  if (entry.isFIFO() || entry.isSocket() || entry.isCharacterDevice() || entry.isBlockDevice()) {
    return { kind: 'other', what: 'a device, pipe or socket' };
  }
  // Some file systems do not report types in listings.
  try {
    const st = await lstat(full);
    if (st.isSymbolicLink()) return followLink(full);
    if (st.isFile()) return { kind: 'file' };
    if (st.isDirectory()) return { kind: 'dir' };
    return { kind: 'other', what: 'a device, pipe or socket' };
  } catch (err) {
    return { kind: 'error', code: 'unreadable', message: osMessage(err) };
  }
}

async function followLink(full: Buffer): Promise<Target> {
  try {
    const st = await stat(full);
    if (st.isFile()) return { kind: 'file', real: key(await realpath(full, { encoding: 'buffer' })) };
    if (st.isDirectory()) return { kind: 'dir', real: key(await realpath(full, { encoding: 'buffer' })) };
    return { kind: 'other', what: 'a link to a device, pipe or socket' };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      return { kind: 'error', code: 'dangling-symlink', message: `symlink points to nothing: ${osMessage(err)}` };
    }
    if (code === 'ELOOP') {
      return { kind: 'error', code: 'symlink-loop', message: `symlink chain never ends: ${osMessage(err)}` };
    }
    return { kind: 'error', code: 'unreadable', message: osMessage(err) };
  }
}
