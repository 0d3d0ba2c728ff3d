import { readFileSync, writeFileSync } from 'node:fs';
import { compileToFlinkSql } from '../src/index.js';

// usage: compile-cli DOC OUT.sql [in:NODE=PATH] [out:NODE=DIR]
const [doc, outFile, ...rest] = process.argv.slice(2);
const inputs: Record<string, string> = {};
const outputs: Record<string, string> = {};
for (const r of rest) {
  const [k, v] = r.slice(r.indexOf(':') + 1).split('=');
  if (r.startsWith('in:')) inputs[k ?? ''] = v ?? '';
  else outputs[k ?? ''] = v ?? '';
}
const res = compileToFlinkSql(JSON.parse(readFileSync(doc ?? '', 'utf8')), {
  inputs,
  outputs,
  checkpointIntervalMs: 200,
  outputsOnly: true,
});
writeFileSync(outFile ?? '', res.sql);
console.log(JSON.stringify(res.refusals));
