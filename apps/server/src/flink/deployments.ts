import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Refusal, slug } from '@eventide/flink-sql';
import {
  type DashboardFeed,
  type DeployResponse,
  type FlinkDeployment,
  type FlinkTarget,
  isFinalJobState,
  type LiveTopic,
  type PipelineDocument,
  type ServerMessage,
} from '@eventide/shared';
import type { LiveHub } from '../live/live-hub.js';
import { RecentResults, replayLimit } from '../live/recent-results.js';
import { sinkTopic } from '../live/topics.js';
import { writeFileAtomic } from '../storage/atomic-write.js';
import { deployDocument } from './deploy.js';
import { FlinkCluster } from './flink-cluster.js';
import { ResultReader } from './result-reader.js';

/** How often active jobs' states are read from their cluster (and ended jobs' readers stopped). */
const POLL_MS = 2000;
/** After a job ends, its readers keep reading this long for rows still on the way. */
const DRAIN_MS = 5000;

/** Ended deployments kept in the list (and the file). */
const KEEP_ENDED = 50;

interface Live {
  deployment: FlinkDeployment;
  readers: Map<string, ResultReader>;
  recent: Map<string, RecentResults>;
  document: PipelineDocument;
  endedSeenAt?: number;
}

export type DeployResult =
  | { ok: true; response: DeployResponse }
  | { ok: false; refusals: Refusal[]; sql: string };

/**
 * The pipelines the server deployed to Flink: submits them (deploy.ts), follows each job's state
 * on its cluster's REST API, and feeds each dashboard sink's result topic into the live topic
 * `sink/<job id>/<node>`, so the web app shows a deployment's dashboard as it shows a run's.
 * The list is kept in DATA/flink-deployments.json; readers of running jobs restart with the server.
 */
export class FlinkDeployments {
  private readonly live = new Map<string, Live>();
  private hub: LiveHub | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly file: string;
  private saving: Promise<void> = Promise.resolve();

  constructor(
    dataDir: string,
    readonly defaults: FlinkTarget,
    private readonly log: { warn(m: string): void } = { warn: () => undefined },
  ) {
    this.file = path.join(dataDir, 'flink-deployments.json');
  }

  attachHub(hub: LiveHub): void {
    this.hub = hub;
  }

  /** Loads the saved list; readers restart for jobs that were not over. */
  async load(getDocument: (pipeline: string) => Promise<PipelineDocument | undefined>): Promise<void> {
    let saved: unknown;
    try {
      saved = JSON.parse(await readFile(this.file, 'utf8')).deployments;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
        this.log.warn(`${this.file} not read: ${(e as Error).message}`);
      return;
    }
    for (const s of Array.isArray(saved) ? saved.filter(isSaved) : []) {
      const document = s.document ?? (await getDocument(s.deployment.pipeline));
      if (!document) continue;
      const entry = this.track(s.deployment, document);
      if (!isFinalJobState(s.deployment.state)) this.startReaders(entry);
    }
    if (this.live.size > 0) this.schedule();
  }

  async deploy(pipeline: string, document: PipelineDocument, target: FlinkTarget): Promise<DeployResult> {
    const deployedAt = Date.now();
    const outcome = await deployDocument(document, target, { pipelineId: slug(pipeline) });
    if (!outcome.ok) return outcome;
    const deployment: FlinkDeployment = {
      id: outcome.jobId,
      pipeline,
      name: outcome.jobName,
      target,
      state: 'created',
      flinkState: 'CREATED',
      resultTopics: outcome.resultTopics,
      dashboards: {},
      deployedAt,
    };
    const entry = this.track(deployment, document);
    // Rows the job writes from its first second on: the readers start at the deploy time.
    this.startReaders(entry);
    this.schedule();
    await this.save();
    return {
      ok: true,
      response: {
        deployment: this.view(entry),
        sql: outcome.sql,
        warnings: outcome.warnings.map((w) => ({ node: w.node, path: w.path, reason: w.reason })),
      },
    };
  }

  /** Deployments, newest first, with states freshly read from their clusters. */
  async list(pipeline?: string): Promise<FlinkDeployment[]> {
    const entries = [...this.live.values()].filter((e) => !pipeline || e.deployment.pipeline === pipeline);
    await Promise.all(entries.map((e) => this.refresh(e)));
    return entries.map((e) => this.view(e)).sort((a, b) => b.deployedAt - a.deployedAt);
  }

  async get(id: string): Promise<FlinkDeployment | undefined> {
    const entry = this.live.get(id);
    if (!entry) return undefined;
    await this.refresh(entry);
    return this.view(entry);
  }

  /** Asks the cluster to cancel the job; answers the state read right after. */
  async cancel(id: string): Promise<FlinkDeployment | undefined> {
    const entry = this.live.get(id);
    if (!entry) return undefined;
    await this.refresh(entry);
    if (!isFinalJobState(entry.deployment.state)) {
      await new FlinkCluster(entry.deployment.target.flinkUrl).cancel(id);
      await this.refresh(entry);
    }
    return this.view(entry);
  }

  /** The live topics of deployments (sink and metrics of a job id); undefined for other topics. */
  onSubscribe(topic: LiveTopic, sub: string): { error: string } | { initial: ServerMessage[] } | undefined {
    if (topic.kind !== 'sink' && topic.kind !== 'metrics') return undefined;
    const entry = this.live.get(topic.run);
    if (!entry) return undefined;
    if (topic.kind === 'metrics') return { initial: [] };
    const recent = entry.recent.get(topic.node);
    if (!recent) return { error: `deployment "${topic.run}" has no dashboard sink "${topic.node}"` };
    return {
      initial: [
        { type: 'result', sub, run: topic.run, node: topic.node, events: recent.latest(), replay: true },
      ],
    };
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    for (const e of this.live.values()) this.stopReaders(e);
    await this.saving;
  }

  private track(deployment: FlinkDeployment, document: PipelineDocument): Live {
    const recent = new Map<string, RecentResults>();
    for (const node of Object.keys(deployment.resultTopics)) {
      const n = document.nodes.find((x) => x.id === node);
      const { limit, category } = n ? replayLimit(n) : { limit: 100, category: undefined };
      recent.set(node, new RecentResults(limit, category));
    }
    const entry: Live = { deployment, readers: new Map(), recent, document };
    this.live.set(deployment.id, entry);
    return entry;
  }

  private startReaders(entry: Live): void {
    const { deployment } = entry;
    for (const [node, topic] of Object.entries(deployment.resultTopics)) {
      if (entry.readers.has(node)) continue;
      const reader = new ResultReader(
        node,
        topic,
        {
          kafka: deployment.target.kafka,
          since: deployment.deployedAt,
          group: `eventide-dashboard-${deployment.id}`,
        },
        (events) => {
          entry.recent.get(node)?.add(events);
          this.hub?.publish(sinkTopic(deployment.id, node), (sub) => ({
            type: 'result',
            sub,
            run: deployment.id,
            node,
            events,
          }));
        },
      );
      entry.readers.set(node, reader);
      reader.start();
    }
  }

  private stopReaders(entry: Live): void {
    for (const r of entry.readers.values()) {
      entry.deployment.dashboards[r.node] = r.feed();
      r.stop();
    }
    entry.readers.clear();
  }

  private schedule(): void {
    this.timer ??= setInterval(() => void this.tick(), POLL_MS);
    this.timer.unref();
  }

  /** Follows active jobs; stops the readers of ended ones once the drain time passed. */
  private async tick(): Promise<void> {
    const active = [...this.live.values()].filter((e) => e.readers.size > 0);
    if (active.length === 0) return;
    let changed = false;
    for (const e of active) {
      const before = e.deployment.state;
      await this.refresh(e);
      changed ||= before !== e.deployment.state;
      if (!isFinalJobState(e.deployment.state)) continue;
      e.endedSeenAt ??= Date.now();
      if (Date.now() - e.endedSeenAt >= DRAIN_MS) this.stopReaders(e);
    }
    if (changed) await this.save();
  }

  private async refresh(entry: Live): Promise<void> {
    const d = entry.deployment;
    if (isFinalJobState(d.state) && d.endedAt) return;
    const cluster = new FlinkCluster(d.target.flinkUrl);
    try {
      const job = await cluster.job(d.id);
      delete d.unreachable;
      if (!job) {
        // A cluster that restarted forgets its jobs: the job is gone, say so.
        d.state = 'cancelled';
        d.flinkState = 'UNKNOWN';
        d.error = `the cluster at ${d.target.flinkUrl} no longer knows job ${d.id}`;
        d.endedAt = Date.now();
        return;
      }
      d.state = job.state;
      d.flinkState = job.flinkState;
      if (job.endTime) d.endedAt = job.endTime;
      if (job.state === 'failed' || job.state === 'restarting') {
        const error = await cluster.lastException(d.id);
        if (error) d.error = error;
      } else if (job.state === 'running') delete d.error;
    } catch (e) {
      d.unreachable = (e as Error).message;
    }
  }

  private view(entry: Live): FlinkDeployment {
    const dashboards: Record<string, DashboardFeed> = { ...entry.deployment.dashboards };
    for (const r of entry.readers.values()) dashboards[r.node] = r.feed();
    return { ...entry.deployment, dashboards };
  }

  private save(): Promise<void> {
    // Every job not over, and the newest KEEP_ENDED that are.
    const entries = [...this.live.values()].sort((a, b) => b.deployment.deployedAt - a.deployment.deployedAt);
    const ended = entries.filter((e) => isFinalJobState(e.deployment.state));
    for (const e of ended.slice(KEEP_ENDED)) {
      this.stopReaders(e);
      this.live.delete(e.deployment.id);
    }
    const deployments = [...this.live.values()].map((e) => ({
      deployment: this.view(e),
      document: e.document,
    }));
    const next = this.saving.then(() =>
      writeFileAtomic(this.file, JSON.stringify({ deployments })).catch((err: Error) =>
        this.log.warn(`flink deployments not saved: ${err.message}`),
      ),
    );
    this.saving = next;
    return next;
  }
}

/** A saved entry with what load() needs; anything else in the file is skipped. */
function isSaved(x: unknown): x is { deployment: FlinkDeployment; document?: PipelineDocument } {
  const d = (x as { deployment?: Partial<FlinkDeployment> } | null)?.deployment;
  return (
    typeof d?.id === 'string' &&
    typeof d.pipeline === 'string' &&
    typeof d.state === 'string' &&
    typeof d.deployedAt === 'number' &&
    typeof d.target?.flinkUrl === 'string' &&
    typeof d.target.kafka === 'string' &&
    typeof d.resultTopics === 'object' &&
    d.resultTopics !== null &&
    typeof d.dashboards === 'object' &&
    d.dashboards !== null
  );
}
