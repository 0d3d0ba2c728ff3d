/**
 * WorkerHost's own scheduling, with two hosts in this thread joined by a real MessageChannel: what
 * each posts to its peer, in what order with the steps of its instances.
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { ChunkClaims, planParallel } from '@eventide/engine';
import { describe, expect, it } from 'vitest';
import { nexmarkQuery } from '../../test/helpers.js';
import type { PeerMessage } from './parallel-protocol.js';
import { WorkerHost } from './worker-host.js';

describe('a worker host', () => {
  it('sends an ended instance’s end to its peer before it steps anything else', async () => {
    const doc = nexmarkQuery('q11', 20_000);
    const plan = planParallel(doc, 2);
    const { port1, port2 } = new MessageChannel();
    const ports: (MessagePort | undefined)[][] = [
      [undefined, port1],
      [port2, undefined],
    ];
    const claims = new SharedArrayBuffer(ChunkClaims.bytes(plan));
    const log: string[][] = [[], []];
    let results = 0;
    let done = 0;
    await new Promise<void>((resolve, reject) => {
      const hosts = [0, 1].map(
        (worker) =>
          new WorkerHost({
            document: doc,
            plan,
            worker,
            peers: ports[worker] ?? [],
            claims,
            instanceOptions: () => ({
              sinkFor: (node) => ({
                nodeId: node.id,
                write: (events) => {
                  results += events.length;
                },
              }),
              collectLimit: 0,
            }),
            onSnapshot: () => undefined,
            onFailed: (error) => reject(new Error(error)),
            onDone: (errors) => {
              if (errors.length > 0) reject(new Error(errors.join('\n')));
              else if (++done === 2) resolve();
            },
          }),
      );
      hosts.forEach((host, w) => {
        const entries = log[w] as string[];
        for (const instance of host.instances) {
          const step = instance.step.bind(instance);
          instance.step = () => {
            const r = step();
            entries.push(`step ${instance.stage.id}.${instance.index} ${r}`);
            return r;
          };
        }
        const port = ports[w]?.[1 - w];
        if (!port) throw new Error(`worker ${w} has no peer port`);
        const post = port.postMessage.bind(port);
        port.postMessage = (m: PeerMessage) => {
          if (m.t === 'bundle')
            for (const [, from, , message] of m.items)
              if (message.t === 'end') entries.push(`end from ${from} posted`);
          post(m);
        };
      });
      for (const host of hosts) host.start();
    });
    port1.close();
    expect(results).toBeGreaterThan(0);
    const sourceStage = plan.stages.find((s) => s.sources)?.id;
    for (const [w, entries] of log.entries()) {
      // Worker w's source instance ends; the very next thing the worker does is post that end.
      const ended = entries.indexOf(`step ${sourceStage}.${w} finished`);
      expect(ended, `worker ${w}: ${entries.slice(-5).join('; ')}`).toBeGreaterThanOrEqual(0);
      expect(entries[ended + 1]).toBe(`end from ${w} posted`);
    }
  }, 30_000);
});
