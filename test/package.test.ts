/**
 * What a consumer installs: package.json and the lock file, read as npm
 * reads them (no network: `npm pack` and the install are measured in docs/).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { repoRoot } from './fixtures/paths.js';

interface PackageJson {
  name: string;
  version: string;
  license: string;
  engines: { node: string };
  bin: Record<string, string>;
  files: string[];
  main: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

const root = repoRoot();
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageJson;
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; optional?: boolean }> };

function jsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? jsFiles(path) : path.endsWith('.js') ? [path] : [];
  });
}

test('the command is storyline; the npm name is not "storyline" (an unrelated package has it)', () => {
  assert.is.not(pkg.name, 'storyline');
  assert.equal(Object.keys(pkg.bin), ['storyline']);
  const bin = join(root, pkg.bin.storyline);
  assert.ok(pkg.files.some((f) => pkg.bin.storyline.replace(/^\.\//, '').startsWith(f)), 'the bin is shipped');
  assert.ok(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n'), 'the bin has a shebang');
});

test('installing does not build: no prepare or install scripts; the built files are published', () => {
  for (const hook of ['prepare', 'preinstall', 'install', 'postinstall']) assert.is(pkg.scripts[hook], undefined, hook);
  assert.match(pkg.scripts.prepublishOnly, /build/);
  assert.ok(pkg.files.includes('dist/src'));
  assert.ok(pkg.main.startsWith('./dist/src/'));
});

test('a production install is a handful of packages (no natural, no database drivers)', () => {
  const production = Object.entries(lock.packages)
    .filter(([path, p]) => path !== '' && p.dev !== true && p.optional !== true)
    .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
  assert.not.ok(production.includes('natural'));
  assert.ok(production.length <= 12, `${production.length} packages: ${production.join(', ')}`);
  assert.ok(pkg.devDependencies.natural !== undefined, 'natural stays as the stemmer\'s reference in the tests');
});

test('every package the built code imports is a dependency or part of Node', () => {
  const allowed = new Set([...Object.keys(pkg.dependencies), ...builtinModules]);
  const missing = new Set<string>();
  for (const file of jsFiles(join(root, 'dist', 'src'))) {
    // Static imports and re-exports (one a line in tsc's output), and dynamic imports.
    for (const m of readFileSync(file, 'utf8').matchAll(/^(?:import|export)\b[^'"\n]*\bfrom\s*['"]([^'"\n]+)['"]|^import\s*['"]([^'"\n]+)['"]|\bimport\(\s*['"]([^'"\n]+)['"]\s*\)/gm)) {
      const spec = (m[1] ?? m[2] ?? m[3]).replace(/^node:/, '');
      if (spec.startsWith('.')) continue;
      const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
      if (!allowed.has(name)) missing.add(`${name} (${file.slice(root.length + 1)})`);
    }
  }
  assert.equal([...missing], []);
});

test('engines: Node 20.19 or later (require() of an ES module); MIT license file', () => {
  assert.is(pkg.engines.node, '>=20.19');
  assert.is(pkg.license, 'MIT');
  const license = readFileSync(join(root, 'LICENSE'), 'utf8');
  assert.match(license, /^MIT License/);
  assert.match(license, /Copyright \(c\) 2026 storyline contributors/);
});

test.run();
