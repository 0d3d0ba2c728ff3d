import { splitScript } from '@eventide/flink-sql';
import { FlinkHttpError, flinkRequest } from './flink-http.js';

/** How long one statement may take to be accepted (a statement set: until its job is submitted). */
const STATEMENT_TIMEOUT_MS = 120_000;

interface ResultPage {
  resultType?: string;
  jobID?: string;
  nextResultUri?: string;
}

/**
 * Submits a compiled script through the Flink SQL Gateway's REST API (v1): one session, each
 * statement in order (SET, CREATE TABLE, CREATE VIEW), then the statement set, whose result is
 * the job id. The session is closed afterwards; the job lives on in the cluster.
 */
export async function submitScript(
  gatewayUrl: string,
  script: string,
  jobName: string,
  /** Options of this job only (session SETs before the script's own). */
  options: Record<string, string> = {},
): Promise<{ jobId: string }> {
  const quote = (v: string) => `'${v.replace(/'/g, "''")}'`;
  const statements = [
    ...Object.entries({ 'pipeline.name': jobName, ...options }).map(
      ([k, v]) => `SET ${quote(k)} = ${quote(v)}`,
    ),
    ...splitScript(script),
  ];
  const session = (await flinkRequest(gatewayUrl, '/v1/sessions', {
    method: 'POST',
    body: { sessionName: jobName },
  })) as { sessionHandle?: string } | null;
  const handle = session?.sessionHandle;
  if (!handle) throw new FlinkHttpError(`the SQL Gateway at ${gatewayUrl} opened no session`, 502);
  try {
    let jobId: string | undefined;
    for (const statement of statements) {
      const op = (await flinkRequest(gatewayUrl, `/v1/sessions/${handle}/statements`, {
        method: 'POST',
        body: { statement },
      })) as { operationHandle?: string } | null;
      if (!op?.operationHandle) throw new FlinkHttpError('the SQL Gateway accepted no statement', 502);
      jobId = (await firstResult(gatewayUrl, handle, op.operationHandle, statement)) ?? jobId;
    }
    if (!jobId) throw new FlinkHttpError('the SQL Gateway submitted no job (the script has no INSERT)', 502);
    return { jobId };
  } finally {
    await flinkRequest(gatewayUrl, `/v1/sessions/${handle}`, { method: 'DELETE' }).catch(() => undefined);
  }
}

/** Waits for a statement's first result page; its job id, if it started a job. */
async function firstResult(
  gatewayUrl: string,
  session: string,
  operation: string,
  statement: string,
): Promise<string | undefined> {
  const deadline = Date.now() + STATEMENT_TIMEOUT_MS;
  let uri = `/v1/sessions/${session}/operations/${operation}/result/0`;
  for (let delay = 50; ; delay = Math.min(1000, delay * 2)) {
    let page: ResultPage | null;
    try {
      page = (await flinkRequest(gatewayUrl, uri, { timeoutMs: 30_000 })) as ResultPage | null;
    } catch (e) {
      if (e instanceof FlinkHttpError && e.status >= 400)
        throw new FlinkHttpError(`${e.message} (in: ${firstLine(statement)})`, e.status);
      throw e;
    }
    if (page?.resultType !== 'NOT_READY') return page?.jobID;
    if (Date.now() > deadline)
      throw new FlinkHttpError(
        `the SQL Gateway did not finish "${firstLine(statement)}" in ${STATEMENT_TIMEOUT_MS / 1000} s`,
        504,
      );
    if (page.nextResultUri) uri = page.nextResultUri;
    await new Promise((r) => setTimeout(r, delay));
  }
}

const firstLine = (s: string) => {
  const line = s.split('\n')[0] ?? '';
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
};
