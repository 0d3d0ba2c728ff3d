/** One problem found in a document, located precisely enough for the editor to point at it. */
export interface ValidationIssue {
  severity: 'error' | 'warning';
  /** The node the problem is in, if any. */
  node?: string;
  /** The edge the problem is in, if any. */
  edge?: string;
  /** Param path inside the node (e.g. "aggregations.0.field"), or the document path. */
  path: string;
  message: string;
  /** Character range inside an expression param, for underlining. */
  start?: number;
  end?: number;
}

/** `node <id>: <path>: <reason>`, `edge <id>: <path>: <reason>` or `document: <path>: <reason>`. */
export function formatIssue(issue: ValidationIssue): string {
  const where =
    issue.node !== undefined
      ? `node ${issue.node}`
      : issue.edge !== undefined
        ? `edge ${issue.edge}`
        : 'document';
  return issue.path ? `${where}: ${issue.path}: ${issue.message}` : `${where}: ${issue.message}`;
}

/** Path segments as the dotted form used in messages: ["steps", 0, "name"] -> "steps.0.name". */
export function joinPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}
