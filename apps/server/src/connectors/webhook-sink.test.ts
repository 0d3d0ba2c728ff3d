import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isPrivateAddress } from '../security/address-guard.js';
import { WebhookSink } from './webhook-sink.js';

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A local endpoint that fails the first `failures` requests with 503, then answers 200. */
async function endpoint(failures = 0): Promise<{ url: string; bodies: unknown[]; hits: () => number }> {
  const bodies: unknown[] = [];
  let hits = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      hits++;
      if (hits <= failures) {
        res.writeHead(503).end();
        return;
      }
      bodies.push(JSON.parse(body));
      res.writeHead(200).end();
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, bodies, hits: () => hits };
}

function sink(url: string, allowPrivate: boolean, maxRetries = 3) {
  const errors: string[] = [];
  const dropped: number[] = [];
  const hook = new WebhookSink({
    url,
    maxRetries,
    timeoutMs: 2000,
    allowPrivate,
    backoffMs: 10,
    onError: (r) => errors.push(r),
    onDropped: (n) => dropped.push(n),
  });
  return { hook, errors, dropped };
}

describe('webhook sink', () => {
  it('refuses 127.0.0.1 and names resolving to loopback unless private webhooks are allowed', async () => {
    const target = await endpoint();
    for (const url of [target.url, target.url.replace('127.0.0.1', 'localhost')]) {
      const { hook, errors, dropped } = sink(url, false);
      hook.write([{ a: 1 }]);
      await hook.idle();
      expect(errors[0]).toMatch(/private or loopback address/);
      expect(dropped).toEqual([1]);
    }
    expect(target.hits()).toBe(0);

    const allowed = sink(target.url, true);
    allowed.hook.write([{ a: 1 }, { a: 2 }]);
    await allowed.hook.idle();
    expect(target.bodies).toEqual([[{ a: 1 }, { a: 2 }]]);
  });

  it('retries failures with backoff and delivers batches in order', async () => {
    const target = await endpoint(2);
    const { hook, errors } = sink(target.url, true);
    hook.write([{ n: 1 }]);
    hook.write([{ n: 2 }]);
    await hook.idle();
    expect(target.hits()).toBe(4);
    expect(target.bodies).toEqual([[{ n: 1 }], [{ n: 2 }]]);
    expect(errors).toEqual([]);
  });

  it('gives up after maxRetries and counts the batch as dropped', async () => {
    const target = await endpoint(100);
    const { hook, errors, dropped } = sink(target.url, true, 2);
    hook.write([{ n: 1 }, { n: 2 }]);
    await hook.idle();
    expect(target.hits()).toBe(3);
    expect(errors[0]).toMatch(/HTTP 503/);
    expect(dropped).toEqual([2]);
  });

  it('classifies addresses', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '::1',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '0.0.0.0',
    ])
      expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ['93.184.216.34', '8.8.8.8', '2606:4700::1111'])
      expect(isPrivateAddress(a), a).toBe(false);
  });
});
