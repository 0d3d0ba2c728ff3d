import { nodeTestStatus, useTestStore } from '../../stores/test-store';

/** ✓ or ✗ on a node that a test expects output of, after the tests ran. */
export function NodeTestBadge({ nodeId }: { nodeId: string }) {
  const status = useTestStore((s) => nodeTestStatus(s.results, nodeId));
  if (!status) return null;
  return (
    <span
      className={`pnode-test ${status}`}
      data-testid={`node-test-${nodeId}`}
      data-status={status}
      title={
        status === 'passed'
          ? 'its expected output matched in every test'
          : 'a test expected other output here'
      }
    >
      {status === 'passed' ? '✓ test' : '✗ test'}
    </span>
  );
}
