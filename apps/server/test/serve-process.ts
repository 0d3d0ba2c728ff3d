import type { ChildProcess } from 'node:child_process';
import { serveChild, until } from './helpers.js';

const children: ChildProcess[] = [];

/** `eventide serve` as a child process (serveChild), killed by killChildren() after the test. */
export function serve(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  return serveChild(dataDir, (child) => children.push(child));
}

/** SIGKILLs a server started by serve() and waits until it is gone. */
export async function killed(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

/** afterEach: kills (by PID) every server serve() started that still runs. */
export function killChildren(): void {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
}

/** Stores `doc` as pipeline `id` on a served server and starts it; returns the run id. */
export async function startStored(url: string, id: string, doc: unknown): Promise<string> {
  const put = await fetch(`${url}/api/pipelines/${id}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(doc),
  });
  if (put.status !== 200) throw new Error(`PUT ${id}: ${put.status} ${await put.text()}`);
  const started = await fetch(`${url}/api/pipelines/${id}/start`, { method: 'POST' });
  if (started.status !== 201) throw new Error(`start ${id}: ${started.status} ${await started.text()}`);
  return ((await started.json()) as { run: { id: string } }).run.id;
}

/** Waits until run `runId` finished (on whichever server `url()` names now: restarts change it). */
export async function runFinished(url: () => string, runId: string, timeoutMs = 30_000): Promise<void> {
  await until(
    async () => {
      const res = await fetch(`${url()}/api/runs/${runId}`);
      return (
        res.status === 200 && ((await res.json()) as { run: { state: string } }).run.state === 'finished'
      );
    },
    `run ${runId} to finish`,
    timeoutMs,
  );
}
