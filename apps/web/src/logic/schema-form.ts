/**
 * Turns a kind's params JSON Schema (from catalogJson, with the catalog's `ui` hints) into a
 * description of form controls, so the inspector needs no hand-written form per kind.
 */

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  examples?: unknown[];
  ui?: string;
  role?: string;
  unit?: string;
  anyOf?: JsonSchema[];
  /** An enum's options in words, by value (the catalog's `optionDocs` hint). */
  optionDocs?: Record<string, string>;
}

export type FieldControl =
  | { kind: 'expression'; role: string; example?: string }
  | { kind: 'field' }
  | { kind: 'fields' }
  | { kind: 'duration' }
  | { kind: 'enum'; options: string[]; docs?: Record<string, string> }
  | { kind: 'secret' }
  | { kind: 'boolean' }
  | { kind: 'number'; integer: boolean; min?: number; max?: number }
  | { kind: 'string' }
  | { kind: 'object'; fields: FormField[] }
  | { kind: 'list'; item: JsonSchema; itemControl: FieldControl }
  | { kind: 'json' };

export interface FormField {
  key: string;
  label: string;
  description?: string;
  required: boolean;
  default?: unknown;
  schema: JsonSchema;
  control: FieldControl;
}

function typeOf(schema: JsonSchema): string | undefined {
  return Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
}

export function controlFor(schema: JsonSchema): FieldControl {
  if (schema.ui === 'expression') {
    const example = typeof schema.examples?.[0] === 'string' ? schema.examples[0] : undefined;
    return { kind: 'expression', role: schema.role ?? 'value', ...(example ? { example } : {}) };
  }
  if (schema.ui === 'field') return { kind: 'field' };
  if (schema.ui === 'fields') return { kind: 'fields' };
  if (schema.ui === 'duration') return { kind: 'duration' };
  if (schema.ui === 'secret') return { kind: 'secret' };
  if (schema.enum)
    return {
      kind: 'enum',
      options: schema.enum.map(String),
      ...(schema.optionDocs ? { docs: schema.optionDocs } : {}),
    };
  const type = typeOf(schema);
  if (type === 'boolean') return { kind: 'boolean' };
  if (type === 'integer' || type === 'number') {
    const min = schema.minimum ?? schema.exclusiveMinimum;
    const max = schema.maximum ?? schema.exclusiveMaximum;
    return {
      kind: 'number',
      integer: type === 'integer',
      ...(min !== undefined ? { min } : {}),
      ...(max !== undefined ? { max } : {}),
    };
  }
  if (type === 'string') return { kind: 'string' };
  if (type === 'object' && schema.properties) return { kind: 'object', fields: formFields(schema) };
  if (type === 'array' && schema.items)
    return { kind: 'list', item: schema.items, itemControl: controlFor(schema.items) };
  return { kind: 'json' };
}

export function formFields(schema: JsonSchema): FormField[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([key, prop]) => ({
    key,
    label: labelFor(key, prop),
    ...(prop.description ? { description: prop.description } : {}),
    required: required.has(key),
    ...(prop.default !== undefined ? { default: prop.default } : {}),
    schema: prop,
    control: controlFor(prop),
  }));
}

/** "maxOutOfOrdernessMs" -> "Max out of orderness"; the unit shows in the control instead. */
export function labelFor(key: string, schema?: JsonSchema): string {
  const base = schema?.ui === 'duration' ? key.replace(/Ms$/, '') : key;
  const words = base
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A starting value for a new list item or a cleared field, valid where the schema makes it easy. */
export function sampleValue(schema: JsonSchema, hint: { listKey?: string; index?: number } = {}): unknown {
  if (schema.default !== undefined) return structuredClone(schema.default);
  if (schema.enum && schema.enum.length > 0) return schema.enum[0];
  if (schema.ui === 'expression') return schema.role === 'condition' ? 'true' : '';
  const type = typeOf(schema);
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const required = new Set(schema.required ?? []);
      for (const [key, prop] of Object.entries(schema.properties ?? {})) {
        // Optional params without a default stay unset: setting them can change the meaning (e.g. until).
        if (!required.has(key) && prop.default === undefined) continue;
        out[key] =
          key === 'name' || key === 'port'
            ? `${singular(hint.listKey ?? key)}${(hint.index ?? 0) + 1}`
            : sampleValue(prop, hint);
      }
      return out;
    }
    case 'array':
      return [];
    case 'boolean':
      return false;
    case 'integer':
    case 'number':
      return schema.minimum ?? schema.exclusiveMinimum ?? 0;
    default:
      return '';
  }
}

function singular(word: string): string {
  const w = word.toLowerCase().replace(/[^a-z0-9_]/g, '');
  return w.endsWith('s') ? w.slice(0, -1) : w || 'item';
}
