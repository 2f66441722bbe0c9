/**
 * Candidate segment boundaries inside one text, from lexical cohesion alone
 * (TextTiling: Hearst, "TextTiling: Segmenting text into multi-paragraph
 * subtopic passages", Computational Linguistics 23(1), 1997, block
 * comparison and depth scores).
 *
 * This step deliberately over-segments: it proposes blocks, and the
 * corpus-level step (segments/resolve.ts) merges neighbouring blocks back
 * unless IDF-weighted evidence says they differ. It runs in the worker,
 * where no corpus statistics exist yet, so it must not decide alone.
 *
 * The similarity at a gap compares the term counts of a window before it
 * with a window after it (each window grows until it holds WINDOW_TERMS
 * terms); a gap's depth is how far its similarity lies below the highest
 * similarities reached climbing left and right from it.
 */
import type { TextUnit } from '../normalize/structure.js';
import { PositionSet } from '../util/position-set.js';
import { U32Map } from '../util/u32-map.js';
import { descriptionLengthCuts } from './description-length.js';

export interface TilingOptions {
  /** Terms in each comparison window. @defaultValue 40 */
  windowTerms?: number;
  /** Fewest terms a proposed block may hold. @defaultValue 20 */
  minBlockTerms?: number;
  /** Most blocks proposed per text, besides a tail block (minTailTerms). @defaultValue 16 */
  maxBlocks?: number;
  /** Depth a gap needs to be proposed. @defaultValue 0.15 */
  minDepth?: number;
  /**
   * `texttiling` only: each paragraph start in the text's last run of
   * story blocks after which the story holds from minTailTerms to
   * maxTailTerms terms starts a tail block (at most MAX_TAIL_BLOCKS, the earliest), whatever
   * cohesion says there. A short story appended under an article is too
   * short for cohesion alone to cut; the corpus may (segments/crossdoc.ts),
   * and otherwise the tail blocks are merged back (segments/resolve.ts).
   * 0 turns it off. @defaultValue 8
   */
  minTailTerms?: number;
  /** See minTailTerms. @defaultValue 60 */
  maxTailTerms?: number;
  /**
   * How boundaries are proposed. `texttiling` over-segments on purpose: in
   * `analyze`, corpus evidence then decides which boundaries stay
   * (segments/resolve.ts, crossdoc.ts), and the thresholds there are set
   * for its proposals. `mdl` (segments/description-length.ts) picks the
   * segmentation that best explains the words on its own: `segment()`,
   * which has no corpus, uses it (Choi 3-11: Pk 0.123 against 0.162 with
   * TextTiling). In `analyze` it lowered bundle flag F1 and broke the sample
   * corpus. @defaultValue 'texttiling'
   */
  method?: 'texttiling' | 'mdl';
  /** `mdl` only: multiplies the ln(n) cost of each segment (1 is Utiyama & Isahara's). @defaultValue 1 */
  penaltyScale?: number;
}

/** Longest segment `mdl` considers, in units: bounds its work on a huge text. */
const MDL_MAX_UNITS = 200;

export const DEFAULT_TILING: Required<TilingOptions> = {
  windowTerms: 40,
  minBlockTerms: 20,
  maxBlocks: 16,
  minDepth: 0.15,
  minTailTerms: 8,
  maxTailTerms: 60,
  method: 'texttiling',
  penaltyScale: 1,
};

/** A run of units [from, to), all story or all boilerplate. */
export interface UnitBlock {
  from: number;
  to: number;
  boilerplate: boolean;
  /** Paragraphs at the end of the story, cut off by the tail rule alone (`tailStarts`). */
  tail?: boolean;
}

/**
 * Proposes blocks over `units`. `termStart[u]..termStart[u+1]` indexes unit
 * u's terms in `terms`; `boilerplate[u]` is 1 for boilerplate units;
 * `mayOpenStory(u)` says whether unit u could open a story appended to the
 * text (a tail block starts only there).
 */
export function proposeBlocks(
  units: readonly TextUnit[],
  termStart: Int32Array,
  terms: ArrayLike<number>,
  boilerplate: Uint8Array,
  options: TilingOptions = {},
  mayOpenStory: (unit: number) => boolean = () => true,
): UnitBlock[] {
  const o = { ...DEFAULT_TILING, ...options };
  const blocks: UnitBlock[] = [];
  let i = 0;
  while (i < units.length) {
    let j = i + 1;
    while (j < units.length && boilerplate[j] === boilerplate[i]) j++;
    if (boilerplate[i] === 1) blocks.push({ from: i, to: j, boilerplate: true });
    else for (const [from, to] of tileRegion(units, termStart, terms, i, j, o)) blocks.push({ from, to, boilerplate: false });
    i = j;
  }
  const capped = capBlocks(blocks, o.maxBlocks);
  // Tails are cut after capping: as the shortest blocks they would be the first merged away.
  let last = capped.length - 1;
  while (last >= 0 && capped[last].boilerplate) last--;
  if (o.method !== 'texttiling' || o.minTailTerms <= 0 || last < 0) return capped;
  let first = last;
  while (first > 0 && !capped[first - 1].boilerplate) first--;
  const starts = tailStarts(units, termStart, capped[first].from, capped[last].to, o, mayOpenStory);
  if (starts.length === 0) return capped;
  // Each block of the story's end is cut at the tail starts inside it; a start that is a block's own start cuts nothing.
  const cut: UnitBlock[] = [];
  let s = 0;
  for (let b = first; b <= last; b++) {
    const { from, to } = capped[b];
    while (s < starts.length && starts[s] <= from) s++;
    let at = from;
    let tail = false;
    for (; s < starts.length && starts[s] < to; s++) {
      cut.push(tail ? { from: at, to: starts[s], boilerplate: false, tail } : { from: at, to: starts[s], boilerplate: false });
      at = starts[s];
      tail = true;
    }
    cut.push(tail ? { from: at, to, boilerplate: false, tail } : capped[b]);
  }
  capped.splice(first, last - first + 1, ...cut);
  return capped;
}

/** Most tail blocks cut from a text: a page of one-line paragraphs would have dozens. */
const MAX_TAIL_BLOCKS = 8;

/**
 * Where tail blocks start in the story run [from, to): paragraph starts
 * after `from` that `mayOpenStory` allows, with minTailTerms to
 * maxTailTerms terms from there to `to`, the earliest MAX_TAIL_BLOCKS of
 * them, ascending.
 */
export function tailStarts(
  units: readonly TextUnit[],
  termStart: Int32Array,
  from: number,
  to: number,
  o: Required<TilingOptions>,
  mayOpenStory: (unit: number) => boolean = () => true,
): number[] {
  const starts: number[] = [];
  for (let at = to - 1; at > from; at--) {
    const tailTerms = termStart[to] - termStart[at];
    if (tailTerms > o.maxTailTerms) break;
    if (tailTerms >= o.minTailTerms && units[at].paragraphStart && mayOpenStory(at)) starts.push(at);
  }
  return starts.slice(-MAX_TAIL_BLOCKS).reverse();
}

function tileRegion(
  units: readonly TextUnit[],
  termStart: Int32Array,
  terms: ArrayLike<number>,
  from: number,
  to: number,
  o: Required<TilingOptions>,
): Array<[number, number]> {
  const gaps = to - from - 1;
  if (gaps <= 0) return [[from, to]];

  // With real paragraphs, topic shifts fall on paragraph starts.
  let paragraphs = 0;
  for (let u = from; u < to; u++) if (units[u].paragraphStart) paragraphs++;
  const allowed = (u: number) => paragraphs < 4 || units[u].paragraphStart;
  if (o.method === 'mdl') {
    // A headline opening a paragraph mid-text always starts a segment (see below).
    const forced = [from];
    for (let u = from + 1; u < to; u++) if (units[u].headline && units[u].paragraphStart) forced.push(u);
    forced.push(to);
    const out: Array<[number, number]> = [];
    for (let r = 0; r + 1 < forced.length; r++) {
      const cuts = descriptionLengthCuts(termStart, terms, forced[r], forced[r + 1], allowed, {
        maxUnits: MDL_MAX_UNITS,
        minTerms: o.minBlockTerms,
        penaltyScale: o.penaltyScale,
      });
      let start = forced[r];
      for (const c of cuts) {
        out.push([start, c]);
        start = c;
      }
      out.push([start, forced[r + 1]]);
    }
    return out;
  }

  const score = new Float64Array(gaps);
  const windows = GapWindows.forRegion(termStart, terms, from, to);
  // The windows slide: a unit enters and leaves each window once, rather
  // than each gap counting its windows afresh.
  let leftStart = from;
  let leftTerms = windows.add(LEFT, termStart[from], termStart[from + 1]);
  let rightEnd = from + 1;
  let rightTerms = 0;
  for (let g = 0; g < gaps; g++) {
    const at = from + g + 1; // first unit after the gap
    if (g > 0) {
      // Unit at − 1 crosses the gap; the left window then keeps the fewest units that reach windowTerms.
      rightTerms -= windows.remove(RIGHT, termStart[at - 1], termStart[at]);
      leftTerms += windows.add(LEFT, termStart[at - 1], termStart[at]);
      while (leftStart < at - 1 && leftTerms - (termStart[leftStart + 1] - termStart[leftStart]) >= o.windowTerms) {
        leftTerms -= windows.remove(LEFT, termStart[leftStart], termStart[leftStart + 1]);
        leftStart++;
      }
    }
    while (rightEnd < to && rightTerms < o.windowTerms) {
      rightTerms += windows.add(RIGHT, termStart[rightEnd], termStart[rightEnd + 1]);
      rightEnd++;
    }
    score[g] = windows.cosine();
  }
  windows.clear();

  // Depth scores (Hearst 1997, §5.2.2). The peak climbing left from gap g is
  // the one climbing from g − 1 when score[g − 1] ≥ score[g], else score[g]
  // itself (and likewise to the right): one pass each way, where climbing
  // afresh from every gap was quadratic on a long flat stretch (a page of
  // one-line paragraphs). `depth` holds the left peaks until the second pass.
  const depth = new Float64Array(gaps);
  for (let g = 0; g < gaps; g++) depth[g] = g > 0 && score[g - 1] >= score[g] ? depth[g - 1] : score[g];
  let rightPeak = 0;
  for (let g = gaps - 1; g >= 0; g--) {
    rightPeak = g + 1 < gaps && score[g + 1] >= score[g] ? rightPeak : score[g];
    depth[g] = depth[g] - score[g] + (rightPeak - score[g]);
  }

  // A headline opening a paragraph mid-text starts a new block whatever the
  // cohesion says: that is how a second article appended to a page begins.
  const candidates: Array<{ at: number; strength: number }> = [];
  for (let g = 0; g < gaps; g++) {
    const at = from + g + 1;
    if (units[at].headline && units[at].paragraphStart) candidates.push({ at, strength: 2 + depth[g] });
    else if (allowed(at) && depth[g] >= o.minDepth) candidates.push({ at, strength: depth[g] });
  }
  candidates.sort((a, b) => b.strength - a.strength || a.at - b.at);

  // Strongest first, each kept when both blocks it would cut hold enough terms.
  const cuts: number[] = [];
  const kept = new PositionSet(to - from);
  for (const c of candidates) {
    const below = kept.below(c.at - from);
    const above = kept.above(c.at - from);
    const before = below < 0 ? from : from + below;
    const after = above < 0 ? to : from + above;
    if (termStart[c.at] - termStart[before] >= o.minBlockTerms && termStart[after] - termStart[c.at] >= o.minBlockTerms) {
      kept.add(c.at - from);
      cuts.push(c.at);
    }
  }
  cuts.sort((a, b) => a - b);
  const out: Array<[number, number]> = [];
  let start = from;
  for (const cut of cuts) {
    out.push([start, cut]);
    start = cut;
  }
  out.push([start, to]);
  return out;
}

const LEFT = 0;
const RIGHT = 1;

/**
 * Term counts of the two windows around a gap, with their dot product and
 * squared norms kept up to date as terms enter and leave, so the cosine at
 * each gap costs nothing more. Terms are renumbered densely per region, so
 * counting is array indexing rather than hashing, and the arrays are
 * scratch space shared by every call on this thread. All counts are
 * integers, so the cosine is exact whatever the order of updates.
 */
class GapWindows {
  private static shared = new GapWindows();
  private readonly localOf = new U32Map(256);
  private local = new Int32Array(1024);
  private counts = [new Int32Array(256), new Int32Array(256)];
  private dot = 0;
  private norm = [0, 0];
  /** Index in `terms` of the region's first term, and the region's term count. */
  private offset = 0;
  private length = 0;

  static forRegion(termStart: Int32Array, terms: ArrayLike<number>, from: number, to: number): GapWindows {
    const w = GapWindows.shared;
    const first = termStart[from];
    const n = termStart[to] - first;
    if (w.local.length < n) w.local = new Int32Array(Math.max(n, w.local.length * 2));
    w.localOf.clear();
    for (let t = 0; t < n; t++) {
      const id = terms[first + t];
      let local = w.localOf.get(id, -1);
      if (local < 0) w.localOf.set(id, (local = w.localOf.size));
      w.local[t] = local;
    }
    w.offset = first;
    w.length = n;
    const vocabulary = w.localOf.size;
    for (let side = 0; side < 2; side++) {
      if (w.counts[side].length < vocabulary) w.counts[side] = new Int32Array(Math.max(vocabulary, w.counts[side].length * 2));
    }
    return w;
  }

  /** Counts the terms [from, to) into one side; returns how many. */
  add(side: number, from: number, to: number): number {
    return this.shift(side, from, to, 1);
  }

  /** Takes the terms [from, to) out of one side (they were added); returns how many. */
  remove(side: number, from: number, to: number): number {
    return this.shift(side, from, to, -1);
  }

  /** Moves each count of terms [from, to) on one side by `by` (±1): (c ± 1)² − c² = ±2c + 1. */
  private shift(side: number, from: number, to: number, by: number): number {
    const mine = this.counts[side];
    const other = this.counts[1 - side];
    let dot = 0;
    let norm = 0;
    for (let t = from; t < to; t++) {
      const x = this.local[t - this.offset];
      dot += other[x];
      norm += 2 * by * mine[x] + 1;
      mine[x] += by;
    }
    this.dot += by * dot;
    this.norm[side] += norm;
    return to - from;
  }

  /** Cosine of the two sides' counts. */
  cosine(): number {
    const [na, nb] = this.norm;
    return na === 0 || nb === 0 ? 0 : this.dot / Math.sqrt(na * nb);
  }

  /** Empties both sides (for the next region). */
  clear(): void {
    for (let t = 0; t < this.length; t++) {
      this.counts[LEFT][this.local[t]] = 0;
      this.counts[RIGHT][this.local[t]] = 0;
    }
    this.dot = 0;
    this.norm = [0, 0];
  }
}

/**
 * Keeps at most `max` blocks by merging the shortest story block (in units;
 * the first of equals) that has a story neighbour into one: the one before
 * it when that is a story, else the one after. Blocks wait in a heap keyed
 * by (length, first unit), so a text with many proposed blocks costs
 * O(blocks · log blocks), not a scan of every block per merge. A merge
 * changes no other block's neighbours' kinds, so a block without a story
 * neighbour never gains one and leaves the heap for good.
 */
function capBlocks(blocks: UnitBlock[], max: number): UnitBlock[] {
  const n = blocks.length;
  if (n <= max) return blocks;
  const from = new Int32Array(n);
  const to = new Int32Array(n);
  const prev = new Int32Array(n);
  const next = new Int32Array(n);
  const alive = new Uint8Array(n).fill(1);
  for (let i = 0; i < n; i++) {
    from[i] = blocks[i].from;
    to[i] = blocks[i].to;
    prev[i] = i - 1;
    next[i] = i + 1 < n ? i + 1 : -1;
  }
  const story = (i: number) => i >= 0 && !blocks[i].boilerplate;
  // length · span + first unit orders by length, then by position; exact below 2^53.
  const span = to[n - 1] + 1;
  const keyOf = (i: number) => (to[i] - from[i]) * span + from[i];
  const heap = new KeyHeap(n);
  for (let i = 0; i < n; i++) if (story(i)) heap.push(keyOf(i), i);
  let count = n;
  while (count > max && heap.size > 0) {
    const key = heap.topKey();
    const i = heap.pop();
    if (alive[i] === 0 || keyOf(i) !== key) continue; // grown by a merge since it was pushed
    if (!story(prev[i]) && !story(next[i])) continue;
    const left = story(prev[i]) ? prev[i] : i;
    const right = next[left];
    to[left] = to[right];
    alive[right] = 0;
    next[left] = next[right];
    if (next[right] >= 0) prev[next[right]] = left;
    count--;
    heap.push(keyOf(left), left);
  }
  const out: UnitBlock[] = [];
  for (let i = 0; i >= 0; i = next[i]) out.push(to[i] === blocks[i].to ? blocks[i] : { from: from[i], to: to[i], boilerplate: false });
  return out;
}

/** A binary min-heap of (key, value) pairs on typed arrays, holding at most `capacity`. */
class KeyHeap {
  private readonly keys: Float64Array;
  private readonly values: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.keys = new Float64Array(capacity);
    this.values = new Int32Array(capacity);
  }

  topKey(): number {
    return this.keys[0];
  }

  push(key: number, value: number): void {
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.keys[parent] <= key) break;
      this.keys[i] = this.keys[parent];
      this.values[i] = this.values[parent];
      i = parent;
    }
    this.keys[i] = key;
    this.values[i] = value;
  }

  /** Removes the entry with the smallest key; returns its value. */
  pop(): number {
    const top = this.values[0];
    const key = this.keys[--this.size];
    const value = this.values[this.size];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && this.keys[child + 1] < this.keys[child]) child++;
      if (this.keys[child] >= key) break;
      this.keys[i] = this.keys[child];
      this.values[i] = this.values[child];
      i = child;
    }
    if (this.size > 0) {
      this.keys[i] = key;
      this.values[i] = value;
    }
    return top;
  }
}
