import type { PipelineDocument, PipelineTest, TestEvents } from '@eventide/shared';
import type { Event } from '../runtime/operator.js';
import { type RunBoundedOptions, runBounded } from '../runtime/run-bounded.js';
import { diffRows, type RowDiff } from './row-diff.js';

/**
 * Runs the tests a document carries (`document.tests`) on the engine: each test's inputs replace
 * its source nodes, the run goes to the end of its bounded inputs, and each expected output is
 * compared with what the sink or port received. Browser-safe: file inputs are read by the host.
 */

export interface OutputResult {
  /** A sink node id, or "node.port". */
  target: string;
  diff: RowDiff;
}

export interface PipelineTestResult {
  name: string;
  passed: boolean;
  /** The test could not run (an input file unreadable, the run failed). */
  error?: string;
  outputs: OutputResult[];
}

export interface PipelineTestOptions extends Pick<RunBoundedOptions, 'sources' | 'sinks' | 'sinkFor'> {
  /** Reads the events of a JSONL file named by a test (relative to the data directory or the document). */
  readEvents?: (file: string) => Promise<Event[]>;
}

/** Processing time of every test run: fixed, so processing-time windows give the same rows each time. */
export const TEST_CLOCK_MS = 1_700_000_000_000;

export async function runPipelineTests(
  document: PipelineDocument,
  options: PipelineTestOptions = {},
): Promise<PipelineTestResult[]> {
  const results: PipelineTestResult[] = [];
  for (const test of document.tests ?? []) results.push(await runPipelineTest(document, test, options));
  return results;
}

export async function runPipelineTest(
  document: PipelineDocument,
  test: PipelineTest,
  options: PipelineTestOptions = {},
): Promise<PipelineTestResult> {
  const failed = (error: string): PipelineTestResult => ({
    name: test.name,
    passed: false,
    error,
    outputs: [],
  });
  let inputs: Record<string, Event[]>;
  let expected: [string, Event[]][];
  try {
    inputs = Object.fromEntries(
      await Promise.all(
        Object.entries(test.inputs).map(async ([node, src]) => [node, await eventsOf(src, options)] as const),
      ),
    );
    expected = await Promise.all(
      Object.entries(test.expect).map(
        async ([target, exp]) => [target, await eventsOf(exp, options)] as const,
      ),
    );
  } catch (e) {
    return failed(`cannot read the test's events: ${(e as Error).message}`);
  }
  // The run itself gets no tests: its document is the pipeline under test.
  const { tests: _tests, ...pipeline } = document;
  let outputs: Record<string, Event[]>;
  try {
    ({ outputs } = await runBounded(pipeline, {
      ...(options.sources ? { sources: options.sources } : {}),
      ...(options.sinks ? { sinks: options.sinks } : {}),
      ...(options.sinkFor ? { sinkFor: options.sinkFor } : {}),
      inputs,
      clock: () => TEST_CLOCK_MS,
    }));
  } catch (e) {
    return failed((e as Error).message);
  }
  const results = expected.map(([target, rows]): OutputResult => {
    const { match, tolerance } = test.expect[target]!;
    return { target, diff: diffRows(rows, outputs[target] ?? [], { match, tolerance }) };
  });
  return { name: test.name, passed: results.every((r) => r.diff.passed), outputs: results };
}

async function eventsOf(src: TestEvents, options: PipelineTestOptions): Promise<Event[]> {
  if ('events' in src) return src.events;
  if (!options.readEvents) throw new Error(`"${src.file}": this host reads no files`);
  return options.readEvents(src.file);
}
