/**
 * The HTML report in a real browser (chromium, playwright-core): what the
 * page lists is what the JSON of the same run says, a click shows the right
 * event, copy and bundle, a word diff rebuilds both texts exactly, search and
 * filters keep exactly the items that match, and no script from the corpus
 * runs. Screenshots land in reports/screenshots/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Page } from 'playwright-core';
import { newsArchive } from '../bench/corpus.js';
import { analyze } from '../src/analyze.js';
import type { Event, Result } from '../src/types.js';
import { screenshot, withBrowser } from './fixtures/browser.js';
import { runCli } from './fixtures/cli.js';
import { CORPUS } from './fixtures/paths.js';
import { withTmp } from './fixtures/tmp.js';

/** Events as the page orders them: most members first, ties in the JSON's (id) order. */
function largestFirst(events: Event[]): Event[] {
  return events.map((e, i) => ({ e, i })).sort((a, b) => b.e.members.length - a.e.members.length || a.i - b.i).map((x) => x.e);
}

/** The html report as the CLI writes it, and the result of the same analysis (the API gives what `-f json` prints). */
async function report(corpus: string, dir: string, extra: string[] = []): Promise<{ file: string; result: Result }> {
  const file = path.join(dir, 'report.html');
  const [html, result] = await Promise.all([runCli(['cluster', corpus, '-f', 'html', '-o', file, '--workers', '1', ...extra]), analyze(corpus, { workers: 1 })]);
  // Exit 1 when some inputs are errors: the report is written all the same.
  assert.is(html.code, result.errors.length > 0 ? 1 : 0, html.stderr);
  return { file, result };
}

async function listed(page: Page, attribute: string): Promise<string[]> {
  return page.$$eval(`#list li[${attribute}]`, (rows, a) => rows.map((r) => r.getAttribute(a)!), attribute);
}

test('sample corpus: events, their members and the bundles as the json says; a bundle shows each part of its text in place', async () => {
  await withTmp(async (dir) => {
    const { file, result } = await report(CORPUS, dir);
    await withBrowser(async (open) => {
      const { page, problems } = await open(file);
      await page.waitForSelector('#list li[data-event-id]');
      const summary = await page.textContent('#summary');
      assert.ok(summary!.includes('5 inputs = 5 documents + 0 errors') && summary!.includes('5 events') && summary!.includes('2 bundles'), summary!);
      const events = largestFirst(result.events);
      assert.equal(await listed(page, 'data-event-id'), events.map((e) => e.id));
      for (const e of events) {
        await page.click(`#list li[data-event-id="${e.id}"]`);
        assert.is(await page.textContent('#detail h2'), e.label);
        const members = await page.$$eval('#members tbody tr', (rows) => rows.map((r) => r.getAttribute('data-doc')!));
        assert.equal(members, e.members.map((m) => m.doc));
      }
      await page.click(`#list li[data-event-id="${events[0].id}"]`);
      await screenshot(page, 'sample-event');

      await page.click('#tab-bundles');
      const bundles = result.documents.filter((d) => d.bundle);
      assert.equal(await listed(page, 'data-bundle-doc'), bundles.map((d) => d.id));
      for (const d of bundles) {
        await page.click(`#list li[data-bundle-doc="${d.id}"]`);
        const text = fs.readFileSync(path.join(CORPUS, `${d.id}.txt`), 'utf8');
        const parts = await page.$$eval('#detail .seg', (spans) => spans.map((s) => s.textContent));
        assert.equal(parts, d.segments.map((s) => text.slice(s.start, s.end)));
        const labels = await page.$$eval('#detail .part-label', (chips) => chips.map((c) => c.getAttribute('data-event')));
        assert.equal(labels, d.segments.map((s) => s.event ?? ''));
      }
      await screenshot(page, 'sample-bundle');
      // A part's label leads to its event.
      await page.click('#detail .part-label[data-event="e1"]');
      assert.is(await page.textContent('#detail h2'), result.events.find((e) => e.id === 'e1')!.label);
      assert.equal(problems, []);
    });
  });
});

test('generated archive: copies diffed against their original rebuild both texts; search, size and date filters keep exactly what matches; hostile titles stay text', async () => {
  await withTmp(async (dir) => {
    const docs = Array.from(newsArchive(300, 5));
    docs[0].title = '<img src=x onerror="alert(1)"></script><script>alert(2)</script>';
    const texts = new Map(docs.map((d) => [d.id, d.text]));
    const corpus = path.join(dir, 'archive.jsonl');
    // One malformed line: an error, listed on its own tab.
    fs.writeFileSync(corpus, docs.map((d) => JSON.stringify(d)).join('\n') + '\n{"id": "</script><b>x", "text": \n');
    const { file, result } = await report(corpus, dir);
    assert.is(result.errors.length, 1);
    assert.ok(result.nearDuplicateGroups.length > 0 && result.summary.bundles > 0, 'the archive has copies and bundles');

    await withBrowser(async (open) => {
      const { page, problems } = await open(file);
      await page.waitForSelector('#list li[data-event-id]');
      const events = largestFirst(result.events);
      // 200 a page, then "show more".
      assert.equal(await listed(page, 'data-event-id'), events.slice(0, 200).map((e) => e.id));
      if (events.length > 200) {
        await page.click('#show-more');
        assert.equal(await listed(page, 'data-event-id'), events.slice(0, 400).map((e) => e.id));
      }
      await screenshot(page, 'archive-events');

      // Groups: each copy's diff, read back from the page, is the copy; without its insertions, the original.
      await page.click('#tab-groups');
      const groups = result.nearDuplicateGroups.map((g, i) => ({ g, i })).sort((a, b) => b.g.members.length - a.g.members.length || a.i - b.i).map((x) => x.g);
      assert.equal(await listed(page, 'data-group-id'), groups.slice(0, 200).map((g) => g.id));
      const original = new Map(result.documents.map((d) => [d.id, d.nearDuplicateOf]));
      for (const g of groups.slice(0, 5)) {
        await page.click(`#list li[data-group-id="${g.id}"]`);
        const orig = g.members.find((m) => original.get(m) === null)!;
        const copies = await page.$$eval('#detail .copy', (nodes) =>
          nodes.map((n) => {
            const diff = n.querySelector('.diff')!;
            const parts = Array.from(diff.childNodes as ArrayLike<{ nodeName: string; textContent: string | null }>).map((c) => [c.nodeName, c.textContent ?? '']);
            return {
              doc: n.getAttribute('data-doc')!,
              copy: parts.filter(([k]) => k !== 'DEL').map(([, t]) => t).join(''),
              original: parts.filter(([k]) => k !== 'INS').map(([, t]) => t).join(''),
            };
          }),
        );
        assert.equal(copies.map((c) => c.doc), g.members.filter((m) => m !== orig).slice(0, 10));
        for (const c of copies) {
          assert.is(c.copy, texts.get(c.doc)!.slice(0, 20_000));
          assert.is(c.original, texts.get(orig)!.slice(0, 20_000));
        }
      }
      await screenshot(page, 'archive-group');

      // Search: a member's title finds its event and only events that match it.
      await page.click('#tab-events');
      const target = events.find((e) => e.members.length >= 2)!;
      const title = docs.find((d) => d.id === target.members[1].doc)!.title;
      await page.fill('#search', title);
      const found = await listed(page, 'data-event-id');
      assert.ok(found.includes(target.id), `${title} → ${found.join(' ')}`);
      const titleOf = new Map(docs.map((d) => [d.id, d.title.toLowerCase()]));
      const q = title.toLowerCase();
      const expected = events.filter((e) => e.label.toLowerCase().includes(q) || e.terms.some((t) => t.toLowerCase().includes(q)) || e.members.some((m) => m.doc.toLowerCase().includes(q) || titleOf.get(m.doc)!.includes(q)));
      assert.equal(found, expected.slice(0, 200).map((e) => e.id));
      await page.fill('#search', '');

      // Size: at least three reports.
      await page.fill('#min-size', '3');
      assert.equal(await listed(page, 'data-event-id'), events.filter((e) => e.members.length >= 3).slice(0, 200).map((e) => e.id));
      await page.fill('#min-size', '1');

      // Dates: one day, the events whose span touches it.
      const day = events.find((e) => e.dates !== undefined)!.dates!.first;
      await page.fill('#from', day);
      await page.fill('#to', day);
      const onDay = events.filter((e) => e.dates !== undefined && e.dates.first <= day && e.dates.last >= day);
      assert.equal(await listed(page, 'data-event-id'), onDay.slice(0, 200).map((e) => e.id));
      await screenshot(page, 'archive-filtered');

      // Errors and documents in no event: every input shows somewhere.
      await page.click('#tab-other');
      const other = await page.$$eval('#list li.error .label', (n) => n.map((x) => x.textContent));
      assert.equal(other, result.errors.map((e) => e.source));
      await page.click('#tab-events');

      // The hostile title is shown as text; no script from it ran.
      await page.fill('#from', '');
      await page.fill('#to', '');
      await page.fill('#search', docs[0].id);
      await page.click('#list li[data-event-id]');
      const cells = await page.$$eval('#members td:first-child a, #members td:first-child > span', (n) => n.map((x) => x.textContent));
      assert.ok(cells.includes(docs[0].title), cells.join(' | '));
      assert.is(await page.$$eval('#detail img, #detail script', (n) => n.length), 0);
      assert.equal(problems, []);
    });
  });
});

test('--report-limit: the page lists that many of each, largest first, and says how many it left out', async () => {
  await withTmp(async (dir) => {
    const { file, result } = await report(CORPUS, dir, ['--report-limit', '2']);
    await withBrowser(async (open) => {
      const { page, problems } = await open(file);
      await page.waitForSelector('#list li[data-event-id]');
      assert.equal(await listed(page, 'data-event-id'), largestFirst(result.events).slice(0, 2).map((e) => e.id));
      assert.is(await page.textContent('#left-out'), `This report shows the 2 largest events; ${result.events.length - 2} more are left out (--report-limit).`);
      assert.equal(problems, []);
    });
  });
});

test.run();
