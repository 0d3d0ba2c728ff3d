import type { PipelineNode } from '@eventide/shared';
import { useEffect, useState } from 'react';
import { nextWindowEnd, watermarkHolder } from '../../logic/watermark-holder';
import { whyWindowWaits } from '../../logic/window-wait';
import { useDocumentStore } from '../../stores/document-store';
import { isActive, useLiveStore } from '../../stores/live-store';

/**
 * While a run is live, for a tumbling or sliding window: the next window that has not fired, and
 * why, in words (where the watermark is, where the window ends, which source holds it back).
 */
export function LiveWindowWait({ node }: { node: PipelineNode }) {
  const doc = useDocumentStore((s) => s.doc);
  const run = useLiveStore((s) => s.run);
  const metrics = useLiveStore((s) => s.metrics);
  const lastOutputAt = useLiveStore((s) => s.lastOutputAt);
  // Silence grows between metrics messages too: re-read the clock every second.
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  if (!isActive(run) || !metrics || metrics.timeMode !== 'event') return null;
  if (node.kind !== 'window.tumbling' && node.kind !== 'window.sliding') return null;
  const sizeMs = Number(node.params?.sizeMs);
  const slideMs = node.kind === 'window.sliding' ? Number(node.params?.slideMs) : sizeMs;
  if (!(sizeMs > 0) || !(slideMs > 0)) return null;
  const watermark = metrics.nodes[node.id]?.watermark ?? null;
  if (watermark !== null && !Number.isFinite(watermark)) return null;
  const params = new Map(doc.nodes.map((n) => [n.id, (n.params ?? {}) as Record<string, unknown>]));
  const source = watermarkHolder(
    doc,
    node.id,
    params,
    (id) => metrics.nodes[id]?.watermark ?? null,
    (id) => (lastOutputAt[id] === undefined ? null : Math.max(0, now - lastOutputAt[id])),
  );
  const sentence = whyWindowWaits({
    watermark,
    windowEnd: watermark === null ? null : nextWindowEnd(watermark, sizeMs, slideMs),
    source,
    now,
  });
  return (
    <div className="inspector-section" data-testid="live-window-wait">
      <h4 className="section-title">Next window</h4>
      <p className="et-reason">{sentence[0]?.toUpperCase() + sentence.slice(1)}.</p>
    </div>
  );
}
