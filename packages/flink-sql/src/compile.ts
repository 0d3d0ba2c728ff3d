import { getKind, type PipelineDocument, validateDocument } from '@eventide/shared';
import { pattern } from './cep.js';
import {
  type FlinkSqlOptions,
  type FlinkSqlResult,
  makeParams,
  type NodeContext,
  type Statement,
} from './context.js';
import { intervalJoin, regularJoin, windowJoin } from './joins.js';
import { sink } from './sinks.js';
import { fileSource, generatorSource, kafkaSource, type SourceTime, sourceColumns } from './sources.js';
import { ident, relationName, str } from './sql-text.js';
import { topN } from './top-n.js';
import { filter, keyBy, map, microBatch, route, union } from './transforms.js';
import type { Column, Refusal, Relation } from './types.js';
import { countWindow, runningAggregate, window } from './windows.js';

type Handler = (ctx: NodeContext) => void;

const HANDLERS: Record<string, Handler> = {
  'transform.filter': filter,
  'transform.map': map,
  'transform.key-by': keyBy,
  'transform.route': route,
  'transform.union': union,
  'transform.micro-batch': microBatch,
  'window.tumbling': (ctx) => window(ctx, 'tumbling'),
  'window.sliding': (ctx) => window(ctx, 'sliding'),
  'window.session': (ctx) => window(ctx, 'session'),
  'window.count': countWindow,
  'window.top-n': topN,
  'window.running': runningAggregate,
  'cep.pattern': pattern,
  'join.window-join': windowJoin,
  'join.interval-join': intervalJoin,
  'join.regular': regularJoin,
};

/** Why a kind is refused whole. */
const UNTRANSLATED: Record<string, string> = {
  'source.http-ingest':
    'HTTP ingest is served by the Eventide server: replace it with a Kafka source (or --input FILE)',
  'source.websocket-ingest':
    'websocket ingest is served by the Eventide server: replace it with a Kafka source (or --input FILE)',
  'transform.dedupe':
    "dedupe keeps a time-bounded set of seen keys; Flink SQL's deduplication (ROW_NUMBER) keeps them forever",
};

/** A name for topics and jobs: lower-case letters, digits and "-". */
export function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'pipeline'
  );
}

/**
 * Compiles a pipeline document to a Flink SQL script: deterministic, readable, one commented block
 * per node. What has no faithful translation is refused by node and param path, never approximated;
 * translations with a documented difference are warnings. Browser-safe (no Node API).
 */
export function compileToFlinkSql(document: unknown, options: FlinkSqlOptions = {}): FlinkSqlResult {
  const validation = validateDocument(document);
  const refusals: Refusal[] = [];
  const warnings: Refusal[] = [];
  const resultTopics: Record<string, string> = {};
  const doc = validation.document;
  if (!validation.ok || !doc) {
    for (const e of validation.errors)
      refusals.push({ node: e.node ?? e.edge ?? '', path: e.path, reason: `invalid document: ${e.message}` });
    return { sql: '-- the document is invalid: nothing to compile\n', refusals, warnings, resultTopics };
  }
  const pipelineId = options.pipelineId ?? slug(doc.name);
  const statements: Statement[] = [];
  const inserts: Statement[] = [];
  const settings = new Map<string, string>([['table.local-time-zone', 'UTC']]);
  const checkpoint = options.checkpointIntervalMs ?? doc.settings?.checkpointIntervalMs;
  if (checkpoint) settings.set('execution.checkpointing.interval', `${checkpoint} ms`);
  const outputs = new Map<string, Relation>();
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const times = sourceTimes(doc, validation.params, refusals);
  let unionCount = 0;

  for (const id of validation.order) {
    const node = byId.get(id);
    if (!node) continue;
    const raw = validation.params.get(id) ?? {};
    const ctx: NodeContext = {
      doc,
      options,
      node,
      raw,
      params: makeParams(raw),
      input(port = 'in') {
        const rels = doc.edges
          .filter((e) => e.target === id && e.targetPort === port)
          .map((e) => outputs.get(`${e.source}:${e.sourcePort}`));
        if (rels.length === 0 || rels.some((r) => r === undefined)) return undefined;
        const defined = rels.filter((r): r is Relation => r !== undefined);
        if (defined.length === 1) return defined[0];
        return unionAll(ctx, defined, `${id}__union${unionCount++}`);
      },
      connected: (port) => doc.edges.some((e) => e.source === id && e.sourcePort === port),
      output: (port, rel) => outputs.set(`${id}:${port}`, rel),
      create: (sql) => statements.push({ node: id, sql }),
      insert: (sql) => inserts.push({ node: id, sql }),
      setOption: (k, v) => settings.set(k, v),
      refuse: (path, reason, range) =>
        refusals.push({ node: id, path, reason, ...(range ? { start: range.start, end: range.end } : {}) }),
      warn: (path, reason) => warnings.push({ node: id, path, reason }),
      resultTopic: (n) => {
        const topic = `eventide.${pipelineId}.${n}`;
        resultTopics[n] = topic;
        return topic;
      },
      upstreamKey: () => validation.inputs.get(id)?.in?.key ?? [],
      pipelineId,
    };
    compileNode(ctx, times);
  }

  const idle = [...times.values()].map((t) => t.idleTimeoutMs).filter((ms) => ms > 0);
  if (idle.length > 0) settings.set('table.exec.source.idle-timeout', `${Math.min(...idle)} ms`);
  const sql = render(doc, settings, statements, inserts, refusals);
  return { sql, refusals, warnings, resultTopics };
}

function compileNode(ctx: NodeContext, times: Map<string, SourceTime>) {
  const { id, kind } = ctx.node;
  const spec = getKind(kind);
  const redirected = ctx.options.inputs?.[id];
  if (spec?.category === 'source') {
    const time = times.get(id);
    if (time) time.refuse = (path, reason, range) => ctx.refuse(path, reason, range);
    if (redirected || kind === 'source.file-replay') {
      const path = redirected ?? ctx.params('source.file-replay').path;
      if (!redirected && ctx.params('source.file-replay').format !== 'jsonl')
        return ctx.refuse(
          'format',
          'only JSON lines are translated (the filesystem connector with the json format)',
        );
      const fields = streamFields(ctx);
      const cols = fields && sourceColumns(ctx, fields);
      if (cols) fileSource(ctx, path, cols, time);
      return;
    }
    if (kind === 'source.generator') return void generatorSource(ctx, time);
    if (kind === 'source.kafka') {
      const fields = streamFields(ctx);
      const cols = fields && sourceColumns(ctx, fields);
      if (cols) kafkaSource(ctx, cols, time);
      return;
    }
    return ctx.refuse('', UNTRANSLATED[kind] ?? `${kind} has no Flink connector`);
  }
  if (kind === 'time.assign-timestamps') {
    const upstream = ctx.input();
    if (!upstream) return;
    if (!upstream.rowtime)
      return ctx.refuse(
        '',
        'Flink declares event time on the source table: assign-timestamps must come right after a source, as its only time assignment',
      );
    if (ctx.connected('error'))
      return ctx.refuse('', 'its error port is connected: Flink fails the job on a row without a valid time');
    ctx.output('out', upstream);
    return;
  }
  if (spec?.category === 'sink') return sink(ctx);
  const handler = HANDLERS[kind];
  if (handler) return handler(ctx);
  ctx.refuse('', UNTRANSLATED[kind] ?? `${kind} has no Flink SQL translation`);
}

/** The fields the validator inferred for a source's output. */
function streamFields(ctx: NodeContext) {
  const spec = getKind(ctx.node.kind);
  if (!spec) return undefined;
  const out = spec.inferOutputs(ctx.raw as never, {}).out;
  if (!out) return undefined;
  return out.schema.fields;
}

/**
 * Sources followed by an assign-timestamps node get its event time in their table. A source may have
 * one such node; an assign-timestamps anywhere else is refused when its turn comes.
 */
function sourceTimes(
  doc: PipelineDocument,
  validated: Map<string, Record<string, unknown>>,
  refusals: Refusal[],
): Map<string, SourceTime> {
  const times = new Map<string, SourceTime>();
  const kinds = new Map(doc.nodes.map((n) => [n.id, n.kind]));
  for (const e of doc.edges) {
    if (kinds.get(e.target) !== 'time.assign-timestamps') continue;
    if (getKind(kinds.get(e.source) ?? '')?.category !== 'source') continue;
    const p = validated.get(e.target) ?? {};
    if (times.has(e.source)) {
      refusals.push({
        node: e.target,
        path: '',
        reason: `source ${e.source} already has an assign-timestamps node; a Flink table has one watermark`,
      });
      continue;
    }
    times.set(e.source, {
      node: e.target,
      timestamp: typeof p.timestamp === 'string' ? p.timestamp : 'ts',
      maxOutOfOrdernessMs: typeof p.maxOutOfOrdernessMs === 'number' ? p.maxOutOfOrdernessMs : 0,
      idleTimeoutMs: typeof p.idleTimeoutMs === 'number' ? p.idleTimeoutMs : 0,
      refuse: () => undefined,
    });
  }
  return times;
}

/** Several edges on one port: UNION ALL of their columns, a column missing on one side as a typed NULL. */
function unionAll(ctx: NodeContext, rels: Relation[], viewId: string): Relation | undefined {
  const cols: Column[] = [];
  for (const r of rels)
    for (const c of r.columns) {
      const known = cols.find((k) => k.name === c.name);
      if (!known) cols.push(c);
      else if (known.sql !== c.sql) {
        ctx.refuse('', `field "${c.name}" arrives as ${known.sql} and as ${c.sql}: UNION ALL needs one type`);
        return undefined;
      }
    }
  const rowtime = rels.every((r) => r.rowtime);
  const name = relationName('v_', viewId);
  const selects = rels.map((r) => {
    const list = cols.map((c) =>
      r.columns.some((rc) => rc.name === c.name)
        ? ident(c.name)
        : `CAST(NULL AS ${c.sql}) AS ${ident(c.name)}`,
    );
    if (rowtime) list.push('`rowtime`');
    return `SELECT ${list.join(', ')} FROM ${r.name}`;
  });
  ctx.create(`CREATE TEMPORARY VIEW ${name} AS\n${selects.join('\nUNION ALL\n')}`);
  return { name, columns: cols, rowtime };
}

function render(
  doc: PipelineDocument,
  settings: Map<string, string>,
  statements: Statement[],
  inserts: Statement[],
  refusals: Refusal[],
): string {
  const lines: string[] = [
    `-- Eventide pipeline "${comment(doc.name)}" compiled to Flink SQL (Flink 2.2).`,
    '-- Times are epoch milliseconds, window_start and window_end as in Eventide results.',
  ];
  if (refusals.length > 0)
    lines.push(
      `-- NOT DEPLOYABLE: ${refusals.length} refusal(s), listed by node and param path:`,
      ...refusals.map((r) => `--   node ${r.node}${r.path ? `: ${r.path}` : ''}: ${comment(r.reason)}`),
    );
  lines.push('');
  for (const [k, v] of settings) lines.push(`SET ${str(k)} = ${str(v)};`);
  let last = '';
  for (const s of statements) {
    if (s.node !== last) lines.push('', `-- node ${s.node}`);
    last = s.node;
    lines.push(`${s.sql};`);
  }
  if (inserts.length > 0) {
    lines.push('', 'EXECUTE STATEMENT SET BEGIN');
    for (const s of inserts) lines.push(`-- node ${s.node}`, `${s.sql};`);
    lines.push('END;');
  }
  return `${lines.join('\n')}\n`;
}

/** Comment text on one line, without semicolons (SQL tools split scripts at them, even in comments). */
export function comment(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replaceAll(';', ',');
}
