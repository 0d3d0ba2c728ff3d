import { readFileSync, writeFileSync } from 'node:fs';
import { loadDocument, serializeDocument } from '@eventide/shared';

for (const f of process.argv.slice(2)) {
  const r = loadDocument(JSON.parse(readFileSync(f, 'utf8')));
  if (!r.ok) throw new Error(`${f}: ${JSON.stringify(r.errors)}`);
  writeFileSync(f, serializeDocument(r.document));
}
