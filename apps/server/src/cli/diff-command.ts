import { diffDocuments, formatDiff, isEmptyDiff } from '@eventide/shared';
import { readDocumentFile } from './read-document.js';

export const DIFF_USAGE = 'usage: eventide diff A.json B.json [--logic]';

/**
 * `eventide diff A B`: what changed from A to B, one line per node, edge or param (`+` added,
 * `-` removed, `~` changed), then layout. --logic leaves layout out. Exit 0 when they are the same,
 * 1 when they differ (like diff(1)), 2 for bad arguments or unreadable files.
 */
export async function diffCommand(args: string[], out: (line: string) => void): Promise<number> {
  const logicOnly = args.includes('--logic');
  const files = args.filter((a) => a !== '--logic');
  if (files.length !== 2 || files.some((f) => f.startsWith('--'))) {
    out(DIFF_USAGE);
    return 2;
  }
  const [a, b] = await Promise.all(files.map(readDocumentFile));
  if (!a?.ok || !b?.ok) {
    for (const r of [a, b]) if (r && !r.ok) for (const e of r.errors) out(e);
    return 2;
  }
  const diff = diffDocuments(a.document, b.document);
  if (logicOnly) diff.layout = { moved: [], panels: [] };
  if (isEmptyDiff(diff, true)) {
    out('no differences');
    return 0;
  }
  for (const line of formatDiff(diff)) out(line);
  return 1;
}
