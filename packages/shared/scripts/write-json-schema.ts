// Regenerates pipeline.schema.json from the zod schemas; the schema test fails until this is run after a change.
import { writeFileSync } from 'node:fs';
import { buildJsonSchema } from '../src/document/json-schema.js';

const target = new URL('../pipeline.schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(buildJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);
