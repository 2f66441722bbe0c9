/**
 * `storyline eval`: runs the suites through the public API, flattens every
 * figure into named metrics (for the JSON file and the floors), and checks
 * the floors committed in eval/floors.json.
 *
 * Which data answers what: ECB+ dev topics were used to choose the defaults;
 * train topics are the held-out report. `fast` runs the dev side only, for CI.
 */
import { readFileSync } from 'node:fs';
import { StorylineError } from '../errors.js';
import { DEFAULT_OPTIONS, type AnalyzeOptions } from '../options.js';
import { CHOI_SETS, SAMPLE_CORPUS, evalDataDir, loadChoi, loadEcb, type EcbSplit } from './data.js';
import { buildBundleCase, evaluateBundles, evaluateChoi, type BundleReport, type ChoiReport } from './suites/bundles.js';
import { evaluateEvents, type EventsReport } from './suites/events.js';
import { buildNearDupCase, evaluateNearDup, type NearDupReport } from './suites/neardup.js';
import { evaluateSample, type SampleReport } from './suites/sample.js';
import { buildShortCase, evaluateShort, type ShortReport } from './suites/short.js';
import { buildCapsCase, evaluateCaps, type CapsReport } from './suites/caps.js';
import { FORMULA_SEEDS, buildFormulaCase, evaluateFormula, type FormulaReport } from './suites/formula.js';
import { buildOriginalsCase, evaluateOriginals, type OriginalsReport } from './suites/originals.js';
import { buildFurnitureCase, evaluateFurniture, type FurnitureReport } from './suites/furniture.js';

export const SUITES = ['events', 'neardup', 'bundles', 'short', 'caps', 'formula', 'originals', 'furniture', 'choi', 'sample'] as const;
export type SuiteName = (typeof SUITES)[number];

/**
 * Event cuts the full run also scores, around the default: the cut was
 * chosen once, on dev, and this shows what that choice gives on train and
 * how much either split moves with it.
 */
export const EVENT_CUTS = [0.8, 0.825, 0.85, 0.875, 0.9, 0.925, 0.95] as const;

export interface EvalOptions {
  suites: readonly SuiteName[];
  /** The labelled data folder (see `evalDataDir`); only the sample suite runs without it. */
  dataDir?: string;
  /** Dev data only and the default threshold only: the CI subset. */
  fast: boolean;
  analyze?: AnalyzeOptions;
  onSuite?: (name: string) => void;
}

/** The events suite at one cut (`EVENT_CUTS`): its figures without the error cases. */
export type EventsAtCut = Pick<EventsReport, 'split' | 'predictedEvents' | 'bcubed' | 'pairwise' | 'ari'> & {
  threshold: number;
  /** The cut of the run's options (the default unless given). */
  chosen: boolean;
};

export interface EvalReport {
  mode: 'fast' | 'full';
  /** The analyze options every suite ran with, as given (none: the defaults). */
  options: AnalyzeOptions;
  events: EventsReport[];
  /** Full mode: every split at every cut of `EVENT_CUTS`. */
  eventCuts: EventsAtCut[];
  neardup: Array<NearDupReport & { split: EcbSplit }>;
  bundles: Array<BundleReport & { split: EcbSplit }>;
  /** Short articles (briefs of 30–120 words, alone, under a menu line, inside HTML). */
  short: Array<ShortReport & { split: EcbSplit }>;
  /** All-caps copies of ECB+ articles in place of the articles. */
  caps: Array<CapsReport & { split: EcbSplit }>;
  /** Formula stories (filings, results) about different companies, among ECB+ articles. */
  formula: Array<FormulaReport & { split: EcbSplit }>;
  /** Which copy `nearDuplicateOf` names in groups of a clean copy, a wrapped one and a bundle. */
  originals: Array<OriginalsReport & { split: EcbSplit }>;
  /** Short articles of a few sites, each site's furniture on all its pages, and reprints onto other sites. */
  furniture: Array<FurnitureReport & { split: EcbSplit }>;
  choi: ChoiReport[];
  sample?: SampleReport;
  /** Every figure above under a flat name, e.g. `events.train.bcubed.f1`. */
  metrics: Record<string, number>;
}

export async function runEval(o: EvalOptions): Promise<EvalReport> {
  const wants = (s: SuiteName) => o.suites.includes(s);
  const splits: EcbSplit[] = o.fast ? ['dev'] : ['dev', 'train'];
  const needsEcb = wants('events') || wants('neardup') || wants('bundles') || wants('short') || wants('caps') || wants('formula') || wants('originals') || wants('furniture');
  const dataDir = needsEcb || wants('choi') ? evalDataDir(o.dataDir) : '';
  const ecb = needsEcb ? loadEcb(dataDir) : [];
  const of = (split: EcbSplit) => ecb.filter((a) => a.split === split);
  const report: EvalReport = { mode: o.fast ? 'fast' : 'full', options: o.analyze ?? {}, events: [], eventCuts: [], neardup: [], bundles: [], short: [], caps: [], formula: [], originals: [], furniture: [], choi: [], metrics: {} };

  if (wants('events')) {
    const chosenCut = o.analyze?.eventThreshold ?? DEFAULT_OPTIONS.eventThreshold;
    for (const split of splits) {
      o.onSuite?.(`events (${split})`);
      const atChosen = await evaluateEvents(ecb, split, o.analyze);
      report.events.push(atChosen);
      if (o.fast) continue;
      o.onSuite?.(`events (${split}, cuts ${EVENT_CUTS[0]}-${EVENT_CUTS[EVENT_CUTS.length - 1]})`);
      for (const threshold of EVENT_CUTS) {
        const chosen = threshold === chosenCut;
        const e = chosen ? atChosen : await evaluateEvents(ecb, split, { ...o.analyze, eventThreshold: threshold });
        report.eventCuts.push({ split, threshold, chosen, predictedEvents: e.predictedEvents, bcubed: e.bcubed, pairwise: e.pairwise, ari: e.ari });
      }
    }
  }
  if (wants('neardup')) {
    for (const split of splits) {
      const thresholds = o.fast || split === 'dev' ? [DEFAULT_OPTIONS.threshold] : [0.5, 0.6, 0.7, 0.8, 0.9];
      const nearDupCase = buildNearDupCase(of(split));
      for (const threshold of thresholds) {
        o.onSuite?.(`near-duplicates (${split}, threshold ${threshold})`);
        report.neardup.push({ split, ...(await evaluateNearDup(nearDupCase, threshold, o.analyze)) });
      }
    }
  }
  if (wants('bundles')) {
    for (const split of splits) {
      o.onSuite?.(`bundles (${split})`);
      report.bundles.push({ split, ...(await evaluateBundles(buildBundleCase(of(split)), o.analyze)) });
      o.onSuite?.(`bundles (${split}, appended stories reported by no other document)`);
      report.bundles.push({ split, ...(await evaluateBundles(buildBundleCase(of(split), 1, 'lone'), o.analyze, 'lone')) });
      o.onSuite?.(`bundles (${split}, short appended stories of 150-500 characters)`);
      report.bundles.push({ split, ...(await evaluateBundles(buildBundleCase(of(split), 1, 'short'), o.analyze, 'short')) });
    }
  }
  if (wants('short')) {
    for (const split of splits) {
      o.onSuite?.(`short articles (${split})`);
      report.short.push({ split, ...(await evaluateShort(buildShortCase(of(split)), o.analyze)) });
    }
  }
  if (wants('caps')) {
    for (const split of splits) {
      o.onSuite?.(`all-caps articles (${split})`);
      report.caps.push({ split, ...(await evaluateCaps(buildCapsCase(of(split)), o.analyze)) });
    }
  }
  if (wants('formula')) {
    for (const split of splits) {
      o.onSuite?.(`formula stories (${split})`);
      report.formula.push({ split, ...(await evaluateFormula(buildFormulaCase(of(split), FORMULA_SEEDS[split]), o.analyze)) });
    }
  }
  if (wants('originals')) {
    for (const split of splits) {
      o.onSuite?.(`originals (${split})`);
      report.originals.push({ split, ...(await evaluateOriginals(buildOriginalsCase(of(split)), o.analyze)) });
    }
  }
  if (wants('furniture')) {
    for (const split of splits) {
      o.onSuite?.(`site furniture (${split})`);
      report.furniture.push({ split, ...(await evaluateFurniture(buildFurnitureCase(of(split)), o.analyze)) });
    }
  }
  if (wants('choi')) {
    for (const set of o.fast ? (['3-11'] as const) : CHOI_SETS) {
      o.onSuite?.(`choi (${set})`);
      report.choi.push(evaluateChoi(set, loadChoi(dataDir, set)));
    }
  }
  if (wants('sample')) {
    o.onSuite?.('sample corpus');
    report.sample = await evaluateSample(SAMPLE_CORPUS, o.analyze);
  }
  report.metrics = flatten(report);
  return report;
}

function flatten(r: EvalReport): Record<string, number> {
  const m: Record<string, number> = {};
  const put = (prefix: string, values: object) => {
    for (const [k, v] of Object.entries(values)) {
      if (typeof v === 'number') m[`${prefix}.${k}`] = v;
      else if (v !== null && typeof v === 'object' && !Array.isArray(v)) put(`${prefix}.${k}`, v);
    }
  };
  for (const e of r.events) put(`events.${e.split}`, e);
  for (const { split, threshold, chosen, ...figures } of r.eventCuts) put(`events.${split}.cut${threshold}`, figures);
  for (const n of r.neardup) {
    const { byLevel, ...rest } = n;
    const prefix = `neardup.${n.split}.t${n.threshold}`;
    put(prefix, rest);
    for (const l of byLevel) m[`${prefix}.recall.edit${Math.round(l.editRate * 100)}`] = l.recall;
  }
  for (const b of r.bundles) put(b.appended === 'reported' ? `bundles.${b.split}` : `bundles.${b.split}.${b.appended}`, b);
  for (const s of r.short) put(`short.${s.split}`, s);
  for (const s of r.caps) put(`caps.${s.split}`, s);
  for (const s of r.formula) put(`formula.${s.split}`, s);
  for (const s of r.originals) put(`originals.${s.split}`, s);
  for (const s of r.furniture) put(`furniture.${s.split}`, s);
  for (const c of r.choi) put(`choi.${c.set}`, c);
  if (r.sample) {
    m['sample.items'] = r.sample.items;
    m['sample.failures'] = r.sample.failures.length;
  }
  for (const k of Object.keys(m)) if (k.endsWith('.seconds')) delete m[k]; // timings are the benchmark's job
  return m;
}

/** A committed bound on one metric: at least `min`, or at most `max`. */
export interface Floor {
  metric: string;
  min?: number;
  max?: number;
  /** Why this bound (the figure measured when it was set). */
  note?: string;
}

/**
 * The floors in a file `{"floors": [{"metric", "min"?, "max"?}, …]}`.
 * @throws StorylineError `INVALID_OPTION` when the file cannot be read or holds no such list.
 */
export function readFloors(path: string): Floor[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new StorylineError('INVALID_OPTION', `--floors ${path}: ${err instanceof SyntaxError ? `not JSON (${err.message})` : (err as Error).message}`);
  }
  const floors = (parsed as { floors?: unknown } | null)?.floors;
  const valid = (f: unknown): f is Floor =>
    typeof f === 'object' && f !== null && typeof (f as Floor).metric === 'string' && ['min', 'max'].every((k) => (f as Record<string, unknown>)[k] === undefined || typeof (f as Record<string, unknown>)[k] === 'number');
  if (!Array.isArray(floors) || !floors.every(valid)) throw new StorylineError('INVALID_OPTION', `--floors ${path}: expected {"floors": [{"metric": NAME, "min": N, "max": N}, …]}`);
  return floors;
}

/**
 * The floors a report breaks, as readable lines. `required` says which
 * floors must name a metric of the report: a required floor whose metric is
 * missing is broken, so a misspelt floor, or a figure a suite stopped
 * producing, cannot silently guard nothing. Other floors of metrics the run
 * did not produce are skipped.
 */
export function brokenFloors(metrics: Record<string, number>, floors: readonly Floor[], required: boolean | ((metric: string) => boolean) = false): string[] {
  const isRequired = typeof required === 'function' ? required : () => required;
  const out: string[] = [];
  for (const f of floors) {
    const value = metrics[f.metric];
    if (value === undefined) {
      if (isRequired(f.metric)) out.push(`${f.metric}: no such metric in the report`);
      continue;
    }
    if (f.min !== undefined && value < f.min) out.push(`${f.metric} = ${value.toFixed(4)}, below the floor ${f.min}`);
    if (f.max !== undefined && value > f.max) out.push(`${f.metric} = ${value.toFixed(4)}, above the ceiling ${f.max}`);
  }
  return out;
}

/**
 * Which floors a run must produce: in full mode, every floor of every suite
 * it ran (a metric's first name part is its suite). A fast run leaves the
 * train split and most settings out, so it checks only what it produced.
 */
export function floorsRequiredBy(mode: EvalReport['mode'], suites: readonly SuiteName[]): (metric: string) => boolean {
  return (metric) => mode === 'full' && (suites as readonly string[]).includes(metric.split('.')[0]);
}

/**
 * Figures of a full run that no floor guards, as readable lines. Every
 * figure the eval prints has a floor, so that a change in any of them fails
 * the run; a near-duplicate row's `threshold` is an input, not a figure.
 */
export function unflooredMetrics(report: Pick<EvalReport, 'mode' | 'metrics'>, floors: readonly Floor[]): string[] {
  if (report.mode !== 'full') return [];
  const floored = new Set(floors.map((f) => f.metric));
  return Object.keys(report.metrics)
    .filter((metric) => !floored.has(metric) && !metric.endsWith('.threshold'))
    .map((metric) => `${metric} = ${report.metrics[metric].toFixed(4)} has no floor`);
}
