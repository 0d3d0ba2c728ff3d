import type { PatternStep } from '@eventide/shared';

/**
 * A CEP step in plain words ("then 3 times in a row, each matching …"), with Flink's Pattern API
 * terms kept beside it as secondary labels, and the choices the step form offers in the same words.
 */
type Step = Partial<PatternStep> & { name?: string; condition?: string };

/** How a step follows the previous one: contiguity and negation as one choice. */
export type Follows = 'relaxed' | 'strict' | 'nonDeterministic' | 'notStrict' | 'notRelaxed';

export const FOLLOWS: { value: Follows; words: string; flink: string }[] = [
  {
    value: 'relaxed',
    words: 'then, later (other events may come between)',
    flink: 'followedBy · relaxed contiguity',
  },
  { value: 'strict', words: 'then, right after (no event between)', flink: 'next · strict contiguity' },
  {
    value: 'nonDeterministic',
    words: 'then, any later one (every combination is a match)',
    flink: 'followedByAny · non-deterministic relaxed contiguity',
  },
  { value: 'notStrict', words: 'and right after it, no event', flink: 'notNext' },
  { value: 'notRelaxed', words: 'and after it, no event', flink: 'notFollowedBy' },
];

export function followsOf(step: Step): Follows {
  const c = step.contiguity ?? 'relaxed';
  if (step.negated) return c === 'strict' ? 'notStrict' : 'notRelaxed';
  return c;
}

/** The contiguity and negation a Follows choice stands for. */
export function followsParams(f: Follows): Pick<PatternStep, 'contiguity' | 'negated'> {
  if (f === 'notStrict') return { contiguity: 'strict', negated: true };
  if (f === 'notRelaxed') return { contiguity: 'relaxed', negated: true };
  return { contiguity: f, negated: false };
}

/** How many events a step takes: an exact count is a count, not a "min". */
export type HowMany = 'once' | 'exactly' | 'between' | 'atLeast' | 'oneOrMore';

export const HOW_MANY: { value: HowMany; words: string; flink: string }[] = [
  { value: 'once', words: 'one event', flink: 'once' },
  { value: 'exactly', words: 'exactly', flink: 'times(n)' },
  { value: 'between', words: 'between', flink: 'times(from, to)' },
  { value: 'atLeast', words: 'at least', flink: 'timesOrMore(n)' },
  { value: 'oneOrMore', words: 'one or more times', flink: 'oneOrMore()' },
];

export function howManyOf(step: Step): HowMany {
  const q = step.quantifier;
  switch (q?.kind ?? 'once') {
    case 'once':
      return 'once';
    case 'oneOrMore':
      return 'oneOrMore';
    case 'timesOrMore':
      return 'atLeast';
    default:
      return q?.max !== undefined && q.max !== q.min ? 'between' : 'exactly';
  }
}

/** The quantifier for a HowMany choice, keeping the counts already typed where they still apply. */
export function quantifierFor(h: HowMany, step: Step): PatternStep['quantifier'] {
  const min = step.quantifier?.min ?? (h === 'between' ? 2 : 3);
  switch (h) {
    case 'once':
      return { kind: 'once' };
    case 'oneOrMore':
      return { kind: 'oneOrMore' };
    case 'atLeast':
      return { kind: 'timesOrMore', min };
    case 'exactly':
      return { kind: 'times', min };
    case 'between':
      return { kind: 'times', min, max: Math.max(step.quantifier?.max ?? min + 2, min) };
  }
}

/** Inside a repeating step: how its own events follow each other. */
export type InARow = 'relaxed' | 'consecutive' | 'allowCombinations';

export const IN_A_ROW: { value: InARow; words: string; flink: string }[] = [
  { value: 'consecutive', words: 'in a row (no other event between)', flink: 'consecutive()' },
  { value: 'relaxed', words: 'other events may come between', flink: 'relaxed (default)' },
  { value: 'allowCombinations', words: 'in any combination', flink: 'allowCombinations()' },
];

export function inARowOf(step: Step): InARow {
  if (step.consecutive) return 'consecutive';
  if (step.allowCombinations) return 'allowCombinations';
  return 'relaxed';
}

export const isLooping = (step: Step) => (step.quantifier?.kind ?? 'once') !== 'once';

/** "3 times", "2 to 4 times", "3 or more times", "one or more times", or "" for one event. */
export function countWords(step: Step): string {
  const q = step.quantifier;
  switch (howManyOf(step)) {
    case 'once':
      return '';
    case 'oneOrMore':
      return 'one or more times';
    case 'atLeast':
      return `${q?.min ?? '?'} or more times`;
    case 'exactly':
      return `${q?.min ?? '?'} times`;
    case 'between':
      return `${q?.min ?? '?'} to ${q?.max ?? '?'} times`;
  }
}

const LEADS: Record<Follows, string> = {
  relaxed: 'then',
  strict: 'then right after,',
  nonDeterministic: 'then, for every later match,',
  notStrict: 'and right after it, no event matching',
  notRelaxed: 'and after it, no event matching',
};

/** The step as a sentence: "then 3 times in a row, each matching type == "fail"". */
export function stepSentence(step: Step, index: number): string {
  const cond = step.condition ?? 'true';
  const follows = index === 0 ? null : followsOf(step);
  if (follows === 'notStrict' || follows === 'notRelaxed') return `${LEADS[follows]} ${cond}`;
  const lead = follows === null ? 'First' : LEADS[follows];
  const looping = isLooping(step);
  const row = looping ? inARowOf(step) : 'relaxed';
  const any = cond.trim() === 'true';
  const times = `${countWords(step)}${row === 'consecutive' ? ' in a row' : row === 'allowCombinations' ? ' in any combination' : ''}`;
  const body = looping
    ? any
      ? `any event ${times}`
      : `${times}, each matching ${cond}`
    : any
      ? 'any event'
      : `an event matching ${cond}`;
  const extras = [
    step.until ? `until an event matching ${step.until}` : '',
    step.greedy ? 'as many as possible' : '',
    step.optional ? 'or none (optional)' : '',
  ].filter(Boolean);
  return [`${lead} ${body}`, ...extras].join(', ');
}

/** Flink's Pattern API calls of the step, for readers who know them: "followedBy · times(3) · consecutive()". */
export function flinkTerms(step: Step, index: number): string {
  const terms: string[] = [
    index === 0 ? 'begin' : (FOLLOWS.find((f) => f.value === followsOf(step))?.flink.split(' ·')[0] ?? ''),
  ];
  const q = step.quantifier;
  switch (howManyOf(step)) {
    case 'exactly':
      terms.push(`times(${q?.min ?? '?'})`);
      break;
    case 'between':
      terms.push(`times(${q?.min ?? '?'}, ${q?.max ?? '?'})`);
      break;
    case 'atLeast':
      terms.push(`timesOrMore(${q?.min ?? '?'})`);
      break;
    case 'oneOrMore':
      terms.push('oneOrMore()');
      break;
    case 'once':
      break;
  }
  if (step.consecutive) terms.push('consecutive()');
  if (step.allowCombinations) terms.push('allowCombinations()');
  if (step.optional) terms.push('optional()');
  if (step.greedy) terms.push('greedy()');
  if (step.until) terms.push('until()');
  return terms.join(' · ');
}
