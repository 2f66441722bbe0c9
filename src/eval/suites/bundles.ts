/**
 * Bundles: files that hold more than one story.
 *
 * (a) News bundles from ECB+: an article with one or two articles of other
 *     topics appended, a third of them with a "related news" footer and a
 *     third with a donation appeal; the articles used in bundles are not in
 *     the corpus on their own, but other reports of their events are (as in
 *     a real archive). The remaining articles are singles, some with a
 *     footer: they must not be flagged. Scores: flag precision/recall/F1,
 *     Pk and WindowDiff over paragraphs, and B-cubed of the event each
 *     story part is put in (bundle parts and singles together).
 *     The `lone` variant appends articles whose events no other document
 *     of the corpus reports: nothing in the corpus tells such a second
 *     story apart but its own words (and the orphan rule of
 *     segments/consolidate.ts works against it).
 * (b) Choi's benchmark: each file (10 texts) segmented on its own with
 *     `segment()`, the number of boundaries unknown; Pk and WindowDiff over
 *     sentences, as in Choi (2000).
 */
import { analyze } from '../../analyze.js';
import type { AnalyzeOptions } from '../../options.js';
import { segment, type SegmentOptions } from '../../segments/segment.js';
import type { DocumentResult, Result } from '../../types.js';
import type { ChoiFile, EcbArticle } from '../data.js';
import { bcubed, mean, pk, prfFromCounts, windowDiff, type PRF } from '../metrics.js';
import { DONATION_FOOTER, RELATED_FOOTER, bundle, shuffled } from '../synth.js';
import { documentEvent } from './events.js';

/** One article in this many becomes the head of a bundle. */
const BUNDLE_EVERY = 6;
/** In the `lone` variant, one event in this many is taken out of the corpus, and one of its articles appended to another. */
const LONE_EVENT_EVERY = 2;

/**
 * Whether the events of appended articles are reported by other documents
 * of the corpus (`reported`), by none (`lone`), or reported elsewhere but
 * appended as a short story of SHORT_PART_CHARS (`short`: its headline and
 * first sentences, as a scraped page appends a teaser).
 */
export type AppendedKind = 'reported' | 'lone' | 'short';

/** Characters of a short appended story at most (its first lines, whole, and at least the first). */
const SHORT_PART_CHARS = [150, 300, 500];

/** An article's first lines up to `chars` characters (at least its first line). */
function firstLines(text: string, chars: number): string {
  const lines = text.split(/\n+/).filter((l) => l.trim() !== '');
  let out = lines[0];
  for (const line of lines.slice(1)) {
    if (out.length + 2 + line.length > chars) break;
    out += `\n\n${line}`;
  }
  return out;
}

/** Within this many characters of a gold boundary, a predicted one counts as found (the target's measure). */
const BOUNDARY_SLACK = 150;

/** The lengths of a short appended part that issue 21's target names (100–500 characters): the variant also makes shorter ones (a first line alone). */
export const SHORT_PART_RANGE = { min: 100, max: 500 } as const;

interface Span {
  start: number;
  end: number;
}

export interface BundleCase {
  docs: Array<{ id: string; text: string }>;
  /** Per document: is it a bundle, its paragraphs, the gold segment of each paragraph, and each story part's event. */
  gold: Map<string, { bundle: boolean; paragraphs: Span[]; segmentOf: number[]; parts: Array<{ span: Span; event: string }> }>;
}

function paragraphSpans(text: string): Span[] {
  const spans: Span[] = [];
  const re = /\S[\s\S]*?(?=\n\s*\n|\s*$)/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) spans.push({ start: m.index, end: m.index + m[0].length });
  return spans;
}

export function buildBundleCase(articles: readonly EcbArticle[], seed = 1, appended: AppendedKind = 'reported'): BundleCase {
  const order = shuffled(articles, seed);
  const used = new Set<string>();

  const docs: BundleCase['docs'] = [];
  const gold: BundleCase['gold'] = new Map();
  const footers = [undefined, RELATED_FOOTER, DONATION_FOOTER];
  const add = (id: string, parts: readonly EcbArticle[], footer: string | undefined) => {
    const b = bundle(parts.map((p) => p.text), footer);
    const paragraphs = paragraphSpans(b.text);
    const ends = [...b.partStarts.slice(1), footer === undefined ? b.text.length : b.text.length - footer.length - 1];
    const segmentOf = paragraphs.map((p) => {
      if (p.start >= ends[ends.length - 1]) return parts.length; // the footer is a segment of its own
      let part = 0;
      while (part + 1 < b.partStarts.length && b.partStarts[part + 1] <= p.start) part++;
      return part;
    });
    const spans = parts.map((p, k) => ({ span: { start: b.partStarts[k], end: ends[k] }, event: p.event }));
    docs.push({ id, text: b.text });
    gold.set(id, { bundle: parts.length > 1, paragraphs, segmentOf, parts: spans });
  };
  if (appended === 'lone') {
    // One article of each lone event is appended to an article of another
    // topic; the event's other reports are left out of the corpus.
    const events = [...new Set(order.map((a) => a.event))];
    const lone = new Set(events.filter((_, i) => i % LONE_EVENT_EVERY === 1));
    const heads = order.filter((a) => !lone.has(a.event));
    for (const [k, event] of [...lone].entries()) {
      const tail = order.find((a) => a.event === event)!;
      const head = heads.find((a) => !used.has(a.id) && a.topic !== tail.topic);
      if (head === undefined) continue;
      used.add(head.id);
      add(`bundle-${head.id}`, [head, tail], footers[k % 3]);
    }
    order.forEach((a, i) => {
      if (!used.has(a.id) && !lone.has(a.event)) add(a.id, [a], footers[i % 3]);
    });
    return { docs, gold };
  }
  order.forEach((a, i) => {
    if (used.has(a.id) || i % BUNDLE_EVERY !== 0) return;
    const others = order.filter((o) => o.topic !== a.topic && !used.has(o.id) && o.id !== a.id);
    const tail = others.slice(0, appended === 'short' ? 1 : 1 + (i % 3 === 0 ? 1 : 0));
    if (tail.length === 0) return;
    for (const p of [a, ...tail]) used.add(p.id);
    const k = i / BUNDLE_EVERY;
    const parts = appended === 'short' ? [a, ...tail.map((t) => ({ ...t, text: firstLines(t.text, SHORT_PART_CHARS[k % SHORT_PART_CHARS.length]) }))] : [a, ...tail];
    add(`bundle-${a.id}`, parts, footers[k % 3]);
  });
  order.forEach((a, i) => {
    if (!used.has(a.id)) add(a.id, [a], footers[i % 3]);
  });
  return { docs, gold };
}

export interface BundleReport {
  appended: AppendedKind;
  documents: number;
  bundles: number;
  flags: PRF;
  pk: number;
  windowDiff: number;
  /** B-cubed of the event given to each story part (bundle parts and single articles). */
  partEvents: PRF;
  /** Gold boundaries between parts of a bundle, and the share of them with a predicted segment start within BOUNDARY_SLACK characters. */
  boundaries: number;
  boundariesFound: number;
  /** `short` only: the bundles whose appended part is SHORT_PART_RANGE long, flagged, and their boundaries found. */
  inRange?: ShortPartFigures;
  seconds: number;
}

export interface ShortPartFigures {
  bundles: number;
  flagged: number;
  /** flagged / bundles (1 when there are none). */
  flagRecall: number;
  /** Of their boundaries, the share with a predicted segment start within BOUNDARY_SLACK characters. */
  boundariesFound: number;
}

/** The output segment each span's start falls in (or the next one, if it falls in a gap). */
function segmentAt(doc: DocumentResult, offset: number): number {
  const i = doc.segments.findIndex((s) => offset < s.end);
  return i < 0 ? doc.segments.length : i;
}

/** The event of the story segment covering most of a span. */
function eventOfSpan(doc: DocumentResult, span: Span): string {
  let best = `none:${doc.id}:${span.start}`;
  let most = 0;
  for (const s of doc.segments) {
    const overlap = Math.min(s.end, span.end) - Math.max(s.start, span.start);
    if (s.kind === 'story' && s.event !== null && overlap > most) {
      most = overlap;
      best = s.event;
    }
  }
  return best;
}

export function scoreBundles(c: BundleCase, result: Result, seconds: number, appended: AppendedKind = 'reported'): BundleReport {
  const byId = new Map(result.documents.map((d) => [d.id, d]));
  let truePositives = 0;
  let predicted = 0;
  let actual = 0;
  const pks: number[] = [];
  const wds: number[] = [];
  const partPredicted: string[] = [];
  const partGold: string[] = [];
  let boundaries = 0;
  let boundariesNear = 0;
  const inRange = { bundles: 0, flagged: 0, near: 0 }; // a short bundle has one appended part: one boundary
  for (const [id, g] of c.gold) {
    const doc = byId.get(id)!;
    if (doc.bundle) predicted++;
    if (g.bundle) actual++;
    if (doc.bundle && g.bundle) truePositives++;
    const hypothesis = g.paragraphs.map((p) => segmentAt(doc, p.start));
    if (g.bundle) {
      pks.push(pk(g.segmentOf, hypothesis));
      wds.push(windowDiff(g.segmentOf, hypothesis));
      for (const part of g.parts.slice(1)) {
        boundaries++;
        const near = doc.segments.some((s) => Math.abs(s.start - part.span.start) <= BOUNDARY_SLACK);
        if (near) boundariesNear++;
        const length = part.span.end - part.span.start;
        if (appended === 'short' && length >= SHORT_PART_RANGE.min && length <= SHORT_PART_RANGE.max) {
          inRange.bundles++;
          if (doc.bundle) inRange.flagged++;
          if (near) inRange.near++;
        }
      }
    }
    for (const part of g.parts) {
      partPredicted.push(g.bundle ? eventOfSpan(doc, part.span) : documentEvent(doc));
      partGold.push(part.event);
    }
  }
  return {
    appended,
    documents: c.docs.length,
    bundles: actual,
    flags: prfFromCounts(truePositives, predicted, actual),
    pk: mean(pks),
    windowDiff: mean(wds),
    partEvents: bcubed(partPredicted, partGold),
    boundaries,
    boundariesFound: boundaries === 0 ? 1 : boundariesNear / boundaries,
    ...(appended === 'short'
      ? {
          inRange: {
            bundles: inRange.bundles,
            flagged: inRange.flagged,
            flagRecall: inRange.bundles === 0 ? 1 : inRange.flagged / inRange.bundles,
            boundariesFound: inRange.bundles === 0 ? 1 : inRange.near / inRange.bundles,
          },
        }
      : {}),
    seconds,
  };
}

export async function evaluateBundles(c: BundleCase, options: AnalyzeOptions = {}, appended: AppendedKind = 'reported'): Promise<BundleReport> {
  const started = performance.now();
  const result = await analyze(c.docs, options);
  return scoreBundles(c, result, (performance.now() - started) / 1000, appended);
}

export interface ChoiReport {
  set: string;
  files: number;
  pk: number;
  windowDiff: number;
  /** Mean number of segments found (the reference has 10). */
  segments: number;
  seconds: number;
}

/** Choi's files, each segmented alone: sentences become paragraphs, so paragraph breaks tell nothing. */
export function evaluateChoi(set: string, files: readonly ChoiFile[], options: SegmentOptions = {}): ChoiReport {
  const started = performance.now();
  const pks: number[] = [];
  const wds: number[] = [];
  const counts: number[] = [];
  for (const f of files) {
    const starts: number[] = [];
    let text = '';
    for (const s of f.sentences) {
      if (text !== '') text += '\n\n';
      starts.push(text.length);
      text += s;
    }
    const segments = segment(text + '\n', options);
    const hypothesis = starts.map((at) => {
      const i = segments.findIndex((s) => at < s.end);
      return i < 0 ? segments.length : i;
    });
    pks.push(pk(f.segmentOf, hypothesis));
    wds.push(windowDiff(f.segmentOf, hypothesis));
    counts.push(new Set(hypothesis).size);
  }
  return { set, files: files.length, pk: mean(pks), windowDiff: mean(wds), segments: mean(counts), seconds: (performance.now() - started) / 1000 };
}
