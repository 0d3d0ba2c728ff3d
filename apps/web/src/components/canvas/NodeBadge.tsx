import type { ValidationIssue } from '@eventide/shared';

/** A red count of the node's problems; hovering lists them. */
export function NodeBadge({ issues, nodeId }: { issues: ValidationIssue[]; nodeId: string }) {
  if (issues.length === 0) return null;
  const lines = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
  return (
    <span className="badge-wrap nodrag">
      <span className="node-badge" data-testid={`node-badge-${nodeId}`} title={lines.join('\n')}>
        {issues.length}
      </span>
      <span className="badge-tip" role="tooltip">
        {lines.map((l) => (
          <span key={l}>{l}</span>
        ))}
      </span>
    </span>
  );
}
