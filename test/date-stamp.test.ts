/**
 * isDateStamp (normalize/date-stamp.ts): a line that is only a date or time
 * stamp, which looks like a headline but names no story. Kept apart from
 * labels.test.ts (which runs analyze) so the normalize mutation run stays fast.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isDateStamp } from '../src/normalize/date-stamp.js';

test('isDateStamp: lines that are only a date or time stamp', () => {
  for (const line of [
    'updated 8: 41 p. m. EST, Tue March 3, 2009',
    'Last Updated: Monday, 28 November 2005, 02: 24 GMT',
    'Posted 11 / 27 / 2005 7: 21 AM Updated 11 / 27 / 2005 3: 41 PM',
    'November 28th, 2005, 09: 11 GMT',
    '27 NOVEMBER, 2005',
    '2013-09-26',
    'First Posted: 10 / 25 / 11 06: 44 PM ET Updated: 12 / 25 / 11 05: 12 AM ET',
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

test('isDateStamp: stamps as pages write them, with every month, weekday, clock and zone word and lead-in', () => {
  // Between them these lines use each word a stamp may hold (and numbers
  // starting with every digit from 0 to 9); each line is a stamp.
  for (const line of [
    'Posted Mon, Jan 5, 2009 8:20 a.m. EST',
    'Updated: Monday, January 5, 2009 8:20 p.m. EDT',
    'Tue Feb 3 2009 10:00 am CST',
    'Tues., February 3, 2009, 9 pm CDT',
    'Tuesday, Mar 3, 2009 | 11:05 MST',
    'Wed March 4 2009 07:30 MDT',
    'Wednesday, Apr 1, 2009 at 6:00 PST',
    'Thu April 2, 2009 6 PDT',
    'Thur., May 7, 2009 14:00 BST',
    'Thurs. Jun 4, 2009 20:00 CET',
    'Thursday June 4, 2009 21:00 CEST',
    'Fri Jul 10, 2009 10:30 IST',
    'Friday, July 10, 2009 10:30 UTC',
    'Sat Aug 1, 2009 9 h',
    'Saturday, August 1, 2009, 21 hrs ET',
    'Sun Sep 6, 2009 5 pm PT',
    'Sunday, Sept 6, 2009 5 pm CT',
    'September 7, 2009 - Last update 4 p.m.',
    'Oct 12, 2009 Published on 12/10/2009',
    'October 12, 2009, modified 13 October 2009',
    'Nov 3, 2009 today 10:00',
    'November 2, 2009 yesterday 22:15',
    'Date: Dec 1, 2009 Time: 10:00',
    'December 31 st, 2009',
    '22 nd of December 2009',
    '23 rd December 2009',
    '24 th December 2009',
  ]) {
    assert.ok(isDateStamp(line), line);
  }
});

test('isDateStamp: one word that is not a stamp word, or no number at all, is enough to say no', () => {
  assert.not.ok(isDateStamp('Posted Mon, Jan 5, 2009 8:20 a.m. EST Quake'));
  assert.not.ok(isDateStamp('Posted Monday January'));
  assert.not.ok(isDateStamp('th st nd rd'));
});

test.run();
