/**
 * Property access sites for compiled expressions, spread over several copies of the same code.
 *
 * V8 keeps type feedback per function literal, shared by every closure created from it. A keyed
 * access `e[name]` written once and used by every compiled expression sees every field name in the
 * process and turns megamorphic: measured 3-5x slower for a filter once a handful of other
 * expressions have run (and even within one expression reading two fields). Without code generation
 * (expressions never become JS source), the way to give a field its own access site is to have
 * several literal copies of the accessor and to bind each field name to one copy, round robin: a copy
 * then sees few names and keeps fast monomorphic or polymorphic feedback.
 * The copies below are deliberate duplicates; do not "deduplicate" them.
 */

type Rec = Record<string, unknown>;
export type FieldRead = (e: Rec) => unknown;
export type FieldStore = (o: Rec, value: unknown) => void;
export type Select = (o: unknown) => unknown;

type ReadFactory = (name: string, missing: () => never) => FieldRead;
type SelectFactory = (name: string, wrong: (o: unknown) => never) => Select;
type StoreFactory = (name: string) => FieldStore;

// biome-ignore format: one copy per line
const READS: readonly ReadFactory[] = [
  (n, m) => (e) => { const x = e[n]; return x === undefined ? m() : x; },
  (n, m) => (e) => { const x = e[n]; return x === undefined ? m() : x; },
  (n, m) => (e) => { const x = e[n]; return x === undefined ? m() : x; },
  (n, m) => (e) => { const x = e[n]; return x === undefined ? m() : x; },
  (n, m) => (e) => { const x = e[n]; return x === undefined ? m() : x; },
  (n, m) => (e) => { const x = e[n]; return x === undefined ? m() : x; },
  (n, m) => (e) => { const x = e[n]; return x === undefined ? m() : x; },
  (n, m) => (e) => { const x = e[n]; return x === undefined ? m() : x; },
  (n, m) => (e) => { const x = e[n]; return x === undefined ? m() : x; },
  (n, m) => (e) => { const x = e[n]; return x === undefined ? m() : x; },
  (n, m) => (e) => { const x = e[n]; return x === undefined ? m() : x; },
  (n, m) => (e) => { const x = e[n]; return x === undefined ? m() : x; },
  (n, m) => (e) => { const x = e[n]; return x === undefined ? m() : x; },
  (n, m) => (e) => { const x = e[n]; return x === undefined ? m() : x; },
  (n, m) => (e) => { const x = e[n]; return x === undefined ? m() : x; },
  (n, m) => (e) => { const x = e[n]; return x === undefined ? m() : x; },
];

// biome-ignore format: one copy per line
const SELECTS: readonly SelectFactory[] = [
  (n, w) => (o) => { if (typeof o === 'object' && o !== null) { const x = (o as Rec)[n]; if (x !== undefined && !Array.isArray(o)) return x; } return w(o); },
  (n, w) => (o) => { if (typeof o === 'object' && o !== null) { const x = (o as Rec)[n]; if (x !== undefined && !Array.isArray(o)) return x; } return w(o); },
  (n, w) => (o) => { if (typeof o === 'object' && o !== null) { const x = (o as Rec)[n]; if (x !== undefined && !Array.isArray(o)) return x; } return w(o); },
  (n, w) => (o) => { if (typeof o === 'object' && o !== null) { const x = (o as Rec)[n]; if (x !== undefined && !Array.isArray(o)) return x; } return w(o); },
  (n, w) => (o) => { if (typeof o === 'object' && o !== null) { const x = (o as Rec)[n]; if (x !== undefined && !Array.isArray(o)) return x; } return w(o); },
  (n, w) => (o) => { if (typeof o === 'object' && o !== null) { const x = (o as Rec)[n]; if (x !== undefined && !Array.isArray(o)) return x; } return w(o); },
  (n, w) => (o) => { if (typeof o === 'object' && o !== null) { const x = (o as Rec)[n]; if (x !== undefined && !Array.isArray(o)) return x; } return w(o); },
  (n, w) => (o) => { if (typeof o === 'object' && o !== null) { const x = (o as Rec)[n]; if (x !== undefined && !Array.isArray(o)) return x; } return w(o); },
];

// biome-ignore format: one copy per line
const STORES: readonly StoreFactory[] = [
  (n) => (o, x) => { o[n] = x; },
  (n) => (o, x) => { o[n] = x; },
  (n) => (o, x) => { o[n] = x; },
  (n) => (o, x) => { o[n] = x; },
  (n) => (o, x) => { o[n] = x; },
  (n) => (o, x) => { o[n] = x; },
  (n) => (o, x) => { o[n] = x; },
  (n) => (o, x) => { o[n] = x; },
  (n) => (o, x) => { o[n] = x; },
  (n) => (o, x) => { o[n] = x; },
  (n) => (o, x) => { o[n] = x; },
  (n) => (o, x) => { o[n] = x; },
  (n) => (o, x) => { o[n] = x; },
  (n) => (o, x) => { o[n] = x; },
  (n) => (o, x) => { o[n] = x; },
  (n) => (o, x) => { o[n] = x; },
];

function assigner<F>(copies: readonly F[]): (name: string) => F {
  const assigned = new Map<string, number>();
  return (name) => {
    let i = assigned.get(name);
    if (i === undefined) {
      i = assigned.size % copies.length;
      assigned.set(name, i);
    }
    return copies[i]!;
  };
}

const readCopy = assigner(READS);
const selectCopy = assigner(SELECTS);
const storeCopy = assigner(STORES);

/**
 * Reads own field `name` of the event; `missing` is called (and must throw) when it is absent.
 * Not for names inherited from Object.prototype (see INHERITED_KEYS), which need an own-ness check.
 */
export function fieldRead(name: string, missing: () => never): FieldRead {
  return readCopy(name)(name, missing);
}

/** Reads field `name` of a map value; `wrong` is called (and must throw) for a non-map or a missing field. */
export function fieldSelect(name: string, wrong: (o: unknown) => never): Select {
  return selectCopy(name)(name, wrong);
}

/** Stores field `name` on an output object (never `__proto__`). */
export function fieldStore(name: string): FieldStore {
  return storeCopy(name)(name);
}
