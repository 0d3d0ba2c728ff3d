import { describe, expect, it } from 'vitest';
import { tapFilterProblem } from './tap-filter.js';
import { validateDocument } from './validate.js';

const doc = {
  version: 2,
  name: 'Tap filter',
  nodes: [
    { id: 'gen', kind: 'source.generator', params: { preset: 'sensors' } },
    { id: 'log', kind: 'sink.event-log', params: {} },
  ],
  edges: [{ id: 'e1', source: 'gen', sourcePort: 'out', target: 'log', targetPort: 'in' }],
};

describe('a tap filter is checked against the fields on its edge', () => {
  const validation = validateDocument(doc);

  it('accepts a condition on the edge fields, and an empty filter', () => {
    expect(validation.ok).toBe(true);
    expect(tapFilterProblem(validation, 'e1', 'temperature > 30 && sensor == "sensor-1"')).toBeNull();
    expect(tapFilterProblem(validation, 'e1', '  ')).toBeNull();
  });

  it('names the problem: an unknown field, a syntax error, a non-condition, an unknown edge', () => {
    expect(tapFilterProblem(validation, 'e1', 'temp > 30')).toMatch(/temp/);
    expect(tapFilterProblem(validation, 'e1', 'temperature >')).toMatch(/\(at \d+-\d+\)|expected|end/i);
    expect(tapFilterProblem(validation, 'e1', 'sensor')).toMatch(/bool/);
    expect(tapFilterProblem(validation, 'e9', 'true')).toBe('no edge "e9"');
  });
});
