import type { PipelineDocument } from '@eventide/shared';

/** The repository's examples, bundled at build time: the template menu offers them. */
const modules = import.meta.glob<PipelineDocument>('../../../../examples/*.json', {
  eager: true,
  import: 'default',
});

export interface Template {
  file: string;
  document: PipelineDocument;
}

export const TEMPLATES: Template[] = Object.entries(modules)
  .map(([path, document]) => ({
    file: path
      .split('/')
      .pop()!
      .replace(/\.json$/, ''),
    document,
  }))
  .sort((a, b) => a.document.name.localeCompare(b.document.name));
