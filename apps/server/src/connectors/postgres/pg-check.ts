import { type SinkPostgresParams, sinkPostgresParams } from '@eventide/shared';
import { CHECK_TIMEOUT_MS, type ConnectorCheck } from '../checks/connector-check.js';
import { pgErrorInWords, redactUrl } from './pg-words.js';
import { pgLib, withPassword } from './postgres-sink.js';

/** Connects, names the role and database, and says whether the table exists (and what createTable will do). */
async function test(p: SinkPostgresParams) {
  const where = redactUrl(p.url);
  const { Client } = pgLib();
  const client = new Client({
    connectionString: withPassword(p.url, p.password),
    connectionTimeoutMillis: CHECK_TIMEOUT_MS,
    query_timeout: CHECK_TIMEOUT_MS,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    const who = await client.query<{ role: string; db: string; table: string | null }>(
      'SELECT current_user AS role, current_database() AS db, to_regclass($1)::text AS table',
      [`"${p.schema}"."${p.table}"`],
    );
    const row = who.rows[0];
    const table = `${p.schema}.${p.table}`;
    const tableWords = row?.table
      ? `table ${table} exists`
      : p.createTable
        ? `table ${table} does not exist yet: the run will create it`
        : `table ${table} does not exist (set createTable: true to create it)`;
    return {
      ok: row?.table !== null || p.createTable,
      message: `connected to PostgreSQL at ${where} as ${row?.role} (database ${row?.db}); ${tableWords}`,
    };
  } catch (e) {
    return { ok: false, message: pgErrorInWords(e, where) };
  } finally {
    await client.end().catch(() => {});
  }
}

export const sinkPostgresCheck: ConnectorCheck<SinkPostgresParams> = {
  parse: (params) => sinkPostgresParams.safeParse(params),
  test,
};
