/**
 * Options are checked once, at the edge: a name storyline does not read is
 * refused (a misspelt option from JavaScript or JSON would otherwise be
 * ignored, and the run would quietly use the default).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { StorylineError } from '../src/errors.js';
import { DEFAULT_EVENT_CLUSTERING } from '../src/events/cluster.js';
import { DEFAULT_TERM_WEIGHTS } from '../src/features/tfidf.js';
import { DEFAULT_FIELDS } from '../src/ingest/types.js';
import { DEFAULT_OPTIONS, resolveOptions, type AnalyzeOptions } from '../src/options.js';
import { DEFAULT_CROSS_DOC } from '../src/segments/crossdoc.js';
import { DEFAULT_SEGMENTATION } from '../src/segments/resolve.js';
import { DEFAULT_TILING } from '../src/segments/tiling.js';

function refused(options: unknown): StorylineError {
  try {
    resolveOptions(options as AnalyzeOptions);
  } catch (e) {
    assert.instance(e, StorylineError);
    assert.is((e as StorylineError).code, 'INVALID_OPTION');
    return e as StorylineError;
  }
  return assert.unreachable(`accepted ${JSON.stringify(options)}`) as never;
}

test('every option storyline documents is accepted, at its default', () => {
  const { threshold: _cut, ...events } = DEFAULT_EVENT_CLUSTERING;
  const every: Required<Omit<AnalyzeOptions, 'onProgress' | 'signal' | 'faultOn'>> = {
    ...DEFAULT_OPTIONS,
    eventTermsPerSegment: [...DEFAULT_OPTIONS.eventTermsPerSegment],
    workers: 1,
    termWeights: DEFAULT_TERM_WEIGHTS,
    segmentation: { ...DEFAULT_SEGMENTATION, crossDoc: DEFAULT_CROSS_DOC },
    tiling: DEFAULT_TILING,
    events,
    followSymlinks: false,
    fields: DEFAULT_FIELDS,
    snippets: false,
  };
  const o = resolveOptions({ ...every, onProgress: () => {}, signal: new AbortController().signal, faultOn: undefined });
  assert.is(o.eventThreshold, DEFAULT_OPTIONS.eventThreshold);
  assert.is(o.events.leadNumberPenalty, DEFAULT_EVENT_CLUSTERING.leadNumberPenalty);
});

test('a misspelt option is refused, named with its path and the names it could have been', () => {
  const top = refused({ eventTreshold: 0.8 });
  assert.match(top.message, 'options.eventTreshold is not an option storyline reads');
  assert.match(top.message, 'eventThreshold');
  assert.match(refused({ events: { leadNumberPenality: 0.2 } }).message, /options\.events\.leadNumberPenality .*\(options\.events has .*leadNumberPenalty/);
  assert.match(refused({ segmentation: { crossDoc: { minSide: 100 } } }).message, 'options.segmentation.crossDoc.minSide');
  assert.match(refused({ termWeights: { names: 2 } }).message, 'options.termWeights.names');
  // The cut is eventThreshold: events.threshold would be ignored.
  assert.match(refused({ events: { threshold: 0.5 } }).message, 'options.events.threshold');
});

test('events.numberShareTerms: a whole number from 0 to 1000, or refused with its name and range', () => {
  for (const bad of [-1, 1.5, 1001, '3', NaN]) assert.match(refused({ events: { numberShareTerms: bad } }).message, 'events.numberShareTerms', String(bad));
  for (const good of [0, 3, 1000]) assert.is(resolveOptions({ events: { numberShareTerms: good } }).events.numberShareTerms, good);
  assert.is(DEFAULT_EVENT_CLUSTERING.numberShareTerms, 3);
});

test('events.dateScaleDays (1 to 36,500 days) and events.dateWeight (0 to 2) are checked: a scale of 0 gave a NaN distance', () => {
  for (const bad of [0, 0.5, -1, NaN, Infinity, '30']) assert.match(refused({ events: { dateScaleDays: bad } }).message, 'events.dateScaleDays', String(bad));
  for (const bad of [-0.1, 2.5, NaN, '1']) assert.match(refused({ events: { dateWeight: bad } }).message, 'events.dateWeight', String(bad));
  assert.is(resolveOptions({ events: { dateScaleDays: 1, dateWeight: 0 } }).events.dateScaleDays, 1);
  assert.is(resolveOptions({ events: { dateScaleDays: 36_500, dateWeight: 2 } }).events.dateWeight, 2);
});

test('events.centroidJoin is a cosine from 0 (off) to 1', () => {
  for (const bad of [-0.01, 1.01, NaN, Infinity, '0.7']) assert.match(refused({ events: { centroidJoin: bad } }).message, 'events.centroidJoin', String(bad));
  for (const good of [0, 0.7, 1]) assert.is(resolveOptions({ events: { centroidJoin: good } }).events.centroidJoin, good);
  assert.is(DEFAULT_EVENT_CLUSTERING.centroidJoin, 0.7);
});

test('a group of options that is not an object is refused', () => {
  assert.match(refused({ events: 3 }).message, 'options.events must be an object, got 3');
  assert.match(refused({ segmentation: { crossDoc: [1] } }).message, 'options.segmentation.crossDoc must be an object');
  assert.match(refused({ tiling: null }).message, 'options.tiling must be an object, got null');
});

test('an option given as undefined is not given: the default holds', () => {
  const o = resolveOptions({ eventThreshold: undefined, seed: undefined, events: { leadNumberPenalty: undefined, maxDaysApart: 3 } });
  assert.is(o.eventThreshold, DEFAULT_OPTIONS.eventThreshold);
  assert.is(o.seed, DEFAULT_OPTIONS.seed);
  // Spread over the clustering defaults later, an undefined penalty would have turned the penalty off.
  assert.equal(o.events, { maxDaysApart: 3 });
  assert.equal(resolveOptions({ events: undefined }).events, {});
});

test('the test hook faultOn is not a public option (the type leaves it out), yet analyze still reads it', () => {
  // @ts-expect-error faultOn belongs to TestHooks, not to AnalyzeOptions
  const options: AnalyzeOptions = { faultOn: { text: 'x', mode: 'throw' } };
  assert.equal(resolveOptions(options).faultOn, { text: 'x', mode: 'throw' });
});

test.run();
