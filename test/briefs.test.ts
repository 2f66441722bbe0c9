import { test } from 'uvu';
import * as assert from 'uvu/assert';

import { analyze } from '../src/index.js';

// Short wire briefs as sites serve them: a menu and a newsletter prompt above, a "Related
// coverage" list, share line, appeal and copyright below, the same for every page of a site.
function page(site: string, headline: string, body: string): string {
  return [
    'Home | World | Business | Culture | Newsletters | Podcasts',
    `Get the ${site} briefing: the day's top stories in your inbox every morning.`,
    headline,
    body,
    'Related coverage',
    'Port Workers Vote On New Contract',
    'Bus Drivers Plan Weekend Stoppage',
    'Share this article: Facebook | X | Email',
    `Your support helps the ${site} remain independent. Please consider making a donation.`,
    `© 2024 ${site}. All rights reserved.`,
  ].join('\n\n');
}

const docs = [
  { id: 'strike-courier', text: page('Daily Courier', 'Rail Strike Halts Trains Across Northern Region', 'Rail workers in Leeds walked out on Monday over pay, halting most trains across the north, the RMT union said.') },
  { id: 'strike-herald', text: page('Evening Herald', 'Northern Trains Stop As Rail Staff Strike', 'Most trains across the north stood still on Monday as RMT rail workers in Leeds struck over pay, the union said.') },
  { id: 'quake-courier', text: page('Daily Courier', 'Magnitude 6.1 Quake Shakes Southern Chile', 'A magnitude 6.1 earthquake struck near Concepcion in southern Chile on Monday, damaging houses, officials said.') },
];

test('briefs under site furniture: each is a story, the two reports of the strike are one event, and one site\'s pages are not copies', async () => {
  const result = await analyze(docs, { workers: 1 });
  for (const d of result.documents) {
    const stories = d.segments.filter((s) => s.kind === 'story');
    assert.is(stories.length, 1, `${d.id}: one story`);
    const text = docs.find((x) => x.id === d.id)!.text;
    const story = text.slice(stories[0].start, stories[0].end);
    assert.ok(story.startsWith(text.split('\n\n')[2]) && story.endsWith(text.split('\n\n')[3]), `${d.id}: the story is the headline and its paragraph: ${JSON.stringify(story)}`);
    assert.equal(d.warnings, [], `${d.id}: no warning`);
  }
  const eventOf = (id: string) => result.documents.find((d) => d.id === id)!.segments.find((s) => s.kind === 'story')!.event;
  assert.is(eventOf('strike-courier'), eventOf('strike-herald'));
  assert.is.not(eventOf('strike-courier'), eventOf('quake-courier'));
  assert.equal(result.nearDuplicateGroups, [], 'the Courier\'s two pages share only furniture');
  assert.equal(result.containments, []);
});

test.run();
