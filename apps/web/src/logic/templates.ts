import type { PipelineDocument } from '@eventide/shared';

/** The repository's examples, bundled at build time: the template menu offers them. */
const modules = import.meta.glob<PipelineDocument>('../../../../examples/*.json', {
  eager: true,
  import: 'default',
});
/** The Nexmark benchmark queries (examples/nexmark), a group of their own in the menu. */
const nexmarkModules = import.meta.glob<PipelineDocument>('../../../../examples/nexmark/*.json', {
  eager: true,
  import: 'default',
});

export interface Template {
  file: string;
  document: PipelineDocument;
}

const fileOf = (path: string) =>
  path
    .split('/')
    .pop()!
    .replace(/\.json$/, '');

export const TEMPLATES: Template[] = Object.entries(modules)
  .map(([path, document]) => ({ file: fileOf(path), document }))
  .sort((a, b) => a.document.name.localeCompare(b.document.name));

/** q0, q1, ... in query order (file names are the query numbers). */
export const NEXMARK_TEMPLATES: Template[] = Object.entries(nexmarkModules)
  .map(([path, document]) => ({ file: `nexmark-${fileOf(path)}`, document }))
  .sort((a, b) => Number(a.file.slice('nexmark-q'.length)) - Number(b.file.slice('nexmark-q'.length)));
