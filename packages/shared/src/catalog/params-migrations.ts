import type { NodeKindSpec, ParamsMigration } from './types.js';

/** The current params version of a kind: 1, plus one per migration it declares. */
export function paramsVersion(spec: Pick<NodeKindSpec, 'paramsMigrations'>): number {
  return 1 + (spec.paramsMigrations?.length ?? 0);
}

/**
 * Brings params written at version `from` up to the kind's current version, one migration at a
 * time. A version newer than the kind knows is refused with a reason, never guessed at.
 */
export function migrateParams(
  spec: Pick<NodeKindSpec, 'kind' | 'paramsMigrations'>,
  params: Record<string, unknown>,
  from: number,
): { ok: true; params: Record<string, unknown> } | { ok: false; message: string } {
  const migrations: readonly ParamsMigration[] = spec.paramsMigrations ?? [];
  const current = 1 + migrations.length;
  if (!Number.isInteger(from) || from < 1)
    return { ok: false, message: `${spec.kind}: params version must be a positive whole number` };
  if (from > current)
    return {
      ok: false,
      message: `${spec.kind}: params version ${from} is newer than this Eventide (reads up to ${current})`,
    };
  let out = params;
  for (let v = from; v < current; v++) out = (migrations[v - 1] as ParamsMigration).up(out);
  return { ok: true, params: out };
}

/** Renames a param when the old name is present and the new one is not (safe on either shape). */
export function renameParam(
  params: Record<string, unknown>,
  from: string,
  to: string,
): Record<string, unknown> {
  if (!(from in params) || to in params) return params;
  const { [from]: value, ...rest } = params;
  return { ...rest, [to]: value };
}
