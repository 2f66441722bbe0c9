/**
 * Dates read in text (features/dates.ts), with every expected day written
 * by hand: month names either side of the day, ISO and day-first dotted
 * numbers, what is not read (slashes, which are ambiguous; two-digit
 * years; impossible days), and the first date in the text winning. A
 * document's date is its input's date whenever the input gives one; a
 * date in the text only stands in when it does not.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BatchBuilder } from '../src/features/batch.js';
import { firstDateIn, writesYear, yearOfDay } from '../src/features/dates.js';
import { FeatureExtractor } from '../src/features/extract.js';

/** Days since 1970-01-01 of a calendar day, by the platform's UTC calendar (the reference). */
const day = (year: number, month: number, dayOfMonth: number) => Date.UTC(year, month - 1, dayOfMonth) / 86_400_000;

test('the reference: 1970-01-01 is day 0, 2023-01-31 day 19388', () => {
  assert.is(day(1970, 1, 1), 0);
  assert.is(day(2023, 1, 31), 19388); // 53 years with 13 leap days (1972…2020): 53·365 + 13 + 30
});

const READ: Array<[string, number]> = [
  // Month names, month first
  ['Moscow, January 31, 2023 — Lavrov met Shoukry.', day(2023, 1, 31)],
  ['Posted Jan. 31st, 2023 8:20 AM ET', day(2023, 1, 31)],
  ['on Sept 5 2020 the talks', day(2020, 9, 5)],
  ['on SEPTEMBER 5, 2020', day(2020, 9, 5)],
  ['dated Dec 1, 1999', day(1999, 12, 1)],
  // Month names, day first
  ['31 January 2023', day(2023, 1, 31)],
  ['the 3rd of March, 2012 meeting', day(2012, 3, 3)],
  ['5 Sept. 2020', day(2020, 9, 5)],
  ['Last Updated: Monday, 28 November 2005, 02:24 GMT', day(2005, 11, 28)],
  // ISO numeric
  ['Published 2023-01-31 10:00', day(2023, 1, 31)],
  ['2024-02-29', day(2024, 2, 29)],
  // Dotted numbers are day first (as written in most of Europe)
  ['31.01.2023', day(2023, 1, 31)],
  ['03.04.2023', day(2023, 4, 3)],
  ['1.2.2016', day(2016, 2, 1)],
  // The first date in the text, by position, whatever its form
  ['On 2023-03-01 he recalled the meeting of January 5, 2023.', day(2023, 3, 1)],
  ['He recalled January 5, 2023, and spoke on 2023-03-01.', day(2023, 1, 5)],
  ['On 4 July 2016 and on July 26, 2016', day(2016, 7, 4)],
  // An impossible date is passed over: the next one counts
  ['February 30, 2023 was a typo for March 1, 2023', day(2023, 3, 1)],
  ['31.04.2023, that is 30.04.2023', day(2023, 4, 30)],
];

test('read: month names before or after the day, ISO, day-first dotted numbers; the first in the text', () => {
  for (const [text, expected] of READ) assert.is(firstDateIn(text), expected, text);
});

const NOT_READ = [
  // Slashes are ambiguous (3 April in most of the world, March 4 in the US): neither is guessed.
  '03/04/2023',
  '31/01/2023',
  '1/31/2023',
  '2023/01/31',
  // Two-digit years
  '31 Jan 23',
  "Jan 31, '23",
  '31.01.23',
  '23-01-31',
  // A month and year, or a day and month, or a weekday: no full date
  'May 2023',
  'January 31',
  'Tuesday',
  'in 2023',
  // Impossible days, and years outside 1900-2099
  '2023-02-29',
  '2023-13-01',
  '32 January 2023',
  'January 5, 1899',
  'January 5, 2100',
  '',
];

test('not read: slashes (ambiguous), two-digit years, partial dates, impossible days', () => {
  for (const text of NOT_READ) assert.ok(Number.isNaN(firstDateIn(text)), `${JSON.stringify(text)} gave ${firstDateIn(text)}`);
  // Not read, so a later full date in the text is the first date.
  assert.is(firstDateIn('On 03/04/2023, and again on 5 April 2023'), day(2023, 4, 5));
});

/** The document date and the block dates the feature extractor gives `text` with this input date. */
function extracted(text: string, inputDate: string | undefined): { date: number; blockDates: number[] } {
  // The tail rule off (segments/tiling.ts tailCut): these are the blocks cohesion proposes.
  const extractor = new FeatureExtractor({ tiling: { minTailTerms: 0 } });
  const batch = new BatchBuilder(1, extractor.numPerm);
  extractor.extract(text, inputDate, batch);
  const features = batch.finish();
  return { date: features.date[0], blockDates: [...features.blockDate] };
}

const STORY = 'Lavrov Meets Shoukry\n\nMoscow, January 31, 2023. Russian Foreign Minister Sergey Lavrov met his Egyptian counterpart Sameh Shoukry on Tuesday. They discussed the war in Ukraine and a message from Antony Blinken.';

test('the document date is the input\'s only: a date in the text dates its block, not the document', () => {
  assert.is(extracted(STORY, '2023-02-05').date, day(2023, 2, 5));
  assert.is(extracted(STORY, '2022-12-25').date, day(2022, 12, 25), 'even an earlier input date');
  assert.ok(Number.isNaN(extracted(STORY, undefined).date), 'no input date: none');
  assert.ok(Number.isNaN(extracted(STORY, '').date), 'an empty input date is none');
  assert.equal(extracted(STORY, '2023-02-05').blockDates, [day(2023, 1, 31)]);
});

test('a block\'s date is a dateline: within the first 48 characters of its headline or lead, not a date its story mentions', () => {
  const lead = (first: string) => `Copper Results\n\n${first}\n\nThe board met again, and the chairman answered questions from analysts about costs and demand.`;
  assert.equal(extracted(lead('LONDON, March 2, 1987 - Copper Corp said profit rose.'), undefined).blockDates, [day(1987, 3, 2)]);
  assert.equal(extracted(lead('Published 2 March 1987. Copper Corp said profit rose.'), undefined).blockDates, [day(1987, 3, 2)]);
  // The date starts at character 45 and ends past 48: not read whole.
  assert.ok(Number.isNaN(extracted(lead('Copper Corp said its profit for the year to Dec 31, 1986 rose 12 pct.'), undefined).blockDates[0]));
  // In the third paragraph: not the headline or the lead.
  assert.ok(Number.isNaN(extracted('Copper Results\n\nCopper Corp said profit rose.\n\nMarch 2, 1987: the board met.', undefined).blockDates[0]));
});

test('yearOfDay: the calendar year of a day, at both ends of a year; NaN for no day', () => {
  for (const [y, m, d] of [[1970, 1, 1], [1999, 12, 31], [2000, 1, 1], [2015, 12, 31], [2016, 1, 1], [2024, 2, 29]] as const) assert.is(yearOfDay(day(y, m, d)), y, `${y}-${m}-${d}`);
  assert.ok(Number.isNaN(yearOfDay(NaN)));
});

test('writesYear: exactly four digits that make the year, nothing around them', () => {
  const at = (text: string, year: number) => writesYear(text, 0, text.length, year);
  assert.ok(at('2015', 2015));
  assert.ok(at('1999', 1999));
  assert.not.ok(at('2016', 2015));
  assert.not.ok(at('02015', 2015), 'five characters');
  assert.not.ok(at('2,015', 2015), 'a thousands separator: a count');
  assert.not.ok(at('20.5', 2015));
  assert.not.ok(at('201', 201));
  assert.not.ok(at('0201', 201), 'a year below 1000 is not written in four digits');
  assert.ok(at('1000', 1000));
  assert.not.ok(at('19:0', 2000), 'a colon is no digit (its code is that of "9" plus one)');
  assert.not.ok(at('20/5', 1995), 'nor a slash ("0" minus one)');
  assert.not.ok(at('2015', NaN), 'no date, no year');
  assert.ok(writesYear('in 2015.', 3, 7, 2015), 'a slice of a longer text');
});

test.run();
