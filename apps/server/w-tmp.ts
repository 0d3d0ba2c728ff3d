import { readFileSync } from 'node:fs';
import { createRun } from '@eventide/engine';
import { ThreadedRun } from './src/parallel/threaded-run.js';
const N = Number(process.argv[2] ?? 2000000);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
for (const q of process.argv.slice(3)) {
  const doc = JSON.parse(readFileSync(`/work/wt/par/examples/nexmark/${q}.json`, 'utf8'));
  delete doc.tests;
  for (const n of doc.nodes) if (n.kind === 'source.generator') n.params = { ...n.params, limit: N, ratePerSec: 1_000_000, maxOutOfOrdernessMs: 0, pacing: 'max' };
  let c0 = cpu();
  const run = createRun(doc, { sinkFor: (n) => ({ nodeId: n.id, write() {} }), maxDelayMs: 0, collectLimit: 0 });
  while (run.step() !== 'finished') {}
  const p1 = cpu() - c0;
  const tr = new ThreadedRun(doc, { parallelism: 2 });
  await tr.whenReady();
  c0 = cpu();
  const r = await tr.start();
  const p2 = cpu() - c0;
  console.log(q, 'p1 cpu', p1.toFixed(2), 'p2 cpu', p2.toFixed(2), 'eff', (p1 / p2).toFixed(2), 'p2 wall', (r.wallMs / 1000).toFixed(2));
}
