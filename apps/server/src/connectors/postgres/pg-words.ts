/** A pg error in words: what is wrong and where (server, role, database, table, column). */
export function pgErrorInWords(err: unknown, where: string): string {
  const e = err as { code?: unknown; message?: unknown; column?: unknown };
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = typeof e?.message === 'string' ? e.message : String(err);
  switch (code) {
    case 'ECONNREFUSED':
      return `no PostgreSQL server answers at ${where} (connection refused)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot resolve the host of ${where}`;
    case 'ETIMEDOUT':
      return `PostgreSQL at ${where} did not answer in time`;
    case '28P01':
      return `PostgreSQL at ${where} refused the password: ${message}`;
    case '28000':
      return `PostgreSQL at ${where} refused the role: ${message}`;
    case '3D000':
      return `PostgreSQL at ${where}: ${message}`;
    case '42P01':
      return `${message} (set createTable: true to create it)`;
    case '42703':
      return `${message}: the column mapping names a column the table lacks`;
    case '42P10':
      return 'upsert needs a primary key or unique constraint on the key columns of the table';
    case '57P01':
    case '57P02':
    case '57P03':
      return `PostgreSQL at ${where} is shutting down or starting: ${message}`;
  }
  if (/Connection terminated|ECONNRESET|EPIPE/.test(message))
    return `lost the connection to PostgreSQL at ${where}`;
  return `PostgreSQL at ${where}: ${message}`;
}

/**
 * Errors worth retrying with the same rows: the server is unreachable or restarting. Anything else
 * with an SQLSTATE is about the rows or the table, and retrying would fail the same way.
 */
export function isConnectionError(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  if (typeof code !== 'string') return true;
  if (/^E[A-Z]+$/.test(code)) return true;
  return code.startsWith('08') || code.startsWith('57P') || code === '53300';
}

/** Errors about one row's values (a type, a constraint): skipped and counted row by row. */
export function isRowError(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}

/** Auth and configuration errors: no use retrying fast, shown as "failed". */
export function isConfigError(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && (code.startsWith('28') || code.startsWith('42') || code === '3D000');
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^/@:]*):[^/@]*@/i, '$1:***@');
}
