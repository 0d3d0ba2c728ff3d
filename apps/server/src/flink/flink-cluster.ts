import type { FlinkJobState } from '@eventide/shared';
import { FlinkHttpError, flinkRequest } from './flink-http.js';

/** A job as the cluster's REST endpoint reports it. */
export interface ClusterJob {
  id: string;
  name: string;
  flinkState: string;
  state: FlinkJobState;
  startTime: number;
  endTime?: number;
}

/** Flink's job status names (JobStatus) in Eventide's words. */
export function jobStateOf(flinkState: string): FlinkJobState {
  switch (flinkState) {
    case 'RUNNING':
      return 'running';
    case 'RESTARTING':
    case 'FAILING':
      return 'restarting';
    case 'FAILED':
      return 'failed';
    case 'CANCELLING':
      return 'cancelling';
    case 'CANCELED':
      return 'cancelled';
    case 'FINISHED':
    case 'SUSPENDED':
      return 'finished';
    default:
      // INITIALIZING, CREATED, RECONCILING: accepted, not yet running.
      return 'created';
  }
}

const JOB_ID = /^[0-9a-f]{32}$/;

/** The JobManager's REST API: job list, one job's state and latest exception, cancel. */
export class FlinkCluster {
  constructor(readonly url: string) {}

  async jobs(): Promise<ClusterJob[]> {
    const body = (await flinkRequest(this.url, '/jobs/overview')) as { jobs?: unknown[] } | null;
    return (body?.jobs ?? []).map((j) => toJob(j as Record<string, unknown>));
  }

  /** One job, or undefined when the cluster does not know it. */
  async job(id: string): Promise<ClusterJob | undefined> {
    if (!JOB_ID.test(id)) return undefined;
    try {
      return toJob((await flinkRequest(this.url, `/jobs/${id}`)) as Record<string, unknown>);
    } catch (e) {
      if (e instanceof FlinkHttpError && e.status === 404) return undefined;
      throw e;
    }
  }

  /** The latest exception of a job, one line (exception class and message), if any. */
  async lastException(id: string): Promise<string | undefined> {
    const body = (await flinkRequest(this.url, `/jobs/${id}/exceptions?maxExceptions=1`)) as {
      exceptionHistory?: { entries?: { exceptionName?: string; stacktrace?: string }[] };
      'root-exception'?: string;
    } | null;
    const entry = body?.exceptionHistory?.entries?.[0];
    const text = entry?.stacktrace ?? body?.['root-exception'];
    if (!text) return undefined;
    return describeTrace(text);
  }

  async cancel(id: string): Promise<void> {
    await flinkRequest(this.url, `/jobs/${id}?mode=cancel`, { method: 'PATCH' });
  }
}

function toJob(j: Record<string, unknown>): ClusterJob {
  const flinkState = String(j.state ?? 'UNKNOWN');
  const end = Number(j['end-time']);
  return {
    id: String(j.jid),
    name: String(j.name ?? ''),
    flinkState,
    state: jobStateOf(flinkState),
    startTime: Number(j['start-time']),
    ...(end > 0 ? { endTime: end } : {}),
  };
}

/**
 * One line from a Java stack trace: the deepest cause, after the nearest cause above it that says
 * something of its own ("Failed to get metadata for topics [x]: This server does not host ...").
 */
export function describeTrace(text: string): string {
  const lines = text.split('\n');
  const strip = (l: string) =>
    l
      .replace(/^Caused by: /, '')
      .replace(/^[\w.$]+(Exception|Error|Throwable)(: |$)/, '')
      .trim();
  const messages = [lines[0] ?? '', ...lines.filter((l) => l.startsWith('Caused by: '))]
    .map(strip)
    .filter(Boolean);
  const deepest = messages.at(-1) ?? '';
  const context = messages
    .slice(0, -1)
    .reverse()
    .find((m) => !/^[\w.$]+(Exception|Error): /.test(m) && !/due to$/.test(m) && !m.includes(deepest));
  return context ? `${context.replace(/\.$/, '')}: ${deepest}` : deepest;
}
