/** The evaluation report as the tables `storyline eval` prints. */
import type { EvalReport, EventsAtCut } from './run.js';
import type { EventsReport } from './suites/events.js';
import { SITES, furnitureOf } from './suites/furniture.js';
import { SHORT_PART_RANGE } from './suites/bundles.js';

const f3 = (x: number) => x.toFixed(3);

/** Rows of cells as left-aligned columns. */
const APPENDED_LABEL = { reported: 'reported elsewhere', lone: 'reported nowhere else', short: 'short (150-500 chars)' } as const;

function columns(rows: string[][]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd());
}

export function formatEvalReport(r: EvalReport): string {
  const out: string[] = [];
  const given = JSON.stringify(r.options);
  if (given !== '{}') out.push(`OPTIONS other than the defaults, in every suite: ${given}`, '');
  if (r.events.length > 0) {
    out.push('EVENTS: ECB+ articles clustered into events, topics mixed (dev = tuning, train = held out)');
    out.push(
      ...columns([
        ['split', 'docs', 'gold', 'found', 'B3 P', 'B3 R', 'B3 F1', 'pair F1', 'ARI', 'flagged bundles'],
        ...r.events.map((e) => [
          e.split, String(e.documents), String(e.goldEvents), String(e.predictedEvents),
          f3(e.bcubed.precision), f3(e.bcubed.recall), f3(e.bcubed.f1), f3(e.pairwise.f1), f3(e.ari), String(e.flaggedBundles),
        ]),
      ]),
      '',
    );
    for (const e of r.events) out.push(...eventErrorLines(e), '');
  }
  if (r.eventCuts.length > 0) out.push(...eventCutLines(r.eventCuts), '');
  if (r.neardup.length > 0) {
    out.push('NEAR-DUPLICATES: ECB+ articles + reprints (1-10% of words edited) + pages containing an article');
    out.push(
      ...columns([
        ['split', 'threshold', 'docs', 'pair P', 'pair R', 'pair F1', 'false pairs of articles', 'R@1%', 'R@2%', 'R@5%', 'R@10%', 'containment P', 'containment R'],
        ...r.neardup.map((n) => [
          n.split, String(n.threshold), String(n.documents), f3(n.pairwise.precision), f3(n.pairwise.recall), f3(n.pairwise.f1),
          String(n.falsePairsBetweenArticles), ...n.byLevel.map((l) => f3(l.recall)), f3(n.containment.precision), f3(n.containment.recall),
        ]),
      ]),
      '',
    );
  }
  if (r.bundles.length > 0) {
    out.push('BUNDLES: ECB+ articles with 1-2 unrelated articles appended (+ footers), and single articles');
    out.push(
      ...columns([
        ['split', 'appended stories', 'docs', 'bundles', 'flag P', 'flag R', 'flag F1', 'Pk', 'WindowDiff', 'part events B3 F1', 'boundaries ±150'],
        ...r.bundles.map((b) => [
          b.split, APPENDED_LABEL[b.appended], String(b.documents), String(b.bundles), f3(b.flags.precision), f3(b.flags.recall), f3(b.flags.f1),
          f3(b.pk), f3(b.windowDiff), f3(b.partEvents.f1), f3(b.boundariesFound),
        ]),
      ]),
    );
    const ranged = r.bundles.filter((b) => b.inRange !== undefined);
    if (ranged.length > 0) {
      out.push(`short appended parts of ${SHORT_PART_RANGE.min}-${SHORT_PART_RANGE.max} characters (the short variant's bundles whose part is that long):`);
      out.push(
        ...columns([
          ['split', 'bundles', 'flagged', 'flag R', 'boundaries ±150'],
          ...ranged.map((b) => [b.split, String(b.inRange!.bundles), String(b.inRange!.flagged), f3(b.inRange!.flagRecall), f3(b.inRange!.boundariesFound)]),
        ]),
      );
    }
    out.push('');
  }
  if (r.short.length > 0) {
    out.push('SHORT ARTICLES: briefs of 30-120 words (alone, under a menu line, inside HTML) in place of their ECB+ articles');
    out.push(
      ...columns([
        ['split', 'form', 'briefs', 'no-story', 'full joins', 'brief joins', 'join rate'],
        ...r.short.flatMap((s) =>
          [['all', s] as const, ...Object.entries(s.byForm)].map(([form, f]) => [s.split, form, String(f.briefs), String(f.noStory), String(f.joinable), String(f.joined), f3(f.joinRate)]),
        ),
      ]),
      '',
    );
  }
  if (r.caps.length > 0) {
    out.push('ALL-CAPS ARTICLES: ECB+ articles written in capitals in place of the articles; each must join its event as its mixed-case article does');
    out.push(...columns([['split', 'articles', 'mixed joins', 'caps joins', 'join rate'], ...r.caps.map((c) => [c.split, String(c.articles), String(c.joinable), String(c.joined), f3(c.joinRate)])]), '');
  }
  if (r.formula.length > 0) {
    out.push('FORMULA STORIES: filings and results written from one template about different companies, among ECB+ articles (each story its own event; copy pairs: two stories taken for near-duplicates)');
    out.push(
      ...columns([
        ['split', 'stories', 'formulas', 'joined pairs', 'joined stories', 'with ECB+ articles', 'ECB+ events B3 F1', 'copy pairs'],
        ...r.formula.map((f) => [f.split, String(f.stories), String(f.formulas), String(f.joinedPairs), String(f.joinedStories), String(f.withArticles), f3(f.articleEvents.f1), String(f.copyPairs)]),
      ]),
      '',
    );
  }
  if (r.originals.length > 0) {
    out.push('ORIGINALS: an ECB+ article clean, in site furniture and as a bundle; nearDuplicateOf must name the earliest dated copy, else the clean one');
    out.push(
      ...columns([
        ['split', 'dated copy', 'cases', 'grouped', 'right original', 'rate'],
        ...r.originals.flatMap((o) => [
          [o.split, 'any', String(o.cases), String(o.grouped), String(o.right), f3(o.rate)],
          ...Object.entries(o.byDating).map(([dated, d]) => [o.split, dated, '', String(d.grouped), String(d.right), f3(d.grouped === 0 ? 1 : d.right / d.grouped)]),
        ]),
      ]),
      '',
    );
  }
  if (r.furniture.length > 0) {
    out.push(`SITE FURNITURE: briefs of 40-120 words on ${SITES.length} sites, each site's furniture on all its pages; 1 in 3 also reprinted (1-10% edited) on another site`);
    out.push(
      ...columns([
        ['split', 'docs', 'articles', 'reprints', 'gold pairs', 'found pairs', 'false pairs', 'pair P', 'pair R', 'pair F1'],
        ...r.furniture.map((f) => [
          f.split, String(f.documents), String(f.articles), String(f.reprints), String(f.goldPairs), String(f.predictedPairs), String(f.falsePairs),
          f3(f.pairwise.precision), f3(f.pairwise.recall), f3(f.pairwise.f1),
        ]),
      ]),
      '',
      'SITE FURNITURE BY SITE: false pairs between two pages of the site; reprints onto the site found with their original',
      ...columns([
        ['split', 'site', 'furniture, in page order', 'pages', 'false pairs', 'reprints', 'found'],
        ...r.furniture.flatMap((f) =>
          SITES.map((site) => {
            const s = f.bySite[site.key];
            return [f.split, site.key, furnitureOf(site), String(s.pages), String(s.falsePairs), String(s.reprints), String(s.reprintsFound)];
          }),
        ),
      ]),
      '',
    );
  }
  if (r.choi.length > 0) {
    out.push("CHOI: segmentation of 10 concatenated texts, number of boundaries unknown (C99: Pk 0.13 on 3-11)");
    out.push(
      ...columns([
        ['set', 'files', 'Pk', 'WindowDiff', 'segments found (gold 10)'],
        ...r.choi.map((c) => [c.set, String(c.files), f3(c.pk), f3(c.windowDiff), c.segments.toFixed(1)]),
      ]),
      '',
    );
  }
  if (r.sample) {
    const s = r.sample;
    out.push(`SAMPLE CORPUS: ${s.failures.length === 0 ? 'pass' : 'FAIL'} (${s.items} gold items, ${s.documents} documents)`);
    for (const f of s.failures) out.push(`  ${f}`);
    out.push('');
  }
  return out.join('\n');
}

/** B-cubed F1 (events found) by split and cut, the run's own cut starred. */
function eventCutLines(rows: readonly EventsAtCut[]): string[] {
  const cuts = [...new Set(rows.map((e) => e.threshold))];
  const splits = [...new Set(rows.map((e) => e.split))];
  const cell = (split: string, cut: number) => {
    const e = rows.find((x) => x.split === split && x.threshold === cut);
    return e === undefined ? '' : `${f3(e.bcubed.f1)} (${e.predictedEvents})`;
  };
  const chosen = new Set(rows.filter((e) => e.chosen).map((e) => e.threshold));
  return [
    'EVENTS BY CUT: B3 F1 (events found) at each cut; * the cut used above, chosen on dev',
    ...columns([['split', ...cuts.map((c) => `${c}${chosen.has(c) ? '*' : ''}`)], ...splits.map((split) => [split, ...cuts.map((c) => cell(split, c))])]),
  ];
}

/** The events suite's error cases (eval/event-errors.ts), one line each. */
function eventErrorLines(e: EventsReport): string[] {
  const { merged, apart, f1 } = e.errors;
  const out = [
    `EVENT ERRORS (${e.split}): ${plural(merged.length, 'found event')} joining gold events, ` +
      `${plural(apart.length, 'document')} apart from where most of their gold event went`,
    `  B3 F1 ${f3(f1.found)}; with every joined event split ${f3(f1.joinsSplit)}; with every document apart moved ${f3(f1.apartMoved)}; "if fixed": with that case alone fixed`,
  ];
  const rows = merged.map((m) => [
    'joined', m.event, `if fixed ${f3(m.f1IfSplit)}`, m.gold.map((g) => `${g.event} ${g.documents}`).join(' + '), m.terms.join(', '),
    // A label that is only the terms again is not shown twice.
    m.terms.join(', ').startsWith(m.label) ? '' : `"${shorten(m.label, 50)}"`,
  ]);
  if (rows.length > 0) out.push(...columns(rows).map((line) => `  ${line}`));
  const apartRows = apart.map((a) => [
    'apart', a.document, `if fixed ${f3(a.f1IfMoved)}`, `of ${a.gold} (mostly in ${a.majority})`, `in ${a.event} (${plural(a.eventDocuments, 'doc')})`, a.cause,
  ]);
  if (apartRows.length > 0) out.push(...columns(apartRows).map((line) => `  ${line}`));
  return out;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
