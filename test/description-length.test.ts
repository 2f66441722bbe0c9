import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { descriptionLengthCuts } from '../src/segments/description-length.js';
import { mulberry32 } from './fixtures/random.js';

/**
 * Units of `perUnit` terms each, drawn from the vocabulary of their topic
 * (topic t uses ids t*1000 + 0..vocab-1), skewed as real text is: a few
 * words of each topic recur, most are rare.
 */
function units(topics: number[], perUnit: number, vocab: number, seed: number): { termStart: Int32Array; terms: Int32Array } {
  const random = mulberry32(seed);
  const terms: number[] = [];
  const termStart = new Int32Array(topics.length + 1);
  topics.forEach((t, u) => {
    for (let k = 0; k < perUnit; k++) terms.push(t * 1000 + Math.floor(random() ** 3 * vocab));
    termStart[u + 1] = terms.length;
  });
  return { termStart, terms: Int32Array.from(terms) };
}

const options = { maxUnits: 200, minTerms: 10, penaltyScale: 1 };
const always = () => true;

test('two topics with their own words: one cut, exactly between them', () => {
  const topics = [...Array(8).fill(0), ...Array(6).fill(1)];
  const { termStart, terms } = units(topics, 12, 40, 1);
  assert.equal(descriptionLengthCuts(termStart, terms, 0, topics.length, always, options), [8]);
});

test('four topics: three cuts at the topic changes', () => {
  const topics = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3];
  const { termStart, terms } = units(topics, 15, 30, 2);
  assert.equal(descriptionLengthCuts(termStart, terms, 0, topics.length, always, options), [4, 7, 12]);
});

test('one topic throughout: a higher segment cost never makes more cuts, and enough of it makes none', () => {
  // The smoothed per-segment estimate fits chance clusters of words, so U00
  // may cut even one topic; in the pipeline, merging similar blocks
  // (segments/resolve.ts) undoes such cuts.
  const topics = Array(20).fill(0);
  const { termStart, terms } = units(topics, 12, 60, 3);
  let previous = Infinity;
  for (const penaltyScale of [1, 2, 4, 8]) {
    const cuts = descriptionLengthCuts(termStart, terms, 0, topics.length, always, { ...options, penaltyScale });
    assert.ok(cuts.length <= previous, `penalty ${penaltyScale}: ${cuts.length} cuts after ${previous}`);
    previous = cuts.length;
  }
  assert.is(previous, 0);
});

test('cuts only where allowed, and only inside [from, to)', () => {
  const topics = [5, 5, ...Array(8).fill(0), ...Array(6).fill(1), 7];
  const { termStart, terms } = units(topics, 12, 40, 4);
  // the true boundary (unit 10) is not allowed: a neighbouring unit takes it
  const cuts = descriptionLengthCuts(termStart, terms, 2, 16, (u) => u !== 10, options);
  assert.ok(!cuts.includes(10));
  assert.ok(cuts.includes(9) || cuts.includes(11), `cuts ${cuts}`);
  for (const c of cuts) assert.ok(c > 2 && c < 16, `cut ${c} inside the region`);
});

test('segments shorter than minTerms are never made', () => {
  // a one-unit intrusion of another topic, 12 terms < minTerms 20
  const topics = [...Array(6).fill(0), 1, ...Array(6).fill(0)];
  const { termStart, terms } = units(topics, 12, 40, 5);
  const cuts = descriptionLengthCuts(termStart, terms, 0, topics.length, always, { ...options, minTerms: 20 });
  let start = 0;
  for (const c of [...cuts, topics.length]) {
    assert.ok(termStart[c] - termStart[start] >= 20, `segment ${start}-${c}`);
    start = c;
  }
});

/**
 * The cheapest segmentation found by trying every set of cuts, with the cost
 * as the module comment states it: per segment Σ_w f(w) · ln((m + k) / (f(w) + 1))
 * plus penaltyScale · ln(n); a segment starts only where allowed, spans at most
 * maxUnits units, and holds at least minTerms terms unless it is the only one.
 * Null when the best two are within rounding of each other (either may win).
 */
function cheapestCuts(termStart: Int32Array, terms: Int32Array, from: number, to: number, allowed: (u: number) => boolean, o: typeof options): number[] | null {
  const region = Array.from(terms.subarray(termStart[from], termStart[to]));
  const k = new Set(region).size;
  const penalty = o.penaltyScale * Math.log(region.length);
  const segmentCost = (a: number, b: number) => {
    const f = new Map<number, number>();
    for (let t = termStart[a]; t < termStart[b]; t++) f.set(terms[t], (f.get(terms[t]) ?? 0) + 1);
    const m = termStart[b] - termStart[a];
    let cost = penalty;
    for (const c of f.values()) cost += c * Math.log((m + k) / (c + 1));
    return cost;
  };
  const costs: Array<{ cuts: number[]; cost: number }> = [];
  const gaps = to - from - 1;
  for (let mask = 0; mask < 1 << gaps; mask++) {
    const cuts = Array.from({ length: gaps }, (_, g) => from + 1 + g).filter((_, g) => (mask >> g) & 1);
    const bounds = [from, ...cuts, to];
    const parts = bounds.slice(1).map((b, x) => [bounds[x], b]);
    const ok = cuts.every(allowed) && parts.every(([a, b]) => b - a <= o.maxUnits && (parts.length === 1 || termStart[b] - termStart[a] >= o.minTerms));
    if (ok) costs.push({ cuts, cost: parts.reduce((sum, [a, b]) => sum + segmentCost(a, b), 0) });
  }
  if (costs.length === 0) return [];
  costs.sort((a, b) => a.cost - b.cost);
  return costs.length > 1 && costs[1].cost - costs[0].cost < 1e-9 ? null : costs[0].cuts;
}

test('on small random texts, the cuts are the cheapest of every segmentation tried one by one', () => {
  const random = mulberry32(11);
  const int = (a: number, b: number) => a + Math.floor(random() * (b - a + 1));
  let compared = 0;
  let withCuts = 0;
  for (let trial = 0; trial < 400; trial++) {
    const n = int(2, 10);
    const topics = Array.from({ length: n }, (_, u) => Math.floor(u / int(1, n)));
    const vocab = int(1, 6);
    const terms: number[] = [];
    const termStart = new Int32Array(n + 1);
    for (let u = 0; u < n; u++) {
      for (let t = int(0, 5); t > 0; t--) terms.push(100 * topics[u] + int(0, vocab));
      termStart[u + 1] = terms.length;
    }
    const from = int(0, 2);
    const to = int(from + 2, n);
    if (to > n || termStart[to] === termStart[from]) continue;
    const barred = new Set(Array.from({ length: n }, (_, u) => u).filter(() => random() < 0.25));
    const allowed = (u: number) => !barred.has(u);
    const o = { maxUnits: int(1, 8), minTerms: int(0, 6), penaltyScale: [0.25, 0.5, 1, 2][int(0, 3)] };
    const want = cheapestCuts(termStart, Int32Array.from(terms), from, to, allowed, o);
    if (want === null) continue;
    compared++;
    if (want.length > 0) withCuts++;
    assert.equal(descriptionLengthCuts(termStart, Int32Array.from(terms), from, to, allowed, o), want, `trial ${trial}: ${JSON.stringify({ terms, termStart: Array.from(termStart), from, to, barred: [...barred], o })}`);
  }
  assert.ok(compared > 250 && withCuts > 80, `compared ${compared}, with cuts ${withCuts}`);
});

test.run();
