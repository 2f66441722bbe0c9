/**
 * Writing the CLI's output file so that it is never seen half-written: the
 * data goes to a temporary file next to it, which is renamed over the
 * target only when complete, and removed on any failure or abort.
 */
import { rmSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';

export function tempPathFor(path: string): string {
  return `${path}.${process.pid}.tmp`;
}

/** @throws the abort reason if `signal` aborts before the rename; the target is then untouched. */
export async function writeAtomically(path: string, data: string, signal?: AbortSignal): Promise<void> {
  const temp = tempPathFor(path);
  try {
    await writeFile(temp, data, { signal });
    signal?.throwIfAborted();
    await rename(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}
