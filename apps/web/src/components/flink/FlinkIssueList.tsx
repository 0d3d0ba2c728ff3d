import type { Refusal } from '@eventide/flink-sql';

/** Refusals (red) and warnings (amber), each naming its node and param path; a click on the node selects it. */
export function FlinkIssueList({
  refusals,
  warnings = [],
  onSelect,
  testId,
}: {
  refusals: Refusal[];
  warnings?: Refusal[];
  onSelect: (node: string) => void;
  testId?: string;
}) {
  const item = (r: Refusal, tone: 'refusal' | 'warning') => (
    <li key={`${tone}-${r.node}-${r.path}-${r.reason}`} className={tone}>
      <button type="button" className="link" onClick={() => onSelect(r.node)}>
        {r.node}
        {r.path ? ` · ${r.path}` : ''}
      </button>
      <span>{r.reason}</span>
    </li>
  );
  return (
    <ul className="flink-issues" data-testid={testId}>
      {refusals.map((r) => item(r, 'refusal'))}
      {warnings.map((w) => item(w, 'warning'))}
    </ul>
  );
}
