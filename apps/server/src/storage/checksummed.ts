import { createHash } from 'node:crypto';

/**
 * A payload behind a one-line header with its length and SHA-256, so that a reader tells an intact
 * file from a truncated, bit-flipped or empty one:
 * `eventide-checksummed 1 bytes=<n> sha256=<hex>\n<payload>`.
 */
const MAGIC = 'eventide-checksummed 1';
const HEADER = /^eventide-checksummed 1 bytes=(\d{1,15}) sha256=([0-9a-f]{64})$/;
/** A header is far shorter; a longer first line is not one. */
const MAX_HEADER = 160;

export type Unsealed = { ok: true; payload: string } | { ok: false; reason: string };

export function seal(payload: string): Buffer {
  const body = Buffer.from(payload, 'utf8');
  const header = `${MAGIC} bytes=${body.length} sha256=${sha256(body)}\n`;
  return Buffer.concat([Buffer.from(header, 'ascii'), body]);
}

export function unseal(data: Buffer): Unsealed {
  if (data.length === 0) return { ok: false, reason: 'empty file' };
  const eol = data.subarray(0, MAX_HEADER).indexOf(10);
  const m = eol < 0 ? null : HEADER.exec(data.subarray(0, eol).toString('latin1'));
  if (!m) return { ok: false, reason: 'no valid checksum header' };
  const body = data.subarray(eol + 1);
  const bytes = Number(m[1]);
  if (body.length !== bytes)
    return { ok: false, reason: `${body.length} bytes where the header says ${bytes}` };
  if (sha256(body) !== m[2]) return { ok: false, reason: 'checksum mismatch' };
  return { ok: true, payload: body.toString('utf8') };
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
