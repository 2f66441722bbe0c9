/**
 * Boilerplate: the parts of a scraped page that are not news. Donation
 * appeals, "related news" footers, share buttons, bylines and author bios,
 * newsletter prompts, copyright lines.
 *
 * Two signals, both local to the text:
 * 1. Cue phrases. Each unit is matched against patterns that are common on
 *    news sites and rare in news prose ("we have a small favor to ask",
 *    "sharing is caring", "follow him on Twitter").
 * 2. Position. Boilerplate sits at the edges of a page. A tail (or head) of
 *    the text is boilerplate when it starts with a cue and most of its units
 *    are cues or fragments (short lines that are not sentences): a donation
 *    appeal mixes cue sentences with plain ones ("We, the journalists …,
 *    refuse to be silenced"), which the run rule absorbs.
 * Units in the middle of a story stay story, cue or not: a quote like
 * "please support us" inside an article is not an appeal.
 */
import { isDateStamp } from '../normalize/date-stamp.js';
import type { TextUnit } from '../normalize/structure.js';

/** A byline or credit line ("By Jane Doe", "Photo: Reuters"). No `i` flag: with it \p{Lu} matches lower case too, and "By the end of the week." became a byline. */
const BYLINE = /^([Bb]y|BY|[Aa]uthor|[Ww]ritten by|[Rr]eporting by|[Ee]dit(ing|ed) by|[Pp]hoto(graph)?( by)?|[Ii]mage( credit)?|[Ss]ource|[Cc]redit)\s*[:\-–]?\s*\p{Lu}[\p{L}.'’-]*(\s+\p{Lu}[\p{L}.'’-]*){0,4}\.?$/u;

export const CUES: readonly RegExp[] = [
  // appeals and subscriptions
  /\b(small|quick) favou?r to ask\b/i,
  /\b(support|donate to|subscribe to|become a (member|patron|supporter) of)\s+(us|our|the)\b/i,
  /\byour (support|help|donation|contribution)\b/i,
  /\bsupport (independent|our) (journalism|reporting|work)\b/i,
  /\b(make|making) a (donation|contribution|significant impact)\b/i,
  /\b(sign up|subscribe) (for|to) (our|the) (newsletter|daily|weekly|mailing)/i,
  /\b(newsletter|unsubscribe|paywall|premium subscribers?)\b/i,
  /\b(in|into|to) your inbox\b/i,
  /^support\b.*!$/i,
  // sharing, comments, navigation
  /\bsharing is caring\b/i,
  /^(share|tweet|email|print|comments?)( (this|on|via) .*)?$/i,
  /^leave a (reply|comment)\b/i,
  /^(read|see|click|continue)( (more|here|reading|also))?\b.{0,40}$/i,
  /^(related|more|recommended|trending|popular|latest)( (news|stories|articles|posts|reading|coverage))?( from .*)?:?$/i,
  /\brelated (news|stories|articles|posts)\b/i,
  /\b(click here|tap here|advertisement|sponsored content|cookie policy|privacy policy|terms of (use|service))\b/i,
  // navigation menus: "Home | World | Politics"
  /^[^|»›]{1,30}(\s[|»›]\s[^|»›]{1,30}){2,}$/,
  // bylines, credits, bios
  BYLINE,
  // A stamp line, not a lead that opens with one ("Published on: Fri, 11 Nov 2011 … An Indian warship foiled …").
  /^(published|republished|posted|updated|first published) (by|on|in|at)\b.{0,80}$/i,
  /\b(is|was) (a|an|the) [\w ]{0,40}(editor|correspondent|reporter|writer|columnist|contributor|journalist) (at|for|of|with)\b/i,
  /\bfollow (him|her|them|us|me) on (twitter|x|facebook|instagram|telegram)\b/i,
  /\bviews expressed (in this article )?are (solely )?(those of|the author)/i,
  /\b(do not|don't) necessarily reflect\b/i,
  /(©|\(c\)|copyright)\s*\d{4}|\ball rights reserved\b/i,
];

/**
 * Prose that reads as news: a reporting verb ("said", "according to"), a
 * day or a date (a weekday, a month, a year), a dateline ("BEIJING
 * (Reuters) -"), or names (NAMES capitalised words inside sentences). A
 * wire brief of one paragraph has one; an appeal or a bio seldom does, and
 * is mostly cue phrases anyway.
 */
const REPORTING = /\b(said|says|told|reported|announced|according to|confirmed|added)\b/i;
const WHEN = /\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|June|July|August|September|October|November|December|(19|20)\d\d)\b/;
const DATELINE = /^\p{Lu}[\p{Lu} .'’-]{2,}(,\s*\p{Lu}[\p{L}.]*)?\s*(\([^)]{1,40}\))?\s*[-–—]/u;
const NAMES = 2;
const NAME_INSIDE_SENTENCE = /(?<=[\p{Ll},;\d] )\p{Lu}\p{Ll}/gu;

/** A group of news prose at least this long (a sentence of some 15 words) is a story, never page furniture alone. */
const NEWS_MIN_CHARS = 80;

/** Words a line needs to stand as the story of a page that has nothing else ("Contact us" does not). */
const HEADLINE_STORY_WORDS = 4;

function wordsIn(text: string, from: number, to: number): number {
  let words = 0;
  let inWord = false;
  for (let i = from; i < to; i++) {
    const space = text.charCodeAt(i) <= 32;
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}

/** Units this short that are not sentences are page furniture, not prose. */
const FRAGMENT_MAX_CHARS = 90;

/** The case-insensitive cues as one pattern: one scan of a unit instead of one per cue (the same answers, about twice as fast). */
const CASELESS_CUES = new RegExp(CUES.filter((re) => re.flags === 'i').map((re) => `(?:${re.source})`).join('|'), 'i');
const OTHER_CUES = CUES.filter((re) => re.flags !== 'i');

export function isCue(unitText: string): boolean {
  const t = unitText.trim();
  if (CASELESS_CUES.test(t)) return true;
  for (const re of OTHER_CUES) if (re.test(t)) return true;
  return false;
}

function isFragment(unitText: string): boolean {
  if (unitText.length > FRAGMENT_MAX_CHARS) return false;
  const last = unitText.charCodeAt(unitText.length - 1);
  // a sentence ends with . ! ? or a closing quote after one
  return !(last === 46 || last === 33 || last === 63 || last === 0x201d || last === 34) || unitText.length < 25;
}

/** Paragraphs longer than this are judged sentence by sentence (hard-wrapped pages have one giant paragraph). */
const MAX_GROUP_CHARS = 600;

/**
 * Groups units into the pieces judged as a whole: paragraphs, or single
 * sentences of overlong paragraphs. A donation appeal mixes cue sentences
 * with plain ones in one paragraph; judged whole, the paragraph is a cue.
 * Group g is units [first[g], first[g + 1]).
 */
function groupsOf(units: readonly TextUnit[]): Int32Array {
  const first = new Int32Array(units.length + 1);
  let n = 0;
  let i = 0;
  while (i < units.length) {
    let j = i + 1;
    while (j < units.length && !units[j].paragraphStart) j++;
    if (units[j - 1].end - units[i].start <= MAX_GROUP_CHARS) first[n++] = i;
    else for (let u = i; u < j; u++) first[n++] = u;
    i = j;
  }
  first[n] = units.length;
  return first.subarray(0, n + 1);
}

/**
 * Cue answers by unit text, for the units of one text: a page of many short
 * lines (a list, a feed) repeats the same few, and the tail scan may reach
 * every one of them. Bounded, so a page of distinct lines holds no more.
 */
const CUE_MEMO_SIZE = 4096;

/**
 * Marks each unit as boilerplate (1) or not (0). Only a head run and a tail
 * run of the text can be boilerplate; see the module comment.
 */
export function markBoilerplate(text: string, units: readonly TextUnit[]): Uint8Array {
  const marks = new Uint8Array(units.length);
  const first = groupsOf(units);
  const n = first.length - 1;
  if (n === 0) return marks;
  // Cue and fragment tests run only on the groups the edge scans below
  // reach (a handful per page): the middle of a story is never asked about.
  const UNKNOWN = 2;
  const cueMemo = new Uint8Array(n).fill(UNKNOWN);
  const fragmentMemo = new Uint8Array(n).fill(UNKNOWN);
  const cueByText = new Map<string, boolean>();
  const unitIsCue = (u: number): boolean => {
    const unitText = text.slice(units[u].start, units[u].end);
    let answer = cueByText.get(unitText);
    if (answer === undefined) {
      answer = isCue(unitText);
      if (cueByText.size < CUE_MEMO_SIZE) cueByText.set(unitText, answer);
    }
    return answer;
  };
  const cue = (g: number): number => {
    if (cueMemo[g] === UNKNOWN) {
      let anyCue = false;
      for (let u = first[g]; u < first[g + 1] && !anyCue; u++) anyCue = unitIsCue(u);
      cueMemo[g] = anyCue ? 1 : 0;
    }
    return cueMemo[g];
  };
  const fragment = (g: number): number => {
    if (fragmentMemo[g] === UNKNOWN) {
      const a = first[g];
      fragmentMemo[g] = first[g + 1] - a === 1 && isFragment(text.slice(units[a].start, units[a].end)) ? 1 : 0;
    }
    return fragmentMemo[g];
  };

  const plain = (g: number): boolean => cue(g) === 0 && fragment(g) === 0;
  const byline = (g: number): boolean => first[g + 1] - first[g] === 1 && BYLINE.test(text.slice(units[first[g]].start, units[first[g]].end).trim());
  /** The first plain group of the story group g opens (a headline, then bylines, then prose), or -1. */
  const storyBody = (g: number): number => {
    if (!units[first[g]].headline || cue(g) === 1) return -1;
    let h = g + 1;
    while (h < n && byline(h)) h++;
    return h < n && plain(h) ? h : -1;
  };

  /** A plain group that reads as news (REPORTING, WHEN, DATELINE, NAMES) and is NEWS_MIN_CHARS long. */
  const news = (g: number): boolean => {
    if (!plain(g)) return false;
    const from = units[first[g]].start;
    const to = units[first[g + 1] - 1].end;
    if (to - from < NEWS_MIN_CHARS) return false;
    const prose = text.slice(from, to);
    return REPORTING.test(prose) || WHEN.test(prose) || DATELINE.test(prose) || (prose.match(NAME_INSIDE_SENTENCE)?.length ?? 0) >= NAMES;
  };

  // Tail: the earliest cue group from which on at least 60% of the groups
  // are cues or fragments, and no run of 3+ plain groups follows it. It
  // never reaches into a story: a headline over prose (a brief of one
  // paragraph among a page's furniture) stops it after the prose.
  const starts: number[] = []; // the groups a tail could start at, latest first
  let plainRun = 0;
  let furniture = 0;
  for (let g = n - 1; g >= 0; g--) {
    const body = storyBody(g);
    if (body >= 0) {
      while (starts.length > 0 && starts[starts.length - 1] <= body) starts.pop();
      break;
    }
    const isPlain = plain(g);
    plainRun = isPlain ? plainRun + 1 : 0;
    if (plainRun >= 3) break;
    if (!isPlain) furniture++;
    if (cue(g) === 1 && furniture >= 0.6 * (n - g)) starts.push(g);
  }
  let tailStart = starts.length > 0 ? starts[starts.length - 1] : n;

  // Head: leading cue/fragment groups before the first plain one, if one of
  // them is a cue ("Support The Moscow Times!"); a headline ends the head.
  const headBefore = (end: number): number => {
    let headEnd = 0;
    for (let g = 0; g < end; g++) {
      if (cue(g) === 0 && (fragment(g) === 0 || units[first[g]].headline)) break;
      if (cue(g) === 1) headEnd = g + 1;
    }
    return headEnd;
  };
  let headEnd = headBefore(tailStart);

  // A text that holds news prose is never all furniture: a wire brief of one
  // paragraph under a menu line, its headline a sentence, keeps its story
  // (the tail then starts after its last news paragraph).
  let storyLeft = false;
  for (let g = headEnd; g < tailStart && !storyLeft; g++) storyLeft = plain(g);
  if (!storyLeft) {
    for (let g = n - 1; g >= tailStart; g--) {
      if (!news(g)) continue;
      tailStart = g + 1;
      headEnd = headBefore(tailStart);
      break;
    }
  }
  // Nothing but furniture and one group of a few words that is no cue (a
  // brief whose prose is glued to a date stamp), or one such headline among
  // them (a headline over its stamps): it says the news, and is the story.
  // With more (a list of related headlines) the page stays furniture.
  if (headEnd >= tailStart) {
    let lines = 0;
    let line = -1;
    let headlines = 0;
    let headline = -1;
    for (let g = 0; g < n; g++) {
      if (cue(g) === 1 || wordsIn(text, units[first[g]].start, units[first[g + 1] - 1].end) < HEADLINE_STORY_WORDS) continue;
      if (lines++ === 0) line = g;
      // A date stamp looks like a headline ("First Posted: 10/25/11 06:44 PM ET") but says no news.
      if (units[first[g]].headline && !isDateStamp(text.slice(units[first[g]].start, units[first[g + 1] - 1].end)) && headlines++ === 0) headline = g;
    }
    const story = lines === 1 ? line : headlines === 1 ? headline : -1;
    if (story >= 0) {
      headEnd = story;
      tailStart = story + 1;
    }
  }

  const mark = (g: number) => {
    for (let u = first[g]; u < first[g + 1]; u++) marks[u] = 1;
  };
  for (let g = tailStart; g < n; g++) mark(g);
  for (let g = 0; g < headEnd; g++) mark(g);
  return marks;
}
