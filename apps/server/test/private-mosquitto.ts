import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { reachable } from './services.js';

/** A free loopback port (the OS picks one, we release it for the broker). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/**
 * A mosquitto of a test's own (persistence in `dir`), which it may stop and restart without
 * disturbing the shared one of `pnpm services`. Stopped by its PID.
 */
export class PrivateMosquitto {
  private child: ChildProcess | undefined;

  constructor(
    readonly dir: string,
    readonly port: number,
  ) {
    writeFileSync(
      path.join(dir, 'mosquitto.conf'),
      [
        `listener ${port} 127.0.0.1`,
        'allow_anonymous true',
        'persistence true',
        `persistence_location ${dir}/`,
        // Started as root, stay root: the temporary directory is not the mosquitto user's.
        'user root',
        `log_dest file ${dir}/mosquitto.log`,
      ].join('\n'),
    );
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = spawn('mosquitto', ['-c', path.join(this.dir, 'mosquitto.conf')], { stdio: 'ignore' });
    const deadline = Date.now() + 5000;
    while (!(await reachable(this.url, 200))) {
      if (Date.now() > deadline) throw new Error(`mosquitto did not listen on ${this.url}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** SIGTERM: mosquitto saves its persistence file (sessions, queued messages) and exits. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}
