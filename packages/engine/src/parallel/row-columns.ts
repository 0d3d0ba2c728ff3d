/**
 * Events crossing threads as columns: one column per field name seen in the batch, in the order
 * first seen, with `undefined` where an event lacks the field. An exchange that sends only some
 * fields builds the columns of those itself and sends them as the same RowColumns. structuredClone
 * writes each object's field names and builds every object field by field on the other side;
 * columns of plain values (numbers as one Float64Array) cost a fraction of that for the uniform
 * events operators emit. A field whose value is `undefined` arrives absent, as it would in JSON.
 */
import { type FieldStore, fieldStore } from '../expr/access-sites.js';
import type { Event } from '../runtime/operator.js';
import { ColumnBuilder } from './column-builder.js';

export interface RowColumns {
  keys: readonly string[];
  columns: (unknown[] | Float64Array)[];
}

export class RowColumnsBuilder {
  private keys: string[] = [];
  private readonly index = new Map<string, number>();
  private columns: ColumnBuilder[] = [];
  private rows = 0;

  get length(): number {
    return this.rows;
  }

  add(event: Event): void {
    const row = this.rows;
    // Events of one operator share their field order: the next field is usually the next column.
    let next = 0;
    for (const key in event) {
      let c = next;
      if (this.keys[c] !== key) {
        const known = this.index.get(key);
        if (known === undefined) {
          c = this.keys.length;
          this.keys.push(key);
          this.index.set(key, c);
          this.columns.push(new ColumnBuilder());
        } else c = known;
      }
      const column = this.columns[c] as ColumnBuilder;
      while (column.length < row) column.push(undefined);
      column.push(event[key]);
      next = c + 1;
    }
    this.rows++;
  }

  /** The batch so far; the builder starts over (its field names too: the next batch may differ). */
  take(): RowColumns {
    const columns = this.columns.map((column) => {
      while (column.length < this.rows) column.push(undefined);
      return column.take();
    });
    const taken = { keys: this.keys, columns };
    this.keys = [];
    this.index.clear();
    this.columns = [];
    this.rows = 0;
    return taken;
  }
}

/** Rebuilds the events of RowColumns batches, with one store per field name (access-sites.ts). */
export class RowColumnsReader {
  private readonly stores = new Map<string, FieldStore>();

  private storeOf(key: string): FieldStore {
    let store = this.stores.get(key);
    if (!store) {
      // An own "__proto__" field (JSON.parse makes one) must not become the object's prototype.
      store =
        key === '__proto__'
          ? (o, value) =>
              Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true })
          : fieldStore(key);
      this.stores.set(key, store);
    }
    return store;
  }

  /** Events from..to-1 of the batch, appended to `into`. */
  read(batch: RowColumns, from: number, to: number, into: Event[]): void {
    const stores = batch.keys.map((k) => this.storeOf(k));
    const { columns } = batch;
    for (let i = from; i < to; i++) {
      const o: Event = {};
      for (let c = 0; c < stores.length; c++) {
        const v = (columns[c] as unknown[] | Float64Array)[i];
        if (v !== undefined) (stores[c] as FieldStore)(o, v);
      }
      into.push(o);
    }
  }
}
