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
  { re: /\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b/g, order: 'ymd' },
  { re: /\b(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)\b/g, order: 'dmy-num' },
];

/** Days since the Unix epoch, or NaN for an impossible date. */
export function dayNumber(year: number, month: number, day: number): number {
  if (month < 1 || month > 12 || day < 1 || day > 31) return NaN;
  const t = Date.UTC(year, month - 1, day);
  const check = new Date(t);
  if (check.getUTCDate() !== day) return NaN;
  return Math.floor(t / 86_400_000);
}

export function formatDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
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

/** A metadata date (ISO 8601 or anything Date.parse reads), or NaN. */
export function parseDate(value: string | undefined): number {
  if (!value) return NaN;
  const iso = /^(\d{4})-(\d\d)-(\d\d)/.exec(value);
  if (iso) return dayNumber(+iso[1], +iso[2], +iso[3]);
  const t = Date.parse(value);
  return Number.isNaN(t) ? firstDateIn(value) : Math.floor(t / 86_400_000);
}
