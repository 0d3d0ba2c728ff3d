import type { Event } from '../../runtime/operator.js';
import { valueId } from './compare.js';

/**
 * Extracts the key of an event from its key fields. The id is a Map key (the raw value for a
 * single primitive field, so the common case allocates nothing); the values go into results.
 * A missing key field keys the event under null, like SQL's GROUP BY.
 */
export class KeyExtractor {
  readonly fields: readonly string[];
  private readonly single: string | undefined;

  constructor(fields: readonly string[]) {
    this.fields = fields;
    this.single = fields.length === 1 ? fields[0] : undefined;
  }

  get keyed(): boolean {
    return this.fields.length > 0;
  }

  id(event: Event): unknown {
    if (this.single !== undefined) return valueId(event[this.single]);
    if (this.fields.length === 0) return null;
    return JSON.stringify(this.values(event));
  }

  /** The first key field that is null or missing in the event, if any. */
  missingField(event: Event): string | undefined {
    for (const f of this.fields) if (event[f] === undefined || event[f] === null) return f;
    return undefined;
  }

  values(event: Event): unknown[] {
    const out = new Array<unknown>(this.fields.length);
    for (let i = 0; i < this.fields.length; i++) out[i] = event[this.fields[i] as string] ?? null;
    return out;
  }

  /**
   * The key values an id stands for (ids are lossless): windows keep only ids and recover the
   * values when they emit, so a window of a new key allocates nothing for its key.
   */
  valuesOfId(id: unknown): unknown[] {
    if (this.single !== undefined) {
      if (typeof id === 'string' && id.startsWith('\u0000')) return [JSON.parse(id.slice(1))];
      return [id];
    }
    if (this.fields.length === 0) return [];
    return JSON.parse(id as string) as unknown[];
  }

  /** True when some id stands for a list or object value (ids of a single field are otherwise the values). */
  hasObjectIds(ids: Iterable<unknown>): boolean {
    for (const id of ids) if (typeof id === 'string' && id.startsWith('\u0000')) return true;
    return false;
  }

  /** The id of restored key values: equal to id() of an event holding them. */
  idOfValues(values: readonly unknown[]): unknown {
    if (this.single !== undefined) return valueId(values[0]);
    if (this.fields.length === 0) return null;
    return JSON.stringify(values.map((v) => v ?? null));
  }
}
