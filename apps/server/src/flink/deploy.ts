import { compileToFlinkSql, type Refusal } from '@eventide/flink-sql';
import type { FlinkTarget, PipelineDocument } from '@eventide/shared';
import { describeKafkaError, kafkaClient, withAdmin } from '../connectors/kafka/kafka-client.js';
import { FlinkHttpError } from './flink-http.js';
import { submitScript } from './sql-gateway.js';

export type DeployOutcome =
  | {
      ok: true;
      jobId: string;
      jobName: string;
      sql: string;
      resultTopics: Record<string, string>;
      warnings: Refusal[];
    }
  | { ok: false; refusals: Refusal[]; sql: string };

/**
 * A job that keeps failing ends FAILED with its reason instead of restarting forever (Flink's
 * default with checkpoints on); a failure now and then is restarted.
 */
export const RESTARTS: Record<string, string> = {
  'restart-strategy.type': 'failure-rate',
  'restart-strategy.failure-rate.max-failures-per-interval': '3',
  'restart-strategy.failure-rate.failure-rate-interval': '5 min',
  'restart-strategy.failure-rate.delay': '2 s',
};

/**
 * Compiles a document and submits it to a Flink session cluster through its SQL Gateway. Refused
 * nodes stop the deploy (nothing is submitted). The dashboard result topics are created first, so
 * the server can read them from the moment the job starts. Flink and Kafka failures throw
 * FlinkHttpError with their message.
 */
export async function deployDocument(
  doc: PipelineDocument,
  target: FlinkTarget,
  ids: { pipelineId: string },
): Promise<DeployOutcome> {
  const compiled = compileToFlinkSql(doc, {
    kafkaBootstrapServers: target.kafka,
    pipelineId: ids.pipelineId,
  });
  if (compiled.refusals.length > 0) return { ok: false, refusals: compiled.refusals, sql: compiled.sql };
  await createTopics(target.kafka, Object.values(compiled.resultTopics));
  const jobName = `eventide-${ids.pipelineId}`;
  const { jobId } = await submitScript(target.gatewayUrl, compiled.sql, jobName, RESTARTS);
  return {
    ok: true,
    jobId,
    jobName,
    sql: compiled.sql,
    resultTopics: compiled.resultTopics,
    warnings: compiled.warnings,
  };
}

/** Creates the topics that do not exist yet (one partition: a panel's rows stay in order). */
async function createTopics(bootstrapServers: string, topics: string[]): Promise<void> {
  if (topics.length === 0) return;
  const conn = { bootstrapServers, sasl: { mechanism: 'none' as const, username: '', password: '' } };
  try {
    await withAdmin(kafkaClient(conn, 'eventide-deploy'), async (admin) => {
      const existing = new Set(await admin.listTopics());
      const missing = topics.filter((t) => !existing.has(t));
      if (missing.length > 0)
        await admin.createTopics({
          topics: missing.map((topic) => ({ topic, numPartitions: 1 })),
          waitForLeaders: true,
        });
    });
  } catch (e) {
    throw new FlinkHttpError(`result topics: ${describeKafkaError(e, conn).message}`, 0);
  }
}
