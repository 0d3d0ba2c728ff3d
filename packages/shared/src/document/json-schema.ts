import { z } from 'zod';
import { NODE_KINDS } from '../catalog/index.js';
import { PipelineDocumentSchema } from './schema.js';

/**
 * The JSON Schema of a current-version document, with each node's params typed by its kind, for editors
 * and other tools. Checked in as pipeline.schema.json; a test fails when it is stale.
 */
export function buildJsonSchema(): Record<string, unknown> {
  const base = z.toJSONSchema(PipelineDocumentSchema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    any
  >;
  const nodeVariants = NODE_KINDS.map((k) => ({
    type: 'object',
    properties: {
      kind: { const: k.kind },
      params: z.toJSONSchema(k.params, { io: 'input', unrepresentable: 'any' }),
    },
    required: ['kind'],
  }));
  const nodeSchema = base.properties.nodes.items;
  base.properties.nodes.items = { allOf: [nodeSchema, { oneOf: nodeVariants }] };
  base.$id = 'https://eventide.dev/schema/pipeline-v2.json';
  base.title = 'Eventide pipeline document, version 2';
  return stripNestedSchemaKeys(base);
}

/** zod stamps `$schema` on every sub-schema it converts; only the root should carry it. */
function stripNestedSchemaKeys(root: Record<string, unknown>): Record<string, unknown> {
  const walk = (v: unknown, isRoot: boolean): unknown => {
    if (Array.isArray(v)) return v.map((x) => walk(x, false));
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) if (isRoot || k !== '$schema') out[k] = walk(x, false);
      return out;
    }
    return v;
  };
  return walk(root, true) as Record<string, unknown>;
}
