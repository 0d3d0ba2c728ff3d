import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { formatIssue, validateDocument } from '@eventide/shared';
import { callerCwd } from './caller-cwd.js';

/** `eventide validate FILE`: "valid" and exit 0, or one line per error and exit 1. */
export async function validateCommand(args: string[], out: (line: string) => void): Promise<number> {
  const file = args[0];
  if (!file) {
    out('usage: eventide validate PIPELINE.json');
    return 2;
  }
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path.resolve(callerCwd(), file), 'utf8'));
  } catch (e) {
    out(`document: cannot read ${file}: ${(e as Error).message}`);
    return 1;
  }
  const result = validateDocument(json);
  if (result.ok) {
    out('valid');
    for (const w of result.warnings) out(`warning: ${formatIssue(w)}`);
    return 0;
  }
  for (const issue of result.errors) out(formatIssue(issue));
  return 1;
}
