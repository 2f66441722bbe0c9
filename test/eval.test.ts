/**
 * The evaluation harness itself: the labelled cases it builds are what they
 * claim, and `storyline eval` fails the run when a floor breaks.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SHORT_PART_RANGE, buildBundleCase, scoreBundles } from '../src/eval/suites/bundles.js';
import { buildNearDupCase } from '../src/eval/suites/neardup.js';
import { FORMULA_SEEDS, buildFormulaCase } from '../src/eval/suites/formula.js';
import { SITES, blurbWords, buildFurnitureCase, scoreFurniture } from '../src/eval/suites/furniture.js';
import { buildOriginalsCase, scoreOriginals } from '../src/eval/suites/originals.js';
import type { Result } from '../src/types.js';
import { EVENT_CUTS, runEval } from '../src/eval/run.js';
import { formatEvalReport } from '../src/eval/table.js';
import { DEFAULT_OPTIONS } from '../src/options.js';
import type { EcbArticle } from '../src/eval/data.js';
import { bundle, page, reprint, vocabularyOf } from '../src/eval/synth.js';
import { repoRoot } from './fixtures/paths.js';
import { mulberry32 } from './fixtures/random.js';

const run = promisify(execFile);
const CLI = join(repoRoot(), 'dist', 'src', 'cli', 'main.js');

/** Articles of made-up words: two topics, two events each, one sentence per paragraph. */
function articles(): EcbArticle[] {
  const random = mulberry32(5);
  const out: EcbArticle[] = [];
  for (let topic = 1; topic <= 2; topic++) {
    for (let k = 0; k < 8; k++) {
      const words = (n: number) => Array.from({ length: n }, () => `w${topic}x${Math.floor(random() * 300)}`).join(' ');
      const text = Array.from({ length: 8 }, () => `${words(12)}.`).join('\n\n') + '\n';
      out.push({ id: `${topic}_${k}`, topic: String(topic), event: `${topic}_${k % 2}`, split: 'dev', text });
    }
  }
  return out;
}

test('reprint: the edit rate is the share of words replaced', () => {
  const text = Array.from({ length: 40 }, (_, i) => `Sentence number ${i} has several plain words in it.`).join('\n\n');
  const vocabulary = vocabularyOf(['alpha beta gamma delta epsilon']);
  const copy = reprint(text, { editRate: 0.1, seed: 3, vocabulary });
  const replaced = copy.split(/\s+/).filter((w) => vocabulary.includes(w)).length;
  const words = text.split(/\s+/).length;
  assert.ok(replaced > words * 0.06 && replaced < words * 0.14, `${replaced} of ${words} words replaced`);
  assert.is(reprint(text, { editRate: 0.1, seed: 3, vocabulary }), copy, 'deterministic');
});

test('page: holds the article whole and about the asked share of other text', () => {
  const [a, ...others] = articles();
  const p = page(a.text, others.map((o) => o.text), 2, 1);
  assert.ok(p.includes(a.text.trim()));
  const ratio = (p.length - a.text.length) / a.text.length;
  assert.ok(ratio > 1.9 && ratio < 2.6, `extra text ${ratio.toFixed(2)} × the article`);
});

test('bundle: part offsets point at each article', () => {
  const [a, b, c] = articles();
  const joined = bundle([a.text, b.text, c.text], 'Related news:\n\nSomething else');
  assert.is(joined.partStarts.length, 3);
  [a, b, c].forEach((x, i) => assert.ok(joined.text.startsWith(x.text.trim(), joined.partStarts[i])));
});

test('bundle case: every article used once, bundles have 2-3 parts, gold segments follow the parts', () => {
  const all = articles();
  const c = buildBundleCase(all);
  const used = [...c.gold.values()].flatMap((g) => g.parts.map((p) => p.span));
  assert.is(used.length, all.length);
  for (const [id, g] of c.gold) {
    assert.is(g.bundle, g.parts.length > 1, id);
    assert.ok(g.parts.length <= 3);
    const text = c.docs.find((d) => d.id === id)!.text;
    g.parts.forEach((part, k) => {
      const first = g.paragraphs.findIndex((p) => p.start === part.span.start);
      assert.ok(first >= 0, `${id}: part ${k} starts on a paragraph`);
      assert.is(g.segmentOf[first], k);
      assert.ok(text.slice(part.span.start, part.span.end).trim().length > 0);
    });
  }
});

test('lone bundle case: each appended article is the only report of its event in the corpus', () => {
  const all = articles();
  const c = buildBundleCase(all, 1, 'lone');
  const parts = [...c.gold.values()].flatMap((g) => g.parts);
  const bundles = [...c.gold.values()].filter((g) => g.bundle);
  assert.ok(bundles.length > 0, 'some bundles');
  for (const g of bundles) {
    assert.is(g.parts.length, 2);
    const tail = g.parts[1].event;
    assert.is(parts.filter((p) => p.event === tail).length, 1, `${tail} appears once`);
    assert.ok(parts.filter((p) => p.event === g.parts[0].event).length > 1, 'the head event has other reports');
  }
  assert.is(new Set(c.docs.map((d) => d.id)).size, c.docs.length, 'unique ids');
});

test('short bundle case: the parts of 100-500 characters are counted apart, flagged and with their boundaries, against a result made by hand', () => {
  const c = buildBundleCase(articles(), 1, 'short');
  const textOf = new Map(c.docs.map((d) => [d.id, d.text]));
  const bundles = [...c.gold].filter(([, g]) => g.bundle);
  const lengthOf = (id: string) => {
    const span = c.gold.get(id)!.parts[1].span;
    return textOf.get(id)!.slice(span.start, span.end).length;
  };
  const inRange = bundles.filter(([id]) => lengthOf(id) >= 100 && lengthOf(id) <= 500).map(([id]) => id);
  assert.equal(SHORT_PART_RANGE, { min: 100, max: 500 });
  assert.ok(inRange.length >= 2 && inRange.length < bundles.length, `${inRange.length} of ${bundles.length} parts in range: some, not all`);
  // Flag every other bundle in range, with a segment 120 characters after its boundary (found); flag the rest of the
  // bundles with a segment 200 characters off (not found, and out of range anyway); single articles unflagged.
  const flagged = new Set(inRange.filter((_, k) => k % 2 === 0));
  const documents = c.docs.map((d) => {
    const g = c.gold.get(d.id)!;
    const at = g.bundle ? g.parts[1].span.start + (flagged.has(d.id) ? 120 : 200) : d.text.length;
    const cut = Math.min(at, d.text.length);
    const segments = [
      { start: 0, end: cut, kind: 'story', event: 'e1' },
      ...(cut < d.text.length ? [{ start: cut, end: d.text.length, kind: 'story', event: 'e2' }] : []),
    ];
    return { id: d.id, bundle: flagged.has(d.id) || (g.bundle && !inRange.includes(d.id)), segments, warnings: [] };
  });
  const report = scoreBundles(c, { documents } as unknown as Result, 0, 'short');
  assert.equal(report.inRange, {
    bundles: inRange.length,
    flagged: flagged.size,
    flagRecall: flagged.size / inRange.length,
    boundariesFound: flagged.size / inRange.length,
  });
  assert.is(scoreBundles(c, { documents } as unknown as Result, 0, 'reported').inRange, undefined, 'only the short variant counts them');
});

test('near-duplicate case: reprints point at their article, pages are their own group', () => {
  const c = buildNearDupCase(articles());
  for (const [id, level] of c.levelOf) {
    assert.ok(level > 0 && level <= 0.1);
    assert.is(c.groupOf.get(id), c.groupOf.get(id.slice(0, id.indexOf('~'))));
  }
  for (const p of c.pages) assert.is(c.groupOf.get(p.page), p.page);
  assert.is(new Set(c.docs.map((d) => d.id)).size, c.docs.length, 'unique ids');
});

test('site furniture case: every page of a site carries all its furniture; reprints are on another site, in its group', () => {
  const c = buildFurnitureCase(articles());
  assert.equal(buildFurnitureCase(articles()), c, 'deterministic');
  assert.is(c.articles, 16);
  assert.is(c.reprints.length, 6);
  for (const site of SITES) {
    const pages = c.docs.filter((d) => c.siteOf.get(d.id) === site.key);
    assert.ok(pages.length >= 2, site.key);
    for (const part of site.parts) {
      if (part.kind === 'article') continue;
      const text = part.kind === 'related' ? part.heading : part.text;
      for (const p of pages) assert.ok(p.text.includes(text), `${p.id}: ${part.kind}`);
    }
    const words = blurbWords(site);
    assert.ok(words === 0 || (words >= 40 && words <= 90), `${site.key} blurb of ${words} words`);
  }
  // Related coverage: the site's heading over 4-8 headlines of other articles, without final periods.
  const coastline = c.docs.find((d) => c.siteOf.get(d.id) === 'coastline')!;
  const list = coastline.text.split('Elsewhere on Coastline Daily\n\n')[1].split('\n\n').slice(0, 8);
  for (const headline of list) assert.not.ok(/[.]$/.test(headline), headline);
  for (const r of c.reprints) {
    assert.is.not(r.site, c.siteOf.get(r.original));
    assert.is(c.groupOf.get(r.id), c.groupOf.get(r.original));
  }
});

test('site furniture scores: false pairs between articles, pair P/R over the copies, by site', () => {
  const c = buildFurnitureCase(articles());
  const result = (groups: string[][]) =>
    ({ documents: c.docs.map((d) => ({ id: d.id })), nearDuplicateGroups: groups.map((members) => ({ id: members[0], members })) }) as unknown as Result;
  // Every reprint with its original, nothing else: all of the 6 gold pairs, none false.
  const right = scoreFurniture(c, result(c.reprints.map((r) => [r.original, r.id])));
  assert.equal([right.goldPairs, right.predictedPairs, right.falsePairs, right.pairwise.precision, right.pairwise.recall], [6, 6, 0, 1, 1]);
  // Two pages of one site, of different articles, in one group besides: one false pair, on that site.
  const [x, y] = c.docs.filter((d) => c.siteOf.get(d.id) === 'courier' && !d.id.includes('reprint'));
  const wrong = scoreFurniture(c, result([...c.reprints.map((r) => [r.original, r.id]), [x.id, y.id]]));
  assert.equal([wrong.falsePairs, wrong.bySite.courier.falsePairs, wrong.bySite.ledger.falsePairs], [1, 1, 0]);
  assert.ok(Math.abs(wrong.pairwise.precision - 6 / 7) < 1e-12);
  assert.equal(Object.values(wrong.bySite).map((s) => s.reprintsFound), Object.values(wrong.bySite).map((s) => s.reprints));
});

test('originals scores: one original per group, the one the rule names by the copies\' dates and kinds, also for a group of several cases', () => {
  // Articles of 192 words (the suite skips those under 150): six cases, dated bundle, wrapped, none, bundle, wrapped, none.
  const c = buildOriginalsCase(articles().map((a) => ({ ...a, text: a.text + a.text })));
  assert.equal(c.cases.map((k) => k.dated), ['bundle', 'wrapped', 'none', 'bundle', 'wrapped', 'none']);
  const copy = (k: number, kind: string) => c.cases[k].members.find((m) => m.endsWith(kind))!;
  const result = (groups: Array<{ members: string[]; original: string }>) =>
    ({
      documents: c.docs.map((d) => {
        const g = groups.find((x) => x.members.includes(d.id));
        return { id: d.id, nearDuplicateOf: g === undefined || g.original === d.id ? null : g.original };
      }),
      nearDuplicateGroups: groups.map((g, i) => ({ id: `d${i}`, members: g.members })),
    }) as unknown as Result;
  const own = (k: number, original: string) => ({ members: c.cases[k].members, original });
  const rightOnes = [own(0, copy(0, 'bundle')), own(1, copy(1, 'wrapped')), own(2, copy(2, 'clean')), own(3, copy(3, 'bundle')), own(4, copy(4, 'wrapped')), own(5, copy(5, 'clean'))];
  const all = scoreOriginals(c, result(rightOnes));
  assert.equal([all.cases, all.grouped, all.right, all.rate, all.byDating.none], [6, 6, 6, 1, { grouped: 2, right: 2 }]);
  // Undated, the bundle named instead of the clean copy; the wrapped copy instead of the dated bundle.
  const wrong = scoreOriginals(c, result([own(0, copy(0, 'wrapped')), ...rightOnes.slice(1, 2), own(2, copy(2, 'bundle')), ...rightOnes.slice(3)]));
  assert.equal([wrong.right, wrong.byDating.bundle.right, wrong.byDating.none.right], [4, 1, 1]);
  // A case split over two groups is not grouped.
  const split = scoreOriginals(c, result([{ members: c.cases[0].members.slice(0, 2), original: copy(0, 'bundle') }, ...rightOnes.slice(1)]));
  assert.equal([split.grouped, split.right], [5, 5]);
  // Cases 0 (bundle dated first) and 2 (undated) in one group: the dated bundle is its original, for both.
  const merged = (original: string) => scoreOriginals(c, result([{ members: [...c.cases[0].members, ...c.cases[2].members], original }, ...rightOnes.filter((_, k) => k !== 0 && k !== 2)]));
  assert.equal([merged(copy(0, 'bundle')).right, merged(copy(2, 'clean')).right, merged(copy(0, 'clean')).right], [6, 4, 4]);
  // Cases 2 and 5, both undated: either clean copy is right (they tie on what the suite knows), a wrapped copy is not.
  const undated = (original: string) => scoreOriginals(c, result([{ members: [...c.cases[2].members, ...c.cases[5].members], original }, ...rightOnes.filter((_, k) => k !== 2 && k !== 5)]));
  assert.equal([undated(copy(2, 'clean')).right, undated(copy(5, 'clean')).right, undated(copy(5, 'wrapped')).right], [6, 6, 4]);
  // Members of one group naming two originals: wrong, whichever they are.
  const two = result(rightOnes);
  (two.documents.find((d) => d.id === copy(1, 'clean'))! as { nearDuplicateOf: string | null }).nearDuplicateOf = copy(1, 'bundle');
  assert.is(scoreOriginals(c, two).right, 5);
});

test('storyline eval: a broken floor, or a floored metric a suite that ran did not produce, fails the run (exit 1) and names the metric', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'storyline-floors-'));
  try {
    const floors = join(dir, 'floors.json');
    const notRun = { metric: 'events.dev.bcubed.f1', min: 2 };
    // sample.items is printed and has no floor: that is broken too.
    writeFileSync(floors, JSON.stringify({ floors: [{ metric: 'sample.failures', max: -1 }, { metric: 'sample.gone', min: 0 }, notRun] }));
    const err = await run(process.execPath, [CLI, 'eval', 'sample', '--floors', floors, '--results', dir]).then(
      () => undefined,
      (e: { code: number; stderr: string; stdout: string }) => e,
    );
    assert.ok(err, 'expected a failing run');
    assert.is(err.code, 1);
    assert.match(err.stderr, /sample\.failures = 0\.0000, above the ceiling -1/);
    assert.match(err.stderr, /sample\.gone: no such metric in the report/);
    assert.match(err.stderr, /sample\.items = \d+\.0000 has no floor/);
    assert.match(err.stderr, /3 floors broken/);
    assert.not.match(err.stderr, /events\.dev/, 'a floor of a suite that did not run is not checked');
    assert.match(err.stdout, /SAMPLE CORPUS: pass/);
    const report = JSON.parse(readFileSync(join(dir, 'eval-full.json'), 'utf8')) as { metrics: Record<string, number> };
    assert.is(report.metrics['sample.failures'], 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('storyline eval: a floors file that is not a list of floors is a usage error (exit 2) before any suite runs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'storyline-floors-'));
  try {
    const cases: Array<[string, RegExp]> = [
      ['', /not JSON/],
      ['{"floors": {"metric": "x"}}', /expected \{"floors"/],
      ['{"floors": [{"metric": 3}]}', /expected \{"floors"/],
      ['{"floors": [{"metric": "x", "min": "0.9"}]}', /expected \{"floors"/],
      ['null', /expected \{"floors"/],
    ];
    for (const [text, message] of cases) {
      const floors = join(dir, 'floors.json');
      writeFileSync(floors, text);
      const err = await run(process.execPath, [CLI, 'eval', 'sample', '--floors', floors, '--results', dir]).then(
        () => undefined,
        (e: { code: number; stderr: string }) => e,
      );
      assert.ok(err, `expected a failing run for ${JSON.stringify(text)}`);
      assert.is(err.code, 2);
      assert.match(err.stderr, message);
      assert.match(err.stderr, /--floors /);
      assert.not.match(err.stderr, /sample corpus…|\n\s+at /, 'no suite ran and no stack trace');
    }
    const missing = await run(process.execPath, [CLI, 'eval', 'sample', '--floors', join(dir, 'nope.json'), '--results', dir]).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    assert.is(missing?.code, 2);
    assert.match(missing!.stderr, /nope\.json: ENOENT/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('formula case: every ECB+ article kept, 5-20 stories per formula, each about names no other story has', () => {
  const c = buildFormulaCase(articles(), FORMULA_SEEDS.dev);
  assert.equal(c.docs.slice(0, 16).map((d) => d.id), articles().map((a) => a.id));
  assert.is(c.docs.length, 16 + c.stories.length);
  assert.is(new Set(c.docs.map((d) => d.id)).size, c.docs.length);
  const perFormula = new Map<string, number>();
  for (const s of c.stories) perFormula.set(s.formula, (perFormula.get(s.formula) ?? 0) + 1);
  assert.equal([...perFormula.keys()].sort(), ['appointment', 'dividend', 'results', 'stake']);
  for (const n of perFormula.values()) assert.ok(n >= 5 && n <= 20, `${n} stories in a set`);
  // The made-up words (capitalised, not in a fixed list) of each story appear in no other story.
  const fixed = /^(The|Securities|Exchange|Commission|A|Revenue|Analysts|Thomson|Reuters|Chief|Executive|Shares|Excluding|Our|Chairman|I|B|E|S|Holdings|Corp|Inc|Group|Industries|Systems|Pharmaceuticals|Energy|Financial|Technologies|Capital|Management|Partners|Advisors|Asset|Monday|Tuesday|Wednesday|Thursday|Friday|January|February|March|April|May|June|July|August|September|October|November|December|Dallas|Chicago|Boston|Denver|Atlanta|Seattle|Houston|Phoenix|Minneapolis|Pittsburgh)$/;
  const madeUp = c.stories.map((s) => new Set((s.text.match(/\b[A-Z][a-z]+\b/g) ?? []).filter((w) => !fixed.test(w))));
  madeUp.forEach((words, x) => {
    assert.ok(words.size >= 2, `story ${x} names someone`);
    for (let y = x + 1; y < madeUp.length; y++) for (const w of words) assert.not.ok(madeUp[y].has(w), `${w} in stories ${x} and ${y}`);
  });
  // The same seed gives the same stories; the other split's seed others.
  assert.equal(buildFormulaCase(articles(), FORMULA_SEEDS.dev).stories, c.stories);
  assert.not.equal(buildFormulaCase(articles(), FORMULA_SEEDS.train).stories, c.stories);
});

test('storyline eval --options: runs every suite with them and says so; a misspelt option is a usage error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'storyline-options-'));
  try {
    const given = { eventThreshold: 0.85, events: { leadNumberPenalty: 0.2 } };
    const { stdout } = await run(process.execPath, [CLI, 'eval', 'sample', '--results', dir, '--options', JSON.stringify(given)]);
    assert.match(stdout, `OPTIONS other than the defaults, in every suite: ${JSON.stringify(given)}`);
    assert.equal((JSON.parse(readFileSync(join(dir, 'eval-full.json'), 'utf8')) as { options: unknown }).options, given);
    for (const [bad, message] of [
      ['{"events":{"leadNumberPenality":0.2}}', 'options.events.leadNumberPenality is not an option storyline reads'],
      ['{"eventThreshold":', '--options must be a JSON object'],
      ['0.85', '--options must be a JSON object'],
    ]) {
      const err = await run(process.execPath, [CLI, 'eval', 'sample', '--results', dir, '--options', bad]).then(
        () => undefined,
        (e: { code: number; stderr: string }) => e,
      );
      assert.ok(err, `accepted ${bad}`);
      assert.is(err.code, 2);
      assert.match(err.stderr, message);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('events by cut: the full run scores every split at every cut, the chosen cut as in the main table', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'storyline-cuts-'));
  try {
    // Made-up articles as ECB+ ships them (one sentence per line), half of each event in each split.
    const lines = articles().map((a, i) => JSON.stringify({ ...a, split: i % 4 < 2 ? 'dev' : 'train', text: a.text.replace(/\n\n/g, '\n') }));
    mkdirSync(join(dir, 'ecbplus-dev'));
    writeFileSync(join(dir, 'ecbplus-dev', 'docs.jsonl'), lines.join('\n') + '\n');
    const full = await runEval({ suites: ['events'], dataDir: dir, fast: false, analyze: { workers: 1 } });
    assert.equal(
      full.eventCuts.map((e) => `${e.split} ${e.threshold}`),
      ['dev', 'train'].flatMap((split) => EVENT_CUTS.map((cut) => `${split} ${cut}`)),
    );
    for (const main of full.events) {
      const chosen = full.eventCuts.filter((e) => e.split === main.split && e.chosen);
      assert.equal(chosen.map((e) => e.threshold), [DEFAULT_OPTIONS.eventThreshold]);
      assert.equal(chosen[0].bcubed, main.bcubed);
      assert.is(full.metrics[`events.${main.split}.cut${DEFAULT_OPTIONS.eventThreshold}.bcubed.f1`], main.bcubed.f1);
    }
    // The cut matters: the loosest and the tightest cut do not find the same events.
    const found = full.eventCuts.filter((e) => e.split === 'dev').map((e) => e.predictedEvents);
    assert.ok(found[0] > found[found.length - 1], `events found by cut: ${found.join(', ')}`);
    const table = formatEvalReport(full);
    assert.match(table, /EVENTS BY CUT/);
    assert.match(table, new RegExp(`split +0\\.8 +.*${DEFAULT_OPTIONS.eventThreshold}\\*`));

    const fast = await runEval({ suites: ['events'], dataDir: dir, fast: true, analyze: { workers: 1 } });
    assert.is(fast.eventCuts.length, 0);
    assert.not.match(formatEvalReport(fast), /EVENTS BY CUT/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
