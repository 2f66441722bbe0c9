/**
 * The generated archive as a JSONL file in a git-ignored cache, written
 * once per (shape, size, seed) and reused: the pipeline is then timed on a real
 * file read (ingest included), and generation is never part of the timing.
 *
 * The file is written under a temporary name and renamed when complete, and
 * its statistics go to a sidecar `.json`: a run that was killed half-way
 * leaves no file that looks finished.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../test/fixtures/paths.js';
import type { ArchiveStats } from './corpus.js';
import { jsonLine, type HeavyStats } from './heavy-corpus.js';
import { archiveDocs, archiveStem, type ArchiveShape } from './shapes.js';
import { KeyBuilder, archiveKey, type ArchiveKey } from './truth.js';

export const CACHE_DIR = join(repoRoot(), 'bench', '.cache');

export interface ArchiveFile {
  path: string;
  shape: ArchiveShape;
  seed: number;
  /** File size in bytes (UTF-8 JSONL, with ids, titles and dates). */
  bytes: number;
  stats: ArchiveStats | HeavyStats;
  /** Seconds spent generating, or 0 when the cached file was reused. */
  generateSeconds: number;
  /** Where the archive's answer key is (bench/truth.ts): written with the archive, or on first use for caches that predate keys. */
  keyPath: string;
}

/** The answer key of an archive file, generated (text dropped) if the cache predates keys. */
export function keyOf(archive: ArchiveFile, docs: number): ArchiveKey {
  return archiveKey(docs, archive.seed, archive.keyPath, archive.shape);
}

/** Lines are gathered into chunks of about this many characters before each write. */
const WRITE_CHUNK_CHARS = 8 * 1024 * 1024;

export function archiveFile(docs: number, seed: number, shape: ArchiveShape = 'friendly', dir = CACHE_DIR): ArchiveFile {
  const path = join(dir, `${archiveStem(shape, docs, seed)}.jsonl`);
  const statsPath = `${path}.stats.json`;
  const keyPath = `${path}.key.json`;
  if (existsSync(path) && existsSync(statsPath)) {
    return { path, shape, seed, bytes: statSync(path).size, stats: JSON.parse(readFileSync(statsPath, 'utf8')) as ArchiveStats, generateSeconds: 0, keyPath };
  }
  mkdirSync(dir, { recursive: true });
  const started = performance.now();
  const temp = `${path}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w');
  let stats: ArchiveStats | HeavyStats | undefined;
  const key = new KeyBuilder();
  try {
    // A line comes in pieces (a huge page's text chunk by chunk), so no line need be held whole.
    let pieces: string[] = [];
    let chars = 0;
    for (const doc of archiveDocs(shape, docs, seed, (s) => (stats = s), key.add)) {
      for (const piece of jsonLine(doc)) {
        pieces.push(piece);
        chars += piece.length;
        if (chars >= WRITE_CHUNK_CHARS) {
          writeSync(fd, pieces.join(''));
          pieces = [];
          chars = 0;
        }
      }
      pieces.push('\n');
    }
    if (pieces.length > 0) writeSync(fd, pieces.join(''));
  } finally {
    closeSync(fd);
  }
  key.save(keyPath);
  renameSync(temp, path);
  writeFileSync(statsPath, JSON.stringify(stats));
  return { path, shape, seed, bytes: statSync(path).size, stats: stats!, generateSeconds: (performance.now() - started) / 1000, keyPath };
}
