/**
 * `eventide run --parallelism N` (or settings.parallelism > 1): the pipeline runs as a threaded
 * parallel run (src/parallel/threaded-run.ts). Its workers host the engine alone, so the sources
 * are generators and --input JSONL files (read here, replayed in one instance), and the sinks
 * either write --output JSONL files here or are counted; other connectors need --parallelism 1 here
 * (`eventide serve` runs them at any parallelism: runs/parallel-run.ts).
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { PipelineDocument } from '@eventide/shared';
import { ThreadedRun } from '../parallel/threaded-run.js';
import type { RunArgs } from './run-args.js';
import type { RunCommandIo } from './run-command.js';

export async function runParallelCommand(
  document: PipelineDocument,
  parsed: RunArgs,
  parallelism: number,
  resolve: (p: string) => string,
  io: RunCommandIo,
): Promise<number> {
  const line = (text: string) => io.stderr(`${text}\n`);
  const unsupported = document.nodes.filter(
    (n) => n.kind.startsWith('source.') && n.kind !== 'source.generator' && parsed.inputs[n.id] === undefined,
  );
  if (unsupported.length > 0) {
    for (const n of unsupported)
      line(
        `node ${n.id}: ${n.kind} cannot run with parallelism ${parallelism} from the CLI: replace it with --input ${n.id}=FILE.jsonl, run with --parallelism 1, or run the pipeline in \`eventide serve\` (its connectors run with any parallelism)`,
      );
    return 1;
  }
  const inputs: Record<string, Record<string, unknown>[]> = {};
  for (const [node, file] of Object.entries(parsed.inputs)) {
    const lines = (await readFile(resolve(file), 'utf8')).split('\n');
    const events: Record<string, unknown>[] = [];
    for (let i = 0; i < lines.length; i++) {
      const text = (lines[i] as string).trim();
      if (text === '') continue;
      try {
        events.push(JSON.parse(text) as Record<string, unknown>);
      } catch (e) {
        line(`--input ${node}: ${file} line ${i + 1} is not JSON (${(e as Error).message}): skipped`);
      }
    }
    inputs[node] = events;
  }
  for (const node of document.nodes)
    if (node.kind === 'source.generator' && !parsed.inputs[node.id])
      node.params = { ...node.params, pacing: 'max' };

  let run: ThreadedRun;
  try {
    run = new ThreadedRun(document, { parallelism, sinks: 'collect', inputs });
  } catch (e) {
    line((e as Error).message);
    return 1;
  }
  line(`parallelism ${parallelism}: starting ${parallelism} worker threads`);
  let result: Awaited<ReturnType<ThreadedRun['start']>>;
  try {
    result = await run.start();
  } catch (e) {
    line(`run failed: ${(e as Error).message}`);
    return 1;
  }
  for (const [node, count] of Object.entries(result.counts)) line(`${node}: ${count} results`);
  // Uneven figures mean skewed keys: one worker did more of the work while the other waited.
  if (result.workerCpuSeconds.length > 0)
    line(`worker threads' CPU: ${result.workerCpuSeconds.map((s) => `${s.toFixed(2)} s`).join(', ')}`);
  for (const [node, file] of Object.entries(parsed.outputs)) {
    const events = result.results[node] ?? [];
    await writeFile(resolve(file), events.map((e) => `${JSON.stringify(e)}\n`).join(''));
    line(`output ${node}: ${file}`);
  }
  line(`run finished in ${(result.wallMs / 1000).toFixed(2)} s`);
  return 0;
}
