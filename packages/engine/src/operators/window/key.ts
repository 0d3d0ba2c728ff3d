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

  values(event: Event): unknown[] {
    const out = new Array<unknown>(this.fields.length);
    for (let i = 0; i < this.fields.length; i++) out[i] = event[this.fields[i] as string] ?? null;
    return out;
  }

  /** The id of restored key values: equal to id() of an event holding them. */
  idOfValues(values: readonly unknown[]): unknown {
    if (this.single !== undefined) return valueId(values[0]);
    if (this.fields.length === 0) return null;
    return JSON.stringify(values.map((v) => v ?? null));
  }
}
