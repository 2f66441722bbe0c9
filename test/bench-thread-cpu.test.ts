import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Worker } from 'node:worker_threads';
import { cpuSplit, describeSplit, threadTimes, totalCpu } from '../bench/thread-cpu.js';

test('cpuSplit: the main thread, threads started since (workers, largest first) and the rest', () => {
  const before = new Map([
    [100, 1.0],
    [101, 0.5],
    [102, 0.25],
  ]);
  const after = new Map([
    [100, 1.75],
    [101, 1.5],
    [102, 0.25],
    [200, 3],
    [201, 4],
  ]);
  const split = cpuSplit(before, after, 100);
  assert.equal(split, { main: 0.75, workers: [4, 3], other: 1 });
  assert.is(totalCpu(split), 8.75);
  assert.is(describeSplit(split), 'main 0.75, workers 4.00 + 3.00, other threads 1.00');
  assert.is(describeSplit({ main: 0.5, workers: [2], other: 0 }), 'main 0.50, worker 2.00, other threads 0.00');
});

test('threadTimes: a busy worker thread shows as a worker with its CPU (Linux /proc)', async () => {
  const before = threadTimes();
  if (before === undefined) {
    console.log('  (skipped: no /proc/self/task on this system)');
    return;
  }
  assert.ok(before.has(process.pid), 'the main thread is listed under the process id');
  // A thread that spins until it has spent 0.3 s of CPU by its own /proc count (30 ticks of 1/100 s; wall time
  // would not do on a loaded machine, where a spinning thread may get little of it), then waits to be read.
  const shared = new Int32Array(new SharedArrayBuffer(8));
  const worker = new Worker(
    `const { workerData: s } = require('node:worker_threads');
     const fs = require('node:fs');
     const ticks = () => { const f = fs.readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1].split(' '); return Number(f[11]) + Number(f[12]); };
     const start = ticks(); while (ticks() - start < 30) for (let i = 0; i < 1e6; i++);
     Atomics.store(s, 0, 1); Atomics.notify(s, 0); Atomics.wait(s, 1, 0);`,
    { eval: true, workerData: shared },
  );
  while (Atomics.load(shared, 0) === 0) await new Promise((r) => setTimeout(r, 10));
  const split = cpuSplit(before, threadTimes()!);
  Atomics.store(shared, 1, 1);
  Atomics.notify(shared, 1);
  await new Promise((r) => worker.on('exit', r));
  assert.ok(split.workers.length >= 1, 'the new thread is a worker');
  assert.ok(split.workers[0] >= 0.2, `the spinning thread spent ${split.workers[0]} s`);
});

test.run();
