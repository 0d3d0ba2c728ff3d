import { describe, expect, it } from 'vitest';
import { runFailureIssue } from './run-failure';

describe('runFailureIssue', () => {
  const ids = ['src', 'w', 'table'];

  it('puts a stall or a node failure on the node the error names', () => {
    const stall = 'node w: spent 10.2 s on one batch (settings.stallTimeoutMs 10000)';
    expect(runFailureIssue({ state: 'failed', error: stall }, ids)).toEqual({
      severity: 'error',
      node: 'w',
      path: '',
      message: `run failed: ${stall}`,
    });
    expect(
      runFailureIssue({ state: 'failed', error: 'node table (sink.table) failed: boom' }, ids)?.node,
    ).toBe('table');
  });

  it('says nothing for runs that did not fail, errors naming no node, or a node no longer on the canvas', () => {
    expect(runFailureIssue(null, ids)).toBeUndefined();
    expect(runFailureIssue({ state: 'running' }, ids)).toBeUndefined();
    expect(runFailureIssue({ state: 'stopped', error: 'node w: spent 3.0 s' }, ids)).toBeUndefined();
    expect(
      runFailureIssue({ state: 'failed', error: "the run's worker crashed: out of memory" }, ids),
    ).toBeUndefined();
    expect(runFailureIssue({ state: 'failed', error: 'node gone: spent 3.0 s' }, ids)).toBeUndefined();
  });
});
