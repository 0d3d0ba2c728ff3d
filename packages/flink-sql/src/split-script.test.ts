import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitScript } from './split-script.js';

describe('splitScript', () => {
  it('splits at semicolons outside quotes and comments, dropping comments', () => {
    expect(splitScript("SET 'a' = 'x;y';\n-- c; d\nSELECT `b;c` FROM t;  \n")).toEqual([
      "SET 'a' = 'x;y'",
      'SELECT `b;c` FROM t',
    ]);
  });

  it('keeps doubled quotes inside a literal', () => {
    expect(splitScript("SELECT 'it''s; fine' FROM t; SELECT 1")).toEqual([
      "SELECT 'it''s; fine' FROM t",
      'SELECT 1',
    ]);
  });

  it('keeps a statement set as one statement', () => {
    const sql =
      'CREATE TABLE t (a INT);\nEXECUTE STATEMENT SET BEGIN\nINSERT INTO t SELECT 1;\nINSERT INTO t SELECT 2;\nEND;\n';
    expect(splitScript(sql)).toEqual([
      'CREATE TABLE t (a INT)',
      'EXECUTE STATEMENT SET BEGIN\nINSERT INTO t SELECT 1;\nINSERT INTO t SELECT 2;\nEND',
    ]);
  });

  it('refuses a statement set without END', () => {
    expect(() => splitScript('EXECUTE STATEMENT SET BEGIN INSERT INTO t SELECT 1;')).toThrow(/without END/);
  });

  it('splits a golden script into its SETs, tables, views and one statement set', () => {
    const sql = readFileSync(
      path.join(import.meta.dirname, '../test/golden/kafka-brute-force-logins.sql'),
      'utf8',
    );
    const parts = splitScript(sql);
    expect(parts.filter((p) => p.startsWith('SET '))).toHaveLength(3);
    expect(parts.filter((p) => p.startsWith('CREATE TABLE'))).toHaveLength(4);
    expect(parts.filter((p) => p.startsWith('CREATE TEMPORARY VIEW'))).toHaveLength(1);
    const set = parts.at(-1) ?? '';
    expect(set.startsWith('EXECUTE STATEMENT SET BEGIN')).toBe(true);
    expect(set.match(/INSERT INTO/g)).toHaveLength(3);
    expect(parts.some((p) => p.includes('--'))).toBe(false);
  });
});
