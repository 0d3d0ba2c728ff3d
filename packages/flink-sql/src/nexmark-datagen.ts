/**
 * The Nexmark preset on Flink's datagen connector: computed columns over datagen's sequence `i`,
 * key `k` and random `r` that give the stream Nexmark's shape, so that a query deployed with its
 * generator has rows to work on: event i is a person, an auction or a bid by i mod 50 (1 : 3 : 46),
 * a field set only on the events of its type (NULL elsewhere, as the embedded generator leaves it
 * out), `dateTime` at the generator's rate, and ids that join as the queries expect: each block of
 * 50 events has one person (id 1000 + block) and three auctions (ids 1000 + 3 block ...), sold by
 * that block's person, and its bids go to one of those auctions from a recent person. The values are
 * datagen's, not the embedded generator's sequence (the compile warning says so).
 */

const block = 'CAST(FLOOR(CAST(`i` AS DOUBLE) / 50) AS BIGINT)';
const rem = 'MOD(`i`, 50)';
const person = (sql: string) => `CASE WHEN ${rem} = 0 THEN ${sql} END`;
const auction = (sql: string) => `CASE WHEN ${rem} BETWEEN 1 AND 3 THEN ${sql} END`;
const bid = (sql: string) => `CASE WHEN ${rem} >= 4 THEN ${sql} END`;
/** One of the names, picked by an integer expression. */
const pick = (index: string, names: string[]) =>
  `CASE MOD(${index}, ${names.length}) ${names.map((n, i) => `WHEN ${i} THEN '${n}'`).join(' ')} END`;

/** Column name -> SQL expression for the preset's fields, given the SQL of the event time. */
export function nexmarkColumns(dateTime: string): Record<string, string> {
  const personId = `1000 + ${block}`;
  const auctionId = `1000 + 3 * ${block} + ${rem} - 1`;
  const price = 'FLOOR(`r` * 10000) + 1';
  const channels = ['Google', 'Facebook', 'Baidu', 'Apple'];
  return {
    type: `CASE WHEN ${rem} = 0 THEN 'person' WHEN ${rem} < 4 THEN 'auction' ELSE 'bid' END`,
    dateTime,
    extra: `''`,
    id: `CASE WHEN ${rem} = 0 THEN ${personId} WHEN ${rem} < 4 THEN ${auctionId} END`,
    name: person(`CONCAT('person ', CAST(${block} AS STRING))`),
    emailAddress: person(`CONCAT('p', CAST(${block} AS STRING), '@nexmark.com')`),
    creditCard: person(`'0000 0000 0000 0000'`),
    city: person(pick(block, ['Phoenix', 'Los Angeles', 'Boise', 'Portland', 'Seattle', 'Cheyenne'])),
    state: person(pick(block, ['AZ', 'CA', 'ID', 'OR', 'WA', 'WY'])),
    itemName: auction(`CONCAT('item ', CAST(${auctionId} AS STRING))`),
    description: auction(`''`),
    initialBid: auction(price),
    reserve: auction(`2 * (${price})`),
    expires: auction(`${dateTime} + 10000`),
    seller: auction(personId),
    category: auction(`10 + MOD(\`k\`, 5)`),
    auction: bid(`1000 + 3 * ${block} + MOD(\`k\`, 3)`),
    bidder: bid(`1000 + GREATEST(${block} - MOD(\`k\`, 10), 0)`),
    price: bid(price),
    channel: bid(pick('`k`', channels)),
    url: bid(`CONCAT('https://www.nexmark.com/', ${pick('`k`', channels)}, '/item.htm')`),
  };
}
