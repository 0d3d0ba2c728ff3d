import { type FieldType, GENERATOR_FIELDS } from '@eventide/shared';
import type { NodeContext } from './context.js';
import { translateExpr } from './expr.js';
import { nexmarkColumns } from './nexmark-datagen.js';
import { ident, interval, num, relationName, str } from './sql-text.js';
import { type Column, type Relation, sqlTypeOf } from './types.js';

/** Columns of a source from the schema the validator inferred for its output. */
export function sourceColumns(ctx: NodeContext, fields: Record<string, FieldType>): Column[] | undefined {
  const cols: Column[] = [];
  for (const [name, type] of Object.entries(fields)) {
    const sql = sqlTypeOf(type);
    if (!sql) {
      ctx.refuse(
        'fields',
        `field "${name}" is of type ${type}: Flink columns need a declared number, string or boolean type`,
      );
      return undefined;
    }
    cols.push({ name, type, sql });
  }
  return cols;
}

/**
 * The watermark of a source table, when its only consumer that gives event time is an assign-timestamps
 * node right after it: Flink declares event time on the table itself.
 */
export interface SourceTime {
  /** The assign-timestamps node, which also gets this table as its output. */
  node: string;
  timestamp: string;
  maxOutOfOrdernessMs: number;
  idleTimeoutMs: number;
  /** Refusals about the time are the assign-timestamps node's, at its own param paths. */
  refuse: NodeContext['refuse'];
}

function columnsDdl(cols: Column[]): string[] {
  return cols.map((c) => `  ${ident(c.name)} ${c.sql}`);
}

/** `rowtime AS ...` and `WATERMARK FOR rowtime AS rowtime - INTERVAL ...`, or a refusal. */
function timeDdl(cols: Column[], time: SourceTime, inline?: Record<string, string>): string[] | undefined {
  const t = translateExpr(time.timestamp, { columns: cols, inline });
  if (!t.ok) {
    time.refuse('timestamp', t.message, t);
    return undefined;
  }
  return [
    `  \`rowtime\` AS TO_TIMESTAMP_LTZ(CAST(${t.expr.sql} AS BIGINT), 3)`,
    `  WATERMARK FOR \`rowtime\` AS \`rowtime\` - ${interval(time.maxOutOfOrdernessMs)}`,
  ];
}

function createTable(
  ctx: NodeContext,
  cols: Column[],
  extra: string[],
  withs: [string, string][],
  time?: SourceTime,
) {
  const lines = [...columnsDdl(cols), ...extra];
  const name = relationName('src_', ctx.node.id);
  ctx.create(
    `CREATE TABLE ${name} (\n${lines.join(',\n')}\n) WITH (\n${withs.map(([k, v]) => `  ${str(k)} = ${str(v)}`).join(',\n')}\n)`,
  );
  const relation: Relation = { name, columns: cols, rowtime: time !== undefined };
  ctx.output('out', relation);
  return relation;
}

/** A JSON-lines file read by the filesystem connector (file-replay, or any source given --input). */
export function fileSource(
  ctx: NodeContext,
  path: string,
  cols: Column[],
  time?: SourceTime,
): Relation | undefined {
  const timeLines = time ? timeDdl(cols, time) : [];
  if (!timeLines) return undefined;
  return createTable(
    ctx,
    cols,
    timeLines,
    [
      ['connector', 'filesystem'],
      ['path', path],
      ['format', 'json'],
      ['json.ignore-parse-errors', 'false'],
    ],
    time,
  );
}

/** A Kafka topic of JSON events. */
export function kafkaSource(ctx: NodeContext, cols: Column[], time?: SourceTime): Relation | undefined {
  const p = ctx.params('source.kafka');
  const timeLines = time ? timeDdl(cols, time) : [];
  if (!timeLines) return undefined;
  // What Flink's Kafka table cannot do as Eventide does is refused, never approximated.
  const refusal =
    p.format !== 'json'
      ? (['format', `${p.format} values: the Flink translation reads JSON only`] as const)
      : p.history
        ? (['history', 'history then live has no Flink SQL equivalent here'] as const)
        : p.sasl.mechanism !== 'none'
          ? (['sasl.mechanism', 'a SASL login would put the password into the SQL text'] as const)
          : undefined;
  if (refusal) {
    ctx.refuse(refusal[0], refusal[1]);
    return undefined;
  }
  const startup: [string, string][] =
    p.startFrom === 'timestamp'
      ? [
          ['scan.startup.mode', 'timestamp'],
          ['scan.startup.timestamp-millis', String(p.startTimestamp)],
        ]
      : [
          [
            'scan.startup.mode',
            { earliest: 'earliest-offset', latest: 'latest-offset', committed: 'group-offsets' }[p.startFrom],
          ],
        ];
  const withs: [string, string][] = [
    ['connector', 'kafka'],
    ['topic', p.topics.join(';')],
    [
      'properties.bootstrap.servers',
      p.bootstrapServers ?? ctx.options.kafkaBootstrapServers ?? '127.0.0.1:19092',
    ],
    ['properties.group.id', p.group],
    ...startup,
    ...(p.bounded ? ([['scan.bounded.mode', 'latest-offset']] satisfies [string, string][]) : []),
    ['format', 'json'],
  ];
  if (time && time.idleTimeoutMs > 0) withs.push(['scan.watermark.idle-timeout', `${time.idleTimeoutMs} ms`]);
  return createTable(ctx, cols, timeLines, withs, time);
}

/**
 * A generator as Flink's datagen connector: the preset's fields with the same types, the same rate
 * and key cardinality, event times startTime + i / rate (a sequence), but datagen's own random
 * values: the rows are not the embedded generator's (a warning says so).
 */
export function generatorSource(ctx: NodeContext, time?: SourceTime): Relation | undefined {
  const p = ctx.params('source.generator');
  const fields = GENERATOR_FIELDS[p.preset];
  const cols = sourceColumns(ctx, fields);
  if (!cols) return undefined;
  const key = (prefix: string) => `CONCAT(${str(prefix)}, CAST(\`k\` AS STRING))`;
  const eventTime = `${num(p.startTime)} + CAST(\`i\` AS DOUBLE) * ${num(1000 / p.ratePerSec)}`;
  const computed: Record<string, string> = { ts: eventTime };
  switch (p.preset) {
    case 'sensors':
      computed.sensor = key('sensor-');
      computed.temperature = `15 + \`r\` * 20`;
      computed.humidity = `\`r\` * 100`;
      break;
    case 'logins':
      computed.user = key('user-');
      computed.type = `CASE WHEN \`r\` < ${num(p.failureRate)} THEN 'fail' ELSE 'success' END`;
      computed.ip = `CONCAT('10.0.0.', CAST(\`k\` AS STRING))`;
      break;
    case 'clicks':
      computed.user = key('user-');
      computed.page = `CONCAT('/page/', CAST(FLOOR(\`r\` * 10) AS STRING))`;
      computed.referrer = `'direct'`;
      break;
    case 'trades':
      computed.symbol = key('SYM');
      computed.price = `1 + \`r\` * 999`;
      computed.volume = `FLOOR(\`r\` * 1000)`;
      computed.side = `CASE WHEN \`r\` < 0.5 THEN 'buy' ELSE 'sell' END`;
      break;
    case 'nexmark':
      Object.assign(computed, nexmarkColumns(eventTime));
      break;
  }
  const defined = Object.fromEntries(
    cols.map((c) => [c.name, `CAST(${computed[c.name] ?? 'NULL'} AS ${c.sql})`]),
  );
  const lines = [
    '  `i` BIGINT',
    '  `k` INT',
    '  `r` DOUBLE',
    ...cols.map((c) => `  ${ident(c.name)} AS ${defined[c.name]}`),
  ];
  const timeLines = time ? timeDdl(cols, time, defined) : [];
  if (!timeLines) return undefined;
  ctx.warn(
    'preset',
    `datagen produces the ${p.preset} preset's fields, rate and key cardinality with its own random values, not the embedded generator's sequence: feed the same data through a file or Kafka source to compare results`,
  );
  const withs: [string, string][] = [
    ['connector', 'datagen'],
    ['rows-per-second', String(Math.max(1, Math.round(p.ratePerSec)))],
    ['fields.i.kind', 'sequence'],
    ['fields.i.start', '0'],
    ['fields.i.end', String(p.limit > 0 ? p.limit - 1 : Number.MAX_SAFE_INTEGER)],
    ['fields.k.min', '0'],
    ['fields.k.max', String(p.keyCardinality - 1)],
    ['fields.r.min', '0'],
    ['fields.r.max', '1'],
  ];
  const name = relationName('src_', ctx.node.id);
  ctx.create(
    `CREATE TABLE ${name} (\n${[...lines, ...timeLines].join(',\n')}\n) WITH (\n${withs.map(([k, v]) => `  ${str(k)} = ${str(v)}`).join(',\n')}\n)`,
  );
  // Only the preset's fields go on: a view hides the datagen helper columns.
  const view = relationName('v_', ctx.node.id);
  ctx.create(
    `CREATE TEMPORARY VIEW ${view} AS\nSELECT ${[...cols.map((c) => ident(c.name)), ...(time ? ['`rowtime`'] : [])].join(', ')}\nFROM ${name}`,
  );
  const relation: Relation = { name: view, columns: cols, rowtime: time !== undefined };
  ctx.output('out', relation);
  return relation;
}
