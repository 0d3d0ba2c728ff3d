import { z } from 'zod';
import { fieldName } from '../params.js';
import { defineKind } from '../types.js';
import { panelBehaviour, ref } from './panel-common.js';

export const lineChart = defineKind({
  kind: 'sink.line-chart',
  category: 'sink',
  label: 'Line chart',
  description: 'A dashboard chart of numeric fields over time, one line per series value.',
  panel: 'line-chart',
  params: z.object({
    x: fieldName()
      .default('window_end')
      .meta({ ui: 'field', description: 'Epoch-ms time field for the x axis.' }),
    y: z.array(fieldName()).min(1, 'choose a field to plot').default(['count']).meta({ ui: 'fields' }),
    series: z
      .string()
      .optional()
      .meta({ ui: 'field', description: 'One line per value of this field (e.g. sensor).' }),
    maxPoints: z.number().int().min(10).max(100_000).default(2000),
  }),
  ...panelBehaviour((p: { x: string; y: string[]; series?: string }) => [
    ...ref('x', p.x),
    ...p.y.flatMap((f, i) => ref(`y.${i}`, f)),
    ...ref('series', p.series),
  ]),
});

/** The params of lineChart as the catalog parses them (defaults filled). */
export type LineChartParams = z.output<typeof lineChart.params>;
