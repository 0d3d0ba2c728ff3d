import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { Backoff, type StatusReporter } from '../connector-status.js';
import { lazyRequire } from '../lazy-require.js';
import {
  COMMITS_TABLE,
  columnArrays,
  createCommitsTableSql,
  createTableSql,
  insertArraysSql,
  insertRowSql,
  lastPerKey,
  qualified,
  rowOf,
  type TableSpec,
} from './pg-sql.js';
import { isConfigError, isConnectionError, isRowError, pgErrorInWords, redactUrl } from './pg-words.js';

export interface PostgresSinkOptions {
  url: string;
  /** Resolved; empty = the URL's or none. */
  password: string;
  table: TableSpec;
  createTable: boolean;
  /**
   * The host reports when a checkpoint is durable (checkpointed()): rows are committed only then, so
   * a restore never finds rows of a checkpoint it does not know. Without (the CLI), at the barrier.
   */
  commitAfterCheckpoint: boolean;
  report: StatusReporter;
  countError: (reason: string) => void;
  /** How long close() keeps trying to write what is left; default 10 s. */
  closeTimeoutMs?: number;
}

/** Rows of one checkpoint, committed together; `token` marks the commit in eventide_sink_commits. */
interface Batch {
  token: string;
  checkpoint: number;
  rows: unknown[][];
}

export interface PostgresSinkState {
  /** Batches sealed at or before this checkpoint whose commit was not yet confirmed. */
  batches: { token: string; rows: unknown[][] }[];
  /** The run's lineage: one id from its fresh start on, kept by every resume (prefixes the tokens). */
  lineage?: string;
  /** The checkpoint this state was taken at. */
  checkpoint?: number;
}

/** Rows held in memory (database away) before the run fails by name instead of growing without bound. */
const MAX_BUFFERED_ROWS = 1_000_000;
/** Rows per INSERT ... SELECT FROM unnest(...) statement: bounds one message's size. */
const ROWS_PER_STATEMENT = 20_000;

/**
 * sink.postgres. Rows wait in memory until a checkpoint barrier seals them into a batch, which the
 * checkpoint records; once the checkpoint is durable the batch is written in one transaction together
 * with a marker row (sink, token) in eventide_sink_commits. After a crash the restored checkpoint
 * hands back its unconfirmed batches: those whose marker exists are skipped, the others written, and
 * the source replays everything after the checkpoint into new batches. So each row is committed once
 * in insert mode too; upsert additionally makes re-fired window results replace their row.
 * Connection losses are retried with backoff (node status "reconnecting"); rows whose values the
 * table refuses are skipped one by one (savepoints) and counted as errors.
 */
export class PostgresSink {
  private readonly pool: pg.Pool;
  private readonly sinkId: string;
  /** Tokens are `${lineage}/${runToken}:${checkpoint}`: unique per incarnation, grouped by lineage. */
  private lineage: string = randomUUID();
  private readonly runToken = randomUUID();
  /** Insert mode, resumed: the checkpoint it resumed from (checked against the markers before any commit). */
  private resumedFrom: number | undefined;
  /** Why this sink refuses to go on (the run fails naming the node). */
  private fatal: string | undefined;
  private pending: unknown[][] = [];
  private sealed: Batch[] = [];
  private buffered = 0;
  private durableUpTo = Number.NEGATIVE_INFINITY;
  private loop: Promise<void> | undefined;
  private ready = false;
  private closing = false;
  /** close() gave up waiting: the loop stops after its current attempt. */
  private abandoned = false;
  private readonly backoff = new Backoff();
  rowsCommitted = 0;

  constructor(
    readonly nodeId: string,
    private readonly opts: PostgresSinkOptions,
  ) {
    this.sinkId = `${qualified(opts.table)}/${nodeId}`;
    const { Pool } = pgLib();
    this.pool = new Pool({
      connectionString: withPassword(opts.url, opts.password),
      max: 1,
      // Names the sink's sessions in pg_stat_activity.
      application_name: `eventide ${nodeId}`.slice(0, 63),
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
    });
    // A client losing its server (idle in the pool, or checked out between two queries) must not
    // crash the process: the next query fails, and the commit loop retries on a new connection.
    this.pool.on('error', () => {});
    this.pool.on('connect', (client) => client.on('error', () => {}));
    this.opts.report('connecting', `connecting to ${redactUrl(opts.url)}`);
    this.kick();
  }

  write(events: readonly unknown[]): void {
    if (this.fatal) throw new Error(this.fatal);
    if (this.buffered + events.length > MAX_BUFFERED_ROWS)
      throw new Error(
        `${this.buffered} rows wait for PostgreSQL at ${redactUrl(this.opts.url)}; refusing to hold more`,
      );
    for (const e of events) this.pending.push(rowOf(this.opts.table, e));
    this.buffered += events.length;
  }

  /** The barrier: seal the rows so far; the checkpoint records every batch not yet confirmed. */
  onCheckpoint(id: number): PostgresSinkState {
    if (this.fatal) throw new Error(this.fatal);
    if (this.pending.length > 0) {
      this.sealed.push({
        token: `${this.lineage}/${this.runToken}:${id}`,
        checkpoint: id,
        rows: this.pending,
      });
      this.pending = [];
    }
    if (!this.opts.commitAfterCheckpoint) this.checkpointed(id);
    return {
      batches: this.sealed.map((b) => ({ token: b.token, rows: b.rows })),
      lineage: this.lineage,
      checkpoint: id,
    };
  }

  /** Checkpoint `id` is durable: its batches (and earlier ones) may be committed. */
  checkpointed(id: number): void {
    if (id > this.durableUpTo) this.durableUpTo = id;
    this.kick();
  }

  /** Batches of the checkpoint the run resumes from: committed now, unless their marker says they were. */
  restore(state: unknown): void {
    const s = state as Partial<PostgresSinkState> | null;
    if (typeof s?.lineage === 'string') this.lineage = s.lineage;
    if (this.opts.table.mode === 'insert' && typeof s?.checkpoint === 'number')
      this.resumedFrom = s.checkpoint;
    const batches = s?.batches;
    if (!Array.isArray(batches)) return;
    const restored = batches
      .filter((b) => typeof b?.token === 'string' && Array.isArray(b.rows))
      .map((b) => ({ token: b.token, checkpoint: Number.NEGATIVE_INFINITY, rows: b.rows }));
    this.sealed = [...restored, ...this.sealed];
    this.buffered += restored.reduce((n, b) => n + b.rows.length, 0);
    this.kick();
  }

  /** End of the run: what is left is committed (as the file sink does), then the pool closes. */
  async close(): Promise<void> {
    if (this.pending.length > 0) {
      this.sealed.push({
        token: `${this.runToken}:close`,
        checkpoint: Number.NEGATIVE_INFINITY,
        rows: this.pending,
      });
      this.pending = [];
    }
    this.durableUpTo = Number.POSITIVE_INFINITY;
    this.closing = true;
    this.kick();
    // Bounded: a database that stays away must not hold the run's end forever.
    const until = Date.now() + (this.opts.closeTimeoutMs ?? 10_000);
    while (this.loop && Date.now() < until) await Promise.race([this.loop, sleep(100)]);
    this.abandoned = true;
    if (this.loop) await Promise.race([this.loop, sleep(1_000)]);
    const left = this.sealed.reduce((n, b) => n + b.rows.length, 0);
    if (left > 0) this.opts.countError(`${left} rows not written: PostgreSQL stayed unreachable at close`);
    await this.pool.end().catch(() => {});
  }

  private kick(): void {
    if (this.loop || this.abandoned) return;
    this.loop = this.run().finally(() => {
      this.loop = undefined;
      if (this.due()) this.kick();
    });
  }

  private due(): boolean {
    return (
      (!this.ready && !this.closing) ||
      (this.sealed[0] !== undefined && this.sealed[0].checkpoint <= this.durableUpTo)
    );
  }

  private async run(): Promise<void> {
    while (this.due() && !this.abandoned) {
      try {
        if (!this.ready) await this.setup();
        const batch = this.sealed[0];
        if (batch && batch.checkpoint <= this.durableUpTo) {
          await this.commit(batch);
          this.sealed.shift();
          this.buffered -= batch.rows.length;
        }
        this.backoff.reset();
      } catch (err) {
        const words = pgErrorInWords(err, redactUrl(this.opts.url));
        const config = isConfigError(err);
        const delay = config ? 10_000 : this.backoff.next();
        if (config || !isConnectionError(err))
          this.opts.report('failed', `${words}; retrying in ${delay / 1000} s`);
        else this.opts.report('reconnecting', `${words}; retrying in ${(delay / 1000).toFixed(1)} s`);
        await sleep(this.closing ? Math.min(delay, 500) : delay);
      }
    }
  }

  private async setup(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await createIfMissing(client, createCommitsTableSql);
      if (this.opts.createTable) await createIfMissing(client, createTableSql(this.opts.table));
      if (this.resumedFrom !== undefined) await this.refuseFallbackPastCommits(client, this.resumedFrom);
    } finally {
      client.release();
    }
    if (this.fatal) {
      this.abandoned = true;
      this.opts.report('failed', this.fatal);
      return;
    }
    this.ready = true;
    this.opts.report('connected');
  }

  /**
   * Insert mode has no key to tell a replayed row from the same row committed before: a resume that
   * fell back past a checkpoint whose rows were committed (the newer checkpoint was damaged) would
   * write those rows twice. Such a resume is refused, in words; upsert mode replaces them instead.
   */
  private async refuseFallbackPastCommits(client: pg.PoolClient, resumedFrom: number): Promise<void> {
    const prefix = `${this.lineage}/`;
    const r = await client.query<{ token: string }>(
      `SELECT token FROM public.${COMMITS_TABLE} WHERE sink = $1 AND left(token, length($2)) = $2`,
      [this.sinkId, prefix],
    );
    const later = r.rows
      .map((row) => Number(row.token.slice(row.token.lastIndexOf(':') + 1)))
      .filter((id) => Number.isInteger(id) && id > resumedFrom)
      .sort((a, b) => a - b);
    if (later.length === 0) return;
    this.fatal =
      `the run resumed from checkpoint ${resumedFrom}, but the rows of checkpoint ${later.join(', ')} are ` +
      `already in ${qualified(this.opts.table)} (that checkpoint was damaged); insert mode would write them ` +
      'again: use mode upsert with key columns, or start the pipeline afresh';
  }

  private async commit(batch: Batch): Promise<void> {
    const client = await this.pool.connect();
    let broken: unknown;
    try {
      await client.query('BEGIN');
      const marked = await client.query(
        `INSERT INTO public.${COMMITS_TABLE} (sink, token) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
        [this.sinkId, batch.token],
      );
      if (marked.rowCount === 0) {
        await client.query('ROLLBACK');
        return; // committed before a crash
      }
      const rows = lastPerKey(this.opts.table, batch.rows);
      try {
        await this.insertAll(client, rows);
      } catch (err) {
        if (!isRowError(err)) throw err;
        await client.query('ROLLBACK');
        await client.query('BEGIN');
        await client.query(`INSERT INTO public.${COMMITS_TABLE} (sink, token) VALUES ($1, $2)`, [
          this.sinkId,
          batch.token,
        ]);
        await this.insertOneByOne(client, rows);
      }
      await client.query('COMMIT');
      this.rowsCommitted += rows.length;
      this.opts.report('connected');
    } catch (err) {
      broken = err;
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release(broken instanceof Error && isConnectionError(broken) ? broken : undefined);
    }
  }

  private async insertAll(client: pg.PoolClient, rows: unknown[][]): Promise<void> {
    const sql = insertArraysSql(this.opts.table);
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
      await client.query(sql, columnArrays(this.opts.table, chunk));
    }
  }

  /** After a row was refused: each row behind a savepoint, refused ones counted by reason. */
  private async insertOneByOne(client: pg.PoolClient, rows: unknown[][]): Promise<void> {
    const sql = insertRowSql(this.opts.table);
    for (const row of rows) {
      await client.query('SAVEPOINT eventide_row');
      try {
        await client.query(sql, row);
        await client.query('RELEASE SAVEPOINT eventide_row');
      } catch (err) {
        if (!isRowError(err)) throw err;
        await client.query('ROLLBACK TO SAVEPOINT eventide_row');
        this.opts.countError(`row refused by ${qualified(this.opts.table)}: ${(err as Error).message}`);
      }
    }
  }
}

/** pg lets the connection string's (absent) password win over a `password` option: put it in the URL. */
export function withPassword(url: string, password: string): string {
  if (password === '') return url;
  const u = new URL(url);
  u.password = encodeURIComponent(password);
  return u.toString();
}

/** The pg library, loaded when a connector first needs it. */
export const pgLib = lazyRequire<typeof pg>('pg');

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** CREATE ... IF NOT EXISTS can still race another session creating the same table: that is fine. */
async function createIfMissing(client: pg.PoolClient, sql: string): Promise<void> {
  try {
    await client.query(sql);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code !== '23505' && code !== '42P07') throw err;
  }
}
