/**
 * Recursive walk of a corpus folder. Order must not depend on the file
 * system (ids, duplicate renaming and output order follow it), so each
 * folder's entries are sorted by code units. Only one folder listing per
 * level is held at a time and files are not opened here at all, so a folder
 * of 100,000 files costs its listing, not 100,000 handles.
 *
 * Symlinks are followed, because archives are often assembled from links,
 * but each real folder is walked once: a link back to an ancestor would
 * never end, and a second link to the same folder would double its files.
 */
import type { Dirent } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { InputError } from '../types.js';
import { StorylineError } from '../errors.js';
import { osMessage } from './file.js';

export type WalkEntry =
  | { kind: 'file'; path: string; rel: string }
  | { kind: 'error'; error: InputError };

interface Frame {
  dir: string;
  /** Relative to the root with `/` separators; '' for the root. */
  rel: string;
  real: string;
  entries: Dirent[];
  next: number;
}

type Target =
  | { kind: 'file' }
  | { kind: 'dir'; real?: string }
  | { kind: 'other'; what: string }
  | { kind: 'error'; code: string; message: string };

/**
 * Yields the files whose names `accept` takes, and an error for every entry
 * that could not be followed or read. Hidden entries (`.name`) are skipped.
 * Throws `INVALID_SOURCE` only when the root itself cannot be listed.
 */
export async function* walkFolder(root: string, accept: (name: string) => boolean): AsyncGenerator<WalkEntry> {
  let rootReal: string;
  let rootEntries: Dirent[];
  try {
    rootReal = await realpath(root);
    rootEntries = await listDir(root);
  } catch (err) {
    throw new StorylineError('INVALID_SOURCE', `cannot read the corpus folder "${root}": ${osMessage(err)}`);
  }

  /** Real path → where it was first walked, for the message when a link leads back to it. */
  const visited = new Map<string, string>([[rootReal, '.']]);
  const ancestors = new Set<string>([rootReal]);
  const stack: Frame[] = [{ dir: root, rel: '', real: rootReal, entries: rootEntries, next: 0 }];

  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (frame.next >= frame.entries.length) {
      stack.pop();
      ancestors.delete(frame.real);
      continue;
    }
    const entry = frame.entries[frame.next++];
    const name = entry.name;
    if (name.startsWith('.')) continue;
    const full = path.join(frame.dir, name);
    const rel = frame.rel === '' ? name : `${frame.rel}/${name}`;
    const target = await resolve(entry, full);

    if (target.kind === 'error') {
      yield { kind: 'error', error: { source: rel, code: target.code, message: target.message } };
    } else if (target.kind === 'file') {
      if (accept(name)) yield { kind: 'file', path: full, rel };
    } else if (target.kind === 'other') {
      if (accept(name)) {
        yield { kind: 'error', error: { source: rel, code: 'not-a-file', message: `is ${target.what}, not a regular file` } };
      }
    } else {
      const real = target.real ?? path.join(frame.real, name);
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
      let entries: Dirent[];
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

async function listDir(dir: string): Promise<Dirent[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

async function resolve(entry: Dirent, full: string): Promise<Target> {
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

async function followLink(full: string): Promise<Target> {
  try {
    const st = await stat(full);
    if (st.isFile()) return { kind: 'file' };
    if (st.isDirectory()) return { kind: 'dir', real: await realpath(full) };
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
