/**
 * `storyline dedup` end to end (read → kept file) against datasketch
 * (../shared/peers/datasketch_dedup.py: MinHash.update_batch + MinHashLSH,
 * its fastest path) on the same JSONL file, both scored against the
 * archive's answer key as copy pairs.
 *
 * Ours runs in a fresh process (`runDedupChild`): the CLI's own code path
 * (`dedupCommand`), timed from the first read to the kept file written,
 * its peak RSS the process's (worker threads included).
 *
 *   node dist/bench/dedup.js <file.jsonl> <workers> <out-dir>
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dedupCommand } from '../src/cli/dedup.js';
import { evalDataDir, loadEcb } from '../src/eval/data.js';
import { buildNearDupCase, scoreNearDup, type NearDupReport } from '../src/eval/suites/neardup.js';
import type { Result } from '../src/types.js';
import { repoRoot } from '../test/fixtures/paths.js';

export interface DedupRun {
  seconds: number;
  peakRss: number;
  /** Groups as written to --groups: the kept id, then the removed ones. */
  groups: string[][];
  keptBytes: number;
}

export function runDedupChild(file: string, workers: number, outDir: string): Promise<DedupRun> {
  const script = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [script, file, String(workers), outDir], { maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`dedup run failed: ${err.message}\n${stderr}`));
      else resolve(JSON.parse(stdout) as DedupRun);
    });
  });
}

export interface DatasketchRun {
  docs: number;
  read_s: number;
  signatures_s: number;
  lsh_insert_s: number;
  query_s: number;
  /** Signatures + LSH insert + query (reading left out). */
  total_s: number;
  groups: string[][];
}

export const DATASKETCH_SCRIPT = join(dirname(repoRoot()), 'shared', 'peers', 'datasketch_dedup.py');

/** datasketch on the same file, or why it could not run here. */
export function runDatasketch(file: string, outDir: string): DatasketchRun | { skipped: string } {
  if (!existsSync(DATASKETCH_SCRIPT)) return { skipped: `${DATASKETCH_SCRIPT} is not here` };
  const numpy = spawnSync('python3', ['-c', 'import numpy, scipy'], { encoding: 'utf8' });
  if (numpy.error !== undefined || numpy.status !== 0) return { skipped: 'python3 with numpy and scipy is not installed (apt-get install python3-numpy python3-scipy)' };
  const groupsFile = join(outDir, 'datasketch-groups.json');
  const run = spawnSync('python3', [DATASKETCH_SCRIPT, file, '--out', groupsFile], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) return { skipped: `datasketch failed: ${run.stderr.trim().split('\n').pop() ?? run.status}` };
  const figures = JSON.parse(run.stdout.trim().split('\n').pop()!) as Omit<DatasketchRun, 'groups'>;
  const groups = (JSON.parse(readFileSync(groupsFile, 'utf8')) as { nearDuplicateGroups: { members: string[] }[] }).nearDuplicateGroups.map((g) => g.members);
  return { ...figures, groups };
}

/**
 * The eval's near-duplicate suite (ECB+ dev: articles, their reprints at five
 * edit levels, pages holding an article) as a JSONL file in `dir`, and a
 * scorer of any tool's groups on it (pairwise, as `npm run eval` scores).
 * Undefined when the labelled data is not here.
 */
export function nearDupSuite(dir: string): { file: string; docs: number; score: (groups: string[][]) => NearDupReport['pairwise'] } | undefined {
  let articles;
  try {
    articles = loadEcb(evalDataDir()).filter((a) => a.split === 'dev');
  } catch {
    return undefined;
  }
  const c = buildNearDupCase(articles);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'neardup-dev.jsonl');
  writeFileSync(file, c.docs.map((d) => JSON.stringify({ id: d.id, text: d.text })).join('\n') + '\n');
  const score = (groups: string[][]) => {
    const result = {
      documents: c.docs.map((d) => ({ id: d.id })),
      nearDuplicateGroups: groups.map((members, i) => ({ id: `g${i}`, members })),
      containments: [],
    } as unknown as Result;
    return scoreNearDup(c, result, 0.6, 0).pairwise;
  };
  return { file, docs: c.docs.length, score };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, workers, outDir] = process.argv.slice(2);
  mkdirSync(outDir, { recursive: true });
  const out = join(outDir, 'kept.jsonl');
  const groupsFile = join(outDir, 'groups.jsonl');
  const started = performance.now();
  const code = await dedupCommand(
    file,
    { out, groups: groupsFile, threshold: 0.6, keep: 'earliest', containment: false, workers: Number(workers), shingleSize: 3, null: false, progress: false, followSymlinks: false, quiet: true },
    () => {},
  );
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`storyline dedup exited with ${code}`);
  const groups = readFileSync(groupsFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const g = JSON.parse(line) as { kept: string; removed: string[] };
      return [g.kept, ...g.removed];
    });
  const keptBytes = statSync(out).size;
  rmSync(out);
  const run: DedupRun = { seconds, peakRss: process.resourceUsage().maxRSS * 1024, groups, keptBytes };
  process.stdout.write(JSON.stringify(run));
}
