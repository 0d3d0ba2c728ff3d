/** Rewrites test/golden/<example>.sql from the current compiler: run after an intended change, review the diff. */
import { writeFileSync } from 'node:fs';
import { goldenCases } from '../test/support/golden-cases.js';

for (const c of goldenCases()) {
  writeFileSync(c.goldenPath, c.actual());
  console.log(`wrote ${c.goldenPath}`);
}
