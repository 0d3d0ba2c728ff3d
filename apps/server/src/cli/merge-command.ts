import path from 'node:path';
import {
  formatConflict,
  formatIssue,
  mergeDocuments,
  serializeDocument,
  validateDocument,
} from '@eventide/shared';
import { writeFileAtomic } from '../storage/atomic-write.js';
import { callerCwd } from './caller-cwd.js';
import { readDocumentFile } from './read-document.js';

export const MERGE_USAGE = 'usage: eventide merge BASE.json OURS.json THEIRS.json [--output FILE | --stdout]';

/**
 * `eventide merge BASE OURS THEIRS`: three-way merge of two edits of a common base, written in
 * canonical form over OURS (what a git merge driver does: `eventide merge %O %A %B`), to --output
 * FILE, or to standard output. Conflicts are listed per node and param; where one is, the merge
 * holds ours. Exit 0 when clean, 1 with conflicts (git then marks the file conflicted), 2 for bad
 * arguments or unreadable files. A merge that is clean but invalid (an edge to a node the other side
 * removed) is reported like a conflict.
 */
export async function mergeCommand(args: string[], out: (line: string) => void): Promise<number> {
  const files: string[] = [];
  let output: string | undefined;
  let stdout = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--stdout') stdout = true;
    else if (a === '--output' && args[i + 1] !== undefined) output = args[++i];
    else if (a.startsWith('--')) files.length = 99;
    else files.push(a);
  }
  if (files.length !== 3 || (stdout && output !== undefined)) {
    out(MERGE_USAGE);
    return 2;
  }
  const docs = await Promise.all(files.map(readDocumentFile));
  const [base, ours, theirs] = docs;
  if (!base?.ok || !ours?.ok || !theirs?.ok) {
    for (const r of docs) if (!r.ok) for (const e of r.errors) out(e);
    return 2;
  }
  const { document, conflicts } = mergeDocuments(base.document, ours.document, theirs.document);
  const text = serializeDocument(document);
  const problems = conflicts.map(formatConflict);
  const validation = validateDocument(document);
  if (!validation.ok)
    problems.push(...validation.errors.map((i) => `invalid after merge: ${formatIssue(i)}`));
  // Messages go to stderr when the document itself goes to stdout.
  const report = stdout ? (line: string) => console.error(line) : out;
  if (stdout) out(text.trimEnd());
  else await writeFileAtomic(output ? path.resolve(callerCwd(), output) : ours.path, text);
  for (const p of problems) report(p);
  if (problems.length === 0) report('merged cleanly');
  return problems.length === 0 ? 0 : 1;
}
