import { getKind } from '@eventide/shared';
import type { NodeContext } from './context.js';
import { ident, relationName, str } from './sql-text.js';
import type { Relation } from './types.js';

function sinkTable(ctx: NodeContext, input: Relation, withs: [string, string][]) {
  const name = relationName('sink_', ctx.node.id);
  const cols = input.columns.map((c) => `  ${ident(c.name)} ${c.sql}`);
  ctx.create(
    `CREATE TABLE ${name} (\n${cols.join(',\n')}\n) WITH (\n${withs.map(([k, v]) => `  ${str(k)} = ${str(v)}`).join(',\n')}\n)`,
  );
  ctx.insert(
    `INSERT INTO ${name}\nSELECT ${input.columns.map((c) => ident(c.name)).join(', ')} FROM ${input.name}`,
  );
}

const files = (path: string): [string, string][] => [
  ['connector', 'filesystem'],
  ['path', path],
  ['format', 'json'],
];

/**
 * Sinks: an --output redirect or sink.file -> the filesystem connector (a directory of JSON-lines
 * part files); sink.kafka -> a Kafka table; dashboard panels -> a Kafka result topic per panel,
 * which the Eventide server reads into the same live topics. Other sinks are refused.
 */
export function sink(ctx: NodeContext) {
  const input = ctx.input();
  if (!input) return;
  const redirect = ctx.options.outputs?.[ctx.node.id];
  if (redirect) return sinkTable(ctx, input, files(redirect));
  if (ctx.options.outputsOnly) return;
  const kind = ctx.node.kind;
  const kafka = (topic: string, servers?: string): [string, string][] => [
    ['connector', 'kafka'],
    ['topic', topic],
    ['properties.bootstrap.servers', servers ?? ctx.options.kafkaBootstrapServers ?? '127.0.0.1:19092'],
    ['format', 'json'],
  ];
  if (kind === 'sink.file') return sinkTable(ctx, input, files(ctx.params('sink.file').path));
  if (kind === 'sink.kafka') {
    const p = ctx.params('sink.kafka');
    // Flink keys messages by columns: a key that is one field translates, a computed one does not.
    const keyField = p.key && /^[A-Za-z_][A-Za-z0-9_]*$/.test(p.key.trim()) ? p.key.trim() : undefined;
    if (p.key && !keyField)
      return ctx.refuse(
        'key',
        'a computed message key has no Flink SQL equivalent (key.fields takes columns)',
      );
    if (p.headers.length > 0) return ctx.refuse('headers', 'computed headers have no Flink SQL equivalent');
    if (p.sasl.mechanism !== 'none')
      return ctx.refuse('sasl.mechanism', 'a SASL login would put the password into the SQL text');
    const delivery: [string, string][] =
      p.delivery === 'exactly-once'
        ? [
            ['sink.delivery-guarantee', 'exactly-once'],
            // Per pipeline and node: two deployed pipelines must never fence each other's transactions.
            ['sink.transactional-id-prefix', `eventide-${ctx.pipelineId}-${ctx.node.id}`],
            // Flink's default (1 h) is over a broker's default transaction.max.timeout.ms (15 min):
            // the producer would be refused at start.
            ['properties.transaction.timeout.ms', '900000'],
          ]
        : [['sink.delivery-guarantee', 'at-least-once']];
    const key: [string, string][] = keyField
      ? [
          ['key.format', 'raw'],
          ['key.fields', keyField],
          ['value.fields-include', 'ALL'],
        ]
      : [];
    return sinkTable(ctx, input, [...kafka(p.topic, p.bootstrapServers), ...key, ...delivery]);
  }
  if (getKind(kind)?.panel) return sinkTable(ctx, input, kafka(ctx.resultTopic(ctx.node.id)));
  if (kind === 'sink.console') return sinkTable(ctx, input, [['connector', 'print']]);
  ctx.refuse('', `${kind} runs in the Eventide server only: no Flink connector writes it`);
}
