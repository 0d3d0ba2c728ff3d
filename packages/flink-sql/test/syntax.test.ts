import { describe, expect, it } from 'vitest';
import { generatedPipelines } from '../src/testing.js';
import { ALLOW_LIST, flinkSyntaxErrors } from './support/flink-syntax.js';
import { goldenCases, goldenText } from './support/golden-cases.js';

// The grammar's first parse builds its ANTLR caches: seconds on a busy machine.
describe('every generated script parses with the FlinkSQL grammar (dt-sql-parser)', {
  timeout: 60_000,
}, () => {
  for (const c of goldenCases())
    it(`example ${c.name}`, () => expect(flinkSyntaxErrors(c.actual())).toEqual([]));
  for (const g of generatedPipelines())
    it(`generated ${g.name}`, () => expect(flinkSyntaxErrors(goldenText(g.doc))).toEqual([]));
});

describe('the allow-list only covers constructs the grammar really rejects', () => {
  for (const a of ALLOW_LIST)
    it(a.name, () => {
      expect(flinkSyntaxErrors(a.example, false).length).toBeGreaterThan(0);
      expect(flinkSyntaxErrors(a.example)).toEqual([]);
    });
  it('a real syntax error is still caught', () => {
    expect(flinkSyntaxErrors('CREATE TEMPORARY VIEW v AS SELEC x FROM t;').length).toBeGreaterThan(0);
  });
});
