import { serializeDocument } from '@eventide/shared';
import { writeFileAtomic } from '../storage/atomic-write.js';
import { readDocumentFile } from './read-document.js';

/**
 * `eventide format FILE...`: rewrites each document in canonical form (current version, keys and
 * lists in a fixed order, layout apart), as the server saves it. Exit 1 if a file could not be read.
 */
export async function formatCommand(args: string[], out: (line: string) => void): Promise<number> {
  if (args.length === 0) {
    out('usage: eventide format PIPELINE.json...');
    return 2;
  }
  let failed = false;
  for (const file of args) {
    const r = await readDocumentFile(file);
    if (!r.ok) {
      for (const e of r.errors) out(e);
      failed = true;
      continue;
    }
    await writeFileAtomic(r.path, serializeDocument(r.document));
    out(`formatted ${file}`);
  }
  return failed ? 1 : 0;
}
