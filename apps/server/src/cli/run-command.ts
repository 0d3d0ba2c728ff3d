import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { createRun, type PipelineRun, resolveParallelism, type Source } from '@eventide/engine';
import { formatIssue, getKind, type PipelineDocument, validateDocument } from '@eventide/shared';
import { runOnFlink } from '../flink/run-on-flink.js';
import { FlinkRunner, flinkMissing } from '../flink/runner.js';
import { batchFedSinks } from '../host/batch-inputs.js';
import { RunConnectors } from '../host/run-connectors.js';
import { slugify } from '../storage/slug.js';
import { callerCwd } from './caller-cwd.js';
import { progressBar, progressLine, summaryTable } from './progress.js';
import { parseRunArgs, RUN_USAGE, type RunArgs } from './run-args.js';
import { runParallelCommand } from './run-parallel.js';

export interface RunCommandIo {
  /** Where relative paths resolve: the caller's working directory. */
  cwd: string;
  /** Console sink lines. */
  stdout: (line: string) => void;
  /** Progress, summary and errors. */
  stderr: (text: string) => void;
  isTTY: boolean;
}

const defaultIo = (out: (line: string) => void): RunCommandIo => ({
  cwd: callerCwd(),
  stdout: out,
  stderr: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stderr.isTTY),
});

/**
 * `eventide run FILE`: runs a pipeline headless until every bounded input ended and every window
 * flushed. --input replaces a source by a JSONL replay, --output writes a sink's results as JSONL.
 * Exit 0 when the run finished, 1 for an invalid document or a failed run, 2 for bad arguments.
 */
export async function runCommand(
  args: string[],
  out: (line: string) => void,
  ioOverride?: Partial<RunCommandIo>,
): Promise<number> {
  const io = { ...defaultIo(out), ...ioOverride };
  const line = (text: string) => io.stderr(`${text}\n`);
  let parsed: RunArgs;
  try {
    parsed = parseRunArgs(args);
  } catch (e) {
    line(`eventide run: ${(e as Error).message}`);
    line(RUN_USAGE);
    return 2;
  }
  const resolve = (p: string) => path.resolve(io.cwd, p);

  let json: unknown;
  try {
    json = JSON.parse(await readFile(resolve(parsed.file), 'utf8'));
  } catch (e) {
    line(`document: cannot read ${parsed.file}: ${(e as Error).message}`);
    return 1;
  }
  const validation = validateDocument(json);
  if (!validation.ok || !validation.document) {
    for (const issue of validation.errors) line(formatIssue(issue));
    return 1;
  }
  const document = structuredClone(validation.document);
  const problems = checkRedirects(document, parsed, validation.params);
  if (problems.length > 0) {
    for (const p of problems) line(p);
    return 1;
  }
  for (const [node, file] of Object.entries(parsed.inputs))
    if (!exists(resolve(file))) {
      line(`--input ${node}: no file ${file}`);
      return 1;
    }
  if (parsed.engine === 'flink') return runFlink(document, parsed, resolve, line);
  if (parsed.parallelism !== undefined) document.settings.parallelism = parsed.parallelism;
  const parallelism = resolveParallelism(document, availableParallelism());
  if (parallelism > 1) return runParallelCommand(document, parsed, parallelism, resolve, io);

  const errors = new Map<string, number>();
  const connectors = new RunConnectors({
    baseDir: io.cwd,
    confine: false,
    batchFed: batchFedSinks(document),
    allowPrivateWebhooks: process.env.EVENTIDE_ALLOW_PRIVATE_WEBHOOKS === '1',
    publishSink: () => undefined,
    publishChannel: () => undefined,
    print: io.stdout,
    countError: (node, reason) => {
      errors.set(node, (errors.get(node) ?? 0) + 1);
      line(`error: node ${node}: ${reason}`);
    },
    countDropped: (node, n, reason) => line(`dropped ${n}: node ${node}: ${reason}`),
    outputFiles: Object.fromEntries(Object.entries(parsed.outputs).map(([n, f]) => [n, resolve(f)])),
    speed: parsed.speed,
    limits: document.settings.limits,
    // Exactly-once Kafka sinks name their transactions after it: one per pipeline, stable across runs.
    runId: `cli-${slugify(document.name)}`,
  });
  const sourceOverrides: Record<string, Source> = {};
  for (const [node, file] of Object.entries(parsed.inputs)) {
    const timeField = document.nodes.find((n) => n.id === node)?.params.timeField;
    sourceOverrides[node] = connectors.replay(node, resolve(file), {
      format: 'jsonl',
      speed: parsed.speed,
      timeField: typeof timeField === 'string' ? timeField : 'ts',
    });
  }
  // Generators follow --speed: as fast as possible unless real time was asked for.
  for (const node of document.nodes)
    if (node.kind === 'source.generator' && !parsed.inputs[node.id])
      node.params = {
        ...validation.params.get(node.id),
        pacing: parsed.speed === 'max' ? 'max' : 'realtime',
      };

  let run: PipelineRun;
  try {
    run = createRun(document, {
      runId: 'cli',
      sources: connectors.sources,
      sinkFor: connectors.sinkFor,
      sourceOverrides,
    });
  } catch (e) {
    line((e as Error).message);
    return 1;
  }

  const started = Date.now();
  const progress = progressOf(run, connectors, document, validation.params);
  const report = () => {
    const m = run.metrics();
    const eventsIn = Object.entries(m.nodes)
      .filter(([id]) => getKind(kindOf(document, id))?.category === 'source')
      .reduce((n, [, node]) => n + node.out, 0);
    return { eventsIn, fraction: progress() };
  };
  const timer = setInterval(
    () => {
      const { eventsIn, fraction } = report();
      if (io.isTTY) io.stderr(`\r${progressBar(fraction, eventsIn, Date.now() - started)}`);
      else line(progressLine(fraction, eventsIn, Date.now() - started));
    },
    io.isTTY ? 100 : 1000,
  );
  const interrupt = () => void run.stop();
  process.once('SIGINT', interrupt);
  run.start();
  const end = await run.done;
  clearInterval(timer);
  process.off('SIGINT', interrupt);

  const metrics = run.metrics();
  for (const [node, n] of errors) {
    const m = metrics.nodes[node];
    if (m) m.errors += n;
  }
  if (io.isTTY)
    io.stderr(
      `\r${progressBar(end.state === 'finished' ? 1 : progress(), report().eventsIn, Date.now() - started)}\n`,
    );
  const kinds = new Map(document.nodes.map((n) => [n.id, n.kind]));
  for (const row of summaryTable(metrics, kinds)) line(row);
  const elapsed = ((Date.now() - started) / 1000).toFixed(2);
  if (end.state === 'failed') {
    line(`run failed after ${elapsed} s: ${end.error ?? 'unknown error'}`);
    return 1;
  }
  line(`run ${end.state} in ${elapsed} s`);
  for (const [node, file] of Object.entries(parsed.outputs)) line(`output ${node}: ${file}`);
  return end.state === 'finished' ? 0 : 130;
}

/** Redirected nodes must exist with the right role, and every input left must end by itself. */
function checkRedirects(
  doc: PipelineDocument,
  args: RunArgs,
  params: Map<string, Record<string, unknown>>,
): string[] {
  const problems: string[] = [];
  const category = (id: string) => getKind(kindOf(doc, id))?.category;
  for (const node of Object.keys(args.inputs))
    if (category(node) !== 'source')
      problems.push(`--input ${node}: no source node "${node}" in the document`);
  for (const node of Object.keys(args.outputs))
    if (category(node) !== 'sink') problems.push(`--output ${node}: no sink node "${node}" in the document`);
  for (const node of doc.nodes) {
    if (args.inputs[node.id] !== undefined) continue;
    if (node.kind === 'source.http-ingest' || node.kind === 'source.websocket-ingest')
      problems.push(
        `node ${node.id}: ${node.kind} never ends: replace it with --input ${node.id}=FILE.jsonl`,
      );
    if (node.kind === 'source.generator' && !(Number(params.get(node.id)?.limit) > 0))
      problems.push(
        `node ${node.id}: an unbounded generator never ends: set params.limit, or replace it with --input ${node.id}=FILE.jsonl`,
      );
  }
  return problems;
}

/** Share of the bounded inputs consumed: bytes of replayed files, events of limited generators. */
function progressOf(
  run: PipelineRun,
  connectors: RunConnectors,
  doc: PipelineDocument,
  params: Map<string, Record<string, unknown>>,
): () => number | undefined {
  const sizes = new Map<string, number>();
  for (const [node, replay] of connectors.replays) sizes.set(node, fileSize(replay.file));
  return () => {
    const parts: number[] = [];
    for (const [node, replay] of connectors.replays) {
      const size = sizes.get(node) ?? 0;
      parts.push(size > 0 ? replay.bytesRead() / size : 1);
    }
    const m = run.metrics();
    for (const node of doc.nodes) {
      if (node.kind !== 'source.generator' || connectors.replays.has(node.id)) continue;
      const limit = Number(params.get(node.id)?.limit);
      if (limit > 0) parts.push((m.nodes[node.id]?.out ?? 0) / limit);
    }
    return parts.length ? parts.reduce((a, b) => a + b, 0) / parts.length : undefined;
  };
}

function kindOf(doc: PipelineDocument, id: string): string {
  return doc.nodes.find((n) => n.id === id)?.kind ?? '';
}

function exists(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** `--engine flink`: compile, run on a local MiniCluster, write the same JSON lines as the engine would. */
async function runFlink(
  document: PipelineDocument,
  parsed: RunArgs,
  resolve: (p: string) => string,
  line: (text: string) => void,
): Promise<number> {
  if (Object.keys(parsed.outputs).length === 0) {
    line('--engine flink writes only the sinks named by --output: name at least one');
    return 2;
  }
  const missing = flinkMissing();
  if (missing) {
    line(missing);
    return 1;
  }
  const started = Date.now();
  const runner = new FlinkRunner();
  try {
    const abs = (m: Record<string, string>) =>
      Object.fromEntries(Object.entries(m).map(([k, v]) => [k, resolve(v)]));
    const result = await runOnFlink(
      document,
      { inputs: abs(parsed.inputs), outputs: abs(parsed.outputs) },
      runner,
    );
    if (!result.ok) {
      for (const r of result.refusals)
        line(`node ${r.node}: ${r.path ? `${r.path}: ` : ''}not translated to Flink SQL: ${r.reason}`);
      if (result.error) line(`flink: ${result.error}`);
      return 1;
    }
    for (const [node, n] of Object.entries(result.rows))
      line(`output ${node}: ${parsed.outputs[node]} (${n} rows)`);
    line(
      `run finished on Flink in ${((Date.now() - started) / 1000).toFixed(2)} s (job ${(result.ms / 1000).toFixed(2)} s)`,
    );
    return 0;
  } finally {
    await runner.close();
  }
}
