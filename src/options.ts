/**
 * Options of `analyze()`: one type, one defaults object, validated once at
 * the edge with messages that name the option and its valid range.
 */
import { KEEP_RULES, type KeepRule } from './neardup/keep.js';
import { StorylineError, invalidOption } from './errors.js';
import { DEFAULT_EVENT_CLUSTERING, type EventClusterOptions } from './events/cluster.js';
import type { PerKind, TermWeights } from './features/tfidf.js';
import { DEFAULT_TERM_WEIGHTS } from './features/tfidf.js';
import { DEFAULT_CROSS_DOC, type CrossDocOptions } from './segments/crossdoc.js';
import { DEFAULT_SEGMENTATION, type SegmentationOptions } from './segments/resolve.js';
import { DEFAULT_TILING, type TilingOptions } from './segments/tiling.js';
import { defaultWorkers } from './pool/pool.js';
import { DEFAULT_FIELDS, type FieldNames } from './ingest/types.js';

export interface Progress {
  phase: 'features' | 'near-duplicates' | 'segments' | 'events' | 'report';
  /** Documents read so far (features) or items done in the phase. */
  done: number;
  /** Total when known (after reading the whole corpus). */
  total?: number;
  /** Bytes of text read so far. */
  bytes: number;
  /** Features: inputs taken in so far (documents and errors), to set against a count of the corpus's files. */
  inputs?: number;
  /** Features: bytes of the source those inputs were read from (file bytes, JSONL lines with their line ends), to set against its size. */
  inputBytes?: number;
}

export interface AnalyzeOptions {
  /**
   * Near-duplicate threshold: estimated Jaccard of word shingles (or
   * containment of a copy in a page that is mostly that copy). With the
   * default 3-word shingles, 0.6 keeps reprints with up to ~10% of words
   * edited and no independent rewrite of the same event (`npm run eval`).
   * @defaultValue 0.6
   */
  threshold?: number;
  /**
   * Event cut: the average-linkage height below which segments are one
   * event. The distance is 1 − (½ cosine of the TF-IDF vectors + ½ shared
   * neighbours), the cosine's words capped (`events.maxWordShare`), plus the
   * lead-number penalty (`events.leadNumberPenalty`) and the date penalty
   * (`events.dateWeight`, 0 by default).
   * @defaultValue 0.875
   */
  eventThreshold?: number;
  /** Worker threads computing features. @defaultValue the number of cores */
  workers?: number;
  /**
   * Words per shingle. 3, not the textbook 5: an edit touches `size`
   * shingles, so with 5 a 10%-edited reprint keeps only ~59% of them and
   * falls below any safe threshold (FACTS; `npm run eval` near-duplicates).
   * @defaultValue 3
   */
  shingleSize?: number;
  /** MinHash signature length. @defaultValue 128 */
  numPerm?: number;
  /** Seed of all hashing; same seed, same output. @defaultValue 1 */
  seed?: number;
  /** Documents per worker task (bigger batches amortise messaging). @defaultValue 256 */
  batchSize?: number;
  /** Bytes read per file or JSONL line at most; the rest is dropped with a warning. @defaultValue 16 MiB */
  maxBytes?: number;
  /**
   * Follow symlinks in a corpus folder that lead out of it. Without it each
   * such link is an `outside-root` error: a stray link to `/` would walk the
   * whole machine. @defaultValue false
   */
  followSymlinks?: boolean;
  /**
   * Names of the fields of JSONL lines and documents from code, for data
   * that calls them otherwise (`{ id: 'uuid', text: 'body' }`).
   * @defaultValue { id: 'id', text: 'text', title: 'title', date: 'date' }
   */
  fields?: Partial<FieldNames>;
  /** Relative weight of content words, names and numbers in TF-IDF vectors. */
  termWeights?: Partial<TermWeights>;
  /** Terms kept per segment vector while segment boundaries are drawn. @defaultValue 100 */
  maxTermsPerSegment?: number;
  /**
   * Terms kept per segment vector for event clustering, by kind: words,
   * names, numbers. Kept apart because one cap of 100 in all drops the
   * names and numbers that tell two events of one kind apart (ECB+ B-cubed
   * F1, dev / train, before orphan folding: 0.952 / 0.920 with one cap,
   * 0.956 / 0.941 with [100, 50, 25], 0.956 / 0.935 with [100, 100, 50]).
   * 80 words instead of 100 change no figure (now 0.966 / 0.941) and save
   * memory; 70 / 40 / 20 gives 0.962 / 0.939. @defaultValue [80, 50, 25]
   */
  eventTermsPerSegment?: PerKind;
  /** How blocks become segments, and when other documents split a segment (`crossDoc`). */
  segmentation?: SegmentationOptions & { crossDoc?: CrossDocOptions };
  tiling?: TilingOptions;
  /** Event clustering details (dates, candidate search, block bound). `eventThreshold` sets the cut. */
  events?: Omit<EventClusterOptions, 'threshold'>;
  /**
   * Give every segment a `snippet`: its first words. The corpus is read a
   * second time for them once the analysis is done (a path or an array is
   * read again; standard input and other iterables are kept in memory
   * while the analysis runs). @defaultValue false
   */
  snippets?: boolean;
  /** Called as work advances (at most a few times a second). */
  onProgress?: (progress: Progress) => void;
  /**
   * Stops the run: `analyze` then rejects with the signal's reason, after
   * the worker threads have been shut down. Tasks on worker threads end at
   * once; work on the calling thread (near-duplicates, and parts of
   * segments and events) stops at the end of its step.
   */
  signal?: AbortSignal;
}

/** What `dedup` reads: the options of the stages it runs, and which member of a group it keeps. */
export type DedupOptions = Pick<
  AnalyzeOptions,
  'threshold' | 'workers' | 'shingleSize' | 'numPerm' | 'seed' | 'batchSize' | 'maxBytes' | 'followSymlinks' | 'fields' | 'onProgress' | 'signal'
> & {
  /**
   * Which member of a near-duplicate group is kept: `earliest` (input date,
   * undated last, then the smallest id), `longest` (most shingles, then the
   * smallest id) or `first` (input order).
   * @defaultValue 'earliest'
   */
  keep?: KeepRule;
  /**
   * Also remove a document whose text is contained in another (an article
   * inside a bigger page), with its near-duplicates; the container is kept.
   * @defaultValue false
   */
  containment?: boolean;
};

/**
 * Hooks for storyline's own tests, read by `analyze` but not part of the
 * public options (not exported from the package).
 */
export interface TestHooks {
  /** Make a worker fail on the document with this exact text. */
  faultOn?: { text: string; mode: 'throw' | 'exit' };
}

export interface ResolvedOptions {
  snippets: boolean;
  threshold: number;
  eventThreshold: number;
  workers: number;
  shingleSize: number;
  numPerm: number;
  seed: number;
  batchSize: number;
  maxBytes: number;
  followSymlinks: boolean;
  fields: Readonly<FieldNames>;
  termWeights: TermWeights;
  maxTermsPerSegment: number;
  eventTermsPerSegment: PerKind;
  segmentation: SegmentationOptions & { crossDoc?: CrossDocOptions };
  tiling: TilingOptions;
  events: Omit<EventClusterOptions, 'threshold'>;
  onProgress?: (progress: Progress) => void;
  signal?: AbortSignal;
  faultOn?: TestHooks['faultOn'];
}

export const DEFAULT_OPTIONS = {
  threshold: 0.6,
  eventThreshold: 0.875,
  shingleSize: 3,
  numPerm: 128,
  seed: 1,
  batchSize: 256,
  maxBytes: 16 * 1024 * 1024,
  maxTermsPerSegment: 100,
  eventTermsPerSegment: [80, 50, 25] as PerKind,
} as const;

function checkNumber(name: string, value: unknown, min: number, max: number, integer = false): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw invalidOption(name, `${integer ? 'an integer' : 'a number'} from ${min} to ${max}`, value);
  }
  return value;
}

function checkBoolean(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw invalidOption(name, 'true or false', value);
  return value;
}

function checkFields(fields: FieldNames): FieldNames {
  for (const [k, v] of Object.entries(fields)) {
    if (typeof v !== 'string' || v === '') throw invalidOption(`fields.${k}`, 'a field name (a non-empty string)', v);
  }
  return fields;
}

function checkPerKind(name: string, value: unknown): PerKind {
  if (!Array.isArray(value) || value.length !== 3) throw invalidOption(name, 'three integers (words, names, numbers)', value);
  const [word, nameCap, number] = value.map((x, i) => checkNumber(`${name}[${i}]`, x, 0, 100_000, true));
  return [word, nameCap, number];
}

function checkEventOptions(events: Omit<EventClusterOptions, 'threshold'>): Omit<EventClusterOptions, 'threshold'> {
  if (events.maxDaysApart !== undefined) checkNumber('events.maxDaysApart', events.maxDaysApart, 0, Infinity);
  if (events.dateWeight !== undefined) checkNumber('events.dateWeight', events.dateWeight, 0, 2);
  // A scale of 0 days would divide 0 by 0 for two reports of one day (a NaN distance), whatever the weight.
  if (events.dateScaleDays !== undefined) checkNumber('events.dateScaleDays', events.dateScaleDays, 1, 36_500);
  if (events.leadNumberPenalty !== undefined) checkNumber('events.leadNumberPenalty', events.leadNumberPenalty, 0, 2);
  if (events.maxWordShare !== undefined) checkNumber('events.maxWordShare', events.maxWordShare, 0, 1);
  if (events.centroidJoin !== undefined) checkNumber('events.centroidJoin', events.centroidJoin, 0, 1);
  if (events.numberShareTerms !== undefined) checkNumber('events.numberShareTerms', events.numberShareTerms, 0, 1000, true);
  return events;
}

/** Option names, nested as the options are (`true`: a value, an object: a group of options). */
interface OptionNames {
  [name: string]: true | OptionNames;
}

const namesOf = (defaults: object, except = ''): OptionNames =>
  Object.fromEntries(Object.keys(defaults).filter((k) => k !== except).map((k) => [k, true]));

/** Every option `analyze` reads (the type makes a new option fail to compile until it is named here). */
const OPTION_NAMES: { [name in keyof Required<AnalyzeOptions & TestHooks>]: true | OptionNames } = {
  snippets: true,
  threshold: true,
  eventThreshold: true,
  workers: true,
  shingleSize: true,
  numPerm: true,
  seed: true,
  batchSize: true,
  maxBytes: true,
  followSymlinks: true,
  fields: namesOf(DEFAULT_FIELDS),
  maxTermsPerSegment: true,
  eventTermsPerSegment: true,
  termWeights: namesOf(DEFAULT_TERM_WEIGHTS),
  segmentation: { ...namesOf(DEFAULT_SEGMENTATION), crossDoc: namesOf(DEFAULT_CROSS_DOC) },
  tiling: namesOf(DEFAULT_TILING),
  // The cut is `eventThreshold`, at the top.
  events: namesOf(DEFAULT_EVENT_CLUSTERING, 'threshold'),
  onProgress: true,
  signal: true,
  faultOn: true,
};

/**
 * The options given, without those set to `undefined` (the type allows it,
 * and it means "not given": spread over the defaults, it would replace
 * them). Names `analyze` does not read are refused: from JavaScript or a
 * JSON file, a misspelt `eventTreshold` would otherwise be ignored without
 * a word, and the run would quietly use the default.
 */
function givenOptions<T extends object>(options: T, names: OptionNames, path = ''): T {
  const given: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(options)) {
    const known = names[name];
    if (known === undefined) {
      const group = path === '' ? 'options' : `options.${path.slice(0, -1)}`;
      const listed = Object.keys(names).filter((n) => n !== 'faultOn');
      throw new StorylineError('INVALID_OPTION', `options.${path}${name} is not an option storyline reads (${group} has ${listed.join(', ')})`);
    }
    if (value === undefined) continue;
    if (known === true) {
      given[name] = value;
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalidOption(`${path}${name}`, 'an object', value);
    given[name] = givenOptions(value, known, `${path}${name}.`);
  }
  return given as T;
}

/** Every option `dedup` reads: those of the stages it runs, and `keep`. */
const DEDUP_OPTION_NAMES: { [name in keyof Required<DedupOptions & TestHooks>]: true | OptionNames } = {
  ...pick(OPTION_NAMES, ['threshold', 'workers', 'shingleSize', 'numPerm', 'seed', 'batchSize', 'maxBytes', 'followSymlinks', 'fields', 'onProgress', 'signal', 'faultOn']),
  keep: true,
  containment: true,
};

function pick<T extends object, K extends keyof T>(from: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, from[k]])) as Pick<T, K>;
}

export function resolveDedupOptions(given: DedupOptions & TestHooks = {}): ResolvedOptions & { keep: KeepRule; containment: boolean } {
  const { keep = 'earliest', containment = false, ...options } = givenOptions(given, DEDUP_OPTION_NAMES);
  if (!KEEP_RULES.includes(keep)) throw invalidOption('keep', `one of ${KEEP_RULES.join(', ')}`, keep);
  return { ...resolveOptions(options), keep, containment: checkBoolean('containment', containment) };
}

export function resolveOptions(given: AnalyzeOptions & TestHooks = {}): ResolvedOptions {
  const options = givenOptions(given, OPTION_NAMES);
  const o = { ...DEFAULT_OPTIONS, ...options };
  const weights = { ...DEFAULT_TERM_WEIGHTS, ...options.termWeights };
  for (const [k, v] of Object.entries(weights)) checkNumber(`termWeights.${k}`, v, 0, 100);
  return {
    snippets: checkBoolean('snippets', options.snippets ?? false),
    threshold: checkNumber('threshold', o.threshold, 0.05, 1),
    eventThreshold: checkNumber('eventThreshold', o.eventThreshold, 0, 2),
    workers: checkNumber('workers', options.workers ?? defaultWorkers(), 1, 256, true),
    shingleSize: checkNumber('shingleSize', o.shingleSize, 1, 16, true),
    numPerm: checkNumber('numPerm', o.numPerm, 8, 4096, true),
    seed: checkNumber('seed', o.seed, 0, 0xffffffff, true),
    batchSize: checkNumber('batchSize', o.batchSize, 1, 100_000, true),
    maxBytes: checkNumber('maxBytes', o.maxBytes, 1, Number.MAX_SAFE_INTEGER, true),
    followSymlinks: checkBoolean('followSymlinks', options.followSymlinks ?? false),
    fields: checkFields({ ...DEFAULT_FIELDS, ...options.fields }),
    termWeights: weights,
    maxTermsPerSegment: checkNumber('maxTermsPerSegment', o.maxTermsPerSegment, 1, 100_000, true),
    eventTermsPerSegment: checkPerKind('eventTermsPerSegment', o.eventTermsPerSegment),
    segmentation: options.segmentation ?? {},
    tiling: options.tiling ?? {},
    events: checkEventOptions(options.events ?? {}),
    onProgress: options.onProgress,
    signal: options.signal,
    faultOn: options.faultOn,
  };
}
