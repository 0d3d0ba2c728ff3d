import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileToFlinkSql, type Refusal } from '@eventide/flink-sql';
import type { FlinkRunner } from './runner.js';

export type FlinkRunResult =
  | { ok: true; ms: number; rows: Record<string, number>; sql: string }
  | { ok: false; refusals: Refusal[]; error?: string; sql: string };

/**
 * Runs a document on Flink the way `eventide run` runs it on the embedded engine: inputs replayed
 * from JSON-lines files, the named sinks written as JSON lines. The compiled script writes each sink
 * to a directory (Flink's filesystem sink); the part files are then joined, each line re-serialised
 * by JSON.stringify so numbers print as the engine prints them (Flink writes 1.7E12).
 */
export async function runOnFlink(
  document: unknown,
  io: { inputs: Record<string, string>; outputs: Record<string, string> },
  runner: FlinkRunner,
): Promise<FlinkRunResult> {
  const work = await mkdtemp(path.join(tmpdir(), 'eventide-flink-'));
  try {
    const dirs = Object.fromEntries(
      Object.keys(io.outputs).map((node) => [node, path.join(work, `out-${node}`)]),
    );
    const compiled = compileToFlinkSql(document, {
      inputs: io.inputs,
      outputs: dirs,
      outputsOnly: true,
      // The filesystem sink commits on checkpoints: a short interval ends bounded runs sooner.
      checkpointIntervalMs: 200,
    });
    if (compiled.refusals.length > 0) return { ok: false, refusals: compiled.refusals, sql: compiled.sql };
    const script = path.join(work, 'pipeline.sql');
    await writeFile(script, compiled.sql);
    const outcome = await runner.run(script);
    if (!outcome.ok) return { ok: false, refusals: [], error: outcome.error, sql: compiled.sql };
    const rows: Record<string, number> = {};
    for (const [node, file] of Object.entries(io.outputs)) {
      const lines = await partLines(dirs[node] ?? '');
      rows[node] = lines.length;
      await writeFile(file, lines.map((l) => `${l}\n`).join(''));
    }
    return { ok: true, ms: outcome.ms, rows, sql: compiled.sql };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The committed part files of a filesystem sink directory (in-progress files start with "."), in name order. */
async function partLines(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => !n.startsWith('.')).sort();
  } catch {
    return [];
  }
  const lines: string[] = [];
  for (const n of names)
    for (const line of (await readFile(path.join(dir, n), 'utf8')).split('\n'))
      if (line.trim()) lines.push(JSON.stringify(JSON.parse(line)));
  return lines;
}
