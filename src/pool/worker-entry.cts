/**
 * The file piscina loads in each thread. piscina loads it with require(),
 * and since Node 20.19 require() loads an ES module synchronously: a thread
 * ended inside that load (a pool closed, or the process exiting, just after
 * start) aborts the whole process with a V8 fatal error. This CommonJS file
 * loads the worker with import() instead, which an ended thread leaves
 * cleanly (docs/design.md, Dependencies).
 */
type Tasks = typeof import('./worker.js');

const worker: Promise<Tasks> = import('./worker.js');
// A failed load rejects each task that awaits it, instead of the thread.
worker.catch(() => undefined);

function task<K extends keyof Tasks>(name: K): (input: Parameters<Tasks[K]>[0]) => Promise<unknown> {
  return async (input) => ((await worker)[name] as (input: unknown) => unknown)(input);
}

const named: { [K in Exclude<keyof Tasks, 'default'>]: ReturnType<typeof task<K>> } = {
  resolveSegments: task('resolveSegments'),
  splitSegments: task('splitSegments'),
  segmentVectors: task('segmentVectors'),
  eventPairs: task('eventPairs'),
  eventSimilarities: task('eventSimilarities'),
  eventEdges: task('eventEdges'),
  eventBlocks: task('eventBlocks'),
};

export = Object.assign(task('default'), named);
