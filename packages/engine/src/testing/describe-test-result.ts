import type { RowDiff } from './row-diff.js';
import type { PipelineTestResult } from './run-pipeline-tests.js';

/** Rows of a diff shown before the rest is summed up as "… and N more". */
const ROWS_SHOWN = 10;

/**
 * A failing test as lines a person reads in a terminal or a panel:
 *   ✗ three failures make one alert
 *     alerts: 1 missing, 1 changed (expected 2 rows, got 1)
 *       - {"user":"u2","attempts":3}
 *       ~ row 1: attempts: expected 3, got 4
 */
export function describeTestResult(result: PipelineTestResult): string[] {
  if (result.passed) return [`✓ ${result.name}`];
  const lines = [`✗ ${result.name}`];
  if (result.error) lines.push(`  ${result.error}`);
  for (const { target, diff } of result.outputs) if (!diff.passed) lines.push(...describeDiff(target, diff));
  return lines;
}

function describeDiff(target: string, diff: RowDiff): string[] {
  const parts = [
    diff.missing.length && `${diff.missing.length} missing`,
    diff.extra.length && `${diff.extra.length} extra`,
    diff.changed.length && `${diff.changed.length} changed`,
  ].filter(Boolean);
  const lines = [
    `  ${target}: ${parts.join(', ')} (expected ${diff.expectedCount} rows, got ${diff.actualCount})`,
  ];
  const rows = [
    ...diff.missing.map((m) => `    - ${JSON.stringify(m.row)}`),
    ...diff.extra.map((m) => `    + ${JSON.stringify(m.row)}`),
    ...diff.changed.map(
      (c) =>
        `    ~ row ${c.expectedIndex + 1}: ${c.fields
          .map((f) => `${f.path}: expected ${JSON.stringify(f.expected)}, got ${JSON.stringify(f.actual)}`)
          .join('; ')}`,
    ),
  ];
  lines.push(...rows.slice(0, ROWS_SHOWN));
  if (rows.length > ROWS_SHOWN) lines.push(`    … and ${rows.length - ROWS_SHOWN} more`);
  return lines;
}
