import { getKind, type PipelineNode } from '@eventide/shared';
import { whenResultsArrive } from '../../logic/first-results';
import { useValidation } from '../../logic/use-validation';
import { useDocumentStore } from '../../stores/document-store';
import { useFlinkStore } from '../../stores/flink-store';
import { useLiveStore } from '../../stores/live-store';
import { BarChartPanel } from './BarChartPanel';
import { EventLogPanel } from './EventLogPanel';
import { FireLegend } from './FireLegend';
import { LineChartPanel } from './LineChartPanel';
import { StatPanel } from './StatPanel';
import { TablePanel } from './TablePanel';

const EMPTY: unknown[] = [];

/** The panel's content for its sink kind, fed by the sink's live results. */
export function PanelBody({ node }: { node: PipelineNode }) {
  const events = useLiveStore((s) => s.results[node.id] ?? EMPTY);
  const running = useLiveStore((s) => s.run !== null);
  const deployed = useFlinkStore((s) => s.deployment !== null);
  const hasRun = running || deployed;
  const validation = useValidation();
  const doc = useDocumentStore((s) => s.doc);
  // Params with defaults filled in, when valid; the raw params otherwise.
  const params = (validation.params.get(node.id) ?? node.params) as Record<string, any>;
  if (events.length === 0) {
    const when = hasRun ? whenResultsArrive(doc, node.id, validation.params) : undefined;
    return (
      <div className="panel-empty" data-testid="panel-empty">
        <span>{hasRun ? 'Waiting for the first results…' : 'Press Run to see live results here.'}</span>
        {when && (
          <span className="panel-empty-why" data-testid="panel-empty-why">
            {when}
          </span>
        )}
      </div>
    );
  }
  const panel = getKind(node.kind)?.panel;
  const body = panelContent(panel, events, params);
  // Tables and bars mark early values (italic, hatched): say what that means.
  const marksFires = (panel === 'table' || panel === 'bar-chart') && events.some(hasFire);
  if (!marksFires) return body;
  return (
    <div className="panel-with-legend">
      <div className="panel-with-legend-body">{body}</div>
      <FireLegend />
    </div>
  );
}

function hasFire(e: unknown): boolean {
  return typeof e === 'object' && e !== null && 'window_fire' in e;
}

function panelContent(panel: string | undefined, events: readonly unknown[], params: Record<string, any>) {
  switch (panel) {
    case 'line-chart':
      return (
        <LineChartPanel
          events={events}
          params={{
            x: params.x ?? 'window_end',
            y: params.y ?? [],
            series: params.series,
            maxPoints: params.maxPoints ?? 2000,
          }}
        />
      );
    case 'bar-chart':
      return (
        <BarChartPanel
          events={events}
          params={{
            category: params.category ?? 'key',
            value: params.value ?? 'count',
            maxBars: params.maxBars ?? 20,
            showEarly: params.showEarly ?? false,
          }}
        />
      );
    case 'table':
      return <TablePanel events={events} columns={params.columns ?? []} maxRows={params.maxRows ?? 100} />;
    case 'stat':
      return (
        <StatPanel
          events={events}
          field={params.field ?? 'count'}
          unit={params.unit ?? ''}
          decimals={params.decimals ?? 1}
        />
      );
    case 'event-log':
      return <EventLogPanel events={events} maxEvents={params.maxEvents ?? 200} />;
    default:
      return null;
  }
}
