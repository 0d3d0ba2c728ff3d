import { portsOf, type ValidationIssue } from '@eventide/shared';
import {
  Background,
  BackgroundVariant,
  type Connection,
  Controls,
  MiniMap,
  type OnEdgesChange,
  type OnNodesChange,
  ReactFlow,
  useNodesInitialized,
  useReactFlow,
} from '@xyflow/react';
import { type DragEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { CATALOG } from '../../logic/catalog';
import { runFailureIssue } from '../../logic/run-failure';
import { refusalIssues, useFlinkSql } from '../../logic/use-flink-sql';
import { useValidation } from '../../logic/use-validation';
import { useCompareStore } from '../../stores/compare-store';
import { useDocumentStore } from '../../stores/document-store';
import { useEditorStore } from '../../stores/editor-store';
import { useLiveStore } from '../../stores/live-store';
import { FlinkJobBar } from '../flink/FlinkJobBar';
import { PALETTE_MIME } from '../palette/palette-mime';
import { CanvasEmptyState } from './CanvasEmptyState';
import { CanvasToolbar } from './CanvasToolbar';
import { DiffPanel } from './DiffPanel';
import type { PipelineFlowNode, RateFlowEdge } from './flow-types';
import { PipelineNodeView } from './PipelineNodeView';
import { RateEdge } from './RateEdge';
import { useCanvasShortcuts } from './use-canvas-shortcuts';

const nodeTypes = { pipeline: PipelineNodeView };
const edgeTypes = { rate: RateEdge };
const categoryOf = new Map(CATALOG.map((k) => [k.kind, k.category]));
const ORIGIN = { x: 0, y: 0 };
const NO_ISSUES: ValidationIssue[] = [];
const FIT = { padding: 0.08, maxZoom: 1 };

function toggled(current: string[], changes: { id: string; selected: boolean }[]): string[] {
  const set = new Set(current);
  for (const c of changes) c.selected ? set.add(c.id) : set.delete(c.id);
  return [...set];
}

/** The pipeline graph: a view of the document store; every edit goes back through that store. */
export function Canvas() {
  const doc = useDocumentStore((s) => s.doc);
  const selectedNodes = useEditorStore((s) => s.selectedNodes);
  const selectedEdges = useEditorStore((s) => s.selectedEdges);
  const validation = useValidation();
  const flink = useFlinkSql();
  const rf = useReactFlow();
  // Measured node sizes must be handed back to React Flow, or it hides nodes it has to re-measure.
  const [sizes, setSizes] = useState<ReadonlyMap<string, { width: number; height: number }>>(new Map());
  useCanvasShortcuts();

  // Fit the view when a document is opened (not while the user adds nodes: drops must land where aimed).
  const loads = useDocumentStore((s) => s.loads);
  const initialized = useNodesInitialized();
  // Coming back from the dashboard to the same document: keep the user's pan and zoom.
  const saved = useEditorStore.getState().viewport;
  const restored = saved !== null && saved.load === loads ? saved : null;
  const fittedLoad = useRef(restored ? loads : 0);
  useEffect(() => {
    if (!initialized || fittedLoad.current === loads) return;
    fittedLoad.current = loads;
    void rf.fitView(FIT);
  }, [initialized, loads, rf]);

  const run = useLiveStore((s) => s.run);
  const issuesByNode = useMemo(() => {
    const m = new Map<string, ValidationIssue[]>();
    // A run that failed in a node (a stall, an operator error) marks that node too, as do Flink refusals.
    const failure = runFailureIssue(
      run,
      doc.nodes.map((n) => n.id),
    );
    for (const e of [...validation.errors, ...(failure ? [failure] : []), ...refusalIssues(flink)])
      if (e.node) m.set(e.node, [...(m.get(e.node) ?? []), e]);
    return m;
  }, [validation, run, doc.nodes, flink]);

  const positions = doc.layout.positions;
  const nodes = useMemo<PipelineFlowNode[]>(() => {
    const selected = new Set(selectedNodes);
    return doc.nodes.map((n) => {
      const measured = sizes.get(n.id);
      return {
        id: n.id,
        type: 'pipeline',
        position: positions[n.id] ?? ORIGIN,
        data: { node: n, issues: issuesByNode.get(n.id) ?? NO_ISSUES },
        selected: selected.has(n.id),
        ...(measured ? { measured } : {}),
      };
    });
  }, [doc.nodes, positions, selectedNodes, issuesByNode, sizes]);

  const edgeDiff = useCompareStore((s) => s.comparison?.edgeStatus);
  const edges = useMemo<RateFlowEdge[]>(() => {
    const selected = new Set(selectedEdges);
    const byId = new Map(doc.nodes.map((n) => [n.id, n]));
    return doc.edges.map((e) => {
      const src = byId.get(e.source);
      const role = src
        ? portsOf(src.kind, src.params).outputs.find((p) => p.id === e.sourcePort)?.role
        : undefined;
      return {
        id: e.id,
        type: 'rate',
        source: e.source,
        sourceHandle: e.sourcePort,
        target: e.target,
        targetHandle: e.targetPort,
        selected: selected.has(e.id),
        data: { role: role ?? 'main' },
        ...(edgeDiff?.get(e.id) ? { className: `diff-${edgeDiff.get(e.id)}` } : {}),
      };
    });
  }, [doc.edges, doc.nodes, selectedEdges, edgeDiff]);

  const onNodesChange: OnNodesChange<PipelineFlowNode> = useCallback((changes) => {
    const moved: Record<string, { x: number; y: number }> = {};
    const selects: { id: string; selected: boolean }[] = [];
    const measured = new Map<string, { width: number; height: number }>();
    for (const c of changes) {
      if (c.type === 'position' && c.position) moved[c.id] = c.position;
      else if (c.type === 'select') selects.push(c);
      else if (c.type === 'dimensions' && c.dimensions) measured.set(c.id, c.dimensions);
    }
    if (Object.keys(moved).length > 0) useDocumentStore.getState().moveNodes(moved);
    if (selects.length > 0) {
      const s = useEditorStore.getState();
      s.select(toggled(s.selectedNodes, selects), useEditorStore.getState().selectedEdges);
    }
    if (measured.size > 0) setSizes((prev) => new Map([...prev, ...measured]));
  }, []);

  const onEdgesChange: OnEdgesChange<RateFlowEdge> = useCallback((changes) => {
    const selects = changes.flatMap((c) => (c.type === 'select' ? [c] : []));
    if (selects.length === 0) return;
    const s = useEditorStore.getState();
    s.select(s.selectedNodes, toggled(s.selectedEdges, selects));
  }, []);

  const onConnect = useCallback((c: Connection) => {
    const verdict = useDocumentStore.getState().connect({
      source: c.source,
      sourcePort: c.sourceHandle ?? 'out',
      target: c.target,
      targetPort: c.targetHandle ?? 'in',
    });
    if (!verdict.ok)
      useEditorStore
        .getState()
        .toast({ tone: 'error', title: 'Cannot connect these ports', detail: verdict.reason });
  }, []);

  const onDelete = useCallback(({ nodes, edges }: { nodes: PipelineFlowNode[]; edges: RateFlowEdge[] }) => {
    useDocumentStore.getState().removeElements(
      nodes.map((n) => n.id),
      edges.map((e) => e.id),
    );
    useEditorStore.getState().select([], []);
  }, []);

  const onDragOver = (e: DragEvent) => {
    if (!e.dataTransfer.types.includes(PALETTE_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  };
  const onDrop = (e: DragEvent) => {
    const kind = e.dataTransfer.getData(PALETTE_MIME);
    if (!kind) return;
    e.preventDefault();
    const pos = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
    const id = useDocumentStore
      .getState()
      .addNode(kind, { x: Math.round(pos.x - 100), y: Math.round(pos.y - 30) });
    useEditorStore.getState().select([id], []);
  };

  return (
    <section
      className="canvas"
      aria-label="Pipeline canvas"
      data-testid="canvas"
      onDragOver={onDragOver}
      onDrop={onDrop}
    >
      <ReactFlow<PipelineFlowNode, RateFlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onDelete={onDelete}
        deleteKeyCode={['Delete', 'Backspace']}
        multiSelectionKeyCode={['Control', 'Meta', 'Shift']}
        defaultViewport={restored ?? { x: 0, y: 0, zoom: 1 }}
        onMoveEnd={(_, vp) =>
          useEditorStore.getState().setViewport({ ...vp, load: useDocumentStore.getState().loads })
        }
        minZoom={0.2}
        maxZoom={2}
        snapToGrid
        snapGrid={[10, 10]}
        proOptions={{ hideAttribution: true }}
        colorMode="dark"
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1} />
        <MiniMap
          style={{ width: 160, height: 100 }}
          pannable
          zoomable
          nodeColor={(n) =>
            `var(--cat-${categoryOf.get((n as PipelineFlowNode).data.node.kind) ?? 'transform'})`
          }
          maskColor="rgba(10, 14, 22, 0.7)"
        />
        <Controls showInteractive={false} />
        <CanvasToolbar sizes={sizes} />
      </ReactFlow>
      {doc.nodes.length === 0 && <CanvasEmptyState />}
      <DiffPanel />
      <FlinkJobBar where="canvas" />
    </section>
  );
}
