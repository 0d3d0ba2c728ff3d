import { validateDocument } from '@eventide/shared';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { emptyDocument } from '../logic/empty-document';
import { MERGE_WINDOW_MS } from '../logic/history';
import { hasUnsavedEdits, useDocumentStore } from './document-store';

const store = () => useDocumentStore.getState();

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(1_000_000);
  store().load(emptyDocument('test'), null, false);
});

function advance(ms = MERGE_WINDOW_MS + 1) {
  vi.setSystemTime(Date.now() + ms);
}

describe('document store', () => {
  it('adds nodes with unique ids and default params, and undoes/redoes the add', () => {
    const a = store().addNode('source.generator', { x: 0, y: 0 });
    advance();
    const b = store().addNode('source.generator', { x: 100, y: 0 });
    expect([a, b]).toEqual(['generator', 'generator-2']);
    expect(store().doc.nodes[0]?.params).toMatchObject({ preset: 'sensors', ratePerSec: 100 });
    store().undo();
    expect(store().doc.nodes.map((n) => n.id)).toEqual(['generator']);
    store().undo();
    expect(store().doc.nodes).toEqual([]);
    store().redo();
    store().redo();
    expect(store().doc.nodes.map((n) => n.id)).toEqual(['generator', 'generator-2']);
  });

  it('connects compatible ports, refuses incompatible ones with a reason, and undoes the connect', () => {
    const gen = store().addNode('source.generator', { x: 0, y: 0 });
    const ts = store().addNode('time.assign-timestamps', { x: 200, y: 0 });
    const ok = store().connect({ source: gen, sourcePort: 'out', target: ts, targetPort: 'in' });
    expect(ok).toMatchObject({ ok: true, edgeId: 'e' });
    expect(store().doc.edges).toHaveLength(1);

    const batch = store().addNode('transform.micro-batch', { x: 0, y: 200 });
    const filter = store().addNode('transform.filter', { x: 200, y: 200 });
    store().connect({ source: gen, sourcePort: 'out', target: batch, targetPort: 'in' });
    const refused = store().connect({ source: batch, sourcePort: 'out', target: filter, targetPort: 'in' });
    expect(refused.ok).toBe(false);
    expect(refused.ok ? '' : refused.reason).toMatch(/takes events.*gives batches/);
    expect(store().doc.edges).toHaveLength(2);

    const second = store().connect({ source: gen, sourcePort: 'out', target: ts, targetPort: 'in' });
    expect(second.ok).toBe(false);

    const cycle = store().connect({ source: ts, sourcePort: 'out', target: ts, targetPort: 'in' });
    expect(cycle).toMatchObject({ ok: false, reason: 'a node cannot feed itself' });

    store().undo();
    expect(store().doc.edges.map((e) => e.target)).toEqual([ts]);
  });

  it('merges a burst of edits to one param into one undo step, but not edits far apart', () => {
    const f = store().addNode('transform.filter', { x: 0, y: 0 });
    for (const text of ['t', 'te', 'tem', 'temp']) {
      store().setParam(f, 'condition', text);
      vi.setSystemTime(Date.now() + 100);
    }
    expect(store().doc.nodes[0]?.params.condition).toBe('temp');
    store().undo();
    expect(store().doc.nodes[0]?.params.condition).toBe('true');
    store().redo();
    advance();
    store().setParam(f, 'condition', 'temp > 3');
    store().undo();
    expect(store().doc.nodes[0]?.params.condition).toBe('temp');
  });

  it('edits nested params by path without touching siblings', () => {
    const w = store().addNode('window.tumbling', { x: 0, y: 0 });
    store().setParam(w, 'aggregations.0.fn', 'avg');
    store().setParam(w, 'aggregations.0.field', 'temperature');
    expect(store().doc.nodes[0]?.params.aggregations).toEqual([
      { name: 'count', fn: 'avg', field: 'temperature' },
    ]);
    store().setParam(w, 'aggregations.0.field', undefined);
    expect(store().doc.nodes[0]?.params.aggregations).toEqual([{ name: 'count', fn: 'avg' }]);
  });

  it('deleting a node removes its edges and dashboard panel in one undoable step', () => {
    const gen = store().addNode('source.generator', { x: 0, y: 0 });
    const table = store().addNode('sink.table', { x: 200, y: 0 });
    expect(store().doc.layout.dashboard.panels).toEqual([{ node: table, x: 0, y: 0, w: 6, h: 4 }]);
    store().connect({ source: gen, sourcePort: 'out', target: table, targetPort: 'in' });
    store().removeElements([table], []);
    expect(store().doc.nodes.map((n) => n.id)).toEqual([gen]);
    expect(store().doc.edges).toEqual([]);
    expect(store().doc.layout.dashboard.panels).toEqual([]);
    store().undo();
    expect(store().doc.edges).toHaveLength(1);
    expect(store().doc.layout.dashboard.panels).toHaveLength(1);
  });

  it('pastes copies with fresh ids and their inner edges, keeping the document valid', () => {
    const gen = store().addNode('source.generator', { x: 0, y: 0 });
    const log = store().addNode('sink.event-log', { x: 200, y: 0 });
    store().connect({ source: gen, sourcePort: 'out', target: log, targetPort: 'in' });
    const d = store().doc;
    const ids = store().paste(
      { nodes: d.nodes, edges: d.edges, positions: d.layout.positions },
      { x: 40, y: 40 },
    );
    expect(ids).toEqual(['generator-2', 'event-log-2']);
    expect(store().doc.edges.map((e) => `${e.source}->${e.target}`)).toEqual([
      'generator->event-log',
      'generator-2->event-log-2',
    ]);
    expect(store().doc.layout.positions['generator-2']).toEqual({ x: 40, y: 40 });
    const v = validateDocument(store().doc);
    expect(v.errors).toEqual([]);
  });

  it('dirty tracking: a loaded saved document is clean until changed, and clean again after undo', () => {
    const doc = emptyDocument('saved');
    store().load(doc, 'saved', true);
    expect(store().doc === store().savedDoc).toBe(true);
    store().setName('renamed');
    expect(store().doc === store().savedDoc).toBe(false);
    store().undo();
    expect(store().doc === store().savedDoc).toBe(true);
  });

  it('unsaved edits: none after a load or a save, some after a change, none again after undo', () => {
    store().load(emptyDocument('template'), null, false);
    expect(hasUnsavedEdits(store())).toBe(false);
    store().addNode('source.generator', { x: 0, y: 0 });
    expect(hasUnsavedEdits(store())).toBe(true);
    store().undo();
    expect(hasUnsavedEdits(store())).toBe(false);
    store().setName('kept');
    store().markSaved('kept', store().doc);
    expect(hasUnsavedEdits(store())).toBe(false);
  });
});
