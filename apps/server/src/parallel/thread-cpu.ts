/**
 * CPU seconds (user + system) of the calling thread so far, from Linux's /proc/thread-self/stat;
 * undefined elsewhere. Node 20 has no per-thread CPU clock (process.cpuUsage counts every thread),
 * and a parallel run's worker threads share their process with V8's platform threads (garbage-
 * collection helpers, compilers): what each worker spends is how a run shows its skew and what
 * the rest of the process spends besides.
 */
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

export function threadCpuSeconds(): number | undefined {
  let stat: string;
  try {
    stat = readFileSync('/proc/thread-self/stat', 'utf8');
  } catch {
    return undefined;
  }
  // utime and stime: fields 14 and 15 of proc(5).
  const fields = procStatFields(stat);
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/**
 * The fields of a /proc/<pid>/stat or /proc/<pid>/task/<tid>/stat line after the command name
 * (which may hold spaces, so the line is cut at its closing parenthesis): element 0 is the state,
 * field 3 of proc(5), so field k of proc(5) is element k - 3.
 */
export function procStatFields(stat: string): string[] {
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}
