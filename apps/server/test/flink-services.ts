import { reachable } from './services.js';

/** The session cluster and SQL Gateway of `EVENTIDE_FLINK_SESSION=1 pnpm services start flink`. */
export const FLINK_URL = process.env.EVENTIDE_FLINK ?? 'http://127.0.0.1:18081';
export const GATEWAY_URL = process.env.EVENTIDE_FLINK_GATEWAY ?? 'http://127.0.0.1:18083';

/**
 * Whether the deploy tests run: yes when both answer; no, with the reason printed, when CI is unset;
 * under CI=true a missing cluster is an error (scripts/test.sh starts it).
 */
export async function flinkSessionAvailable(): Promise<boolean> {
  for (const url of [FLINK_URL, GATEWAY_URL]) {
    if (await reachable(url)) continue;
    const reason = `the Flink session cluster or its SQL Gateway is not reachable at ${url}: run \`EVENTIDE_FLINK_SESSION=1 pnpm services start flink\``;
    if (process.env.CI === 'true') throw new Error(reason);
    console.warn(`skipped: ${reason}`);
    return false;
  }
  return true;
}

/** The job's state as the cluster's REST API reports it (Flink's names: RUNNING, CANCELED, ...). */
export async function flinkJobState(id: string): Promise<string | undefined> {
  const res = await fetch(`${FLINK_URL}/jobs/${id}`);
  if (res.status === 404) return undefined;
  return ((await res.json()) as { state: string }).state;
}
