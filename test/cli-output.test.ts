/**
 * The CLI's output side, run as a user runs it (a separate process):
 * what reaches a terminal is inert, `--out` onto every kind of destination,
 * problems with the destination found before any work, a reader that goes
 * away, signals during the write, and the wording of counts.
 */
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Result } from '../src/types.js';
import { CLI, finished, runCli, spawnCli, type CliRun } from './fixtures/cli.js';
import { seedText } from './fixtures/bad-inputs.js';
import { withTmp, write } from './fixtures/tmp.js';

/** What must never reach a terminal raw: C0 (but the newline ending each line), DEL, C1, line/paragraph separators, bidi controls. */
const RAW_CONTROL = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/** A stderr of exactly one line, `storyline: …`, and no stack trace. */
function assertOneLine(run: CliRun, pattern: RegExp): void {
  assert.is(run.stderr.split('\n').length, 2, run.stderr);
  assert.match(run.stderr, pattern);
}

/** A corpus of one article (quick to analyse). */
function oneArticle(dir: string): string {
  const corpus = path.join(dir, 'corpus');
  write(corpus, 'article.txt', seedText(0));
  return corpus;
}

/** Runs `command` with `args`, or returns undefined when it fails here (no permission, no tool). */
function tryRun(command: string, args: string[]): true | undefined {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return undefined;
  }
}

function skipped(name: string, why: string): void {
  process.stderr.write(`skipped "${name}": ${why}\n`);
}

test('table and stderr show control and bidi characters from file names, titles and JSONL lines as visible escapes', async () => {
  await withTmp(async (dir) => {
    const folder = path.join(dir, 'folder');
    write(folder, 'a\x1b]0;pwned\x07.txt', seedText(1));
    write(folder, 'page.html', `<html><head><title>&#27;]0;x&#7; Title &#x202E;gnp.exe</title></head><body><p>${seedText(2)}</p></body></html>`);
    const jsonl = path.join(dir, 'lines.jsonl');
    fs.writeFileSync(
      jsonl,
      [
        JSON.stringify({ id: 'x\nstoryline: 0 inputs = 0 documents', text: seedText(3) }),
        'x\x1b]0;t\x07\u202e', // V8 quotes (the start of) the line in its message
        JSON.stringify({ id: 'bidi\u202eexe.txt', text: seedText(4) }),
      ].join('\n'),
    );
    for (const corpus of [folder, jsonl]) {
      const run = await runCli(['cluster', corpus, '--workers', '1']);
      for (const [name, text] of [['stdout', run.stdout], ['stderr', run.stderr]]) {
        const raw = RAW_CONTROL.exec(text);
        assert.is(raw, null, `${name} holds U+${raw?.[0].codePointAt(0)?.toString(16)}: ${JSON.stringify(text)}`);
      }
      assert.ok(run.stderr.split('\n').slice(0, -1).every((line) => line.startsWith('storyline: ')), run.stderr);
      assert.ok(!run.stdout.split('\n').some((line) => line.startsWith('storyline:')), 'a forged line in the table');
      if (corpus === folder) {
        assert.ok(run.stdout.includes('a\\x1b]0;pwned\\x07'), run.stdout);
        assert.ok(run.stdout.includes('\\x1b]0;x\\x07 Title \\u202egnp.exe'), run.stdout);
      } else {
        assert.ok(run.stdout.includes('x\\x0astoryline: 0 inputs'), run.stdout);
        assert.ok(run.stdout.includes('bidi\\u202eexe.txt'), run.stdout);
        assert.ok(run.stderr.includes('"x\\x1b]0;t\\x07\\u202e"'), run.stderr);
      }
    }
  });
});

test('-o - writes to stdout, not to a file named -; one input, one document, one event are counted in the singular', async () => {
  await withTmp(async (dir) => {
    const corpus = oneArticle(dir);
    const child = spawn(process.execPath, [CLI, 'cluster', corpus, '-o', '-', '--workers', '1'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const run = await finished(child);
    assert.is(run.code, 0, run.stderr);
    assert.equal(fs.readdirSync(dir), ['corpus']);
    assert.is(run.stdout.split('\n')[0], '1 document, 0 errors · 0 near-duplicate groups · 1 event · 0 bundles');
    assert.ok(run.stdout.includes('\n    · article#0  '), run.stdout);
    assert.is(run.stderr, 'storyline: 1 input = 1 document + 0 errors; 0 near-duplicate groups, 1 event, 0 bundles\n');
  });
});

test('--out into a missing folder, onto a folder, or into a read-only place: one line, exit 3, before any work', async () => {
  await withTmp(async (dir) => {
    const corpus = oneArticle(dir);
    const missing = await runCli(['cluster', corpus, '-o', path.join(dir, 'no', 'such', 'out.json')]);
    assert.is(missing.code, 3);
    assertOneLine(missing, /^storyline: cannot write .*out\.json: the folder .*such does not exist\n$/);

    const onFolder = await runCli(['cluster', corpus, '-o', corpus]);
    assert.is(onFolder.code, 3);
    assertOneLine(onFolder, /^storyline: cannot write .*corpus: it is a folder\n$/);

    // Checked before the corpus is even looked at: the corpus path does not exist either.
    const first = await runCli(['cluster', path.join(dir, 'no-corpus'), '-o', path.join(dir, 'no', 'out.json')]);
    assert.is(first.code, 3);
    assertOneLine(first, /^storyline: cannot write /);

    const readOnly = path.join(dir, 'read-only');
    fs.mkdirSync(readOnly);
    let mounted = false;
    if (process.getuid?.() === 0) mounted = tryRun('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', readOnly]) === true;
    else fs.chmodSync(readOnly, 0o555);
    if (process.getuid?.() === 0 && !mounted) {
      skipped('--out into a read-only place', 'running as root without permission to mount a read-only tmpfs');
      return;
    }
    try {
      const run = await runCli(['cluster', corpus, '-o', path.join(readOnly, 'out.json')]);
      assert.is(run.code, 3);
      assertOneLine(run, /^storyline: cannot write .*out\.json: the folder .*read-only: (read-only file system|permission denied)\n$/);
    } finally {
      if (mounted) execFileSync('umount', [readOnly]);
    }
  });
});

test('--out onto a FIFO writes into it (a reader gets the output), and the FIFO stays', async () => {
  await withTmp(async (dir) => {
    const corpus = oneArticle(dir);
    const fifo = path.join(dir, 'fifo');
    if (!tryRun('mkfifo', [fifo])) return skipped('--out onto a FIFO', 'no mkfifo here');
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'ignore'] });
    const read = finished(reader);
    const run = await runCli(['cluster', corpus, '-f', 'json', '-o', fifo, '--workers', '1']);
    // Were the FIFO replaced, cat would wait for a writer for ever.
    const killer = setTimeout(() => reader.kill(), 5000);
    const { stdout } = await read;
    clearTimeout(killer);
    assert.is(run.code, 0, run.stderr);
    assert.ok(fs.lstatSync(fifo).isFIFO(), 'the FIFO was replaced');
    assert.is((JSON.parse(stdout) as Result).documents[0].id, 'article');
    assert.equal(fs.readdirSync(dir).sort(), ['corpus', 'fifo']);
  });
});

test('--out onto character devices: written in place (a null device stays one), a full one is one line and exit 3', async () => {
  await withTmp(async (dir) => {
    const corpus = oneArticle(dir);
    const devNull = path.join(dir, 'null');
    const devFull = path.join(dir, 'full');
    // Copies of /dev/null and /dev/full: the real ones are never a test's target.
    if (!tryRun('mknod', [devNull, 'c', '1', '3']) || !tryRun('mknod', [devFull, 'c', '1', '7'])) {
      return skipped('--out onto character devices', 'mknod is not permitted here (not root?)');
    }
    const toNull = await runCli(['cluster', corpus, '-o', devNull, '--workers', '1']);
    assert.is(toNull.code, 0, toNull.stderr);
    assert.ok(fs.lstatSync(devNull).isCharacterDevice(), 'the device was replaced by a file');

    const toFull = await runCli(['cluster', corpus, '-o', devFull, '--workers', '1']);
    assert.is(toFull.code, 3, toFull.stderr);
    assertOneLine(toFull, /^storyline: cannot write .*full: no space left on device\n$/);
    assert.ok(fs.lstatSync(devFull).isCharacterDevice(), 'the device was replaced by a file');
    assert.equal(fs.readdirSync(dir).sort(), ['corpus', 'full', 'null']);
  });
});

test('--out through a symbolic link replaces the file it names, keeping its mode (and owner), and the link stays', async () => {
  await withTmp(async (dir) => {
    const corpus = oneArticle(dir);
    const real = path.join(dir, 'data', 'result.json');
    write(dir, 'data/result.json', 'previous run');
    fs.chmodSync(real, 0o640);
    const root = process.getuid?.() === 0;
    if (root) fs.chownSync(real, 1234, 5678);
    const link = path.join(dir, 'latest.json');
    fs.symlinkSync(path.join('data', 'result.json'), link);

    const run = await runCli(['cluster', corpus, '-f', 'json', '-o', link, '--workers', '1']);
    assert.is(run.code, 0, run.stderr);
    assert.ok(fs.lstatSync(link).isSymbolicLink(), 'the link was replaced');
    assert.is((JSON.parse(fs.readFileSync(real, 'utf8')) as Result).documents[0].id, 'article');
    const stats = fs.statSync(real);
    assert.is((stats.mode & 0o777).toString(8), '640');
    if (root) assert.equal([stats.uid, stats.gid], [1234, 5678]);
    assert.equal(fs.readdirSync(path.join(dir, 'data')), ['result.json'], 'a temporary file left');

    // A dangling link: the file it names is created.
    fs.rmSync(real);
    const again = await runCli(['cluster', corpus, '-f', 'json', '-o', link, '--workers', '1']);
    assert.is(again.code, 0, again.stderr);
    assert.ok(fs.lstatSync(link).isSymbolicLink());
    assert.ok(fs.statSync(real).isFile());
  });
});

/** A JSONL corpus of `n` malformed lines: quick to analyse, large to write (one error each). */
function malformedLines(dir: string, n: number): string {
  const file = path.join(dir, 'errors.jsonl');
  fs.writeFileSync(file, Array.from({ length: n }, (_, i) => `not json ${i} ${'x'.repeat(100)}`).join('\n'));
  return file;
}

test('a full disk during the write: one line, exit 3, no temporary file, the old file untouched', async () => {
  await withTmp(async (dir) => {
    const corpus = malformedLines(dir, 2000); // about 0.5 MB of JSON
    const small = path.join(dir, 'small');
    fs.mkdirSync(small);
    if (!tryRun('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', small])) {
      return skipped('a full disk during the write', 'cannot mount a small tmpfs here (not root?)');
    }
    try {
      const out = path.join(small, 'result.json');
      fs.writeFileSync(out, 'previous run');
      const run = await runCli(['cluster', corpus, '-f', 'json', '-o', out, '--workers', '1']);
      assert.is(run.code, 3, run.stderr);
      assertOneLine(run, /^storyline: cannot write .*result\.json: no space left on device\n$/);
      assert.equal(fs.readdirSync(small), ['result.json']);
      assert.is(fs.readFileSync(out, 'utf8'), 'previous run');
    } finally {
      execFileSync('umount', [small]);
    }
  });
});

test('the reader of stdout goes away (| head): exit 141, nothing on stderr', async () => {
  await withTmp(async (dir) => {
    const corpus = malformedLines(dir, 2000); // far more than a pipe holds
    const child = spawn('bash', ['-c', `"${process.execPath}" "${CLI}" cluster "${corpus}" -f json --workers 1 | head -c 10 >/dev/null; echo "\${PIPESTATUS[0]}"`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const run = await finished(child);
    assert.is(run.stderr, '');
    assert.is(run.stdout, '141\n');
  });
});

test('help, the version and eval\'s table: a reader gone away is exit 141 and no stack trace; a full device is one line and exit 3', async () => {
  await withTmp(async (dir) => {
    const runs: string[][] = [['--help'], ['--version'], ['cluster', '--help'], ['eval', 'sample', '--fast', '--results', dir]];
    const quoted = (args: string[]) => [process.execPath, CLI, ...args].map((a) => `"${a}"`).join(' ');
    for (const args of runs) {
      // `true` has exited before the CLI writes: every write meets a closed pipe.
      const piped = await finished(spawn('bash', ['-c', `${quoted(args)} | true; echo "\${PIPESTATUS[0]}"`], { stdio: ['ignore', 'pipe', 'pipe'] }));
      assert.is(piped.stdout, '141\n', `${args.join(' ')}: ${piped.stderr}`);
      if (args[0] === 'eval') assert.match(piped.stderr, /^storyline eval: sample corpus…\nstoryline eval: results in .*; all floors hold\n$/);
      else assert.is(piped.stderr, '', args.join(' '));
      if (!fs.existsSync('/dev/full')) {
        skipped(`${args.join(' ')} onto /dev/full`, 'no /dev/full here');
        continue;
      }
      const full = await finished(spawn('bash', ['-c', `${quoted(args)} > /dev/full`], { stdio: ['ignore', 'pipe', 'pipe'] }));
      assert.is(full.code, 3, `${args.join(' ')}: ${full.stderr}`);
      assert.ok(full.stderr.endsWith('storyline: cannot write -: no space left on device\n'), full.stderr);
      assert.not.match(full.stderr, /\n\s+at /, 'no stack trace');
    }
  });
});

for (const [signal, code] of [['SIGTERM', 143], ['SIGHUP', 129]] as const) {
  test(`${signal} while --out is being written: exit ${code}, the old file kept, no temporary file`, async () => {
    await withTmp(async (dir) => {
      const corpus = malformedLines(dir, 5000); // 0.8 MB of JSON: the write takes some 50 ms
      const outDir = path.join(dir, 'out');
      fs.mkdirSync(outDir);
      const out = path.join(outDir, 'result.json');
      let caught = false;
      // The temporary file lives for the write only: stop the process the moment it appears, then signal it.
      for (let attempt = 0; attempt < 3 && !caught; attempt++) {
        fs.writeFileSync(out, 'previous run');
        const child = spawnCli(['cluster', corpus, '-f', 'json', '-o', out, '--workers', '1']);
        const done = finished(child);
        const watcher = fs.watch(outDir, () => {
          if (child.exitCode !== null || !fs.readdirSync(outDir).some((name) => name.endsWith('.tmp'))) return;
          child.kill('SIGSTOP');
          watcher.close();
          caught = fs.readdirSync(outDir).some((name) => name.endsWith('.tmp'));
          if (caught) child.kill(signal);
          child.kill('SIGCONT');
        });
        const run = await done;
        watcher.close();
        if (!caught) continue;
        assert.is(run.signal, null, 'ended by itself, not killed');
        assert.is(run.code, code, run.stderr);
        assert.is(run.stderr, 'storyline: interrupted; no output written\n');
      }
      assert.ok(caught, 'the write never seen: no temporary file observed');
      assert.equal(fs.readdirSync(outDir), ['result.json']);
      assert.is(fs.readFileSync(out, 'utf8'), 'previous run');
    });
  });
}

test.run();
