/**
 * The clients of the ingest -> websocket latency bench (server.bench.ts), in a process of their own
 * as real clients are: the server's process then carries only the server and its run worker, not
 * the clients' sockets, request bodies and promises. A websocket client subscribes to the
 * pipeline's channel; an HTTP client POSTs NDJSON requests of `batch` events on a fixed schedule,
 * `warmup` seconds unmeasured, then `seconds` measured. Each event's latency runs from just before
 * its request is sent to its arrival at the websocket client. Prints one line of JSON (LatencyReport).
 * Arguments: url, channel, ingest path, rate, batch, seconds, warmup.
 */
import WebSocket from 'ws';

export interface LatencyReport {
  /** Latencies of the measured events, in ms, sorted. */
  latencies: number[];
  /** Time from send to the HTTP answer (202) of the measured requests, in ms, sorted. */
  acks: number[];
  expected: number;
  refused: number;
  /** Events sent per second of the measured part (below the rate when the sender fell behind). */
  sentRate: number;
}

async function measure(argv: string[]): Promise<LatencyReport> {
  const [url, channel, ingestPath, rateText, batchText, secondsText, warmupText] = argv;
  const rate = Number(rateText);
  const batch = Number(batchText);
  const seconds = Number(secondsText);
  const warmup = Number(warmupText);
  if (!url || !channel || !ingestPath || !(rate > 0 && batch > 0 && seconds > 0 && warmup >= 0))
    throw new Error('usage: ingest-latency-client.ts URL CHANNEL INGEST_PATH RATE BATCH SECONDS WARMUP');
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api/live`, { headers: { origin: url } });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const latencies: number[] = [];
  const now = () => performance.timeOrigin + performance.now();
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as { type: string; events?: { sent: number; warm?: 1 }[] };
    if (m.type !== 'channel') return;
    const t = now();
    for (const e of m.events ?? []) if (!e.warm) latencies.push(t - e.sent);
  });
  ws.send(JSON.stringify({ v: 1, type: 'subscribe', sub: 'c', topic: { kind: 'channel', channel } }));
  await new Promise((r) => setTimeout(r, 200));

  const warmRequests = Math.round((rate * warmup) / batch);
  const requests = Math.round((rate * seconds) / batch);
  const interval = (batch / rate) * 1000;
  const start = performance.now() + warmRequests * interval;
  let refused = 0;
  let failures = 0;
  let pending = 0;
  const acks: number[] = [];
  let allAnswered: () => void = () => undefined;
  const answered = new Promise<void>((r) => {
    allAnswered = r;
  });
  let sendingDone = false;
  const settle = () => {
    if (--pending === 0 && sendingDone) allAnswered();
  };
  for (let k = -warmRequests; k < requests; k++) {
    const wait = start + k * interval - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const sent = now();
    const measured = k >= 0;
    const warm = measured ? '' : ',"warm":1';
    let body = '';
    for (let i = 0; i < batch; i++) body += `${i > 0 ? '\n' : ''}{"k":${k},"i":${i},"sent":${sent}${warm}}`;
    pending++;
    fetch(`${url}${ingestPath}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body,
    })
      .then(async (res) => {
        await res.arrayBuffer();
        if (res.status === 202) {
          if (measured) acks.push(now() - sent);
        } else {
          if (measured) refused++;
          if (++failures === 1) process.stderr.write(`ingest refused: ${res.status}\n`);
        }
      })
      .catch((e: Error) => {
        if (measured) refused++;
        if (++failures === 1) process.stderr.write(`ingest failed: ${e.message}\n`);
      })
      .finally(settle);
  }
  const sending = (performance.now() - start) / 1000;
  sendingDone = true;
  if (pending > 0) await answered;
  const expected = (requests - refused) * batch;
  const deadline = performance.now() + 3000;
  while (latencies.length < expected && performance.now() < deadline)
    await new Promise((r) => setTimeout(r, 20));
  ws.close();
  return {
    latencies: latencies.sort((a, b) => a - b),
    acks: acks.sort((a, b) => a - b),
    expected,
    refused,
    sentRate: (requests * batch) / sending,
  };
}

const report = await measure(process.argv.slice(2));
process.stdout.write(`${JSON.stringify(report)}\n`);
