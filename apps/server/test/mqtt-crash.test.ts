import { readFileSync } from 'node:fs';
import path from 'node:path';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir, until } from './helpers.js';
import { killChildren, killed, serve, startStored } from './serve-process.js';
import { MQTT_URL, serviceAvailable } from './services.js';

const up = await serviceAvailable('mosquitto', MQTT_URL);
const N = 4500;
const KILLS = 2;
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  killChildren();
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe.skipIf(!up)('source.mqtt across server SIGKILLs', () => {
  it.each([1, 2] as const)(
    `QoS %i, persistent session: ${KILLS} SIGKILLs of the server while ${N} messages stream in lose none (at least once)`,
    async (qos) => {
      const p = `crash${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
      const data = tempDir('eventide-mqtt-crash-');
      cleanups.push(data.cleanup);
      const doc = {
        version: 1,
        name: 'MQTT to file',
        // Checkpoints 1 s apart: every kill lands on messages acknowledged to the broker after the last one.
        settings: { microBatch: { maxEvents: 50, maxDelayMs: 5 }, checkpointIntervalMs: 1000 },
        nodes: [
          {
            id: 'in',
            kind: 'source.mqtt',
            params: {
              url: MQTT_URL,
              topics: [`${p}/#`],
              qos,
              cleanSession: false,
              clientId: `eventide-${p}`,
            },
          },
          { id: 'out', kind: 'sink.file', params: { path: 'out/mqtt.jsonl' } },
        ],
        edges: [{ id: 'e1', source: 'in', target: 'out' }],
      };
      let { child, url } = await serve(data.dir);
      const runId = await startStored(url, 'mqtt-crash', doc);
      const readOut = async () =>
        (await (await fetch(`${url}/api/runs/${runId}`)).json()) as {
          metrics?: { nodes: Record<string, { out: number; status?: { state: string } }> };
        };
      await until(
        async () => (await readOut()).metrics?.nodes.in?.status?.state === 'connected',
        'the source subscribed',
        15_000,
      );
      // SUBACK follows CONNACK: give it a moment before the first message.
      await new Promise((r) => setTimeout(r, 300));

      // A paced publisher (about 1,000 messages/s), one chunk per incarnation of the server; each
      // chunk goes on after the kill, while the server is down: the broker queues it for the session.
      const pub = await mqtt.connectAsync(MQTT_URL, { clientId: `pub-${p}` });
      cleanups.push(() => pub.endAsync(true));
      const chunk = N / (KILLS + 1);
      const publish = async (from: number) => {
        for (let n = from; n < from + chunk; n++) {
          await pub.publishAsync(`${p}/n`, JSON.stringify({ n }), { qos });
          if (n % 10 === 9) await new Promise((r) => setTimeout(r, 10));
        }
      };

      const killedAt: number[] = [];
      for (let kill = 0; kill < KILLS; kill++) {
        await until(
          async () => (await readOut()).metrics?.nodes.in?.status?.state === 'connected',
          'the (resumed) source connected',
          30_000,
        );
        const base = (await readOut()).metrics?.nodes.in?.out ?? 0;
        const publishing = publish(kill * chunk);
        await until(
          async () => ((await readOut()).metrics?.nodes.in?.out ?? 0) >= base + chunk / 4,
          `the source to read a quarter of chunk ${kill + 1}`,
          30_000,
        );
        killedAt.push((await readOut()).metrics?.nodes.in?.out ?? 0);
        await killed(child);
        await publishing;
        ({ child, url } = await serve(data.dir));
      }
      await until(
        async () => (await readOut()).metrics?.nodes.in?.status?.state === 'connected',
        'the last resumed source connected',
        30_000,
      );
      await publish(KILLS * chunk);

      const outFile = path.join(data.dir, 'out/mqtt.jsonl');
      const seen = () => {
        let lines: string[] = [];
        try {
          lines = readFileSync(outFile, 'utf8').split('\n').filter(Boolean);
        } catch {}
        return lines.map((l) => JSON.parse(l).n as number);
      };
      // Until all arrived, or the file stopped growing for 15 s (then the missing ones are named below).
      let grewAt = Date.now();
      let lines = 0;
      await until(
        () => {
          const now = seen();
          if (now.length > lines) [lines, grewAt] = [now.length, Date.now()];
          return new Set(now).size >= N || Date.now() - grewAt > 15_000;
        },
        `all ${N} messages in the file`,
        90_000,
      );
      const all = seen();
      const missing = Array.from({ length: N }, (_, n) => n).filter((n) => !all.includes(n));
      console.info(
        `mqtt QoS ${qos} at-least-once: killed after ${killedAt.join(', ')} messages read; ${all.length - N} duplicates`,
      );
      expect(killedAt).toHaveLength(KILLS);
      expect(missing).toEqual([]);
      expect(all.every((n) => Number.isInteger(n) && n >= 0 && n < N)).toBe(true);
      await killed(child);
    },
    180_000,
  );
});
