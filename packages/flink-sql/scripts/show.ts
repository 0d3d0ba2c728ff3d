import { readFileSync } from 'node:fs';
import { compileToFlinkSql } from '../src/index.js';

const r = compileToFlinkSql(JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')));
console.log(r.sql);
console.log(JSON.stringify({ refusals: r.refusals, warnings: r.warnings }, null, 1));
