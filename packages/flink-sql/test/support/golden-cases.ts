import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { comment } from '../../src/compile.js';
import { compileToFlinkSql } from '../../src/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const EXAMPLES_DIR = path.resolve(here, '../../../../examples');
export const GOLDEN_DIR = path.resolve(here, '../golden');

/** One golden file per example: the script, then its refusals and warnings as comments. */
export function goldenCases() {
  return readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const name = file.replace(/\.json$/, '');
      return {
        name,
        goldenPath: path.join(GOLDEN_DIR, `${name}.sql`),
        actual: () => goldenText(JSON.parse(readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'))),
      };
    });
}

export function goldenText(doc: unknown): string {
  const r = compileToFlinkSql(doc);
  const notes = r.warnings.map(
    (w) => `-- warning: node ${w.node}${w.path ? `: ${w.path}` : ''}: ${comment(w.reason)}`,
  );
  return `${r.sql}${notes.length ? `\n${notes.join('\n')}\n` : ''}`;
}
