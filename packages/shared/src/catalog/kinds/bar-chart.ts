import { z } from 'zod';
import { fieldName } from '../params.js';
import { defineKind } from '../types.js';
import { panelBehaviour, ref } from './panel-common.js';

export const barChart = defineKind({
  kind: 'sink.bar-chart',
  category: 'sink',
  label: 'Bar chart',
  description:
    'A dashboard bar per category on a value axis: for window results, the latest closed window; otherwise the latest value of a numeric field.',
  panel: 'bar-chart',
  params: z.object({
    category: fieldName().default('key'),
    value: fieldName().default('count'),
    maxBars: z.number().int().min(1).max(500).default(20),
    showEarly: z.boolean().default(false).meta({
      description:
        'Show the window still open, with its running (early) values; off: the latest closed window, so bars do not drop when a window opens.',
    }),
  }),
  ...panelBehaviour((p: { category: string; value: string }) => [
    ...ref('category', p.category),
    ...ref('value', p.value),
  ]),
});

/** The params of barChart as the catalog parses them (defaults filled). */
export type BarChartParams = z.output<typeof barChart.params>;
