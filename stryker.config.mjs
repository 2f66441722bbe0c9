// StrykerJS for `npm run mutate` (scripts/mutate.mjs runs it one folder at a time).
// Stryker instruments src/<folder>/*.ts once (mutant switching), the build
// command compiles the instrumented sandbox to dist/ once, and the command
// runner runs that folder's fast tests once per mutant, choosing it through
// __STRYKER_ACTIVE_MUTANT__ (worker threads inherit the environment).
// See docs/testing.md.

/** Per core folder: the test files (dist/test/NAME.test.js) that check it, chosen to run in seconds. */
export const FOLDER_TESTS = {
  neardup: ['lsh', 'lsh-params', 'lsh-truth', 'neardup-threshold', 'neardup-groups', 'neardup-crafted', 'keep', 'furniture', 'furniture-crafted', 'name-sketch'],
  features: ['minhash', 'features-kernel-parts', 'block-vectors', 'dates', 'surfaces', 'hashed-dot', 'lead-numbers', 'lsh', 'stem', 'search', 'features-crafted', 'features-collect', 'name-sketch'],
  events: ['hclust', 'pair-heap', 'neighbours', 'lead-numbers', 'event-dates', 'hashed-dot', 'labels', 'events-crafted'],
  segments: ['boilerplate', 'consolidate', 'description-length', 'tiling', 'segments-crafted'],
  normalize: ['tokenize', 'structure', 'boilerplate', 'date-stamp'],
  ingest: ['ingest', 'ingest-crafted'],
  report: ['format', 'report', 'labels', 'report-html', 'report-text', 'report-crafted'],
};

const folder = process.env.STORYLINE_MUTATE_FOLDER ?? 'neardup';
if (FOLDER_TESTS[folder] === undefined) throw new Error(`STORYLINE_MUTATE_FOLDER: no folder "${folder}"; one of ${Object.keys(FOLDER_TESTS).join(', ')}`);
// For a run in parts (docs/testing.md): some of the folder's files (STORYLINE_MUTATE_FILES, names
// without .ts, comma-separated) against some of its tests (STORYLINE_MUTATE_TESTS), each part with
// an incremental file of its own (--incrementalFile). A mutant a subset of the tests kills, the
// whole list kills too; what survives is tested again against the whole list afterwards.
const only = (name) => process.env[name]?.split(',').filter((x) => x !== '');
const tests = only('STORYLINE_MUTATE_TESTS') ?? FOLDER_TESTS[folder];
const files = only('STORYLINE_MUTATE_FILES');

export default {
  packageManager: 'npm',
  testRunner: 'command',
  commandRunner: { command: `node node_modules/uvu/bin.js dist/test "^(${tests.join('|')})\\.test\\.js$" -c false --bail` },
  buildCommand: 'npx tsc -p tsconfig.json',
  mutate: files === undefined ? [`src/${folder}/**/*.ts`] : files.map((f) => `src/${folder}/${f}.ts`),
  // The command runner cannot tell which test covers which mutant: every mutant runs the folder's tests.
  coverageAnalysis: 'off',
  incremental: true,
  incrementalFile: `reports/mutation/${folder}.incremental.json`,
  reporters: ['clear-text', 'progress'],
  concurrency: Number(process.env.STORYLINE_MUTATE_CONCURRENCY ?? 2),
  timeoutFactor: 2,
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  ignorePatterns: ['dist', 'eval/results', 'bench/results', 'bench/.cache', 'reports', '.scratch', 'coverage'],
};
