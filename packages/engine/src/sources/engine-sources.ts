import { typedNode } from '../compiler/typed-node.js';
import type { SourceFactory } from '../host.js';
import { createGeneratorSource } from './generator.js';

/** Source kinds the engine implements itself (see operators/registry.ts ENGINE_SOURCES). */
export const ENGINE_SOURCE_FACTORIES: Record<string, SourceFactory> = {
  'source.generator': (node) => createGeneratorSource(typedNode('source.generator', node)),
};
