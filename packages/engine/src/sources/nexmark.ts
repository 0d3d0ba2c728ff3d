/**
 * The Nexmark generator (nexmark/nexmark, nexmark-flink's generator package), re-implemented from
 * its description: event i is a person, an auction or a bid by i mod 50 (1 : 3 : 46), ids follow
 * the same epochs, hot auctions, bidders and sellers the same ratios (defaults 2, 4, 4), prices
 * 10^(6u) * 100 cents, and `extra` pads each event to the average sizes (person 200, auction 500,
 * bid 100 bytes). Differences: random numbers come from EventRandom seeded by (seed, i), so any event
 * can be rebuilt from its index (checkpoints store indexes); `dateTime` is epoch milliseconds; and a
 * bid's bidder gets FIRST_PERSON_ID once (the Java generator adds it twice, pointing bids at
 * persons that never exist).
 */
import type { Event } from '../runtime/operator.js';
import { EventRandom, seedOf } from './prng.js';

const PERSON_PROPORTION = 1;
const AUCTION_PROPORTION = 3;
const TOTAL_PROPORTION = 50;
const FIRST_PERSON_ID = 1000;
const FIRST_AUCTION_ID = 1000;
const FIRST_CATEGORY_ID = 10;
const NUM_CATEGORIES = 5;
const NUM_ACTIVE_PEOPLE = 1000;
const NUM_IN_FLIGHT_AUCTIONS = 100;
const PERSON_ID_LEAD = 10;
const AUCTION_ID_LEAD = 10;
const HOT_AUCTION_RATIO = 2;
const HOT_BIDDERS_RATIO = 4;
const HOT_SELLERS_RATIO = 4;
/** Size of the batches of ids the hot auction, bidder and seller are the first (second) of. */
const HOT_BATCH = 100;
const HOT_CHANNELS = ['Google', 'Facebook', 'Baidu', 'Apple'];
const CHANNELS_NUMBER = 10_000;
const AVG_PERSON_BYTES = 200;
const AVG_AUCTION_BYTES = 500;
const AVG_BID_BYTES = 100;
/** Events between an auction and the auction NUM_IN_FLIGHT_AUCTIONS later: its average length. */
const AUCTION_HORIZON_EVENTS = Math.floor((NUM_IN_FLIGHT_AUCTIONS * TOTAL_PROPORTION) / AUCTION_PROPORTION);

const US_STATES = ['AZ', 'CA', 'ID', 'OR', 'WA', 'WY'];
const US_CITIES = [
  'Phoenix',
  'Los Angeles',
  'San Francisco',
  'Boise',
  'Portland',
  'Bend',
  'Redmond',
  'Seattle',
  'Kent',
  'Cheyenne',
];
const FIRST_NAMES = [
  'Peter',
  'Paul',
  'Luke',
  'John',
  'Saul',
  'Vicky',
  'Kate',
  'Julie',
  'Sarah',
  'Deiter',
  'Walter',
];
const LAST_NAMES = ['Shultz', 'Abrams', 'Spencer', 'White', 'Bartels', 'Walton', 'Smith', 'Jones', 'Noris'];

export type NexmarkType = 'person' | 'auction' | 'bid';

/** Which kind event i is. */
export function nexmarkType(i: number): NexmarkType {
  const rem = i % TOTAL_PROPORTION;
  return rem < PERSON_PROPORTION
    ? 'person'
    : rem < PERSON_PROPORTION + AUCTION_PROPORTION
      ? 'auction'
      : 'bid';
}

function lastBase0PersonId(i: number): number {
  const epoch = Math.floor(i / TOTAL_PROPORTION);
  let offset = i % TOTAL_PROPORTION;
  if (offset >= PERSON_PROPORTION) offset = PERSON_PROPORTION - 1;
  return epoch * PERSON_PROPORTION + offset;
}

function lastBase0AuctionId(i: number): number {
  let epoch = Math.floor(i / TOTAL_PROPORTION);
  let offset = i % TOTAL_PROPORTION;
  if (offset < PERSON_PROPORTION) {
    epoch--;
    offset = AUCTION_PROPORTION - 1;
  } else if (offset >= PERSON_PROPORTION + AUCTION_PROPORTION) offset = AUCTION_PROPORTION - 1;
  else offset -= PERSON_PROPORTION;
  return epoch * AUCTION_PROPORTION + offset;
}

function nextBase0PersonId(i: number, r: EventRandom): number {
  const numPeople = lastBase0PersonId(i) + 1;
  const active = Math.min(numPeople, NUM_ACTIVE_PEOPLE);
  return numPeople - active + r.int(active + PERSON_ID_LEAD);
}

function nextBase0AuctionId(i: number, r: EventRandom): number {
  const max = lastBase0AuctionId(i);
  const min = Math.max(max - NUM_IN_FLIGHT_AUCTIONS, 0);
  return min + r.int(max - min + 1 + AUCTION_ID_LEAD);
}

/** 10^(6u) * 100 cents, rounded; exp(x ln 10) is 10^x at a fraction of Math.pow's cost. */
function nextPrice(r: EventRandom): number {
  return Math.round(Math.exp(r.next() * SIX_LN10) * 100);
}
const SIX_LN10 = 6 * Math.LN10;

const CHARS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * 3 to maxLength - 1 lowercase letters, one in 13 replaced by `special`, trimmed. One draw per
 * character: u < 1/13 is the special character, else the letter of u's finer digits. Used for the
 * fixed tables; events cut their strings from `text` (nextText), the same distribution per character.
 */
function nextString(r: EventRandom, maxLength: number, special = ' '): string {
  let len = 3 + r.int(maxLength - 3);
  let s = '';
  while (len-- > 0) {
    const u = r.next();
    s += u * 13 < 1 ? special : (CHARS[Math.floor(u * 338) % 26] as string);
  }
  return s.trim();
}

/** nextString(r, maxLength, ' ') in two draws: a slice of `text`, whose characters are drawn alike. */
function nextText(r: EventRandom, maxLength: number): string {
  const len = 3 + r.int(maxLength - 3);
  const at = r.int(text.length - len);
  return text.slice(at, at + len).trim();
}

// Fixed tables, built once on first use: the padding text `extra` is cut from, and the URL of each
// channel (the Java generator's CHANNEL_URL_CACHE, from its own fixed random source).
let padding = '';
/** Letters with one space in 13, as nextString draws them. */
let text = '';
/** '0000' to '9999', the four-digit groups of credit card numbers. */
let digits: string[] = [];
let hotUrls: string[] = [];
let channelNames: string[] = [];
let channelUrls: string[] = [];

function tables(): void {
  if (padding) return;
  const r = new EventRandom();
  r.reset(0x5eed);
  const chars: string[] = new Array(1 << 16);
  for (let k = 0; k < chars.length; k++) chars[k] = CHARS[r.int(26)] as string;
  padding = chars.join('');
  for (let k = 0; k < chars.length; k++) {
    const u = r.next();
    chars[k] = u * 13 < 1 ? ' ' : (CHARS[Math.floor(u * 338) % 26] as string);
  }
  text = chars.join('');
  digits = Array.from({ length: 10_000 }, (_, k) => String(k).padStart(4, '0'));
  const baseUrl = () =>
    `https://www.nexmark.com/${nextString(r, 5, '_')}/${nextString(r, 5, '_')}/${nextString(r, 5, '_')}/item.htm?query=1`;
  hotUrls = HOT_CHANNELS.map(baseUrl);
  channelNames = new Array(CHANNELS_NUMBER);
  channelUrls = new Array(CHANNELS_NUMBER);
  for (let c = 0; c < CHANNELS_NUMBER; c++) {
    let url = baseUrl();
    if (r.int(10) > 0) url += `&channel_id=${Math.abs(reverseBits(c))}`;
    channelNames[c] = `channel-${c}`;
    channelUrls[c] = url;
  }
}

/** Java's Integer.reverse. */
function reverseBits(x: number): number {
  let v = x >>> 0;
  let out = 0;
  for (let b = 0; b < 32; b++) {
    out = (out << 1) | (v & 1);
    v >>>= 1;
  }
  return out | 0;
}

/** Padding so the event's size averages `average` bytes: ±20 % around what is left after `current`. */
function nextExtra(r: EventRandom, current: number, average: number): string {
  if (current > average) return '';
  const want = average - current;
  const delta = Math.round(want * 0.2);
  const size = want - delta + (delta === 0 ? 0 : r.int(2 * delta));
  const at = r.int(padding.length - size);
  return padding.slice(at, at + size);
}

/**
 * Builds events by index. `eventTime(i)` is the event time of event i (the generator's rate), so an
 * auction's expiry can look NUM_IN_FLIGHT_AUCTIONS auctions ahead as Nexmark does.
 */
export class NexmarkEvents {
  private readonly r = new EventRandom();

  constructor(
    private readonly seed: number,
    private readonly eventTime: (i: number) => number,
  ) {
    tables();
  }

  event(i: number, ts: number): Event {
    this.r.reset(seedOf(this.seed, i));
    const rem = i % TOTAL_PROPORTION;
    if (rem < PERSON_PROPORTION) return this.person(i, ts);
    if (rem < PERSON_PROPORTION + AUCTION_PROPORTION) return this.auction(i, ts);
    return this.bid(i, ts);
  }

  private person(i: number, ts: number): Event {
    const r = this.r;
    const name = `${FIRST_NAMES[r.int(FIRST_NAMES.length)]} ${LAST_NAMES[r.int(LAST_NAMES.length)]}`;
    const emailAddress = `${nextText(r, 7)}@${nextText(r, 5)}.com`;
    const creditCard = `${digits[r.int(10_000)]} ${digits[r.int(10_000)]} ${digits[r.int(10_000)]} ${digits[r.int(10_000)]}`;
    const city = US_CITIES[r.int(US_CITIES.length)] as string;
    const state = US_STATES[r.int(US_STATES.length)] as string;
    const size = 8 + name.length + emailAddress.length + creditCard.length + city.length + state.length;
    return {
      type: 'person',
      id: lastBase0PersonId(i) + FIRST_PERSON_ID,
      name,
      emailAddress,
      creditCard,
      city,
      state,
      dateTime: ts,
      extra: nextExtra(r, size, AVG_PERSON_BYTES),
    };
  }

  private auction(i: number, ts: number): Event {
    const r = this.r;
    const id = lastBase0AuctionId(i) + FIRST_AUCTION_ID;
    const seller =
      (r.int(HOT_SELLERS_RATIO) > 0
        ? Math.floor(lastBase0PersonId(i) / HOT_BATCH) * HOT_BATCH
        : nextBase0PersonId(i, r)) + FIRST_PERSON_ID;
    const category = FIRST_CATEGORY_ID + r.int(NUM_CATEGORIES);
    const initialBid = nextPrice(r);
    const horizon = this.eventTime(i + AUCTION_HORIZON_EVENTS) - ts;
    const expires = ts + 1 + r.int(Math.max(horizon * 2, 1));
    const itemName = nextText(r, 20);
    const description = nextText(r, 100);
    const reserve = initialBid + nextPrice(r);
    const size = 8 + itemName.length + description.length + 40;
    return {
      type: 'auction',
      id,
      itemName,
      description,
      initialBid,
      reserve,
      dateTime: ts,
      expires,
      seller,
      category,
      extra: nextExtra(r, size, AVG_AUCTION_BYTES),
    };
  }

  private bid(i: number, ts: number): Event {
    const r = this.r;
    const auction =
      (r.int(HOT_AUCTION_RATIO) > 0
        ? Math.floor(lastBase0AuctionId(i) / HOT_BATCH) * HOT_BATCH
        : nextBase0AuctionId(i, r)) + FIRST_AUCTION_ID;
    const bidder =
      (r.int(HOT_BIDDERS_RATIO) > 0
        ? Math.floor(lastBase0PersonId(i) / HOT_BATCH) * HOT_BATCH + 1
        : nextBase0PersonId(i, r)) + FIRST_PERSON_ID;
    const price = nextPrice(r);
    let channel: string;
    let url: string;
    if (r.int(2) > 0) {
      const h = r.int(HOT_CHANNELS.length);
      channel = HOT_CHANNELS[h] as string;
      url = hotUrls[h] as string;
    } else {
      const c = r.int(CHANNELS_NUMBER);
      channel = channelNames[c] as string;
      url = channelUrls[c] as string;
    }
    return {
      type: 'bid',
      auction,
      bidder,
      price,
      channel,
      url,
      dateTime: ts,
      extra: nextExtra(r, 32, AVG_BID_BYTES),
    };
  }
}
