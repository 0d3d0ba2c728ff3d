/**
 * Regression: `msg.matches("^(a+)+$")` used to run as a backtracking JS RegExp, so one event of 33
 * characters froze the server. On RE2 the catastrophic patterns cost linear time: 1,000 events of 40
 * characters through a filter take milliseconds (the old code: hours per event at 40 characters).
 */
import { describe, expect, test } from 'vitest';
import { runBounded } from '../src/index.js';
import { fixedClock, pipeline } from './helpers.js';

describe('matches() runs in linear time', () => {
  test.each<[string, string, string]>([
    ['(a+)+$', `${'a'.repeat(39)}!`, 'aaaa'],
    ['(a|aa)*b', 'a'.repeat(40), 'aab'],
    ['(x+x+)+y', `${'x'.repeat(39)}!`, 'xxy'],
  ])('%s over 1,000 events of 40 characters', async (pattern, bad, good) => {
    const doc = pipeline(
      [
        { id: 'src', kind: 'source.http-ingest' },
        {
          id: 'f',
          kind: 'transform.filter',
          params: { condition: `msg.matches(${JSON.stringify(pattern)})` },
        },
        { id: 'out', kind: 'sink.console' },
      ],
      ['src->f', 'f->out'],
    );
    const input = Array.from({ length: 1000 }, (_, i) => ({ i, msg: i % 100 === 0 ? good : bad }));
    expect(input.filter((e) => e.msg.length === 40)).toHaveLength(990);
    const t0 = performance.now();
    const r = await runBounded(doc, { inputs: { src: input }, clock: fixedClock() });
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(r.outputs.out).toEqual(input.filter((e) => e.msg === good));
  });
});
