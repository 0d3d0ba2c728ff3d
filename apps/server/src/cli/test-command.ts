import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describeTestResult, runPipelineTests } from '@eventide/engine';
import { formatIssue, validateDocument } from '@eventide/shared';
import { readJsonlEvents } from '../storage/read-jsonl.js';
import { callerCwd } from './caller-cwd.js';

export const TEST_USAGE = 'usage: eventide test PIPELINE.json [--test NAME]';

/**
 * `eventide test FILE`: runs the tests the document carries on the engine (sinks collect, nothing is
 * written or sent) and prints each result, with a readable diff for a failing one. Files named by a
 * test resolve against the document's directory. Exit 0 when every test passed, 1 when one failed
 * or the document is invalid or has no tests, 2 for bad arguments.
 */
export async function testCommand(args: string[], out: (line: string) => void): Promise<number> {
  const [file, ...rest] = args;
  let only: string | undefined;
  if (rest.length === 2 && rest[0] === '--test') only = rest[1];
  if (!file || file.startsWith('--') || (rest.length > 0 && only === undefined)) {
    out(TEST_USAGE);
    return 2;
  }
  const docPath = path.resolve(callerCwd(), file);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(docPath, 'utf8'));
  } catch (e) {
    out(`document: cannot read ${file}: ${(e as Error).message}`);
    return 1;
  }
  const validation = validateDocument(json);
  if (!validation.ok || !validation.document) {
    for (const issue of validation.errors) out(formatIssue(issue));
    return 1;
  }
  const document = validation.document;
  const tests = (document.tests ?? []).filter((t) => only === undefined || t.name === only);
  if (tests.length === 0) {
    out(only === undefined ? `${file} has no tests` : `${file} has no test named "${only}"`);
    return 1;
  }
  const dir = path.dirname(docPath);
  const results = await runPipelineTests(
    { ...document, tests },
    { readEvents: (name) => readJsonlEvents(path.resolve(dir, name)) },
  );
  for (const result of results) for (const line of describeTestResult(result)) out(line);
  const failed = results.filter((r) => !r.passed).length;
  out(failed === 0 ? `all ${results.length} tests passed` : `${failed} of ${results.length} tests failed`);
  return failed === 0 ? 0 : 1;
}
