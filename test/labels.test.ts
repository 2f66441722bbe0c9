/**
 * Event labels: a date or time stamp that opens a page looks like a
 * headline (short, capitalised, numbers) but names no story, so it is never
 * an event's label.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { analyze } from '../src/analyze.js';
import { isDateStamp } from '../src/normalize/date-stamp.js';

// isDateStamp on its own: date-stamp.test.ts.

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

test('analyze: a member lists only the event terms its own segment holds', async () => {
  // Five reports of one event, each naming four of five people (report i leaves out NAMES[i]) among words of its own:
  // the event's heaviest terms are the names, and each is missing from one report.
  const NAMES = ['Zorvakin', 'Quellmar', 'Bratsova', 'Druzhan', 'Velmarek'];
  const docs = NAMES.map((_, i) => {
    const named = NAMES.filter((__, k) => k !== i);
    const own = (w: number) => `fillw${i}x${w}`;
    const sentences = [0, 1, 2].map((s) => `${named.join(' and ')} met in the hall on Monday, ${own(3 * s)} ${own(3 * s + 1)} ${own(3 * s + 2)} said.`);
    return { id: `r${i}`, text: `${sentences.join(' ')}\n` };
  });
  const result = await analyze(docs, { workers: 1 });
  const byId = new Map(docs.map((d) => [d.id, d.text.toLowerCase()]));
  const listed = result.events.flatMap((e) => e.members.map((m) => [m.doc, m.terms ?? []] as const));
  assert.ok(listed.some(([, terms]) => terms.length > 0), 'some member lists terms');
  for (const [doc, terms] of listed) for (const t of terms) assert.ok(byId.get(doc)!.includes(t.toLowerCase()), `${doc} lists ${t}, which it does not hold`);
  const events = result.events.filter((e) => e.members.length === NAMES.length);
  assert.is(events.length, 1, 'the five reports are one event');
});

test.run();
