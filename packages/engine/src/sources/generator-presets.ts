import type { GeneratorPreset } from '@eventide/shared';
import type { Event } from '../runtime/operator.js';
import { draw, drawInt } from './prng.js';

export interface PresetParams {
  seed: number;
  keyCardinality: number;
  failureRate: number;
}

const PAGES = ['/', '/search', '/product', '/cart', '/checkout', '/account', '/help', '/blog'];
const REFERRERS = ['direct', 'google', 'twitter', 'newsletter', 'partner'];
const TICKERS = ['ACME', 'GLOBX', 'INITECH', 'UMBRL', 'HOOLI', 'STARK', 'WAYNE', 'TYRELL', 'CYBER', 'OSCORP'];

const round = (x: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** Roughly normal in (-1, 1): the mean of three uniforms, centred and scaled. */
const bell = (seed: number, i: number, salt: number) =>
  (draw(seed, i, salt) + draw(seed, i, salt + 1) + draw(seed, i, salt + 2) - 1.5) / 1.5;

const symbol = (k: number) => (k < TICKERS.length ? (TICKERS[k] as string) : `SYM${k}`);

/**
 * Event number `i` of a preset at event time `ts`: fields as GENERATOR_FIELDS declares. Key fields
 * draw from keyCardinality keys; every value is a pure function of (seed, i). Nexmark has its own
 * generator (nexmark.ts).
 */
export function presetEvent(
  preset: Exclude<GeneratorPreset, 'nexmark'>,
  p: PresetParams,
  i: number,
  ts: number,
): Event {
  const { seed, keyCardinality: keys } = p;
  const k = drawInt(seed, i, 0, keys);
  switch (preset) {
    case 'sensors':
      return {
        sensor: `sensor-${k}`,
        // Each sensor has its own base temperature, so per-key aggregates differ.
        temperature: round(15 + (k % 10) * 2 + bell(seed, i, 1) * 8, 1),
        humidity: round(40 + bell(seed, i, 4) * 25, 1),
        ts,
      };
    case 'logins': {
      const failed = draw(seed, i, 1) < p.failureRate;
      return {
        user: `user-${k}`,
        type: failed ? 'fail' : 'success',
        ip: `10.${k % 256}.${drawInt(seed, i, 2, 256)}.${drawInt(seed, i, 3, 254) + 1}`,
        ts,
      };
    }
    case 'clicks':
      return {
        user: `user-${k}`,
        page: PAGES[drawInt(seed, i, 1, PAGES.length)] as string,
        referrer: REFERRERS[drawInt(seed, i, 2, REFERRERS.length)] as string,
        ts,
      };
    case 'trades': {
      const base = 20 + (k % 50) * 7;
      return {
        symbol: symbol(k),
        price: round(base * (1 + bell(seed, i, 1) * 0.02), 2),
        volume: 1 + drawInt(seed, i, 4, 1000),
        side: draw(seed, i, 5) < 0.5 ? 'buy' : 'sell',
        ts,
      };
    }
  }
}
