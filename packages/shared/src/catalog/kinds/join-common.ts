import { z } from 'zod';
import type { FieldType } from '../../expr/field-schema.js';
import { fieldName, timeMode } from '../params.js';
import { eventsIn, out } from '../ports.js';
import { closedSchema, input } from '../stream.js';
import type { FieldRef, StreamInfo } from '../types.js';

export const joinParams = {
  leftKey: z.array(fieldName()).min(1, 'choose the left key fields').default(['key']).meta({ ui: 'fields' }),
  rightKey: z
    .array(fieldName())
    .min(1, 'choose the right key fields')
    .default(['key'])
    .meta({ ui: 'fields' }),
  timeMode: timeMode(),
};

type JoinParams = { leftKey: string[]; rightKey: string[] };

export function checkKeyArity(p: JoinParams, ctx: z.RefinementCtx) {
  if (p.leftKey.length !== p.rightKey.length)
    ctx.addIssue({
      code: 'custom',
      path: ['rightKey'],
      message: 'left and right keys need the same number of fields',
    });
}

/** A joined pair is the left event's fields then the right's; a right field whose name the left has is prefixed `right_`. */
export function joinedFields(left: StreamInfo, right: StreamInfo, extra: Record<string, FieldType> = {}) {
  const fields: Record<string, FieldType> = { ...left.schema.fields };
  for (const [name, type] of Object.entries(right.schema.fields))
    fields[name in fields ? `right_${name}` : name] = type;
  return { ...fields, ...extra };
}

export const joinBehaviour = (extra: Record<string, FieldType>) => ({
  inputs: () => [eventsIn('left', 'left'), eventsIn('right', 'right')],
  outputs: () => [out()],
  inferOutputs: (_p: JoinParams, inputs: Record<string, StreamInfo>) => {
    const left = input(inputs, 'left');
    const right = input(inputs, 'right');
    const schema = {
      ...closedSchema(joinedFields(left, right, extra)),
      open: left.schema.open || right.schema.open,
    };
    return { out: { schema, key: null, eventTime: left.eventTime && right.eventTime } };
  },
  fieldRefs: (p: JoinParams): FieldRef[] => [
    ...p.leftKey.map((field, i) => ({ path: `leftKey.${i}`, field, inputPort: 'left' })),
    ...p.rightKey.map((field, i) => ({ path: `rightKey.${i}`, field, inputPort: 'right' })),
  ],
  needsEventTime: (p: { timeMode: 'event' | 'processing' }) => p.timeMode === 'event',
});
