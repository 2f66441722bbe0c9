/**
 * A folder of many small files through the whole pipeline: every file is one
 * input, and the accounting (inputs = documents + errors) must hold at
 * 100,000 of them. A scale check, so it lives in the bench, not in the timed
 * unit tests (test/bad-input.test.ts walks such a folder through ingest only).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE_DIR } from './archive-file.js';
import { runPipelineChild, type PipelineRun } from './pipeline.js';

export interface ManyFilesRun {
  files: number;
  run: PipelineRun;
  /** Did every file come out as exactly one document, with no error? */
  accounted: boolean;
}

const WORDS = ['harbour', 'council', 'budget', 'storm', 'court', 'bridge', 'market', 'railway'];

/** `files` one-line notes in 100 subfolders of the bench cache (written once), timed through `analyze` in a fresh process. */
export async function timeManyFiles(files: number, workers: number): Promise<ManyFilesRun> {
  const dir = join(CACHE_DIR, `many-files-${files}`);
  const done = join(CACHE_DIR, `many-files-${files}.done`);
  if (!existsSync(done)) {
    for (let f = 0; f < 100; f++) mkdirSync(join(dir, String(f).padStart(2, '0')), { recursive: true });
    for (let i = 0; i < files; i++) {
      const name = join(dir, String(i % 100).padStart(2, '0'), `${String(i).padStart(6, '0')}.txt`);
      writeFileSync(name, `Note ${i}: the ${WORDS[i % 8]} and the ${WORDS[(i * 3) % 8]}.`);
    }
    writeFileSync(done, '');
  }
  const run = await runPipelineChild(dir, workers, 'full');
  const s = run.summary;
  return { files, run, accounted: s !== undefined && s.inputs === files && s.documents === files && s.errors === 0 };
}

export function describeManyFiles(m: ManyFilesRun): string {
  const s = m.run.summary;
  return (
    `${m.files.toLocaleString('en-US')} small files: ${m.run.seconds.toFixed(1)} s, peak RSS ${(m.run.peakRss / 2 ** 30).toFixed(2)} GiB; ` +
    `${s?.inputs ?? '?'} inputs = ${s?.documents ?? '?'} documents + ${s?.errors ?? '?'} errors (${m.accounted ? 'every file one document' : 'ACCOUNTING BROKEN'})`
  );
}
