import { formatDuration } from './duration';
import { clockTime } from './format';

/** The source whose input sets the watermark a window waits for. */
export interface HoldingSource {
  id: string;
  /** Time since it last sent an event; null when it sent none yet. */
  silentMs: number | null;
  /** The assign-timestamps idle timeout after which it stops holding the watermark back (0: off). */
  idleTimeoutMs: number;
  /** How far the watermark trails the newest event time (bounded out-of-orderness). */
  lagMs: number;
}

export interface WindowWait {
  watermark: number | null;
  /** null when it is not known yet (no watermark to place the next window by). */
  windowEnd: number | null;
  source?: HoldingSource;
  /** In the preview: the sample ended, which fired the window although the watermark never got there. */
  sampleEnded?: boolean;
  /** For the date in times (shown when it is not today's). */
  now?: number;
}

/** A source counts as silent, rather than slow, after this long without an event. */
const SILENT_AFTER_MS = 2000;

const idleText = (ms: number) => (ms > 0 ? `idle timeout ${formatDuration(ms)}` : 'idle timeout off');

/**
 * Why a window has not fired, in words: where the watermark is, where the window ends, and what
 * holds the watermark back ("watermark is 12:00:03, this window ends 12:00:05; the watermark is held
 * back by source `logins` (no event for 40 s; idle timeout off)").
 */
export function whyWindowWaits(w: WindowWait): string {
  const now = w.now ?? Date.now();
  const end = w.windowEnd === null ? 'its end' : clockTime(w.windowEnd, now);
  const head =
    w.watermark === null
      ? 'there is no watermark yet'
      : `watermark is ${clockTime(w.watermark, now)}, this window ends ${end}`;
  if (w.watermark !== null && w.windowEnd !== null && w.watermark >= w.windowEnd)
    return `${head}; the watermark has passed its end, so it fires at the next watermark step`;
  const s = w.source;
  let why = '';
  if (s) {
    const lag = s.lagMs > 0 ? `, and the watermark trails it by ${formatDuration(s.lagMs)}` : '';
    if (s.silentMs === null)
      why = `the watermark is held back by source \`${s.id}\` (no event yet; ${idleText(s.idleTimeoutMs)})`;
    else if (w.sampleEnded || s.silentMs >= SILENT_AFTER_MS)
      why = `the watermark is held back by source \`${s.id}\` (${w.sampleEnded ? 'its sample has no later event' : `no event for ${formatDuration(Math.round(s.silentMs / 1000) * 1000)}`}; ${idleText(s.idleTimeoutMs)})`;
    else why = `source \`${s.id}\` sends events, but their event time has not reached ${end} yet${lag}`;
  }
  const ended = w.sampleEnded ? '. It fired only because the sample ended; a run would wait' : '';
  return `${head}${why ? `; ${why}` : ''}${ended}`;
}
