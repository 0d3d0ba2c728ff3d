import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCommand } from '../src/cli/run-command.js';
const dir = mkdtempSync(path.join(tmpdir(), 'eventide-prof-'));
const examples = path.resolve(import.meta.dirname, '../../../examples');
const events = 500_000;
const lines: string[] = [];
for (let i = 0; i < events; i++) lines.push(JSON.stringify({ sensor: `s${i % 100}`, temperature: 20 + (i % 13), humidity: 40, ts: 1_700_000_000_000 + i * 10 }));
const input = path.join(dir, 'sensors.jsonl');
writeFileSync(input, `${lines.join('\n')}\n`);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const mode = process.argv[2] ?? 'pipe';
for (let r = 0; r < 4; r++) {
  const c0 = cpu();
  if (mode === 'bare') {
    let n = 0;
    for (const line of readFileSync(input, 'utf8').split('\n')) { if (line === '') continue; const e = JSON.parse(line); if (e.ts > 0) n++; }
  } else {
    const code = await runCommand([path.join(examples, 'sensor-averages.json'), '--input', `sensors=${input}`, '--output', 'latest-windows=out.jsonl'], () => {}, { cwd: dir, stdout: () => {}, stderr: (s: string) => process.stderr.write(s), isTTY: false });
    if (code !== 0) throw new Error('exit ' + code);
  }
  console.log(mode, Math.round(events / (cpu() - c0)));
}
