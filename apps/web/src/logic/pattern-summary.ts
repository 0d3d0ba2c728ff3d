import type { PatternStep } from '@eventide/shared';
import { formatDuration } from './duration';

type Step = Partial<PatternStep> & { name?: string; condition?: string };

/** How a step follows the previous one, in Flink CEP's words. */
export function connectorOf(step: Step, index: number): string {
  if (index === 0) return 'begin';
  const strict = step.contiguity === 'strict';
  if (step.negated) return strict ? 'notNext' : 'notFollowedBy';
  if (strict) return 'next';
  return step.contiguity === 'nonDeterministic' ? 'followedByAny' : 'followedBy';
}

/** "×3", "×2–4", "×3+", "×1+" or "" for a single event. */
export function quantifierOf(step: Step): string {
  const q = step.quantifier;
  if (!q || q.kind === 'once') return '';
  if (q.kind === 'oneOrMore') return '×1+';
  if (q.kind === 'timesOrMore') return `×${q.min ?? '?'}+`;
  if (q.max !== undefined && q.max !== q.min) return `×${q.min ?? '?'}–${q.max}`;
  return `×${q.min ?? '?'}`;
}

/** Modifiers that change how a looping step matches, in reading order. */
export function flagsOf(step: Step): string[] {
  const flags: string[] = [];
  if (step.consecutive) flags.push('consecutive');
  if (step.allowCombinations) flags.push('any combination');
  if (step.optional) flags.push('optional');
  if (step.greedy) flags.push('greedy');
  if (step.until) flags.push(`until ${step.until}`);
  return flags;
}

/** One readable line per step: `first: type == "fail"  ×3 consecutive`. */
export function describeStep(step: Step): string {
  const head = `${step.name ?? '?'}: ${step.condition ?? 'true'}`;
  const tail = [quantifierOf(step), ...flagsOf(step)].filter(Boolean).join(' ');
  return tail ? `${head}  ${tail}` : head;
}

/** The whole pattern as lines, with the connector in front of every step after the first. */
export function describePattern(params: {
  steps?: Step[];
  withinMs?: number;
  skip?: { strategy?: string };
}): string[] {
  const lines = (params.steps ?? []).map((s, i) =>
    i === 0 ? describeStep(s) : `${connectorOf(s, i)} ${describeStep(s)}`,
  );
  if (params.withinMs) lines.push(`within ${formatDuration(params.withinMs)}`);
  if (params.skip?.strategy && params.skip.strategy !== 'noSkip') lines.push(`skip: ${params.skip.strategy}`);
  return lines;
}
