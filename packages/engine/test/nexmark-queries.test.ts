/**
 * Each Nexmark query of examples/nexmark, run over 30,000 generated events, equals its reference
 * implementation (test/support/nexmark-reference.ts: the project's SQL as plain loops) over the
 * same events: as lists where the query keeps input order, else as multisets.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultParams } from '@eventide/shared';
import { describe, expect, it } from 'vitest';
import { typedNode } from '../src/compiler/typed-node.js';
import { runBounded } from '../src/index.js';
import type { Event } from '../src/runtime/operator.js';
import { createGeneratorSource } from '../src/sources/generator.js';
import { REFERENCE } from './support/nexmark-reference.js';

const EVENTS = 30_000;
const CLOCK = 1_700_000_123_456;
const dir = join(import.meta.dirname, '../../../examples/nexmark');
const load = (q: string) => JSON.parse(readFileSync(join(dir, `${q}.json`), 'utf8'));

/** The events the query's own source would make: its params, bounded. */
function generate(doc: { nodes: { id: string; kind: string; params: Record<string, unknown> }[] }): Event[] {
  const node = doc.nodes.find((n) => n.kind === 'source.generator');
  if (!node) throw new Error('no generator');
  const params = { ...defaultParams('source.generator'), ...node.params, limit: EVENTS, pacing: 'max' };
  const source = createGeneratorSource(
    typedNode('source.generator', { id: node.id, kind: node.kind, params }),
  );
  const out: Event[] = [];
  for (;;) {
    const r = source.poll(4096, 0);
    for (const e of r.events) out.push(e);
    if (r.ended) return out;
  }
}

const canonical = (e: Event) => JSON.stringify(e, Object.keys(e).sort());
const multiset = (xs: Event[]) => xs.map(canonical).sort();

describe('Nexmark queries equal their reference implementations', { timeout: 60_000 }, () => {
  it.each(Object.keys(REFERENCE))('%s', async (q) => {
    const doc = load(q);
    const events = generate(doc);
    const sink = doc.nodes.find((n: { kind: string }) => n.kind.startsWith('sink.')).id;
    const result = await runBounded(doc, { inputs: { nexmark: events }, clock: () => CLOCK });
    for (const [id, m] of Object.entries(result.metrics.nodes)) expect(m.errors, `${q} ${id}`).toBe(0);
    const out = result.outputs[sink] ?? [];
    const ref = (REFERENCE[q] as (typeof REFERENCE)[string]).rows(events, CLOCK);
    expect(ref.length, 'the reference finds results in these events').toBeGreaterThan(0);
    if (REFERENCE[q]?.ordered) expect(out).toEqual(ref);
    else expect(multiset(out)).toEqual(multiset(ref));
  });
});
