/**
 * Event labels: a date or time stamp that opens a page looks like a
 * headline (short, capitalised, numbers) but names no story, so it is never
 * an event's label.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { analyze } from '../src/analyze.js';
import { isDateStamp } from '../src/normalize/date-stamp.js';

test('isDateStamp: lines that are only a date or time stamp', () => {
  for (const line of [
    'updated 8: 41 p. m. EST, Tue March 3, 2009',
    'Last Updated: Monday, 28 November 2005, 02: 24 GMT',
    'Posted 11 / 27 / 2005 7: 21 AM Updated 11 / 27 / 2005 3: 41 PM',
    'November 28th, 2005, 09: 11 GMT',
    '27 NOVEMBER, 2005',
    '2013-09-26',
  ]) {
    assert.ok(isDateStamp(line), line);
  }
});

test('isDateStamp: headlines, bylines and words without a number are not stamps', () => {
  for (const line of [
    'Strong Quake Hits Iran on Sunday',
    'Posted by John Smith on March 3, 2009',
    '5 Dead as Quake Hits Qeshm',
    'Monday Morning Update',
    '',
  ]) {
    assert.not.ok(isDateStamp(line), line);
  }
});

const STORY =
  'A strong earthquake struck Qeshm island in the Gulf on Sunday, destroying villages and killing ten people, officials said. ' +
  'Rescue teams from Bandar Abbas reached the island by boat as aftershocks shook the area. ' +
  'The governor said tents and blankets were sent to the villages of the island.';

test('analyze: an event is labelled by the headline after a stamp, never by the stamp', async () => {
  const texts = [
    `Posted Nov 27, 2005 8: 20 AM ET\n\nStrong Quake Hits Qeshm Island Villages\n\n${STORY}\n`,
    `Posted Nov 27, 2005 8: 20 AM ET\nStrong Quake Hits Qeshm Island Villages\n${STORY}\n`,
  ];
  for (const text of texts) {
    const result = await analyze([{ id: 'a', text }], { workers: 1 });
    assert.equal(result.events.map((e) => e.label), ['Strong Quake Hits Qeshm Island Villages']);
  }
  // A stamp with no headline after it: the label is the event's terms.
  const result = await analyze([{ id: 'a', text: `updated 8: 41 p. m. EST, Tue March 3, 2009\n${STORY}\n` }], { workers: 1 });
  const [label] = result.events.map((e) => e.label);
  assert.not.ok(isDateStamp(label), label);
  assert.ok(label.includes('island'), label);
});

test.run();
