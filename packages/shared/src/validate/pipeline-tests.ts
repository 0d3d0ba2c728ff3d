import { getKind, portsOf } from '../catalog/index.js';
import type { PipelineDocument } from '../document/schema.js';
import type { ValidationIssue } from './issues.js';

/**
 * Checks what a document's tests point at: inputs name source nodes, expectations name a sink or
 * the "node.port" of a late, error or timeout port, and every source that cannot run by itself to
 * an end (anything but a generator with a limit) gets an input.
 */
export function checkPipelineTests(doc: PipelineDocument): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const nodes = new Map(doc.nodes.map((n) => [n.id, n]));
  (doc.tests ?? []).forEach((test, i) => {
    const error = (path: string, message: string) =>
      issues.push({
        severity: 'error',
        path: `tests.${i}.${path}`,
        message: `test "${test.name}": ${message}`,
      });
    for (const id of Object.keys(test.inputs)) {
      const node = nodes.get(id);
      if (!node) error(`inputs.${id}`, `no node "${id}"`);
      else if (getKind(node.kind)?.category !== 'source')
        error(`inputs.${id}`, `"${id}" is a ${node.kind}, not a source`);
    }
    for (const node of doc.nodes) {
      if (getKind(node.kind)?.category !== 'source' || node.id in test.inputs) continue;
      const bounded = node.kind === 'source.generator' && Number(node.params.limit) > 0;
      if (!bounded)
        error(
          'inputs',
          `source "${node.id}" needs input events (only a generator with a limit runs by itself)`,
        );
    }
    for (const target of Object.keys(test.expect)) {
      const problem = expectationProblem(target, nodes);
      if (problem) error(`expect.${target}`, problem);
    }
  });
  return issues;
}

function expectationProblem(target: string, nodes: Map<string, PipelineDocument['nodes'][number]>) {
  const dot = target.indexOf('.');
  const id = dot < 0 ? target : target.slice(0, dot);
  const node = nodes.get(id);
  if (!node) return `no node "${id}"`;
  const spec = getKind(node.kind);
  if (!spec) return undefined; // the unknown kind is reported on the node itself
  if (dot < 0)
    return spec.category === 'sink'
      ? undefined
      : `"${id}" is a ${node.kind}: expect a sink, or one of its ports as "${id}.<port>"`;
  const portId = target.slice(dot + 1);
  const port = portsOf(node.kind, node.params).outputs.find((p) => p.id === portId);
  if (!port) return `${node.kind} "${id}" has no output port "${portId}"`;
  if (port.role === 'main') return `expect the sinks fed by "${id}", or its late, error or timeout ports`;
  return undefined;
}
