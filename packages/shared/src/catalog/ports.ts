import type { InputPortSpec, OutputPortSpec } from './types.js';

export const eventsIn = (id = 'in', label = 'in'): InputPortSpec => ({
  id,
  label,
  accepts: ['events'],
  required: true,
});
/** Sinks that write out whatever arrives take single events and micro-batches alike. */
export const anyIn = (): InputPortSpec => ({
  id: 'in',
  label: 'in',
  accepts: ['events', 'batches'],
  required: true,
});

export const out = (id = 'out', label = 'out'): OutputPortSpec => ({
  id,
  label,
  type: 'events',
  role: 'main',
});
export const errorOut = (): OutputPortSpec => ({
  id: 'error',
  label: 'errors',
  type: 'events',
  role: 'error',
});
export const lateOut = (): OutputPortSpec => ({ id: 'late', label: 'late', type: 'events', role: 'late' });
