/**
 * The HTML report at scale: `storyline cluster FILE -f html -o report.html`
 * run as a user runs it, the file's size, and how long Chromium takes from
 * opening the file to showing the first rows of events.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { repoRoot } from '../test/fixtures/paths.js';
import { SCREENSHOTS } from '../test/fixtures/browser.js';

export interface HtmlReportRun {
  docs: number;
  /** Seconds of the whole command (analysis, second read, page). */
  seconds: number;
  bytes: number;
  /** Seconds from navigation to the first event rows on screen; null when chromium could not start. */
  firstView: number | null;
  /** Why there is no first view. */
  browserError?: string;
  leftOut?: string;
  /** Screenshots taken after the timing (git-ignored): the first view, the largest event opened, the largest near-duplicate group. */
  screenshots?: string[];
}

export const HTML_TARGETS = { megabytes: 25, firstViewSeconds: 2 };

export async function timeHtmlReport(file: string, docs: number, workers: number): Promise<HtmlReportRun> {
  const outDir = join(repoRoot(), 'bench', '.cache', 'html-out');
  mkdirSync(outDir, { recursive: true });
  const out = join(outDir, `report-${docs}.html`);
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot(), 'dist', 'src', 'cli', 'main.js'), 'cluster', file, '-f', 'html', '-o', out, '--workers', String(workers), '-q'], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`storyline cluster -f html exited with ${code}`))));
  });
  const seconds = (performance.now() - started) / 1000;
  const bytes = statSync(out).size;
  const profile = mkdtempSync(join(tmpdir(), 'storyline-bench-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.STORYLINE_CHROMIUM ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update'],
    });
    try {
      const page = await context.newPage();
      const opened = performance.now();
      await page.goto(`file://${out}`, { waitUntil: 'commit' });
      await page.waitForSelector('#list li.row', { state: 'visible', timeout: 60_000 });
      const firstView = (performance.now() - opened) / 1000;
      const leftOut = (await page.textContent('#left-out')) ?? '';
      // For a person to look at, after the timing: what the page shows at this size.
      mkdirSync(SCREENSHOTS, { recursive: true });
      const shots = [join(SCREENSHOTS, `bench-${docs}-events.png`), join(SCREENSHOTS, `bench-${docs}-event.png`), join(SCREENSHOTS, `bench-${docs}-group.png`)];
      await page.screenshot({ path: shots[0] });
      await page.click('#list li.row');
      await page.waitForSelector('#detail h2', { state: 'visible', timeout: 60_000 });
      await page.screenshot({ path: shots[1] });
      await page.click('#tab-groups');
      await page.click('#list li.row');
      await page.waitForSelector('#detail h2', { state: 'visible', timeout: 60_000 });
      await page.screenshot({ path: shots[2] });
      return { docs, seconds, bytes, firstView, leftOut, screenshots: shots };
    } finally {
      await context.close();
    }
  } catch (e) {
    return { docs, seconds, bytes, firstView: null, browserError: (e as Error).message.split('\n')[0] };
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

export function describeHtmlReport(run: HtmlReportRun, verdict: (ok: boolean) => string): string {
  const mb = run.bytes / 1e6;
  const size = `${mb.toFixed(1)} MB (target < ${HTML_TARGETS.megabytes} MB: ${verdict(mb < HTML_TARGETS.megabytes)})`;
  const view =
    run.firstView === null
      ? `first view not measured: ${run.browserError}`
      : `first view in Chromium ${run.firstView.toFixed(2)} s (target < ${HTML_TARGETS.firstViewSeconds} s: ${verdict(run.firstView < HTML_TARGETS.firstViewSeconds)})`;
  const shots = run.screenshots ? `\n  screenshots: ${run.screenshots.join(', ')}` : '';
  return `  ${run.docs.toLocaleString('en-US')} docs: command ${run.seconds.toFixed(2)} s; file ${size}; ${view}${run.leftOut ? `; the page says: ${run.leftOut}` : ''}${shots}`;
}
