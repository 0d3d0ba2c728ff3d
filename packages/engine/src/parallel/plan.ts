/**
 * Splits a pipeline into stages for a parallel run (settings.parallelism), as Flink's job graph
 * splits at keyBy: pure and framework-free, so the server, the CLI and tests plan alike.
 *
 * - A keyed operator (a window, top-N or dedupe with a key of its own or from key-by upstream, a
 *   keyed pattern, a join) starts a stage of N instances; each of its input edges becomes a hash
 *   exchange on that operator's key for the port, so one key always lands on one instance.
 * - A stateless node (filter, map, key-by, route, union) joins the stage of its inputs when they all
 *   come from one stage: keyed work continues downstream in the same instance until the next re-key.
 * - An unkeyed stateful node (a global window, assign-timestamps after an exchange, micro-batch) and
 *   every sink run once: they join their inputs' stage when it has one instance, else they start a
 *   single-instance stage that gathers from every instance.
 * - Sources form the first stage; it has N instances when every source can be split by index (the
 *   generator, as Flink's parallel sources split: at pacing max its instances take chunks of
 *   indexes on demand, chunk-claims.ts; paced, instance k makes the blocks b with b mod N = k), else 1.
 *   Assign-timestamps right behind them stays in it: each split has its watermark, and the stage
 *   after takes the minimum over the splits, which is never ahead of the single-instance watermark.
 * Stages are created in topological order and a node joins only a stage its inputs are in, so the
 * stage graph has no cycle, which aligned barriers need.
 */
import {
  MAX_PARALLELISM,
  type PipelineDocument,
  type PipelineEdge,
  validateDocument,
} from '@eventide/shared';
import { InvalidPipelineError } from '../compiler/compile.js';
import {
  type CombinedAggregation,
  PARTIAL_EVENTS,
  partialField,
  sendsPartials,
} from './partial-aggregates.js';
import type { SessionCombine } from './session-combiner.js';
import type { TopNCombine } from './top-n-combiner.js';
import type { WindowCombine } from './window-combiner.js';

export interface Stage {
  id: string;
  /** Node ids of the document this stage runs. */
  nodes: string[];
  parallelism: number;
  /** The stage holds the document's sources (it starts checkpoints; the others align barriers). */
  sources: boolean;
}

/** One cut edge: the sending stage's instances route each event to instances of the receiving one. */
export interface Exchange {
  edge: PipelineEdge;
  from: string;
  to: string;
  /** hash: by `key` (expressions over the event) mod the receiver's parallelism; gather: to instance 0. */
  route: { type: 'hash'; key: string[] } | { type: 'gather' };
  /**
   * The only fields the receiving node reads, when it is known to read no others (a window's key and
   * aggregated fields): the exchange sends just these, so less crosses between threads.
   */
  fields?: string[];
  /**
   * Local work in each sending instance: a top-N before a gather into an unkeyed window.top-n, or a
   * pre-aggregation per key and pane (counts, sums, minima, maxima) before a hash exchange into a
   * keyed tumbling or sliding window, or per key and run of events closer than the gap into a keyed
   * session window.
   */
  combine?: TopNCombine | WindowCombine | SessionCombine;
}

export interface ParallelPlan {
  parallelism: number;
  stages: Stage[];
  exchanges: Exchange[];
}

type Role =
  | { type: 'source'; splittable: boolean }
  | { type: 'stateless' }
  | { type: 'keyed'; keyOf: (port: string) => string[] }
  | { type: 'single' };

const STATELESS = new Set([
  'transform.filter',
  'transform.map',
  'transform.key-by',
  'transform.route',
  'transform.union',
]);
const KEYED_BY_FIELDS = new Set([
  'window.tumbling',
  'window.sliding',
  'window.session',
  'window.count',
  'window.top-n',
  'window.running',
  'transform.dedupe',
]);
/** Windows whose results hold only their key, aggregations and window bounds. */
const AGGREGATING_WINDOWS = new Set(['window.tumbling', 'window.sliding', 'window.session']);
const JOINS = new Set(['join.window-join', 'join.interval-join', 'join.regular']);

/** Parallelism a document asks for: settings.parallelism, "auto" = the host's cores. */
export function resolveParallelism(document: PipelineDocument, cores: number): number {
  const p = document.settings.parallelism ?? 1;
  return p === 'auto' ? Math.min(MAX_PARALLELISM, Math.max(1, Math.floor(cores))) : p;
}

/** The stages of a run of `input` with `parallelism` instances of each keyed stage. */
export function planParallel(
  input: unknown,
  parallelism: number,
  options: { unsplittable?: ReadonlySet<string> } = {},
): ParallelPlan {
  const validation = validateDocument(input);
  if (!validation.ok || !validation.document) throw new InvalidPipelineError(validation.errors);
  const doc = validation.document;
  const n = Math.max(1, Math.floor(parallelism));
  const kindOf = new Map(doc.nodes.map((x) => [x.id, x.kind]));

  const roleOf = (id: string): Role => {
    const kind = kindOf.get(id) ?? '';
    const params = validation.params.get(id) ?? {};
    const inputs = validation.inputs.get(id) ?? {};
    // A host may replace a generator by its own source (a test's inputs), which cannot be split.
    if (kind.startsWith('source.'))
      return { type: 'source', splittable: kind === 'source.generator' && !options.unsplittable?.has(id) };
    if (kind.startsWith('sink.')) return { type: 'single' };
    if (STATELESS.has(kind)) return { type: 'stateless' };
    if (KEYED_BY_FIELDS.has(kind)) {
      const own = stringList(params.keyBy);
      const key = own.length > 0 ? own : (inputs.in?.key ?? []);
      return key.length > 0 ? { type: 'keyed', keyOf: () => key } : { type: 'single' };
    }
    if (kind === 'cep.pattern') {
      const own = typeof params.key === 'string' ? params.key.trim() : '';
      const key = own !== '' ? [own] : (inputs.in?.key ?? []);
      return key.length > 0 ? { type: 'keyed', keyOf: () => key } : { type: 'single' };
    }
    if (JOINS.has(kind)) {
      const left = stringList(params.leftKey);
      const right = stringList(params.rightKey);
      if (left.length > 0 && left.length === right.length)
        return { type: 'keyed', keyOf: (port) => (port === 'right' ? right : left) };
    }
    return { type: 'single' };
  };

  /**
   * Fields an aggregating window reads besides its key: the aggregated ones and the fields max_by
   * and min_by order by. Null when it may read or emit more: a `where` condition or a session's
   * dynamicGap, an aggregation over whole events, or a late or error port that passes whole events on.
   */
  const fieldsRead = (id: string): string[] | null => {
    const kind = kindOf.get(id) ?? '';
    if (!AGGREGATING_WINDOWS.has(kind)) return null;
    if (doc.edges.some((e) => e.source === id && e.sourcePort !== 'out')) return null;
    if (validation.params.get(id)?.dynamicGap !== undefined) return null;
    const aggregations = validation.params.get(id)?.aggregations;
    if (!Array.isArray(aggregations)) return null;
    const fields: string[] = [];
    for (const a of aggregations as { fn?: unknown; field?: unknown; by?: unknown; where?: unknown }[]) {
      if (a.where !== undefined) return null;
      if (typeof a.by === 'string' && a.by !== '') fields.push(a.by.split('.')[0] as string);
      if (typeof a.field === 'string' && a.field !== '') fields.push(a.field.split('.')[0] as string);
      else if (a.fn !== 'count') return null;
    }
    return fields;
  };

  /** An event-time top-N keyed by `key` (none: unkeyed): what a local top-N before it needs (top-n-combiner.ts). */
  const topNCombine = (id: string, key: string[]): TopNCombine | null => {
    if (kindOf.get(id) !== 'window.top-n') return null;
    const p = validation.params.get(id) ?? {};
    if (p.timeMode === 'processing') return null;
    const { sizeMs, offsetMs, orderBy, descending, n: keep, withTies } = p;
    if (typeof sizeMs !== 'number' || typeof offsetMs !== 'number' || typeof orderBy !== 'string')
      return null;
    if (typeof descending !== 'boolean' || typeof keep !== 'number' || typeof withTies !== 'boolean')
      return null;
    return { type: 'top-n', sizeMs, offsetMs, orderBy, descending, n: keep, withTies, key };
  };

  /**
   * The aggregations of a keyed event-time window of counts, sums, minima and maxima, which a
   * bundle can pre-aggregate (partial-aggregates.ts). Not with early firing, which emits between
   * watermarks what a bundle still holds, nor when two aggregations (or one and the key) would need
   * the same field of a partial.
   */
  const combinedAggregations = (id: string, key: string[]): CombinedAggregation[] | null => {
    const p = validation.params.get(id) ?? {};
    if (key.length === 0 || p.timeMode === 'processing') return null;
    if (typeof p.earlyFireMs === 'number' && p.earlyFireMs > 0) return null;
    if (fieldsRead(id) === null) return null;
    const aggregations: CombinedAggregation[] = [];
    for (const a of p.aggregations as { fn: string; field?: string; name: string }[]) {
      if (a.fn === 'count')
        aggregations.push(
          a.field ? { fn: 'count', field: a.field, name: a.name } : { fn: 'count', name: a.name },
        );
      else if ((a.fn === 'sum' || a.fn === 'min' || a.fn === 'max') && a.field)
        aggregations.push({ fn: a.fn, field: a.field, name: a.name });
      else return null;
    }
    const partialFields = [...key, ...aggregations.map(partialField)];
    if (aggregations.length === 0 || new Set(partialFields).size !== partialFields.length) return null;
    return aggregations;
  };

  /** A tumbling or sliding window combinedAggregations allows: pre-aggregated per pane (window-combiner.ts). */
  const windowCombine = (id: string, key: string[]): WindowCombine | null => {
    const kind = kindOf.get(id);
    if (kind !== 'window.tumbling' && kind !== 'window.sliding') return null;
    const aggregations = combinedAggregations(id, key);
    if (aggregations === null) return null;
    const { sizeMs, slideMs, offsetMs } = validation.params.get(id) ?? {};
    if (!Number.isInteger(sizeMs) || typeof offsetMs !== 'number') return null;
    if (slideMs !== undefined && !Number.isInteger(slideMs)) return null;
    const paneMs = typeof slideMs === 'number' ? gcd(sizeMs as number, slideMs) : (sizeMs as number);
    return { type: 'window', paneMs, offsetMs, key, aggregations };
  };

  /** A session window of a constant gap combinedAggregations allows (session-combiner.ts). */
  const sessionCombine = (id: string, key: string[]): SessionCombine | null => {
    if (kindOf.get(id) !== 'window.session') return null;
    const aggregations = combinedAggregations(id, key);
    const { gapMs } = validation.params.get(id) ?? {};
    if (aggregations === null || !Number.isInteger(gapMs) || (gapMs as number) <= 0) return null;
    return { type: 'session', gapMs: gapMs as number, key, aggregations };
  };

  const stages: Stage[] = [];
  const stageOfNode = new Map<string, Stage>();
  const into = (id: string) => doc.edges.filter((e) => e.target === id);
  const newStage = (parallel: number, sources = false): Stage => {
    const stage: Stage = { id: `s${stages.length}`, nodes: [], parallelism: parallel, sources };
    stages.push(stage);
    return stage;
  };
  const add = (stage: Stage, id: string) => {
    stage.nodes.push(id);
    stageOfNode.set(id, stage);
  };

  const roles = new Map(validation.order.map((id) => [id, roleOf(id)]));
  const sourceIds = validation.order.filter((id) => roles.get(id)?.type === 'source');
  const splittable = sourceIds.every((id) => {
    const r = roles.get(id);
    return r?.type === 'source' && r.splittable;
  });
  const sourceStage = newStage(splittable ? n : 1, true);
  const exchanges: Exchange[] = [];

  for (const id of validation.order) {
    const role = roles.get(id) as Role;
    if (role.type === 'source') {
      add(sourceStage, id);
      continue;
    }
    const inputs = into(id);
    const upstream = new Set(inputs.map((e) => stageOfNode.get(e.source)));
    const only = upstream.size === 1 ? [...upstream][0] : undefined;
    let stage: Stage;
    if (role.type === 'keyed' && n > 1) stage = newStage(n);
    else if (role.type === 'stateless' && only) stage = only;
    // A split source's watermark is taken per split; the stage after it takes the minimum.
    else if (kindOf.get(id) === 'time.assign-timestamps' && only === sourceStage) stage = only;
    else if (only && only.parallelism === 1) stage = only;
    else stage = newStage(1);
    add(stage, id);
    const keyOf = role.type === 'keyed' ? role.keyOf : null;
    const fields = keyOf ? fieldsRead(id) : null;
    for (const e of inputs) {
      const from = stageOfNode.get(e.source) as Stage;
      if (from === stage) continue;
      const key = keyOf?.(e.targetPort) ?? [];
      const combine =
        from.parallelism === 1
          ? null
          : (topNCombine(id, key) ??
            (stage.parallelism > 1 ? (windowCombine(id, key) ?? sessionCombine(id, key)) : null));
      // A combined window reads the partials: the key, each aggregation's part and their events.
      const sent = sendsPartials(combine)
        ? [...combine.aggregations.map(partialField), PARTIAL_EVENTS]
        : fields;
      exchanges.push({
        ...(keyOf && sent ? { fields: [...new Set([...key, ...sent])] } : {}),
        ...(combine ? { combine } : {}),
        edge: e,
        from: from.id,
        to: stage.id,
        route:
          keyOf && stage.parallelism > 1 ? { type: 'hash', key: keyOf(e.targetPort) } : { type: 'gather' },
      });
    }
  }
  return { parallelism: n, stages, exchanges };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function stringList(x: unknown): string[] {
  return Array.isArray(x) ? x.filter((v): v is string => typeof v === 'string') : [];
}
