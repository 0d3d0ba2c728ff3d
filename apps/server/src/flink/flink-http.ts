/** A Flink endpoint did not answer, or answered with an error: `message` is Flink's own words. */
export class FlinkHttpError extends Error {
  constructor(
    message: string,
    /** HTTP status, or 0 when the endpoint could not be reached. */
    readonly status: number,
  ) {
    super(message);
  }
}

/** A URL the server may call: http(s) only, no credentials, no query (paths are appended). */
export function checkEndpoint(url: string, name: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new FlinkHttpError(`${name}: "${url}" is not a URL`, 400);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new FlinkHttpError(`${name}: use an http:// or https:// URL (got ${u.protocol})`, 400);
  if (u.username || u.password || u.search || u.hash)
    throw new FlinkHttpError(`${name}: a URL without credentials, query or fragment`, 400);
  return u.toString().replace(/\/+$/, '');
}

/**
 * The message a Flink REST error carries: its `errors` array holds a summary and, from the
 * gateway, a stack trace whose deepest "Caused by:" names what Flink refused.
 */
export function flinkErrorMessage(body: unknown, fallback: string): string {
  const errors = (body as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return fallback;
  const texts = errors.filter((e): e is string => typeof e === 'string');
  const trace = texts.find((t) => t.includes('Exception'));
  if (trace) {
    const causes = [...trace.matchAll(/Caused by: ([^\n]+)/g)].map((m) => m[1] ?? '');
    const meaningful = causes.filter(
      (c) => !/SqlGatewayException|SqlExecutionException|Failed to execute the operation/.test(c),
    );
    const pick = meaningful[0] ?? causes.at(-1) ?? trace.split('\n')[0] ?? fallback;
    return pick
      .replace(/^<Exception on server side:\s*/, '')
      .replace(/^[\w.$]+(Exception|Error): /, '')
      .trim();
  }
  return texts.join('; ') || fallback;
}

/** A JSON request to a Flink endpoint with a timeout; errors as FlinkHttpError. */
export async function flinkRequest(
  base: string,
  path: string,
  init: { method?: string; body?: unknown; timeoutMs?: number } = {},
): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(`${base}${path}`, {
      method: init.method ?? 'GET',
      headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      signal: AbortSignal.timeout(init.timeoutMs ?? 10_000),
    });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new FlinkHttpError(
      `cannot reach ${base} (${cause?.code ?? cause?.message ?? (e as Error).message})`,
      0,
    );
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!res.ok)
    throw new FlinkHttpError(
      flinkErrorMessage(body, `${res.status} ${res.statusText} from ${base}${path}`),
      res.status,
    );
  return body;
}
