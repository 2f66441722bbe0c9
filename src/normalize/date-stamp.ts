/**
 * Date and time stamps ("Posted Nov 27, 2005 8:20 AM ET") at the top of
 * scraped pages: short, capitalised and full of numbers, they look like
 * headlines to normalize/structure.ts, but name no story.
 */

/**
 * Words a time stamp is made of, besides numbers: months, weekdays, clock
 * and zone words, and the words that introduce a stamp.
 */
const STAMP_WORDS = new Set([
  'jan', 'january', 'feb', 'february', 'mar', 'march', 'apr', 'april', 'may', 'jun', 'june', 'jul', 'july', 'aug', 'august',
  'sep', 'sept', 'september', 'oct', 'october', 'nov', 'november', 'dec', 'december',
  'mon', 'monday', 'tue', 'tues', 'tuesday', 'wed', 'wednesday', 'thu', 'thur', 'thurs', 'thursday', 'fri', 'friday',
  'sat', 'saturday', 'sun', 'sunday', 'today', 'yesterday',
  'a', 'p', 'm', 'am', 'pm', 'h', 'hrs', 'gmt', 'utc', 'et', 'pt', 'ct', 'est', 'edt', 'cst', 'cdt', 'mst', 'mdt', 'pst', 'pdt', 'bst', 'cet', 'cest', 'ist',
  'updated', 'update', 'posted', 'published', 'modified', 'first', 'last', 'date', 'time', 'on', 'at', 'of', 'st', 'nd', 'rd', 'th',
]);

/**
 * True for a line that is nothing but a date or time stamp ("updated 8:41
 * p.m. EST, Tue March 3, 2009", "Last Updated: Monday, 28 November 2005,
 * 02:24 GMT"): numbers and stamp words only, at least one number.
 */
export function isDateStamp(line: string): boolean {
  let numbers = 0;
  for (const word of line.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    const c = word.charCodeAt(0);
    if (c >= 48 && c <= 57) numbers++; // 8, 2009, 28th
    else if (!STAMP_WORDS.has(word)) return false;
  }
  return numbers > 0;
}
