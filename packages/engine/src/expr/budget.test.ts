import { describe, expect, test } from 'vitest';
import { runBounded } from '../index.js';
import { MAX_EVALUATION_STEPS } from './budget.js';
import { compileExpression, compilePredicate } from './compile.js';
import { EvaluationError } from './errors.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

function evaluationError(f: () => unknown): EvaluationError {
  try {
    f();
  } catch (err) {
    if (err instanceof EvaluationError) return err;
    throw err;
  }
  throw new Error('expected an EvaluationError');
}

describe('the evaluation budget', () => {
  test.each([
    ['xs.all(x, x >= 0)', true],
    ['xs.exists(x, x < 0)', false],
    ['xs.exists_one(x, x < 0)', false],
    ['xs.map(x, x).size()', 10],
    ['xs.filter(x, x >= 0).size()', 10],
    ['xs.map(x, x >= 0, x).size()', 10],
  ])('%s: every iteration is a step', (src, expected) => {
    const f = compileExpression(src, { maxSteps: 10 });
    expect(f({ xs: range(10) })).toBe(expected);
    const err = evaluationError(() => f({ xs: range(11) }));
    expect(err.message).toContain('exceeded its budget of 10 steps');
    expect(err.expression).toBe(src.slice(0, src.indexOf(')') + 1));
  });

  test('nested comprehensions multiply: 100,000 steps by default, and the budget resets per event', () => {
    const f = compileExpression('xs.all(a, xs.all(b, a + b >= 0))');
    expect(MAX_EVALUATION_STEPS).toBe(100_000);
    expect(f({ xs: range(300) })).toBe(true); // 300 + 300 * 300 = 90,300 steps
    expect(f({ xs: range(300) })).toBe(true);
    expect(() => f({ xs: range(320) })).toThrow(/exceeded its budget of 100,000 steps/);
    expect(f({ xs: range(300) })).toBe(true);
  });

  test('a quartic expression fails fast instead of stalling', () => {
    const f = compilePredicate('xs.exists(a, xs.exists(b, xs.exists(c, xs.exists(d, a + b + c + d < 0))))');
    const t0 = performance.now();
    expect(() => f({ xs: range(200) })).toThrow(EvaluationError); // 1.6e9 iterations unbounded
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  test('inside a body, strings and lists cost their length', () => {
    const f = compilePredicate('words.exists(w, text.contains(w))');
    const words = range(300).map((i) => `w${i}`);
    expect(f({ words, text: 'x'.repeat(100_000) })).toBe(false); // 300 x 100 KB: 300 + 29,300 steps
    expect(() => f({ words, text: 'x'.repeat(400_000) })).toThrow(/exceeded its budget/);
    const g = compileExpression('xs.map(x, s + s).size()');
    expect(() => g({ xs: range(1000), s: 'y'.repeat(100_000) })).toThrow(/exceeded its budget/);
    // outside a comprehension nothing is metered: the cost is bounded by the event's size
    expect(compilePredicate('text.contains("y")')({ text: 'x'.repeat(4_000_000) })).toBe(false);
  });

  test('deep equality costs a step per element it compares (it is interpreted, not native)', () => {
    // each x is a one-element list, so only the comparison itself sees the 40,000 inner elements
    const inner = range(40_000);
    const other = [...range(39_999), -1];
    const f = compilePredicate('xs.exists(x, x == big)');
    expect(f({ xs: [[inner], [inner]], big: [other] })).toBe(false); // 2 x 40,002 steps
    const t0 = performance.now();
    expect(() => f({ xs: range(1000).map(() => [inner]), big: [other] })).toThrow(/exceeded its budget/);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  test('an exceeded budget goes to the node error port like any evaluation error', async () => {
    const r = await runBounded(
      {
        version: 1,
        name: 'budget',
        nodes: [
          { id: 'src', kind: 'source.http-ingest', params: {} },
          { id: 'f', kind: 'transform.filter', params: { condition: 'xs.all(a, xs.all(b, a + b >= 0))' } },
          { id: 'out', kind: 'sink.console', params: {} },
        ],
        edges: [
          { id: 'e1', source: 'src', sourcePort: 'out', target: 'f', targetPort: 'in' },
          { id: 'e2', source: 'f', sourcePort: 'out', target: 'out', targetPort: 'in' },
        ],
      },
      { inputs: { src: [{ xs: range(10) }, { xs: range(1000) }, { xs: range(3) }] }, clock: () => 1000 },
    );
    expect(r.outputs.out).toEqual([{ xs: range(10) }, { xs: range(3) }]);
    expect(r.outputs['f.error']).toHaveLength(1);
  });
});
