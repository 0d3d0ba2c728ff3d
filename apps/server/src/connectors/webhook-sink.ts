import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { guardedLookup, isPrivateAddress, PrivateAddressRefused } from '../security/address-guard.js';

export interface WebhookOptions {
  url: string;
  maxRetries: number;
  timeoutMs: number;
  allowPrivate: boolean;
  /** First retry delay; doubles each attempt (with jitter), capped at 30 s. */
  backoffMs?: number;
  /** Batches waiting to be sent; beyond it the oldest is dropped and counted. */
  maxQueuedBatches?: number;
  onError: (reason: string) => void;
  onDropped: (events: number, reason: string) => void;
}

/** Thrown by send() for a failure a retry cannot fix (refused address, 4xx other than 408/429). */
class PermanentFailure extends Error {}

/**
 * POSTs each batch of results as a JSON array, one request at a time in order, retrying failures
 * with exponential backoff. Private and loopback targets are refused after DNS resolution (at
 * connect time, so DNS rebinding cannot sneak past) unless allowed.
 */
export class WebhookSink {
  private readonly queue: unknown[][] = [];
  private sending: Promise<void> | undefined;
  private closed = false;
  private readonly url: URL;
  sent = 0;
  attempts = 0;

  constructor(private readonly opts: WebhookOptions) {
    this.url = new URL(opts.url);
  }

  write(events: readonly unknown[]): void {
    if (events.length === 0 || this.closed) return;
    this.queue.push([...events]);
    const max = this.opts.maxQueuedBatches ?? 1000;
    while (this.queue.length > max) {
      const dropped = this.queue.shift()!;
      this.opts.onDropped(dropped.length, 'webhook queue full: the endpoint is slower than the results');
    }
    this.sending ??= this.pump().finally(() => {
      this.sending = undefined;
    });
  }

  /** Resolves when every queued batch was sent or given up on. */
  async idle(): Promise<void> {
    while (this.sending) await this.sending;
  }

  async close(): Promise<void> {
    await this.idle();
    this.closed = true;
  }

  private async pump(): Promise<void> {
    for (let batch = this.queue.shift(); batch; batch = this.queue.shift()) await this.deliver(batch);
  }

  private async deliver(batch: unknown[]): Promise<void> {
    const base = this.opts.backoffMs ?? 200;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.send(JSON.stringify(batch));
        this.sent += batch.length;
        return;
      } catch (e) {
        const reason = `webhook ${this.url.host}: ${(e as Error).message}`;
        if (e instanceof PermanentFailure || attempt >= this.opts.maxRetries) {
          this.opts.onError(reason);
          this.opts.onDropped(batch.length, reason);
          return;
        }
        const delay = Math.min(30_000, base * 2 ** attempt) * (0.75 + Math.random() * 0.5);
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  private send(body: string): Promise<void> {
    this.attempts++;
    const host = this.url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) && isPrivateAddress(host) && !this.opts.allowPrivate)
      return Promise.reject(
        new PermanentFailure(
          `${host} is a private or loopback address (set EVENTIDE_ALLOW_PRIVATE_WEBHOOKS=1 to allow)`,
        ),
      );
    const client = this.url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = client.request(
        this.url,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
          lookup: guardedLookup(this.opts.allowPrivate) as never,
          timeout: this.opts.timeoutMs,
        },
        (res) => {
          res.resume();
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve();
          else if (status >= 400 && status < 500 && status !== 408 && status !== 429)
            reject(new PermanentFailure(`HTTP ${status}`));
          else reject(new Error(`HTTP ${status}`));
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.opts.timeoutMs} ms`)));
      req.on('error', (err) =>
        reject(err instanceof PrivateAddressRefused ? new PermanentFailure(err.message) : err),
      );
      req.end(body);
    });
  }
}
