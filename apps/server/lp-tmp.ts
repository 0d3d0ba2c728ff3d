import { readFileSync } from 'node:fs';
import { createRun, LocalParallelRun } from '@eventide/engine';
const q = process.argv[2] ?? 'q11';
const N = Number(process.argv[3] ?? 2000000);
const ME = Number(process.argv[4] ?? 512);
const doc = JSON.parse(readFileSync(`/work/wt/par/examples/nexmark/${q}.json`, 'utf8'));
delete doc.tests;
for (const n of doc.nodes) if (n.kind === 'source.generator') n.params = { ...n.params, limit: N, ratePerSec: 1_000_000, maxOutOfOrdernessMs: 0, pacing: 'max' };
const sinkFor = (n: { id: string }) => ({ nodeId: n.id, write() {} });
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
for (let k = 0; k < 3; k++) {
let c0 = cpu();
const run = createRun(doc, { sinkFor, maxDelayMs: 0, collectLimit: 0 });
while (run.step() !== 'finished') {}
const p1 = cpu() - c0;
c0 = cpu();
const lp = new LocalParallelRun(doc, { parallelism: 2, sinkFor, collectLimit: 0, maxEvents: ME });
while (lp.step() !== 'finished') {}
const p2 = cpu() - c0;
console.log(q, 'maxEvents', ME, 'p1', p1.toFixed(2), 'local p2', p2.toFixed(2), 'overhead', (p2 / p1).toFixed(2));
}
