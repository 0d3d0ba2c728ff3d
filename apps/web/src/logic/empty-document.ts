import { CURRENT_VERSION, type PipelineDocument, PipelineDocumentSchema } from '@eventide/shared';

/** A fresh, valid document with the schema's default settings and nothing on the canvas. */
export function emptyDocument(name = 'Untitled pipeline'): PipelineDocument {
  return PipelineDocumentSchema.parse({ version: CURRENT_VERSION, name, nodes: [], edges: [] });
}
