/**
 * Dates in text and metadata, as days since 1970-01-01 (UTC), so two
 * reports can be compared by how far apart they are.
 *
 * Only full dates count (day, month and year): a bare year or weekday is too
 * weak to separate two events of the same kind.
 */

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11,
  november: 11, dec: 12, december: 12,
};
const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const YEAR = '((?:19|20)\\d\\d)';
const DATE_RES: Array<{ re: RegExp; order: 'mdy' | 'dmy' | 'ymd' | 'dmy-num' }> = [
  { re: new RegExp(`\\b${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+${YEAR}\\b`, 'gi'), order: 'mdy' },
  { re: new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH},?\\s+${YEAR}\\b`, 'gi'), order: 'dmy' },
  // (?!\d), not \b: an ISO date with a time (2023-01-31T10:00:00Z) has a letter right after the day.
  { re: /\b((?:19|20)\d\d)-(\d\d)-(\d\d)(?!\d)/g, order: 'ymd' },
  { re: /\b(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)\b/g, order: 'dmy-num' },
];

/**
 * Days since the Unix epoch of a date of the proleptic Gregorian calendar,
 * or NaN for an impossible date. Counted, not passed to `Date.UTC`, which
 * reads years 0–99 as 1900–1999.
 */
export function dayNumber(year: number, month: number, day: number): number {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  // Days from a March-first year (Hinnant's days_from_civil), so the leap day ends the year.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function formatDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** The year of a day number (days since the epoch); NaN for NaN. */
export function yearOfDay(day: number): number {
  return Number.isNaN(day) ? NaN : new Date(day * 86_400_000).getUTCFullYear();
}

/** Is text[start, end) the year `year` written in four digits? */
export function writesYear(text: string, start: number, end: number, year: number): boolean {
  if (end - start !== 4 || !(year >= 1000)) return false;
  let value = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
    value = value * 10 + (c - 48);
  }
  return value === year;
}

/** Every date pattern above holds a year of this form: text without one holds no date. */
const HAS_YEAR = /(?:19|20)\d\d/;

/** The first full date written in `text`, or NaN. */
export function firstDateIn(text: string): number {
  if (!HAS_YEAR.test(text)) return NaN;
  let best = NaN;
  let bestAt = Infinity;
  for (const { re, order } of DATE_RES) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      if (m.index >= bestAt) break;
      let day: number;
      if (order === 'mdy') day = dayNumber(+m[3], MONTHS[m[1].toLowerCase()], +m[2]);
      else if (order === 'dmy') day = dayNumber(+m[3], MONTHS[m[2].toLowerCase()], +m[1]);
      else if (order === 'ymd') day = dayNumber(+m[1], +m[2], +m[3]);
      else day = dayNumber(+m[3], +m[2], +m[1]);
      if (!Number.isNaN(day)) {
        best = day;
        bestAt = m.index;
        break;
      }
    }
  }
  return best;
}

/** Year first, numbers only: 2023-01-31, 2023/1/31, 2023.01.31, with anything after (a time, a zone). */
const YMD = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)/;
/** Year last, numbers only: 1/31/2023 (month first, as Date.parse reads it, unless the first number is over 12), 31.01.2023 (day first). */
const MDY_SLASH = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?!\d)/;
const DMY_DOT = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)/;
/** A month name, day and four-digit year in either order, anywhere (after a weekday, before a time). */
const NAMED_RES: Array<{ re: RegExp; order: 'mdy' | 'dmy' }> = [
  { re: new RegExp(`\\b${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})(?!\\d)`, 'i'), order: 'mdy' },
  { re: new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH},?\\s+(\\d{4})(?!\\d)`, 'i'), order: 'dmy' },
];

/**
 * An input's date (JSONL `date`, an HTML page's published time), as days
 * since 1970-01-01, or NaN when it is none of the forms read. The calendar
 * date as written: a time or zone after it is ignored, and nothing depends
 * on the machine's time zone (`Date.parse` reads "Jan 31, 2023" in local
 * time, a day earlier in UTC east of Greenwich). Years are four digits,
 * 0000 to 9999.
 */
export function parseDate(value: string | undefined): number {
  if (!value) return NaN;
  const text = value.trim();
  let m = YMD.exec(text);
  if (m) return dayNumber(+m[1], +m[3], +m[4]);
  m = MDY_SLASH.exec(text);
  // 31/01/2023 can only be day first.
  if (m) return +m[1] > 12 ? dayNumber(+m[3], +m[2], +m[1]) : dayNumber(+m[3], +m[1], +m[2]);
  m = DMY_DOT.exec(text);
  if (m) return dayNumber(+m[3], +m[2], +m[1]);
  for (const { re, order } of NAMED_RES) {
    m = re.exec(text);
    if (m === null) continue;
    return order === 'mdy' ? dayNumber(+m[3], MONTHS[m[1].toLowerCase()], +m[2]) : dayNumber(+m[3], MONTHS[m[2].toLowerCase()], +m[1]);
  }
  return NaN;
}
