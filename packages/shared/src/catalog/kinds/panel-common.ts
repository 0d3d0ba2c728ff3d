import { eventsIn } from '../ports.js';
import type { FieldRef } from '../types.js';

/** Dashboard sinks take events and have no outputs; their results go to the dashboard's panel. */
export const panelBehaviour = (refs: (p: any) => FieldRef[]) => ({
  inputs: () => [eventsIn()],
  outputs: () => [],
  inferOutputs: () => ({}),
  fieldRefs: refs,
});

export const ref = (path: string, field: string | undefined): FieldRef[] =>
  field ? [{ path, field, inputPort: 'in' }] : [];
