import type { ConnectionTestResult, ConnectorKindInfo, PeekResponse, PipelineNode } from '@eventide/shared';
import { useEffect, useState } from 'react';
import { ApiError, api } from '../../api/client';
import { mergeDeclaredFields } from '../../logic/declared-fields';
import { useDocumentStore } from '../../stores/document-store';

/** Kinds the server can check, fetched once per page. */
let kindsRequest: Promise<ConnectorKindInfo[]> | undefined;
function connectorKinds(): Promise<ConnectorKindInfo[]> {
  kindsRequest ??= api.connectorKinds().then(
    (r) => r.kinds,
    () => {
      kindsRequest = undefined;
      return [];
    },
  );
  return kindsRequest;
}

type Outcome = { state: 'idle' } | { state: 'busy' } | ({ state: 'done' } & ConnectionTestResult);

/**
 * "Test connection" and "Peek" for connector nodes (brokers, databases): the server connects with
 * the node's params (secrets resolved there) and answers in words; a peek offers the fields it saw.
 */
export function ConnectorChecks({ node }: { node: PipelineNode }) {
  const [kind, setKind] = useState<ConnectorKindInfo | undefined>();
  const [test, setTest] = useState<Outcome>({ state: 'idle' });
  const [peek, setPeek] = useState<PeekResponse | 'busy' | undefined>();

  useEffect(() => {
    let live = true;
    void connectorKinds().then((kinds) => {
      if (live) setKind(kinds.find((k) => k.kind === node.kind));
    });
    return () => {
      live = false;
    };
  }, [node.kind]);
  // Another node, other answers.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the selected node changes
  useEffect(() => {
    setTest({ state: 'idle' });
    setPeek(undefined);
  }, [node.id]);

  if (!kind) return null;
  const failed = (e: unknown): ConnectionTestResult => ({
    ok: false,
    message: e instanceof ApiError ? e.message : String(e),
  });
  const runTest = async () => {
    setTest({ state: 'busy' });
    try {
      setTest({ state: 'done', ...(await api.testConnection(node.id, node.kind, node.params)) });
    } catch (e) {
      setTest({ state: 'done', ...failed(e) });
    }
  };
  const runPeek = async () => {
    setPeek('busy');
    try {
      setPeek(await api.peek(node.id, node.kind, node.params));
    } catch (e) {
      setPeek({ ...failed(e), messages: [], fields: [] });
    }
  };
  const declared = Array.isArray(node.params.fields) ? node.params.fields : [];
  const topicField = typeof node.params.topicField === 'string' ? node.params.topicField : '';
  const offered =
    peek && peek !== 'busy'
      ? mergeDeclaredFields(declared, peek.fields, topicField ? [topicField] : [])
      : undefined;

  return (
    <div className="inspector-section connector-checks" data-testid="connector-checks">
      <h4 className="section-title">Connection</h4>
      <div className="connector-buttons">
        <button
          type="button"
          className="btn small"
          data-testid="test-connection"
          disabled={test.state === 'busy'}
          onClick={runTest}
        >
          {test.state === 'busy' ? 'Testing…' : 'Test connection'}
        </button>
        {kind.peek && (
          <button
            type="button"
            className="btn small"
            data-testid="peek"
            disabled={peek === 'busy'}
            onClick={runPeek}
          >
            {peek === 'busy' ? 'Listening…' : 'Peek'}
          </button>
        )}
      </div>
      {test.state === 'done' && (
        <p className={`check-result ${test.ok ? 'ok' : 'bad'}`} data-testid="test-result">
          {test.ok ? '✓ ' : '✗ '}
          {test.message}
        </p>
      )}
      {peek && peek !== 'busy' && (
        <div data-testid="peek-result">
          <p className={`check-result ${peek.ok ? 'ok' : 'bad'}`}>{peek.message}</p>
          {peek.messages.length > 0 && (
            <ol className="event-list peek-list">
              {peek.messages.map((m, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a one-off sample; position is identity
                <li key={i} className={m.error ? 'bad' : ''}>
                  <span className="peek-source">
                    {m.source}
                    {m.retained ? ' · retained' : ''}
                  </span>
                  <code title={m.event ? JSON.stringify(m.event, null, 1) : m.raw}>
                    {m.event ? JSON.stringify(m.event) : `${m.raw ?? ''}  — ${m.error ?? ''}`}
                  </code>
                </li>
              ))}
            </ol>
          )}
          {offered && offered.added.length > 0 && (
            <button
              type="button"
              className="btn small primary"
              data-testid="use-peeked-fields"
              onClick={() => useDocumentStore.getState().setParam(node.id, 'fields', offered.fields)}
            >
              Declare {offered.added.map((f) => `${f.name}: ${f.type}`).join(', ')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
