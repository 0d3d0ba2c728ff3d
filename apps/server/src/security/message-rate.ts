/**
 * Messages per second of one websocket connection (/api/live, websocket ingest): a token bucket
 * holding one second's worth. A message over the rate is refused (the caller answers with an error
 * naming the reason, once per second at most, so refusals cannot flood the client); a client still
 * over the rate `graceMs` after its first refusal is closed with 1008 (policy violation).
 */

export interface MessageRateLimits {
  perSecond: number;
  /** How long a client may stay over the rate before it is closed. */
  graceMs: number;
}

export type RateVerdict =
  | { ok: true }
  /** refused: `notify` when the client should be told (first refusal of a second), `close` when it persists */
  | { ok: false; notify: boolean; close: boolean; reason: string };

/** The WebSocket close code for a policy violation (RFC 6455). */
export const POLICY_VIOLATION = 1008;

export class MessageRate {
  private tokens: number;
  private last: number;
  private overSince: number | undefined;
  private lastNotified = Number.NEGATIVE_INFINITY;
  private lastRefused = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly limits: MessageRateLimits,
    now: number = Date.now(),
  ) {
    this.tokens = limits.perSecond;
    this.last = now;
  }

  get reason(): string {
    return `over ${this.limits.perSecond} messages per second`;
  }

  take(now: number = Date.now()): RateVerdict {
    const per = this.limits.perSecond;
    this.tokens = Math.min(per, this.tokens + ((now - this.last) * per) / 1000);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      // a whole second without a refusal: the client has slowed down
      if (now - this.lastRefused >= 1000) this.overSince = undefined;
      return { ok: true };
    }
    this.lastRefused = now;
    this.overSince ??= now;
    const notify = now - this.lastNotified >= 1000;
    if (notify) this.lastNotified = now;
    return { ok: false, notify, close: now - this.overSince >= this.limits.graceMs, reason: this.reason };
  }
}
