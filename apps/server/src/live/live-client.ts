import type { ServerMessage } from '@eventide/shared';
import type { WebSocket } from 'ws';
import { conflate } from './conflate.js';
import { serializeMessage } from './serialize.js';

export interface BackpressureLimits {
  /** Above this many bytes waiting in the socket, updates are conflated instead of sent. */
  softBytes: number;
  /** Above this, or after `stuckMs` of conflation without draining, the client is closed. */
  hardBytes: number;
  stuckMs: number;
  /** How often a conflating client is checked for room to send its pending updates. */
  drainCheckMs: number;
}

export const DEFAULT_LIMITS: BackpressureLimits = {
  softBytes: 256 * 1024,
  hardBytes: 4 * 1024 * 1024,
  stuckMs: 15_000,
  drainCheckMs: 50,
};

/**
 * One websocket client of /api/live. Sending never waits: while the socket's buffer is above the
 * soft bound, updates are merged per subscription (latest state wins, event lists keep the newest)
 * and sent once the client catches up; a client that stays behind is closed. The engine and other
 * clients never wait for it, and the memory it holds is bounded by one merged update per subscription.
 */
export class LiveClient {
  /** sub id -> topic key. */
  readonly subs = new Map<string, string>();
  /** `sub NUL type` -> the merged update waiting to be sent. */
  private readonly pending = new Map<string, ServerMessage>();
  private conflatingSince: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Updates merged instead of sent, and whether this client was dropped for reading too slowly. */
  conflations = 0;
  closedSlow = false;

  constructor(
    readonly ws: WebSocket,
    private readonly limits: BackpressureLimits = DEFAULT_LIMITS,
  ) {}

  get isClosed(): boolean {
    return this.closed;
  }

  /** Sends or conflates an update of subscription `sub`. */
  update(sub: string, msg: ServerMessage): void {
    if (this.closed) return;
    if (this.conflatingSince === undefined && this.ws.bufferedAmount <= this.limits.softBytes) {
      this.raw(msg);
      return;
    }
    if (this.conflatingSince === undefined) this.startConflating();
    // One slot per subscription and message type: a run-state must not replace pending results.
    const key = `${sub}\u0000${msg.type}`;
    const prev = this.pending.get(key);
    this.pending.set(key, prev ? conflate(prev, msg) : msg);
    this.conflations++;
  }

  /** Control messages (errors, pongs, notices) go out directly: they are small and rare. */
  control(msg: ServerMessage): void {
    if (!this.closed) this.raw(msg);
  }

  /** Forgets a subscription's pending update. */
  drop(sub: string): void {
    this.subs.delete(sub);
    for (const key of [...this.pending.keys()]) if (key.startsWith(`${sub}\u0000`)) this.pending.delete(key);
  }

  close(code = 1000, reason = ''): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    this.pending.clear();
    try {
      this.ws.close(code, reason);
    } catch {
      // already closing
    }
    // A client that does not read will never finish the close handshake.
    setTimeout(() => this.ws.terminate(), 1000).unref();
  }

  /** Merged updates waiting for this client (at most one per subscription and message type). */
  pendingUpdates(): number {
    return this.pending.size;
  }

  private raw(msg: ServerMessage): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > this.limits.hardBytes) {
      this.closeSlow();
      return;
    }
    this.ws.send(serializeMessage(msg));
  }

  private startConflating(): void {
    this.conflatingSince = Date.now();
    this.raw({
      type: 'notice',
      code: 'conflated',
      message: 'you read more slowly than updates arrive: updates are merged, the latest state wins',
    });
    this.timer = setInterval(() => this.drain(), this.limits.drainCheckMs);
    this.timer.unref();
  }

  private drain(): void {
    if (this.closed) return;
    const buffered = this.ws.bufferedAmount;
    if (buffered > this.limits.hardBytes || Date.now() - (this.conflatingSince ?? 0) > this.limits.stuckMs) {
      this.closeSlow();
      return;
    }
    if (buffered > this.limits.softBytes / 2) return;
    // The client is reading: it is behind, not stuck.
    this.conflatingSince = Date.now();
    for (const [key, msg] of this.pending) {
      this.pending.delete(key);
      this.raw(msg);
      if (this.ws.bufferedAmount > this.limits.softBytes) return;
    }
    this.conflatingSince = undefined;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private closeSlow(): void {
    if (this.closed) return;
    this.closedSlow = true;
    if (this.ws.readyState === this.ws.OPEN)
      this.ws.send(
        JSON.stringify({
          type: 'notice',
          code: 'closing-slow-client',
          message: 'closing: this client stayed too far behind the updates',
        } satisfies ServerMessage),
      );
    this.close(4008, 'slow client');
  }
}
