import { z } from 'zod';
import type { FieldType } from '../../expr/field-schema.js';
import { checkExpression } from '../../expr/index.js';
import { durationMs, expression, projectionField, timeMode } from '../params.js';
import { eventsIn, lateOut, out } from '../ports.js';
import { closedSchema, input } from '../stream.js';
import { defineKind, type ExpressionRef } from '../types.js';

const stepName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a step name: letters, digits and "_", not starting with a digit');

/** One step of a pattern: Flink CEP's Pattern API as data. */
export const patternStep = z
  .object({
    name: stepName,
    condition: expression('condition', 'type == "fail"').default('true'),
    /** How this step follows the previous one: next (strict), followedBy (relaxed), followedByAny. Ignored on the first step. */
    contiguity: z.enum(['strict', 'relaxed', 'nonDeterministic']).default('relaxed'),
    /** notNext (with strict) or notFollowedBy (with relaxed): no matching event may come here. */
    negated: z.boolean().default(false),
    quantifier: z
      .object({
        kind: z.enum(['once', 'times', 'timesOrMore', 'oneOrMore']).default('once'),
        min: z.number().int().min(1).max(10_000).optional(),
        max: z.number().int().min(1).max(10_000).optional(),
      })
      .default({ kind: 'once' })
      .superRefine((q, ctx) => {
        if ((q.kind === 'times' || q.kind === 'timesOrMore') && q.min === undefined)
          ctx.addIssue({ code: 'custom', path: ['min'], message: `${q.kind} needs min` });
        if (q.kind === 'times' && q.max !== undefined && q.min !== undefined && q.max < q.min)
          ctx.addIssue({ code: 'custom', path: ['max'], message: 'max must be at least min' });
      }),
    optional: z.boolean().default(false),
    greedy: z.boolean().default(false),
    /** Inside a looping step: consecutive = strict, allowCombinations = non-deterministic; default relaxed. */
    consecutive: z.boolean().default(false),
    allowCombinations: z.boolean().default(false),
    until: z.string().optional().meta({ ui: 'expression', role: 'condition' }),
  })
  .superRefine((s, ctx) => {
    const looping = s.quantifier.kind !== 'once';
    if (s.negated && (looping || s.optional))
      ctx.addIssue({
        code: 'custom',
        path: ['negated'],
        message: 'a negated step cannot be looping or optional',
      });
    if (s.consecutive && s.allowCombinations)
      ctx.addIssue({
        code: 'custom',
        path: ['allowCombinations'],
        message: 'choose consecutive or allowCombinations, not both',
      });
    if (!looping && (s.consecutive || s.allowCombinations || s.until || s.greedy))
      ctx.addIssue({
        code: 'custom',
        path: ['quantifier'],
        message: 'consecutive, allowCombinations, until and greedy apply to looping steps',
      });
  });
export type PatternStep = z.infer<typeof patternStep>;

export const SKIP_STRATEGIES = [
  'noSkip',
  'skipToNext',
  'skipPastLastEvent',
  'skipToFirst',
  'skipToLast',
] as const;

/** Each after-match skip strategy in words, shown beside the choice in the form. */
export const SKIP_EXPLAINED: Record<(typeof SKIP_STRATEGIES)[number], string> = {
  noSkip: 'Every match is kept: one burst can give several overlapping matches.',
  skipToNext: 'After a match, the next match starts with a later first event (fewer overlaps).',
  skipPastLastEvent: 'After a match, matching starts again after its last event: one match per burst.',
  skipToFirst: 'After a match, matching restarts at the first event of the chosen step.',
  skipToLast: 'After a match, matching restarts at the last event of the chosen step.',
};

/** What a match emits when no output fields are listed. */
export const PATTERN_EMIT = ['steps', 'summary'] as const;

/** Fields of a summary row, before the first step's first event's own fields. */
export const PATTERN_SUMMARY_FIELDS = ['key', 'events', 'first_time', 'last_time'] as const;

const patternParams = z
  .object({
    steps: z
      .array(patternStep)
      .min(1, 'a pattern has at least one step')
      .default(() => [patternStep.parse({ name: 'first', condition: 'true' })]),
    withinMs: durationMs({
      description: 'A match must complete within this span of event time; 0 = no bound.',
    }).default(0),
    key: z.string().default('').meta({
      ui: 'expression',
      role: 'key',
      description: 'Match per value of this expression; empty inherits key-by.',
    }),
    skip: z
      .object({
        strategy: z
          .enum(SKIP_STRATEGIES)
          .default('noSkip')
          .meta({ optionDocs: SKIP_EXPLAINED, description: 'Where matching resumes after a match.' }),
        step: z.string().optional(),
      })
      .default({ strategy: 'noSkip' }),
    output: z
      .array(projectionField())
      .default([])
      .meta({ description: 'Fields of a match; when empty, "emit" says what a match is.' }),
    emit: z
      .enum(PATTERN_EMIT)
      .default('steps')
      .meta({
        description: 'What a match emits when no output fields are listed.',
        optionDocs: {
          steps: "Each step's matched events, as a list per step.",
          summary:
            "One readable row: the key, the number of events, the first and last event time, and the first step's fields.",
        },
      }),
    maxPartialMatchesPerKey: z.number().int().min(1).max(1_000_000).default(1000),
    maxBufferedEventsPerKey: z.number().int().min(1).max(10_000_000).default(10_000),
    timeMode: timeMode(),
  })
  .superRefine((p, ctx) => {
    const names = new Set<string>();
    p.steps.forEach((s, i) => {
      if (names.has(s.name))
        ctx.addIssue({
          code: 'custom',
          path: ['steps', i, 'name'],
          message: `step "${s.name}" is named twice`,
        });
      names.add(s.name);
    });
    if (p.steps[0]?.negated)
      ctx.addIssue({
        code: 'custom',
        path: ['steps', 0, 'negated'],
        message: 'a pattern cannot begin with a negated step',
      });
    const last = p.steps.length - 1;
    if (last > 0 && p.steps[last]?.negated && p.steps[last]?.contiguity !== 'strict' && p.withinMs === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['steps', last, 'negated'],
        message: 'notFollowedBy cannot end a pattern without withinMs',
      });
    if (
      (p.skip.strategy === 'skipToFirst' || p.skip.strategy === 'skipToLast') &&
      !names.has(p.skip.step ?? '')
    )
      ctx.addIssue({
        code: 'custom',
        path: ['skip', 'step'],
        message: `${p.skip.strategy} needs the name of a step`,
      });
  });

/** Step names bound as lists of matched events, for conditions (earlier steps and itself) and the output. */
function stepVariables(steps: PatternStep[], upTo = steps.length): Record<string, FieldType> {
  return Object.fromEntries(steps.slice(0, upTo).map((s) => [s.name, 'list' as FieldType]));
}

/**
 * A summary row (engine: summarizeMatch): the key when the pattern is keyed, the number of events,
 * the first and last event time, then the first event's fields (the match's own win a clash).
 */
function summaryFields(upstream: Record<string, FieldType>, keyed: boolean): Record<string, FieldType> {
  const own: Partial<Record<(typeof PATTERN_SUMMARY_FIELDS)[number], FieldType>> = {
    ...(keyed ? { key: 'string' as const } : {}),
    events: 'number',
    first_time: 'number',
    last_time: 'number',
  };
  const rest = Object.entries(upstream).filter(
    ([f]) => !(PATTERN_SUMMARY_FIELDS as readonly string[]).includes(f),
  );
  return { ...own, ...Object.fromEntries(rest) };
}

export const pattern = defineKind({
  kind: 'cep.pattern',
  category: 'cep',
  label: 'Pattern (CEP)',
  description:
    'Complex event processing: finds sequences of events matching steps with conditions, quantifiers and contiguity, per key, in event-time order.',
  params: patternParams,
  // A new pattern reads well at once: one summary row per burst (old documents keep their defaults).
  newNodeParams: { emit: 'summary', skip: { strategy: 'skipPastLastEvent' } },
  inputs: () => [eventsIn()],
  outputs: () => [out(), { id: 'timeout', label: 'timeouts', type: 'events', role: 'timeout' }, lateOut()],
  inferOutputs: (p, inputs) => {
    const upstream = input(inputs);
    const scope = { fields: upstream.schema, variables: stepVariables(p.steps) };
    const fields: Record<string, FieldType> =
      p.output.length > 0
        ? Object.fromEntries(p.output.map((f) => [f.name, checkExpression(f.expr, scope).type]))
        : p.emit === 'summary'
          ? summaryFields(upstream.schema.fields, p.key.trim() !== '' || (upstream.key?.length ?? 0) > 0)
          : stepVariables(p.steps);
    const matches = { schema: closedSchema(fields), key: null, eventTime: upstream.eventTime };
    return {
      out: matches,
      timeout: { ...matches, schema: closedSchema(stepVariables(p.steps)) },
      late: upstream,
    };
  },
  expressions: (p) => {
    const refs: ExpressionRef[] = [];
    p.steps.forEach((s, i) => {
      const variables = stepVariables(p.steps, i + 1);
      refs.push({
        path: `steps.${i}.condition`,
        source: s.condition,
        inputPort: 'in',
        variables,
        expect: 'boolean',
      });
      if (s.until)
        refs.push({
          path: `steps.${i}.until`,
          source: s.until,
          inputPort: 'in',
          variables,
          expect: 'boolean',
        });
    });
    if (p.key) refs.push({ path: 'key', source: p.key, inputPort: 'in' });
    p.output.forEach((f, i) => {
      refs.push({
        path: `output.${i}.expr`,
        source: f.expr,
        inputPort: 'in',
        variables: stepVariables(p.steps),
      });
    });
    return refs;
  },
  needsEventTime: (p) => p.timeMode === 'event',
});

/** The params of pattern as the catalog parses them (defaults filled). */
export type PatternParams = z.output<typeof pattern.params>;
