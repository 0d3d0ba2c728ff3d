import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

/** Where `pnpm services start flink` puts the runner and the Flink jars. */
export function flinkLibDir(): string {
  return path.join(process.env.EVENTIDE_SERVICES_DIR ?? '/tmp/eventide-services', 'flink', 'lib');
}

/** Null when the jars are ready, else what to do. */
export function flinkMissing(lib = flinkLibDir()): string | null {
  if (!existsSync(path.join(lib, 'eventide-flink-runner.jar')))
    return `the Flink jars are not prepared in ${lib}: run \`pnpm services start flink\``;
  return null;
}

export type ScriptOutcome = { ok: true; ms: number } | { ok: false; error: string };

/**
 * One JVM running compiled scripts one after the other on a local MiniCluster
 * (packages/flink-sql/java ScriptRunner --stdin): the JVM start is paid once per runner.
 */
export class FlinkRunner {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting: ((line: string) => void)[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private exited: string | null = null;
  private stderrTail = '';

  constructor(lib = flinkLibDir()) {
    this.child = spawn('java', ['-Xmx1g', '-cp', `${lib}/*`, 'dev.eventide.flink.ScriptRunner', '--stdin'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      if (line.startsWith('OK ') || line.startsWith('ERR ')) this.waiting.shift()?.(line);
    });
    this.child.stderr.on('data', (d: Buffer) => {
      this.stderrTail = (this.stderrTail + d.toString()).slice(-2000);
    });
    this.child.on('exit', (code) => {
      this.exited = `the Flink runner exited (${code}): ${this.stderrTail.trim().split('\n').slice(-3).join(' | ')}`;
      for (const w of this.waiting.splice(0)) w(`ERR - ${this.exited}`);
    });
  }

  /** Runs a script file (absolute path) to completion; scripts run one at a time. */
  run(script: string): Promise<ScriptOutcome> {
    const next = this.queue.then(
      () =>
        new Promise<ScriptOutcome>((resolve) => {
          if (this.exited) return resolve({ ok: false, error: this.exited });
          this.waiting.push((line) => {
            if (line.startsWith('OK ')) resolve({ ok: true, ms: Number(line.split(' ').pop()) });
            else resolve({ ok: false, error: line.slice(4 + script.length + 1) || line });
          });
          this.child.stdin.write(`${script}\n`);
        }),
    );
    this.queue = next;
    return next;
  }

  /** Ends the JVM (by its PID, through the child handle). */
  async close(): Promise<void> {
    if (this.exited) return;
    const done = new Promise((r) => this.child.once('exit', r));
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await done;
    clearTimeout(timer);
  }
}
