import { compactNumber } from '../../logic/format';
import { useLiveStore } from '../../stores/live-store';
import { usePreviewStore } from '../../stores/preview-store';

/** The node's preview count (its output, or what a sink received), while the preview is open and no run is shown. */
export function NodePreviewCount({ nodeId, isSink }: { nodeId: string; isSink: boolean }) {
  const port = usePreviewStore((s) => {
    if (!s.open || !s.result?.ok) return undefined;
    const ports = s.result.ports[nodeId];
    return ports?.[isSink ? 'in' : 'out'];
  });
  const running = useLiveStore((s) => s.run !== null);
  if (!port || running) return null;
  return (
    <div className="pnode-preview" data-testid={`node-preview-${nodeId}`} data-count={port.count}>
      preview {compactNumber(port.count)} {isSink ? 'in' : 'out'}
    </div>
  );
}
