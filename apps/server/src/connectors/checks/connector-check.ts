/** "Test connection" and "Peek" for connector kinds: each kind registers what it can check. */
import type { ConnectionTestResult, PeekResponse } from '@eventide/shared';
import { resolveSecrets, type SecretSources } from '../secrets.js';

/** What a kind's peek returns; the route adds the inferred fields. */
export type PeekResult = Omit<PeekResponse, 'fields'>;

export interface PeekOptions {
  maxMessages: number;
  /** How long to listen for messages that are not retained. */
  waitMs: number;
}

/** Checks for one kind: `parse` is the kind's zod params schema, the others get its parsed, resolved params. */
export interface ConnectorCheck<P extends Record<string, unknown>> {
  parse(params: unknown): { success: true; data: P } | { success: false; error: { issues: ParamIssue[] } };
  test(params: P): Promise<ConnectionTestResult>;
  peek?(params: P, opts: PeekOptions): Promise<PeekResult>;
}

interface ParamIssue {
  path: PropertyKey[];
  message: string;
}

/** Connection tests run at most this long. */
export const CHECK_TIMEOUT_MS = 5_000;

/** A bad request: the params do not parse, or a secret they reference is not set on the server. */
export interface CheckRefusal {
  refused: { path: string; message: string }[];
}

/** A kind's checks behind one untyped entry point (params straight from a request). */
export interface BoundCheck {
  test(params: unknown, secrets: SecretSources): Promise<ConnectionTestResult | CheckRefusal>;
  peek?: (params: unknown, secrets: SecretSources, opts: PeekOptions) => Promise<PeekResult | CheckRefusal>;
}

export function bindCheck<P extends Record<string, unknown>>(check: ConnectorCheck<P>): BoundCheck {
  const prepare = (raw: unknown, secrets: SecretSources): { params: P } | CheckRefusal => {
    const parsed = check.parse(raw ?? {});
    if (!parsed.success)
      return {
        refused: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
      };
    const resolved = resolveSecrets(parsed.data, secrets);
    if (!resolved.ok) return { refused: resolved.missing.map((m) => ({ path: m.path, message: m.reason })) };
    return { params: resolved.params };
  };
  const peek = check.peek;
  return {
    test: async (raw, secrets) => {
      const p = prepare(raw, secrets);
      return 'refused' in p ? p : check.test(p.params);
    },
    ...(peek
      ? {
          peek: async (raw: unknown, secrets: SecretSources, opts: PeekOptions) => {
            const p = prepare(raw, secrets);
            return 'refused' in p ? p : peek(p.params, opts);
          },
        }
      : {}),
  };
}
