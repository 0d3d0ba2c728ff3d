import { describe, expect, it } from 'vitest';
import { translateExpr } from './expr.js';
import type { Column } from './types.js';

const columns: Column[] = [
  { name: 'price', type: 'number', sql: 'DOUBLE' },
  { name: 'volume', type: 'number', sql: 'DOUBLE' },
  { name: 'symbol', type: 'string', sql: 'STRING' },
  { name: 'type', type: 'string', sql: 'STRING' },
  { name: 'ok', type: 'boolean', sql: 'BOOLEAN' },
];
const sql = (src: string, steps?: string[]) => {
  const r = translateExpr(src, { columns, ...(steps ? { steps } : {}) });
  if (!r.ok) throw new Error(r.message);
  return r.expr.sql;
};
const refusal = (src: string, steps?: string[]) => {
  const r = translateExpr(src, { columns, ...(steps ? { steps } : {}) });
  if (r.ok) throw new Error(`translated: ${r.expr.sql}`);
  return r;
};

describe('CEL to Flink SQL', () => {
  it('arithmetic divides as doubles and keeps precedence with parentheses', () => {
    expect(sql('price * volume > 10000.5')).toBe('(`price` * `volume`) > 10000.5E0');
    expect(sql('(price + 1) / 2')).toBe('CAST(`price` + 1 AS DOUBLE) / 2');
    expect(sql('-price')).toBe('-`price`');
  });
  it('comparison, logic and null tests', () => {
    expect(sql('type == "fail" && !ok')).toBe("(`type` = 'fail') AND (NOT `ok`)");
    expect(sql('symbol != "A" || price <= 3')).toBe("(`symbol` <> 'A') OR (`price` <= 3)");
    expect(sql('symbol == null')).toBe('`symbol` IS NULL');
    expect(sql('symbol in ["A", "B"]')).toBe("`symbol` IN ('A', 'B')");
  });
  it('conditionals, has() and string functions', () => {
    expect(sql('price > 1 ? "hi" : "lo"')).toBe("CASE WHEN `price` > 1 THEN 'hi' ELSE 'lo' END");
    expect(sql('has(symbol)')).toBe('`symbol` IS NOT NULL');
    expect(sql('symbol.startsWith("A_%")')).toBe("`symbol` LIKE 'A!_!%%' ESCAPE '!'");
    expect(sql('symbol.contains("x")')).toBe("`symbol` LIKE '%x%' ESCAPE '!'");
    expect(sql('symbol.endsWith("x")')).toBe("`symbol` LIKE '%x' ESCAPE '!'");
    expect(sql('size(symbol) + 1')).toBe('CHAR_LENGTH(`symbol`) + 1');
    expect(sql('symbol.lowerAscii() + "!"')).toBe("LOWER(`symbol`) || '!'");
    expect(sql('"it\'s"')).toBe("'it''s'");
  });
  it('CEP step access becomes FIRST(step.field, i) and COUNT', () => {
    expect(sql('first[0].symbol', ['first'])).toBe('FIRST(s_first.`symbol`)');
    expect(sql('first[2].price', ['first'])).toBe('FIRST(s_first.`price`, 2)');
    expect(sql('size(first)', ['first'])).toBe('COUNT(s_first.`rowtime`)');
  });
  it('"%" of a whole dividend by a non-zero whole literal is MOD (the sign of the dividend in both)', () => {
    expect(sql('int(price) % 123 == 0')).toBe('(MOD(CAST(`price` AS BIGINT), 123)) = 0');
    expect(sql('int(price / 3600000) % 24 > 8')).toBe(
      '(MOD(CAST(CAST(`price` AS DOUBLE) / 3600000 AS BIGINT), 24)) > 8',
    );
    // A double dividend, a divisor that may be 0 (NaN in Eventide, a failed job in Flink), a fraction.
    for (const src of ['price % 2', 'int(price) % int(volume)', 'int(price) % 0', 'int(price) % 2.5'])
      expect(refusal(src).message, src).toMatch(/write int\(x\) % n with a whole number n/);
  });
  it('s.split(sep)[i] with literals is SPLIT_INDEX, with a warning for a part past the last', () => {
    const r = translateExpr('symbol.split("/")[3]', { columns });
    expect(r.ok && r.expr.sql).toBe("SPLIT_INDEX(`symbol`, '/', 3)");
    expect(r.ok && r.warnings).toEqual([expect.stringMatching(/past the last part/)]);
    for (const src of ['symbol.split(type)[0]', 'symbol.split("/")[int(price)]', 'symbol.split("")[0]'])
      expect(refusal(src).message, src).toMatch(/indexing has no Flink SQL translation/);
  });
  it('refuses what has no faithful translation, at the offending sub-expression', () => {
    const rem = refusal('price % 2 == 0');
    expect(rem.message).toMatch(/remainder/);
    expect([rem.start, rem.end]).toEqual([0, 9]);
    expect(refusal('[1, 2].exists(x, x > price)').message).toMatch(/exists\(\) macro/);
    expect(refusal('string(price)').message).toMatch(/formats numbers differently/);
    expect(refusal('symbol.matches("a.*")').message).toMatch(/matches\(\) has no Flink SQL translation/);
    expect(refusal('nested.field').message).toMatch(/not a column|nested/);
    expect(refusal('unknown > 1').message).toMatch(/"unknown" is not a column/);
    expect(refusal('symbol.startsWith(type)').message).toMatch(/non-literal/);
    expect(refusal('first', ['first']).message).toMatch(/list of events/);
  });
});
