import { slug } from '@eventide/flink-sql';
import { type FlinkTarget, isFinalJobState } from '@eventide/shared';
import { deployDocument } from '../flink/deploy.js';
import { FlinkCluster } from '../flink/flink-cluster.js';
import { FlinkHttpError } from '../flink/flink-http.js';
import { flinkTargetFromEnv, resolveTarget } from '../flink/target.js';
import { readDocumentFile } from './read-document.js';

const DEPLOY_USAGE =
  'usage: eventide deploy PIPELINE.json [--flink URL] [--gateway URL] [--kafka HOST:PORT] [--id PIPELINE_ID] [--no-wait]';

/** Parses `--name value` pairs; the rest are positional. Unknown flags throw. */
function parseFlags(args: string[], known: string[], switches: string[] = []) {
  const flags: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (switches.includes(a)) flags[a] = 'true';
    else if (known.includes(a)) {
      const v = args[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      flags[a] = v;
    } else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else positional.push(a);
  }
  return { flags, positional };
}

function targetOf(flags: Record<string, string>): FlinkTarget {
  return resolveTarget(
    {
      ...(flags['--flink'] ? { flinkUrl: flags['--flink'] } : {}),
      ...(flags['--gateway'] ? { gatewayUrl: flags['--gateway'] } : {}),
      ...(flags['--kafka'] ? { kafka: flags['--kafka'] } : {}),
    },
    flinkTargetFromEnv(),
  );
}

/**
 * `eventide deploy FILE --flink URL`: compiles the pipeline to Flink SQL and submits it to a
 * session cluster through its SQL Gateway; prints the job id and the result topics, then waits
 * until the job runs (or fails, with Flink's message). Exit 0 running, 1 refused or failed, 2 usage.
 */
export async function deployCommand(args: string[], out: (line: string) => void): Promise<number> {
  let flags: Record<string, string>;
  let positional: string[];
  let target: FlinkTarget;
  try {
    ({ flags, positional } = parseFlags(args, ['--flink', '--gateway', '--kafka', '--id'], ['--no-wait']));
    target = targetOf(flags);
  } catch (e) {
    out(`${(e as Error).message}\n${DEPLOY_USAGE}`);
    return 2;
  }
  const file = positional[0];
  if (!file || positional.length > 1) {
    out(DEPLOY_USAGE);
    return 2;
  }
  const read = await readDocumentFile(file);
  if (!read.ok) {
    for (const e of read.errors) out(e);
    return 1;
  }
  const pipelineId = slug(flags['--id'] ?? read.document.name);
  try {
    const outcome = await deployDocument(read.document, target, { pipelineId });
    if (!outcome.ok) {
      out(
        `not deployed: ${outcome.refusals.length} node${outcome.refusals.length === 1 ? '' : 's'} do not translate to Flink SQL`,
      );
      for (const r of outcome.refusals) out(`node ${r.node}: ${r.path ? `${r.path}: ` : ''}${r.reason}`);
      return 1;
    }
    for (const w of outcome.warnings)
      out(`warning: node ${w.node}: ${w.path ? `${w.path}: ` : ''}${w.reason}`);
    out(`job ${outcome.jobId} (${outcome.jobName}) submitted to ${target.flinkUrl}`);
    for (const [node, topic] of Object.entries(outcome.resultTopics))
      out(`node ${node} -> Kafka topic ${topic}`);
    if (flags['--no-wait']) return 0;
    return (await waitUntilStarted(new FlinkCluster(target.flinkUrl), outcome.jobId, out)) ? 0 : 1;
  } catch (e) {
    out(`deploy failed: ${(e as Error).message}`);
    return 1;
  }
}

/**
 * A job that cannot start (a missing topic, say) shows RUNNING first, then RESTARTING: watch it this
 * long. 3 s was too short on a loaded 2-core machine: a source's metadata failure came later, and
 * the job was reported started.
 */
const SETTLE_MS = 5000;

/** Polls the job until it runs (and still runs SETTLE_MS later) or ends, 60 s at most; prints the state. */
async function waitUntilStarted(
  cluster: FlinkCluster,
  id: string,
  out: (line: string) => void,
): Promise<boolean> {
  const deadline = Date.now() + 60_000;
  let runningSince: number | undefined;
  while (Date.now() < deadline) {
    const job = await cluster.job(id);
    if (job?.state === 'running') runningSince ??= Date.now();
    else if (job) runningSince = undefined;
    const settled = runningSince !== undefined && Date.now() - runningSince >= SETTLE_MS;
    if (job && (settled || isFinalJobState(job.state) || job.state === 'restarting')) {
      const error = job.state === 'running' ? undefined : await cluster.lastException(id);
      out(`job ${id}: ${job.state}${error ? `: ${error}` : ''}`);
      return job.state === 'running' || job.state === 'finished';
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  out(`job ${id}: not running after 60 s (see ${cluster.url}/#/job/running/${id})`);
  return false;
}

/** `eventide jobs [--flink URL]`: the cluster's jobs, newest first, one line each. */
export async function jobsCommand(args: string[], out: (line: string) => void): Promise<number> {
  try {
    const { flags, positional } = parseFlags(args, ['--flink']);
    if (positional.length > 0) throw new Error('eventide jobs takes no file');
    const cluster = new FlinkCluster(targetOf(flags).flinkUrl);
    const jobs = (await cluster.jobs()).sort((a, b) => b.startTime - a.startTime);
    if (jobs.length === 0) out(`no jobs on ${cluster.url}`);
    for (const j of jobs)
      out(`${j.id}  ${j.state.padEnd(10)}  ${new Date(j.startTime).toISOString()}  ${j.name}`);
    return 0;
  } catch (e) {
    out(
      e instanceof FlinkHttpError ? e.message : `${(e as Error).message}\nusage: eventide jobs [--flink URL]`,
    );
    return e instanceof FlinkHttpError ? 1 : 2;
  }
}

/** `eventide cancel JOB_ID [--flink URL]`: cancels the job and waits until Flink reports it cancelled. */
export async function cancelCommand(args: string[], out: (line: string) => void): Promise<number> {
  let cluster: FlinkCluster;
  let id: string;
  try {
    const { flags, positional } = parseFlags(args, ['--flink']);
    if (positional.length !== 1 || !positional[0]) throw new Error('name one job id');
    id = positional[0];
    cluster = new FlinkCluster(targetOf(flags).flinkUrl);
  } catch (e) {
    out(`${(e as Error).message}\nusage: eventide cancel JOB_ID [--flink URL]`);
    return 2;
  }
  try {
    const job = await cluster.job(id);
    if (!job) {
      out(`no job ${id} on ${cluster.url}`);
      return 1;
    }
    if (!isFinalJobState(job.state)) await cluster.cancel(id);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const now = await cluster.job(id);
      if (!now || isFinalJobState(now.state)) {
        out(`job ${id}: ${now?.state ?? 'gone'}`);
        return now?.state === 'cancelled' || job.state === 'cancelled' ? 0 : 1;
      }
      if (Date.now() > deadline) {
        out(`job ${id}: still ${now.state} after 30 s`);
        return 1;
      }
      await new Promise((r) => setTimeout(r, 300));
    }
  } catch (e) {
    out(`cancel failed: ${(e as Error).message}`);
    return 1;
  }
}
