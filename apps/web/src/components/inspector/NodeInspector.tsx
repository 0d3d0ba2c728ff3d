import { type ExprScope, getKind, type PipelineNode, type ValidationIssue } from '@eventide/shared';
import { useMemo } from 'react';
import { catalogEntry, paramsSchemaOf } from '../../logic/catalog';
import { formFields } from '../../logic/schema-form';
import { useValidation } from '../../logic/use-validation';
import { useDocumentStore } from '../../stores/document-store';
import { LiveCepInspector } from '../inspect/LiveCepInspector';
import { ConnectorChecks } from './ConnectorChecks';
import { FormContext, type ParamFormContext } from './form-context';
import { LiveSample } from './LiveSample';
import { LiveWindowWait } from './LiveWindowWait';
import { NodeMetricsTable } from './NodeMetricsTable';
import { OutputFields } from './OutputFields';
import { SchemaForm } from './SchemaForm';

const OPEN_SCHEMA = { fields: {}, open: true };

export function NodeInspector({ node }: { node: PipelineNode }) {
  const validation = useValidation();
  const entry = catalogEntry(node.kind);
  const spec = getKind(node.kind);
  const fields = useMemo(() => formFields(paramsSchemaOf(node.kind)), [node.kind]);
  const issues = validation.errors.filter((e) => e.node === node.id);

  const ctx = useMemo<ParamFormContext>(() => {
    const byPath = new Map<string, ValidationIssue[]>();
    for (const i of issues)
      if (i.path.startsWith('params.')) {
        const p = i.path.slice('params.'.length);
        byPath.set(p, [...(byPath.get(p) ?? []), i]);
      }
    const inputs = validation.inputs.get(node.id) ?? {};
    const parsed = validation.params.get(node.id);
    const refs = parsed && spec?.expressions ? spec.expressions(parsed) : [];
    const mainInput = inputs.in ?? Object.values(inputs)[0];
    return {
      nodeId: node.id,
      issuesAt: (path) => byPath.get(path) ?? [],
      fieldNames: Object.keys(mainInput?.schema.fields ?? {}),
      scopeFor: (path): ExprScope => {
        const ref = refs.find((r) => r.path === path);
        const stream = inputs[ref?.inputPort ?? 'in'] ?? mainInput;
        return { fields: stream?.schema ?? OPEN_SCHEMA, variables: ref?.variables ?? {} };
      },
      set: (path, value) => useDocumentStore.getState().setParam(node.id, path, value),
    };
  }, [issues, validation, node.id, spec]);

  const otherIssues = issues.filter(
    (i) => !i.path.startsWith('params.') || !fields.some((f) => i.path.startsWith(`params.${f.key}`)),
  );

  return (
    <div className="inspector-node" data-testid="node-inspector" data-node={node.id}>
      <div className={`inspector-head cat-${entry?.category ?? 'unknown'}`}>
        <div className="inspector-kind">{entry?.label ?? node.kind}</div>
        <div className="inspector-kind-id">{node.kind}</div>
        <p className="inspector-desc">{entry?.description ?? 'Unknown kind: this node cannot run.'}</p>
      </div>
      <div className="inspector-section">
        <div className="param-row">
          <label className="param-label" htmlFor="node-label">
            Label
          </label>
          <input
            id="node-label"
            type="text"
            data-testid="node-label-input"
            placeholder={node.id}
            value={node.label ?? ''}
            onChange={(e) => useDocumentStore.getState().setLabel(node.id, e.target.value)}
          />
          <p className="param-help">
            Id <code>{node.id}</code>: used by edges, the dashboard and the HTTP ingest URL.
          </p>
        </div>
        {otherIssues.length > 0 && (
          <ul className="issue-list" data-testid="node-issues">
            {otherIssues.map((i) => (
              <li key={`${i.path}:${i.message}`}>
                {i.path && <code>{i.path.replace(/^params\./, '')}</code>} {i.message}
              </li>
            ))}
          </ul>
        )}
      </div>
      <LiveWindowWait node={node} />
      <div className="inspector-section">
        <h4 className="section-title">Parameters</h4>
        <FormContext.Provider value={ctx}>
          <SchemaForm fields={fields} value={node.params} path="" />
        </FormContext.Provider>
      </div>
      <ConnectorChecks node={node} />
      <OutputFields node={node} />
      <NodeMetricsTable nodeId={node.id} />
      {node.kind === 'cep.pattern' && <LiveCepInspector node={node} />}
      <LiveSample node={node} />
    </div>
  );
}
