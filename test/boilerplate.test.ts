import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { splitUnits } from '../src/normalize/structure.js';
import { CUES, isCue, markBoilerplate } from '../src/segments/boilerplate.js';
import { sampleTexts } from '../bench/corpus.js';
import { CORPUS } from './fixtures/paths.js';

// ---------------------------------------------------------------- helpers

function corpus(prefix: string): string {
  const name = fs.readdirSync(CORPUS).find((f) => f.startsWith(prefix) && f.endsWith('.txt'));
  if (name === undefined) throw new Error(`${prefix}*.txt not found in ${CORPUS}`);
  return fs.readFileSync(path.join(CORPUS, name), 'utf8');
}

interface Marked {
  text: string;
  boilerplate: boolean;
}

function mark(text: string): Marked[] {
  const { units } = splitUnits(text);
  const marks = markBoilerplate(text, units);
  assert.is(marks.length, units.length);
  return units.map((u, i) => ({ text: text.slice(u.start, u.end), boilerplate: marks[i] === 1 }));
}

function indexOfUnit(units: Marked[], prefix: string): number {
  const i = units.findIndex((u) => u.text.startsWith(prefix));
  if (i < 0) throw new Error(`no unit starts with ${JSON.stringify(prefix)}: ${JSON.stringify(units.map((u) => u.text.slice(0, 40)))}`);
  return i;
}

const plainParagraph = (topic: string, i: number) =>
  `The ${topic} talks continued on day ${i} in the capital. ` +
  `Officials from both delegations described the discussions as constructive and detailed. ` +
  `A joint statement on the ${topic} agenda is expected later this week, according to diplomats.`;

// ---------------------------------------------------------------- corpus

test('003: the donation appeal from "we have a small favor to ask" to the end is boilerplate, the story is not', () => {
  const units = mark(corpus('003_'));
  const appeal = indexOfUnit(units, '… we have a small favor to ask.');
  // The appeal mixes cue sentences with plain ones ("We, the journalists …,
  // refuse to be silenced"); all of it, and the "Continue" / "Read more" links, is marked.
  for (let i = appeal; i < units.length; i++) assert.ok(units[i].boilerplate, `unit ${i} ${JSON.stringify(units[i].text)} is marked`);
  assert.ok(units[appeal + 1].text.startsWith('As you may have heard'), 'a plain sentence inside the appeal');
  assert.is(units[units.length - 1].text, 'Read more');
  // the story, from its headline to the last sentence before the appeal, is not
  const headline = indexOfUnit(units, 'Russia Has High Hopes for Meeting on Syria');
  const first = indexOfUnit(units, 'Foreign Minister Sergei Lavrov said he hopes');
  assert.ok(first === headline + 1);
  for (let i = headline; i < appeal; i++) assert.not.ok(units[i].boilerplate, `story unit ${i} ${JSON.stringify(units[i].text)} is not marked`);
});

test('003: the head "Support The Moscow Times!" is boilerplate; the headline after it ends the head', () => {
  const units = mark(corpus('003_'));
  assert.is(units[0].text, 'Support The Moscow Times!');
  assert.ok(units[0].boilerplate);
  assert.is(units[1].text, 'Russia Has High Hopes for Meeting on Syria');
  assert.not.ok(units[1].boilerplate);
});

test('000: the byline and author bio are boilerplate, the story is not', () => {
  const units = mark(corpus('000_'));
  const author = indexOfUnit(units, 'Author: Dave DeCamp');
  const bio = indexOfUnit(units, 'Dave DeCamp is the news editor of Antiwar.com');
  assert.ok(units[author].boilerplate && units[bio].boilerplate);
  assert.is(bio, units.length - 1);
  for (let i = 0; i < author; i++) assert.not.ok(units[i].boilerplate, `story unit ${i} ${JSON.stringify(units[i].text)}`);
});

test('002: no unit is boilerplate (a plain hard-wrapped story)', () => {
  const units = mark(corpus('002_'));
  assert.ok(units.length > 20);
  assert.equal(units.filter((u) => u.boilerplate).map((u) => u.text), []);
});

test('001: the tail from the "By Sputnik News" credits on is boilerplate, both stories are not', () => {
  // gold.json: boilerplate starts at "A related news from Sputnik News:", may start at "By Sputnik News"
  const units = mark(corpus('001_'));
  const by = indexOfUnit(units, 'By Sputnik News');
  for (let i = by; i < units.length; i++) assert.ok(units[i].boilerplate, `tail unit ${i} ${JSON.stringify(units[i].text)}`);
  for (let i = 0; i < by; i++) assert.not.ok(units[i].boilerplate, `story unit ${i} ${JSON.stringify(units[i].text)}`);
  assert.ok(units[indexOfUnit(units, 'There is a principle agreement to engage Iran')].boilerplate === false);
});

// ---------------------------------------------------------------- position rules

test('a cue phrase inside a story (a quote "please support us" in paragraph 2 of 6) is not marked', () => {
  const paragraphs = [1, 2, 3, 4, 5, 6].map((i) => plainParagraph('Syria', i));
  paragraphs[1] = `“We ask the international community: please support us in rebuilding,” the minister said. ${paragraphs[1]}`;
  const text = paragraphs.join('\n\n');
  assert.ok(isCue('“We ask the international community: please support us in rebuilding,” the minister said.'), 'fixture: the quote is a cue');
  const units = mark(text);
  assert.equal(units.filter((u) => u.boilerplate).map((u) => u.text), []);
});

test('a cue in the last paragraph but one, followed by plain paragraphs: only a cue-led tail is marked', () => {
  const paragraphs = [1, 2, 3, 4, 5, 6].map((i) => plainParagraph('trade', i));
  // a cue run at the very end is a tail ...
  const withTail = [...paragraphs, 'Sharing is caring!', 'Leave a Reply'].join('\n\n');
  const t = mark(withTail);
  assert.equal(t.filter((u) => u.boilerplate).map((u) => u.text), ['Sharing is caring!', 'Leave a Reply']);
  // ... but not when three plain paragraphs follow it
  const middle = [...paragraphs.slice(0, 3), 'Sharing is caring!', ...paragraphs.slice(3)].join('\n\n');
  assert.equal(mark(middle).filter((u) => u.boilerplate), []);
});

test('three plain paragraphs stop the tail even when cues after them are the majority', () => {
  const story = [1, 2, 3, 4].map((i) => plainParagraph('energy', i));
  const cues = ['Sharing is caring!', 'Leave a Reply', 'Read more', 'Related Stories', 'Sign up for our newsletter'];
  // from the cue "Support our journalism today!" on, 6 of 9 groups are cues (≥ 60%), but three plain paragraphs follow it
  const text = [...story, 'Support our journalism today!', ...[5, 6, 7].map((i) => plainParagraph('energy', i)), ...cues].join('\n\n');
  const marked = mark(text).filter((u) => u.boilerplate).map((u) => u.text);
  assert.equal(marked, cues);
});

test('a headline ends the head: a cue after the headline is not head boilerplate', () => {
  const text = ['Support The Moscow Times!', 'Russia Has High Hopes for Meeting on Syria', 'Share', plainParagraph('Syria', 1), plainParagraph('Syria', 2), plainParagraph('Syria', 3)].join('\n\n');
  const units = mark(text);
  assert.equal(units.filter((u) => u.boilerplate).map((u) => u.text), ['Support The Moscow Times!']);
  // without a headline, leading fragments up to the last cue are head
  const noHeadline = ['Support us today!', 'breaking', 'Share', plainParagraph('Syria', 1), plainParagraph('Syria', 2), plainParagraph('Syria', 3)].join('\n\n');
  assert.equal(mark(noHeadline).filter((u) => u.boilerplate).map((u) => u.text), ['Support us today!', 'breaking', 'Share']);
  // the head ends at its last cue: a fragment after it, before the story, is story (a dateline)
  const dateline = ['Support us today!', 'ten minutes ago', plainParagraph('Syria', 1), plainParagraph('Syria', 2), plainParagraph('Syria', 3)].join('\n\n');
  assert.equal(mark(dateline).filter((u) => u.boilerplate).map((u) => u.text), ['Support us today!']);
});

test('a brief of one paragraph under a menu, with a related list and appeals below, is story (the tail stops at a headline over prose)', () => {
  const menu = 'Home | World | Business | Culture | Newsletters | Podcasts';
  const prompt = "Get the Daily Courier briefing: the day's top stories in your inbox every morning.";
  const headline = 'Rail Strike Halts Trains Across Northern Region';
  const body = 'Rail workers walked out on Monday over pay, halting most trains in the north, the union said.';
  const footer = [
    'Related coverage',
    'Port Workers Vote On New Contract',
    'Bus Drivers Plan Weekend Stoppage',
    'Share this article: Facebook | X | Email',
    'Your support helps the Daily Courier remain independent. Please consider making a donation.',
    '© 2024 Daily Courier. All rights reserved.',
  ];
  for (const credit of [[], ['By Jane Okafor']]) {
    const units = mark([menu, prompt, headline, ...credit, body, ...footer].join('\n\n'));
    assert.equal(units.filter((u) => !u.boilerplate).map((u) => u.text), [headline, ...credit, body], `credit: ${JSON.stringify(credit)}`);
  }
  // a list of headlines with no prose under any of them is still all tail
  const story = [1, 2, 3].map((i) => plainParagraph('rail', i));
  const listed = mark([...story, ...footer].join('\n\n'));
  assert.is(listed.filter((u) => u.boilerplate).map((u) => u.text).join(' '), footer.join(' '));
});

test('a head of fragments without any cue is not marked (a dateline or kicker is story)', () => {
  const text = ['WORLD NEWS', 'Talks In Cairo', plainParagraph('Cairo', 1), plainParagraph('Cairo', 2)].join('\n\n');
  assert.equal(mark(text).filter((u) => u.boilerplate), []);
});

test('edge cases: no units, a single cue unit, a whole text of cues', () => {
  assert.equal(Array.from(markBoilerplate('', [])), []);
  assert.equal(mark('Sharing is caring!').map((u) => u.boilerplate), [true]);
  assert.equal(mark('Plain news sentence about the talks in Cairo today.').map((u) => u.boilerplate), [false]);
  const allCues = ['Support The Moscow Times!', 'Sign up for our newsletter', 'Read more', 'Leave a Reply'].join('\n\n');
  assert.ok(mark(allCues).every((u) => u.boilerplate));
});

test('long paragraphs are judged sentence by sentence', () => {
  // A hard-wrapped page is one paragraph; the bio at its end must still be found.
  const story = Array.from({ length: 12 }, (_, i) => `Sentence number ${i + 1} of the story tells what happened in Moscow on Tuesday.`).join('\n');
  const text = `${story}\nDave DeCamp is the news editor of Antiwar.com, follow him on Twitter @decampdave.`;
  const units = mark(text);
  assert.ok(units.length === 13);
  assert.equal(units.map((u) => u.boilerplate), [...new Array(12).fill(false), true]);
});

// ---------------------------------------------------------------- cues

test('isCue: site furniture', () => {
  for (const s of [
    '… we have a small favor to ask.',
    'Support The Moscow Times!',
    'Your support, no matter how small, makes a world of difference.',
    'Sharing is caring!',
    'Leave a Reply',
    'Read more',
    'Author: Dave DeCamp',
    'By Sputnik News',
    'Published by Sputnik News',
    'Republished by The 21st Century',
    'Dave DeCamp is the news editor of Antiwar.com, follow him on Twitter @decampdave.',
    'The views expressed in this article are solely those of the author and do not necessarily reflect the opinions of',
    'A related news from Sputnik News:',
    '© 2023 Example Media. All rights reserved.',
    'Sign up for our newsletter',
    'Related Stories',
  ]) {
    assert.ok(isCue(s), s);
  }
});

test('isCue: news prose is not a cue', () => {
  for (const s of [
    'Russian Foreign Minister Sergey Lavrov on Tuesday said that his Egyptian counterpart delivered a message.',
    'Russia Has High Hopes for Meeting on Syria',
    'Lavrov said he would join Arab League foreign ministers in Cairo on Saturday.',
    'By the end of the day, the talks had failed.', // a clause after "By": not a byline
    'The minister added that there was a second part to Blinken’s message.',
    'Security and military coordination with the coalition continues, he said.',
    'Egypt has been exerting political and diplomatic efforts to help end the conflict.',
  ]) {
    assert.not.ok(isCue(s), s);
  }
});

test('a byline needs a capitalised name: "By the end of the week." is prose', () => {
  // With the /i flag, \p{Lu} matched lower case and this sentence read as a byline.
  assert.is(isCue('By the end of the week.'), false);
  assert.is(isCue('By Sputnik News'), true);
  assert.is(isCue('Author: Dave DeCamp'), true);
});

test('isCue: each pattern at its edges (optional parts left out, spacing, anchors), and prose that only looks like one', () => {
  // Furniture: each line is matched by one pattern only, through the part named.
  for (const s of [
    'by Jane Doe', // a lower-case "by"
    'Written by Jane Doe',
    'Reporting by Jane Doe',
    'Edited by Jane Doe',
    'Editing by Jane Doe',
    'Photo: Reuters', // no "graph", no " by"
    'Photograph by Jane Doe',
    'Image: Reuters', // no " credit"
    'Image credit: Jane Doe',
    'Source: Reuters', // one name word
    'Credit: Jane Doe',
    'Photo : Jane Doe', // space before the colon
    'Author:Jane Doe', // none after it
    'Author:  Jane Doe', // two after it
    'By Jane  Doe', // two between the names
    'By J. R. R. Tolkien.', // four more name words, and a full stop
    'Donate to our fund', // one space
    'Donate to  our fund', // two spaces
    'Only for premium subscriber accounts',
    'Support them now!',
    'Comment', // singular
    'Tweet', // no "this/on/via ..."
    'Share this article',
    'See photos', // no "more/here/..."
    'Trending', // no kind, no "from", no colon
    'More from the author:',
    'Home | World | Politics',
    'Jane Doe is a senior correspondent for the Times.',
    'Views expressed are those of the author.', // no "in this article", no "solely"
    '©2023 Example Media', // no space
    'Copyright 2023 Example Media',
  ]) {
    assert.ok(isCue(s), s);
  }
  for (const s of [
    'Talks by Jane Doe', // a byline starts the line
    'By Jane Doe and others agreed to talk.', // and is all of it
    'by jane doe', // names are capitalised
    'Source: reuters',
    'We will support them!', // "support ...!" starts the line
    'Support grew! Polls show it.', // and ends with the "!"
    'Investors sold every share', // "share" starts the line
    'Share prices fell sharply on Monday.', // and is all of it, or "share this/on/via ..."
    'Officials did not leave a reply on record', // "leave a reply" starts the line
    'The minister said talks would continue', // "continue" starts the line
    'Continue to monitor the situation closely, the agency told residents in the flood zone.', // within 40 characters of its end
    'The crowd wanted more', // "more" starts the line
    'More than 40 people died.', // and is all of it
    'A very long first item of the menu here | World | Politics', // menu items of at most 30 characters
    'Home | World | Politics and a very long last item of it here',
    'The report was published by Reuters', // "published by" starts the line
    'Under clause (c) 12 of the treaty, troops withdraw.', // a year has 4 digits
  ]) {
    assert.not.ok(isCue(s), s);
  }
});

// ---------------------------------------------------------------- fragments, groups, the tail's share

const STORY = [1, 2, 3, 4].map((i) => plainParagraph('port', i));
const marked = (paragraphs: string[]) => mark(paragraphs.join('\n\n')).filter((u) => u.boilerplate).map((u) => u.text);
/** Lower-case words, no sentence end, exactly n characters. */
const words = (n: number) => 'the delegates waited in the hall while the talks went on '.repeat(1 + n / 50).slice(0, n - 1) + 'x';
/** A sentence of exactly n characters. */
const sentence = (n: number) => `The ${words(n - 5)}.`;

test('a fragment is a line of at most 90 characters that does not end a sentence, or one under 25: the tail counts it as furniture', () => {
  // Between two cues, with a plain paragraph: a fragment makes 3 of 4 groups furniture (the tail starts at the
  // first cue), a plain line 2 of 4 (it starts at the last).
  const isFragment = (x: string) => {
    const tail = marked([...STORY, 'Sharing is caring!', x, plainParagraph('trade', 9), 'Leave a Reply']);
    if (tail.length === 1) return false;
    assert.equal(tail, ['Sharing is caring!', x, ...mark(plainParagraph('trade', 9)).map((u) => u.text), 'Leave a Reply']);
    return true;
  };
  for (const x of ['ten minutes ago', words(90), 'It was calm.', sentence(24)]) assert.ok(isFragment(x), x);
  for (const x of [
    words(91),
    sentence(25),
    'The talks were held in Cairo.',
    'The talks will resume tomorrow!',
    'Why did the talks fail at all?',
    'He said the talks would go on.\u201d',
    'She said the plan had been agreed."',
  ]) {
    assert.not.ok(isFragment(x), x);
  }
  // A paragraph of two sentences is never a fragment, even when its first sentence is short.
  assert.not.ok(isFragment(`It rained. ${sentence(60)}`));
  // Cue phrases are matched on the trimmed line.
  assert.ok(isCue('  Read more '));
});

test('paragraphs of up to 600 characters are judged whole, longer ones sentence by sentence', () => {
  const cue = 'Please consider making a donation.';
  // A cue and three plain sentences: whole, a cue paragraph (the tail); as sentences, three plain ones stop the tail.
  const paragraph = (chars: number) => [cue, sentence(180), sentence(180), sentence(chars - cue.length - 2 * 180 - 3)].join(' ');
  assert.is(paragraph(600).length, 600);
  assert.equal(marked([...STORY, paragraph(600)]), mark(paragraph(600)).map((u) => u.text));
  assert.equal(marked([...STORY, paragraph(601)]), []);
  // A long paragraph inside the tail: its sentences are groups one after another, nothing between them.
  // From "Sharing is caring!" on, 3 of 5 groups are cues: the tail starts there.
  const long = [cue, sentence(300), sentence(300)].join(' ');
  assert.equal(marked([...STORY, 'Sharing is caring!', long, 'Leave a Reply']), ['Sharing is caring!', cue, sentence(300), sentence(300), 'Leave a Reply']);
});

test('the tail starts at the earliest cue from which at least 60% of the groups are furniture (exactly 60% is enough)', () => {
  const [p5, p6] = [5, 6].map((i) => plainParagraph('port', i));
  const units = (ps: string[]) => ps.flatMap((p) => mark(p).map((u) => u.text));
  // 3 of 5 from the first cue
  assert.equal(marked([...STORY, 'Sharing is caring!', p5, 'Leave a Reply', p6, 'Read more']), units(['Sharing is caring!', p5, 'Leave a Reply', p6, 'Read more']));
  // 2 of 4 from the first cue: the tail is the last one only
  assert.equal(marked([...STORY, 'Sharing is caring!', p5, p6, 'Leave a Reply']), ['Leave a Reply']);
  // From the very first group, with no story outside it: the news paragraph (a reporting verb, 150+ characters)
  // stays story, so the tail starts after it and the cue above it is the head.
  assert.equal(marked(['Sharing is caring!', p5, 'Leave a Reply', 'Read more']), ['Sharing is caring!', 'Leave a Reply', 'Read more']);
});

test('a fragment over prose is no story, nor is a headline that is a cue: the tail goes on above them', () => {
  const p = plainParagraph('trade', 9);
  const units = (ps: string[]) => ps.flatMap((x) => mark(x).map((u) => u.text));
  assert.equal(marked([...STORY, 'Sharing is caring!', 'ten minutes ago', p, 'Leave a Reply']), units(['Sharing is caring!', 'ten minutes ago', p, 'Leave a Reply']));
  assert.ok(mark('Related Stories\n\nx')[0].text === 'Related Stories' && splitUnits('Related Stories\n\nx').units[0].headline, 'fixture: a headline');
  assert.equal(marked([...STORY, 'Related Stories', p, 'Leave a Reply']), units(['Related Stories', p, 'Leave a Reply']));
  // A byline is a paragraph of its own: a cue paragraph that opens with one does not carry the headline above it
  // to the prose below it.
  const credited = 'By Jane Doe. The minister spoke at length about the talks in the capital on Monday.';
  const tail = ['Sharing is caring!', 'Minister Visits Cairo Talks', credited, p, 'Leave a Reply'];
  assert.equal(marked([...STORY, ...tail]), units(tail));
});

test('a wire brief under a menu line keeps its story: news prose (a reporting verb, a day or date, a dateline, or names; 80+ characters) is never all furniture', () => {
  const menu = 'Home | World | Business | Sport';
  // The headline is a sentence (no title case), so it reads as a fragment; the body is one paragraph.
  const headline = 'China lifts rates for first time in two years';
  const said = 'China raised interest rates on Tuesday for the first time in nearly two years, the central bank said, as it moved to cool inflation and a property market.';
  assert.equal(marked([menu, headline, said]), [menu]);
  const dateline = 'BEIJING (Reuters) - China raised interest rates for the first time in nearly two years as it moved to cool inflation and a hot property market.';
  assert.equal(marked([menu, headline, dateline]), [menu]);
  for (const when of ['on Tuesday', 'in March', 'since 2019', 'at the People’s Bank of China']) {
    const dated = `China raised interest rates ${when} for the first time in nearly two years as it moved to cool inflation.`;
    assert.equal(marked([menu, headline, dated]), [menu], when);
  }
  // Under a menu and over a footer: the footer is furniture still.
  assert.equal(marked([menu, headline, said, 'Share this article', 'Related stories:']), [menu, 'Share this article', 'Related stories:']);
  // Prose without any of the signals, or news too short to be a story (under 80 characters), goes with the furniture as before.
  const plain = 'China raised interest rates for the first time in nearly two years as it moved to cool inflation and a property market that had run hot.';
  assert.equal(marked([menu, headline, plain]), [menu, headline, plain]);
  const short = 'China raised rates on Tuesday, the central bank said.';
  assert.equal(marked([menu, headline, short]), [menu, headline, short]);
  // A page of furniture only has no story to keep.
  assert.equal(marked(['Subscribe to our newsletter for the top stories every morning!', 'Share this article', 'Related stories:']).length, 3);
});

test('news prose under a menu line, at its edges: datelines with and without agency, state or spacing; exactly 80 characters; exactly two names; a cue is never news', () => {
  const menu = 'Home | World | Business | Sport';
  const headline = 'China lifts rates for first time in two years';
  const body = 'China raised interest rates for the first time in nearly two years as it moved to cool inflation and a hot property market.';
  const kept = (lead: string) => marked([menu, headline, lead]).length === 1;
  // Datelines: each opens the paragraph (no signal but the dateline in the text after it).
  for (const dateline of ['BEIJING (Reuters) - ', 'BEIJING(Reuters) - ', 'BEIJING (Reuters)- ', 'BEIJING (Agence France-Presse) - ', 'PARIS — ', 'PARIS— ', 'WASHINGTON, D.C. (AP) — ', 'LONDON,UK (Reuters) - ', 'SAN JOSE, Calif. — ']) {
    assert.ok(kept(dateline + body), dateline);
  }
  // Capitals that are not a dateline: inside the text, or an opening word without a dash.
  assert.not.ok(kept(`Officials said nothing new; the ${body.slice(0, 40)} NATO-backed plan stalled as prices kept rising across the region.`.replace('said', 'offered')));
  assert.not.ok(kept(`EU ministers agreed to raise interest rates for the first time in nearly two years to cool inflation and a hot property market.`));
  // Exactly 80 characters of news is a story; 79 is not.
  const eighty = 'China raised rates on Tuesday as it moved to cool inflation and a hot property.';
  assert.is(eighty.length, 79);
  assert.not.ok(kept(eighty));
  assert.ok(kept(eighty.replace('property.', 'property!!')), '80 characters');
  // Names inside sentences: two are news, one is not; a capital after a sentence end is no name.
  const withNames = (a: string, b: string) => `the delegates waited in the hall while the talks with ${a} went on and on ${b} into the night at the palace.`;
  assert.ok(kept(withNames('Merkel', 'with Macron')));
  assert.not.ok(kept(withNames('Merkel', 'with the others')));
  assert.not.ok(kept('the delegates waited in the hall. Then the talks went on. Nobody knew when the night at the palace would end.'));
  // A cue that reads as news (a reporting verb, 80+ characters) is still furniture; the headline, the page's one
  // line of four or more words that is no cue, is then its story.
  const appeal = 'Subscribe to our newsletter for the top stories, the editor said, delivered every morning!';
  assert.equal(marked([menu, headline, appeal]), [menu, appeal]);
  assert.equal(marked([menu, 'China Lifts Rates', appeal, 'Share this article']), [menu, 'China Lifts Rates', appeal, 'Share this article'], 'under a headline too');
});

test('isCue: case-sensitive cues stay case-sensitive (a byline needs a capital)', () => {
  assert.ok(isCue('By Jane Doe'));
  assert.not.ok(isCue('by jane doe'));
  assert.ok(isCue('Photo: Reuters'));
  assert.not.ok(isCue('photo: reuters'));
  assert.ok(isCue('BY JANE DOE'));
});

test('a date stamp is a cue as a line of its own (up to 80 characters after its words), not as the opening of a long lead', () => {
  assert.ok(isCue('Published on: Fri, 11 Nov 2011 at 09:56 IST'));
  assert.ok(isCue(`Posted on ${'x'.repeat(79)}`)); // "on", then a space and 79 characters: 80
  assert.not.ok(isCue(`Posted on ${'x'.repeat(80)}`));
  assert.not.ok(isCue('Published on: Fri, 11 Nov 2011 at 09:56 IST New Delhi: An Indian warship foiled a five-boat pirate attack on merchant vessels in the Gulf of Aden on Friday.'));
});

test('isCue answers as the cue patterns tried one by one, on every unit of generated pages and on examples of some patterns', () => {
  const naive = (u: string) => CUES.some((re) => re.test(u.trim()));
  const units: string[] = [];
  for (const t of sampleTexts(300, 9)) for (const u of splitUnits(t).units) units.push(t.slice(u.start, u.end));
  units.push('We have a small favor to ask', 'SUPPORT our journalism!', 'Home | World | Sport', 'By Jane Doe', 'by the end of the week', '© 2024 X', 'Posted on Monday');
  let cues = 0;
  for (const u of units) {
    assert.is(isCue(u), naive(u), u);
    if (naive(u)) cues++;
  }
  assert.ok(cues > 20 && cues < units.length / 2, `${cues} cues of ${units.length}`);
});

test('a page of furniture and one line of four or more words that is no cue: that line is the story; two such lines, or three words, leave it all furniture', () => {
  const stories = (text: string) => mark(text).filter((u) => !u.boilerplate).map((u) => u.text);
  // A brief whose only prose is glued to a date stamp (a cue): its headline-like line is the story.
  const glued = 'News » World » Europe\n\nPierre Thomas is headed to injured reserve\n\nPosted on January 5, 2011, 3:37 PM EDT Pierre Thomas and Chris Ivory are out. DeShawn Wynn and Joique Bell are in.\n';
  assert.equal(stories(glued), ['Pierre Thomas is headed to injured reserve']);
  // Exactly four words stand; three do not.
  const page = (line: string) => `Home | World | Business | Sport\n\n${line}\n\n© 2024 Daily Wire. All rights reserved.\n`;
  assert.equal(stories(page('Flood closes city schools')), ['Flood closes city schools']);
  assert.equal(stories(page('Flood closes schools')), []);
  // Two such lines, neither a headline (a list of related items): furniture.
  assert.equal(stories(page('Flood closes city schools\n\nMayor visits flooded farms')), []);
  // A headline and the line under it are one group: both stand.
  const headed = page('Flood Closes Every School In The City\n\n4 photos, 2 videos and 1 map of it.');
  assert.equal(stories(headed), ['Flood Closes Every School In The City', '4 photos, 2 videos and 1 map of it.']);
  // Two such lines, one of them a headline (a caption line over it): the headline.
  assert.equal(stories(page('4 photos, 2 videos and 1 map of it.\n\nFlood Closes Every School In The City')), ['Flood Closes Every School In The City']);
  // Two headlines and nothing else: furniture (a list of related headlines).
  assert.equal(stories(page('Flood Closes Every School In The City\n\nMayor Visits The Flooded Farms Today')), []);
  // A headline over a stamp line that reads like a headline (ECB+ 33_10ecbplus as a brief): the stamp is no second headline.
  const stamped = page('Andrew Lopez Confesses To Murder Of Zurana Horton In Brooklyn Shooting\n\nFirst Posted: 10 / 25 / 11 06: 44 PM ET Updated: 12 / 25 / 11 05: 12 AM ET');
  assert.equal(stories(stamped), ['Andrew Lopez Confesses To Murder Of Zurana Horton In Brooklyn Shooting']);
  // Not a stamp (a word that is no stamp word): two headlines, furniture as before.
  assert.equal(stories(page('Andrew Lopez Confesses To Murder Of Zurana Horton In Brooklyn Shooting\n\nFirst Posted Photos: 10 / 25 / 11 06: 44 PM ET')), []);
});

test.run();
