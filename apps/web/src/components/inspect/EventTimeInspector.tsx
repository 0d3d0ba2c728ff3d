import type { PreviewResult } from '@eventide/engine';
import type { PipelineDocument, PipelineNode } from '@eventide/shared';
import { useMemo, useState } from 'react';
import { eventsInWindow, eventTimeView, type WindowBar } from '../../logic/event-time-view';
import { clockTime } from '../../logic/format';
import { watermarkHolder } from '../../logic/watermark-holder';
import { whyWindowWaits } from '../../logic/window-wait';
import { PreviewRows } from '../preview/PreviewRows';
import { EventTimeChart } from './EventTimeChart';

type Ok = Extract<PreviewResult, { ok: true }>;

const paramsOf = (doc: PipelineDocument) =>
  new Map(doc.nodes.map((n) => [n.id, (n.params ?? {}) as Record<string, unknown>]));

/**
 * The preview's event-time inspector for a node downstream of assign-timestamps: the chart, a
 * legend, the window the sample's end fired (with why the watermark never got there), and the
 * events of the window clicked.
 */
export function EventTimeInspector({
  node,
  doc,
  result,
}: {
  node: PipelineNode;
  doc: PipelineDocument;
  result: Ok;
}) {
  const [selected, setSelected] = useState<WindowBar | null>(null);
  const input = result.inputs[node.id];
  const ports = result.ports[node.id] ?? {};
  const isWindow = node.kind.startsWith('window.');
  const view = useMemo(
    () =>
      input &&
      eventTimeView(input, result.watermarks[node.id] ?? [], isWindow ? ports.out : undefined, ports.late),
    [input, result, node.id, isWindow, ports.out, ports.late],
  );
  if (!view) return <p className="empty-hint small">This node receives no input.</p>;
  const keyBy = Array.isArray(node.params?.keyBy) ? node.params.keyBy.map(String) : [];
  const shown = selected && view.windows.includes(selected) ? selected : null;
  const pending = view.windows.find((w) => w.firedAtEnd);
  const params = paramsOf(doc);
  const lastOf = (id: string) => {
    const t = result.watermarks[id];
    return t && t.length > 0 ? t[t.length - 1]![1] : null;
  };
  const reason =
    pending &&
    whyWindowWaits({
      watermark: view.lastWatermark,
      windowEnd: pending.end,
      source: watermarkHolder(doc, node.id, params, lastOf, () => 0),
      sampleEnded: true,
    });
  const lateCount = view.points.filter((p) => p.late).length;
  return (
    <div className="et-inspector" data-testid="event-time-inspector">
      <div className="et-legend">
        <span>
          <i className="et-key point" /> event ({view.received.toLocaleString('en-US')})
        </span>
        <span>
          <i className="et-key late" /> late ({lateCount})
        </span>
        <span>
          <i className="et-key watermark" /> input watermark
        </span>
        {isWindow && (
          <>
            <span title="On time: the watermark passed the window's end">
              <i className="et-key final" /> final
            </span>
            <span title="A partial result before the window closes">
              <i className="et-key early" /> early
            </span>
            <span title="Late events changed a window already emitted">
              <i className="et-key update" /> update
            </span>
            <span title="The sample ended before the watermark reached the window's end">
              <i className="et-key at-end" /> fired by the end of the sample
            </span>
          </>
        )}
        {(input?.rows.length ?? 0) < view.received && (
          <span className="empty-hint small">
            the first {(input?.rows.length ?? 0).toLocaleString('en-US')} of{' '}
            {view.received.toLocaleString('en-US')} events drawn (and every late one)
          </span>
        )}
      </div>
      <EventTimeChart view={view} selected={shown} onSelect={setSelected} />
      {reason && (
        <p className="et-reason" data-testid="window-wait-reason">
          <strong>
            Window {clockTime(pending.start)} – {clockTime(pending.end)} never fired on the watermark:
          </strong>{' '}
          {reason}.
        </p>
      )}
      {isWindow && !shown && view.windows.length > 0 && (
        <p className="empty-hint small">Click a window bar to list the events that fell into it.</p>
      )}
      {shown && (
        <div className="et-window-events" data-testid="window-events">
          <h5>
            Window {clockTime(shown.start)} – {clockTime(shown.end)}
            {keyBy.map((k) => ` · ${k} ${JSON.stringify(shown.row[k])}`).join('')} · {shown.fire}
            {shown.firedAtEnd ? ' (at the end of the sample)' : ''}
          </h5>
          <PreviewRows rows={eventsInWindow(view, shown, keyBy).map((p) => p.row)} view="table" />
        </div>
      )}
    </div>
  );
}
