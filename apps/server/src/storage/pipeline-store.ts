import { readdir, readFile, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import {
  loadDocument,
  type PipelineDocument,
  type PipelineSummary,
  type StoredPipeline,
  serializeDocument,
} from '@eventide/shared';
import { writeFileAtomic } from './atomic-write.js';
import { isPipelineId, uniqueSlug } from './slug.js';
import { VersionStore } from './version-store.js';

/**
 * Pipelines as one JSON file each, `<data>/pipelines/<id>.json`, holding the document itself so
 * that `eventide run data/pipelines/<id>.json` runs it unchanged, in canonical form (two saves of
 * one pipeline are byte-identical). Every save also records a version (VersionStore, beside it in
 * `<id>.versions/`). updatedAt is the file's mtime. Documents are validated by the caller; this
 * class only stores. A file of an older document version is migrated when read.
 */
export class PipelineStore {
  readonly dir: string;
  /** Serializes writes so that concurrent creates of one name get distinct ids. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'pipelines');
  }

  async list(): Promise<PipelineSummary[]> {
    let files: string[];
    try {
      files = await readdir(this.dir);
    } catch {
      return [];
    }
    const out: PipelineSummary[] = [];
    const ids = files.filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));
    for (const id of ids.sort()) {
      const p = await this.get(id);
      if (p) out.push({ id, name: p.document.name, updatedAt: p.updatedAt });
    }
    return out;
  }

  async get(id: string): Promise<StoredPipeline | undefined> {
    if (!isPipelineId(id)) return undefined;
    const file = this.file(id);
    try {
      const [text, st, version] = await Promise.all([
        readFile(file, 'utf8'),
        stat(file),
        this.versions(id).latestNumber(),
      ]);
      const loaded = loadDocument(JSON.parse(text));
      if (!loaded.ok) return undefined;
      return {
        id,
        document: loaded.document,
        updatedAt: Math.floor(st.mtimeMs),
        ...(version > 0 ? { version } : {}),
      };
    } catch {
      return undefined;
    }
  }

  /** The versions of pipeline `id` (an id that is not one has none). */
  versions(id: string): VersionStore {
    return new VersionStore(path.join(this.dir, `${isPipelineId(id) ? id : '_invalid'}.versions`));
  }

  /** Stores under a fresh id derived from the document's name. */
  create(document: PipelineDocument, message?: string): Promise<StoredPipeline> {
    return this.serialized(async () => {
      const existing = new Set((await this.list()).map((p) => p.id));
      const id = uniqueSlug(document.name, (c) => existing.has(c));
      return this.write(id, document, message);
    });
  }

  /** Creates or replaces the pipeline `id`. */
  put(id: string, document: PipelineDocument, message?: string): Promise<StoredPipeline> {
    return this.serialized(() => this.write(id, document, message));
  }

  async delete(id: string): Promise<boolean> {
    if (!isPipelineId(id)) return false;
    return this.serialized(async () => {
      try {
        await unlink(this.file(id));
        await this.versions(id).removeAll();
        return true;
      } catch {
        return false;
      }
    });
  }

  private async write(id: string, document: PipelineDocument, message?: string): Promise<StoredPipeline> {
    if (!isPipelineId(id)) throw new Error(`invalid pipeline id "${id}"`);
    // The version first: the current file is never ahead of the history.
    const version = await this.versions(id).record(document, message, Date.now());
    await writeFileAtomic(this.file(id), serializeDocument(document));
    const st = await stat(this.file(id));
    return { id, document, updatedAt: Math.floor(st.mtimeMs), version };
  }

  private file(id: string): string {
    return path.join(this.dir, `${id}.json`);
  }

  private serialized<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
