import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import {
  canonicalDocument,
  loadDocument,
  type PipelineDocument,
  type PipelineVersion,
  type PipelineVersionInfo,
  serializeDocument,
} from '@eventide/shared';
import { writeFileAtomic } from './atomic-write.js';

const FILE = /^v(\d{6,})\.json$/;
const fileOf = (n: number) => `v${String(n).padStart(6, '0')}.json`;

/**
 * The saved versions of one pipeline: `<data>/pipelines/<id>.versions/v000001.json`, ... Each file
 * is written atomically and holds `{ number, savedAt, message?, document }` with the document in
 * canonical form; version files are never rewritten, so history survives any later save.
 */
export class VersionStore {
  constructor(private readonly dir: string) {}

  /**
   * Records `document` as the next version, unless it is byte-identical to the latest one (a save
   * that changed nothing adds no version). Returns the number of the version it now is.
   */
  async record(document: PipelineDocument, message: string | undefined, now: number): Promise<number> {
    const latest = await this.latestNumber();
    if (latest > 0) {
      const last = await this.get(latest);
      if (last && serializeDocument(last.document) === serializeDocument(document)) return latest;
    }
    const number = latest + 1;
    const entry = {
      number,
      savedAt: now,
      ...(message ? { message } : {}),
      document: canonicalDocument(document),
    };
    await writeFileAtomic(path.join(this.dir, fileOf(number)), `${JSON.stringify(entry, null, 2)}\n`);
    return number;
  }

  /** Every version, newest first, without their documents. */
  async list(): Promise<PipelineVersionInfo[]> {
    const out: PipelineVersionInfo[] = [];
    for (const n of (await this.numbers()).reverse()) {
      const v = await this.get(n);
      if (v) out.push({ number: v.number, savedAt: v.savedAt, ...(v.message ? { message: v.message } : {}) });
    }
    return out;
  }

  /** One version with its document (migrated to the current format), or undefined. */
  async get(number: number): Promise<PipelineVersion | undefined> {
    let json: unknown;
    try {
      json = JSON.parse(await readFile(path.join(this.dir, fileOf(number)), 'utf8'));
    } catch {
      return undefined;
    }
    if (typeof json !== 'object' || json === null || !('document' in json) || !('savedAt' in json))
      return undefined;
    const loaded = loadDocument(json.document);
    if (!loaded.ok || typeof json.savedAt !== 'number') return undefined;
    const message = 'message' in json && typeof json.message === 'string' ? json.message : undefined;
    return { number, savedAt: json.savedAt, ...(message ? { message } : {}), document: loaded.document };
  }

  async latestNumber(): Promise<number> {
    return (await this.numbers()).at(-1) ?? 0;
  }

  async removeAll(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }

  private async numbers(): Promise<number[]> {
    let files: string[];
    try {
      files = await readdir(this.dir);
    } catch {
      return [];
    }
    return files
      .map((f) => FILE.exec(f)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
  }
}
