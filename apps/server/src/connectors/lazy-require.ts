import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A client library loaded on first use, synchronously (connector constructors are synchronous).
 * Importing mqtt costs over a second of startup on a busy 2-core machine and pg a few hundred ms;
 * most runs, and every `eventide` command without those connectors, never need them.
 */
export function lazyRequire<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => {
    const value: T = loaded ?? require(id);
    loaded = value;
    return value;
  };
}
