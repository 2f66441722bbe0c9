/**
 * The near-duplicate stage alone on two heavy-tailed corpora, for
 * docs/neardup-scale.md: time, peak RSS and the size of the groups' JSON.
 *
 *   node dist/bench/neardup-scale.js copies 50000      distinct articles, each copied 64 times
 *   node dist/bench/neardup-scale.js templated 200000  short texts from one template with three slots
 *
 * Signatures are made from token ids directly (no text, no other stage), in
 * a shuffled input order with ranks that restore the id order, as analyze
 * passes them. `--copies N` sets the family size, `--slots S --values V`
 * the template (3 × 60), `--seed S` the shuffle. `--reference` also
 * compares the groups with all-pairs verification (quadratic: small runs).
 */
import { createHash } from 'node:crypto';
import { MinHasher } from '../src/features/minhash.js';
import { findNearDuplicates } from '../src/neardup/groups.js';
import type { FeatureBatch } from '../src/features/batch.js';
import { containmentFromJaccard, estimateJaccard } from '../src/features/minhash.js';
import { candidateThreshold } from '../src/neardup/groups.js';
import { bandKey } from '../src/neardup/lsh.js';
import { optimalLshParams } from '../src/neardup/params.js';
import { UnionFind } from '../src/util/union-find.js';
import { collectGarbage } from '../src/util/collect-garbage.js';
import { mulberry32 } from '../src/util/random.js';
import { RssSampler } from './rss.js';

const K = 128;

interface Corpus {
  count: number;
  numPerm: number;
  flags: Uint8Array;
  shingles: Uint32Array;
  signatures: Uint32Array;
  /** Per input position, the document's rank (its id order). */
  rank: Int32Array;
}

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

/** A permutation of 0..n-1 (Fisher–Yates): position → document id. */
function shuffled(n: number, seed: number): Int32Array {
  const rand = mulberry32(seed);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

/** Document `id` is made by `make(id, tokens)` (returns the token count); input positions are shuffled. */
function corpusOf(n: number, seed: number, maxTokens: number, make: (id: number, tokens: Uint32Array) => number): Corpus {
  const hasher = new MinHasher({ numPerm: K, shingleSize: 3 });
  const signatures = new Uint32Array(n * K);
  const shingles = new Uint32Array(n);
  const rank = shuffled(n, seed);
  const tokens = new Uint32Array(maxTokens);
  for (let p = 0; p < n; p++) shingles[p] = hasher.sign(tokens, make(rank[p], tokens), signatures, p * K);
  return { count: n, numPerm: K, flags: new Uint8Array(n), shingles, signatures, rank };
}

/** Families of `copies` identical articles of 200–800 words; the members of a family are ids f·copies … */
function copies(n: number, seed: number, copiesPerFamily: number): Corpus {
  return corpusOf(n, seed, 800, (id, tokens) => {
    const rand = mulberry32(1 + Math.floor(id / copiesPerFamily));
    const length = 200 + Math.floor(rand() * 600);
    for (let i = 0; i < length; i++) tokens[i] = (rand() * 2 ** 32) >>> 0;
    return length;
  });
}

/**
 * 20 fixed words with `slots` slots of `values` values each, spread out so
 * that each slot holds 3 shingles of its own: texts one slot apart are
 * near-duplicates, texts many slots apart are not, and chains of texts a
 * slot or two apart join most of the corpus into one group.
 */
function templated(n: number, seed: number, slots: number, values: number): Corpus {
  const fixed = Array.from({ length: 20 }, (_, i) => (0x9e3779b1 * (i + 1)) >>> 0);
  const after = new Set(Array.from({ length: slots }, (_, s) => Math.floor(((s + 0.5) * fixed.length) / slots)));
  return corpusOf(n, seed, fixed.length + slots, (id, tokens) => {
    const rand = mulberry32(1000003 + id);
    let at = 0;
    let slot = 0;
    for (let i = 0; i < fixed.length; i++) {
      tokens[at++] = fixed[i];
      if (after.has(i)) tokens[at++] = (0x85ebca77 * (1 + slot++ * values + Math.floor(rand() * values))) >>> 0;
    }
    return at;
  });
}

/**
 * The groups all-pairs verification gives: every pair sharing a band key,
 * verified by the rule of neardup/groups.ts written out again, joined.
 * Quadratic: for a few thousand documents.
 */
function referenceGroups(corpus: Corpus, threshold: number): Int32Array {
  const n = corpus.count;
  const params = optimalLshParams(candidateThreshold(threshold), K);
  const keys = new Uint32Array(n * params.bands);
  for (let d = 0; d < n; d++) for (let b = 0; b < params.bands; b++) keys[d * params.bands + b] = bandKey(corpus.signatures, d * K, b, params.rows);
  const uf = new UnionFind(n);
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      let shared = false;
      for (let band = 0; band < params.bands && !shared; band++) shared = keys[a * params.bands + band] === keys[b * params.bands + band];
      if (!shared) continue;
      const jaccard = estimateJaccard(corpus.signatures, a * K, corpus.signatures, b * K, K);
      const [small, large] = corpus.shingles[a] <= corpus.shingles[b] ? [corpus.shingles[a], corpus.shingles[b]] : [corpus.shingles[b], corpus.shingles[a]];
      const contained = containmentFromJaccard(jaccard, small, large);
      if (jaccard >= threshold || (contained >= threshold && small / large >= 0.6)) uf.union(a, b);
    }
  }
  return groupLabels(n, (d) => uf.find(d), corpus.rank);
}

/** Per input position, the smallest rank in its group: equal arrays, equal partitions. */
function groupLabels(n: number, root: (d: number) => number, rank: Int32Array): Int32Array {
  const least = new Int32Array(n).fill(n);
  for (let d = 0; d < n; d++) least[root(d)] = Math.min(least[root(d)], rank[d]);
  return Int32Array.from({ length: n }, (_, d) => least[root(d)]);
}

async function main(): Promise<void> {
  const kind = process.argv[2];
  const n = Number(process.argv[3] ?? 50000);
  const seed = arg('--seed', 1);
  const corpus = kind === 'copies' ? copies(n, seed, arg('--copies', 64)) : kind === 'templated' ? templated(n, seed, arg('--slots', 3), arg('--values', 60)) : undefined;
  if (corpus === undefined) throw new Error('usage: neardup-scale.js copies|templated DOCS [--copies N] [--slots S --values V] [--seed S]');
  collectGarbage();
  const sampler = new RssSampler(5);
  await new Promise((resolve) => setTimeout(resolve, 50));
  const before = sampler.takePeak();
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = findNearDuplicates(corpus as unknown as FeatureBatch, corpus.rank, { threshold: 0.6 });
  const seconds = (performance.now() - started) / 1000;
  const { user, system } = process.cpuUsage(cpu);
  const peak = sampler.takePeak();
  await sampler.stop();

  const id = (d: number) => `doc-${String(corpus.rank[d]).padStart(7, '0')}`;
  const partition = createHash('sha256');
  let jsonBytes = 0;
  let pairs = 0;
  let largest = 0;
  for (const g of result.groups) {
    const json = JSON.stringify({ members: g.members.map(id), pairs: g.pairs.map((p) => ({ a: id(p.a), b: id(p.b), jaccard: p.jaccard })) });
    jsonBytes += json.length;
    partition.update(g.members.map((m) => corpus.rank[m]).join(',') + ';');
    pairs += g.pairs.length;
    largest = Math.max(largest, g.members.length);
  }
  const { groups, containments, ...stats } = result;
  delete (stats as { representative?: unknown }).representative;
  const gib = (b: number) => (b / 2 ** 30).toFixed(2);
  console.log(
    `${kind} ${n.toLocaleString('en-US')} docs: near-duplicates ${seconds.toFixed(2)} s (CPU ${((user + system) / 1e6).toFixed(2)} s), RSS ${gib(before)} → peak ${gib(peak)} GiB (+${gib(peak - before)}); ` +
      `${groups.length.toLocaleString('en-US')} groups, largest ${largest.toLocaleString('en-US')}, ${pairs.toLocaleString('en-US')} pairs, ` +
      `${containments.length} containments, groups' JSON ${(jsonBytes / 2 ** 20).toFixed(1)} MiB; ${JSON.stringify(stats)}; groups by id sha256 ${partition.digest('hex').slice(0, 12)}`,
  );
  if (process.argv.includes('--reference')) {
    const want = referenceGroups(corpus, 0.6);
    const groupOf = new Int32Array(n).fill(-1);
    result.groups.forEach((g, i) => g.members.forEach((m) => (groupOf[m] = i)));
    const got = groupLabels(n, (d) => (groupOf[d] < 0 ? d : result.groups[groupOf[d]].members[0]), corpus.rank);
    let differ = 0;
    for (let d = 0; d < n; d++) if (got[d] !== want[d]) differ++;
    const wantGroups = new Set(want).size;
    console.log(`all-pairs verification: ${wantGroups.toLocaleString('en-US')} groups and lone documents (here ${new Set(got).size.toLocaleString('en-US')}); ${differ} documents in another group`);
  }
}

await main();
