/**
 * CPU time of each thread of this process, read from /proc (Linux), to
 * show where a stage's CPU goes: the main thread, the feature workers,
 * and the threads V8 runs beside them (its optimizing compiler and GC
 * helpers, shared by every isolate of the process).
 *
 * Why it matters for "2 workers / 1 worker": on a 2-core machine, one
 * worker leaves a core to the main thread and to V8's helper threads;
 * two workers share both cores with them. Each worker compiles its own
 * code (a worker is a V8 isolate of its own), so that cost is paid twice.
 * Node 20 has no per-thread CPU clock in JavaScript (process.threadCpuUsage
 * came in Node 23), hence /proc.
 */
import { readFileSync, readdirSync } from 'node:fs';

/** User + system CPU seconds per thread id. */
export type ThreadTimes = Map<number, number>;

export interface CpuSplit {
  /** The main thread. */
  main: number;
  /** Threads started after the `before` reading: the pool's workers, largest first. */
  workers: number[];
  /** Every other thread: V8's compiler and GC helpers, libuv's pool, the RSS sampler. */
  other: number;
}

/** Clock ticks per second of /proc's times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** CPU seconds of every thread of this process so far, or undefined where /proc cannot tell. */
export function threadTimes(): ThreadTimes | undefined {
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return undefined;
  }
  const times: ThreadTimes = new Map();
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces), from field 3: utime is field 14, stime 15.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      times.set(Number(tid), (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND);
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return times;
}

/** The CPU spent between two readings, by kind of thread. */
export function cpuSplit(before: ThreadTimes, after: ThreadTimes, mainTid = process.pid): CpuSplit {
  const split: CpuSplit = { main: 0, workers: [], other: 0 };
  for (const [tid, seconds] of after) {
    const spent = seconds - (before.get(tid) ?? 0);
    if (tid === mainTid) split.main = spent;
    else if (before.has(tid)) split.other += spent;
    else split.workers.push(spent);
  }
  split.workers.sort((a, b) => b - a);
  return split;
}

/** "main 0.73, workers 4.32 + 4.15, other threads 1.67" (seconds). */
export function describeSplit(split: CpuSplit): string {
  const workers = split.workers.length === 1 ? `worker ${split.workers[0].toFixed(2)}` : `workers ${split.workers.map((s) => s.toFixed(2)).join(' + ')}`;
  return `main ${split.main.toFixed(2)}, ${workers}, other threads ${split.other.toFixed(2)}`;
}

/** All the CPU seconds of a split. */
export function totalCpu(split: CpuSplit): number {
  return split.main + split.other + split.workers.reduce((a, b) => a + b, 0);
}
