import { getKind, type PipelineNode } from '@eventide/shared';
import { useValidation } from '../../logic/use-validation';
import { useLiveStore } from '../../stores/live-store';
import { BarChartPanel } from './BarChartPanel';
import { EventLogPanel } from './EventLogPanel';
import { LineChartPanel } from './LineChartPanel';
import { StatPanel } from './StatPanel';
import { TablePanel } from './TablePanel';

const EMPTY: unknown[] = [];

/** The panel's content for its sink kind, fed by the sink's live results. */
export function PanelBody({ node }: { node: PipelineNode }) {
  const events = useLiveStore((s) => s.results[node.id] ?? EMPTY);
  const hasRun = useLiveStore((s) => s.run !== null);
  // Params with defaults filled in, when valid; the raw params otherwise.
  const params = (useValidation().params.get(node.id) ?? node.params) as Record<string, any>;
  if (events.length === 0)
    return (
      <div className="panel-empty" data-testid="panel-empty">
        {hasRun ? 'Waiting for the first results…' : 'Press Run to see live results here.'}
      </div>
    );
  switch (getKind(node.kind)?.panel) {
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
