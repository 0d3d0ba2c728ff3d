-- Eventide pipeline "Large trades to a file (micro-batched sink)" compiled to Flink SQL (Flink 2.2).
-- Times are epoch milliseconds, window_start and window_end as in Eventide results.

SET 'table.local-time-zone' = 'UTC';
SET 'execution.checkpointing.interval' = '2000 ms';

-- node trades
CREATE TABLE `src_trades` (
  `i` BIGINT,
  `k` INT,
  `r` DOUBLE,
  `symbol` AS CAST(CONCAT('SYM', CAST(`k` AS STRING)) AS STRING),
  `price` AS CAST(1 + `r` * 999 AS DOUBLE),
  `volume` AS CAST(FLOOR(`r` * 1000) AS DOUBLE),
  `side` AS CAST(CASE WHEN `r` < 0.5 THEN 'buy' ELSE 'sell' END AS STRING),
  `ts` AS CAST(1700000000000 + CAST(`i` AS DOUBLE) * 1 AS DOUBLE)
) WITH (
  'connector' = 'datagen',
  'rows-per-second' = '1000',
  'fields.i.kind' = 'sequence',
  'fields.i.start' = '0',
  'fields.i.end' = '9007199254740991',
  'fields.k.min' = '0',
  'fields.k.max' = '19',
  'fields.r.min' = '0',
  'fields.r.max' = '1'
);
CREATE TEMPORARY VIEW `v_trades` AS
SELECT `symbol`, `price`, `volume`, `side`, `ts`
FROM `src_trades`;

-- node large
CREATE TEMPORARY VIEW `v_large` AS
SELECT `symbol`, `price`, `volume`, `side`, `ts`
FROM `v_trades`
WHERE (`price` * `volume`) > 10000;

-- node shape
CREATE TEMPORARY VIEW `v_shape` AS
SELECT `symbol` AS `symbol`,
  `price` * `volume` AS `value`,
  `side` AS `side`,
  `ts` AS `ts`
FROM `v_large`;

-- node large-trades
CREATE TABLE `sink_large-trades` (
  `symbol` STRING,
  `value` DOUBLE,
  `side` STRING,
  `ts` DOUBLE
) WITH (
  'connector' = 'kafka',
  'topic' = 'eventide.large-trades-to-a-file-micro-batched-sink.large-trades',
  'properties.bootstrap.servers' = '127.0.0.1:19092',
  'format' = 'json'
);

-- node trades-file
CREATE TABLE `sink_trades-file` (
  `symbol` STRING,
  `value` DOUBLE,
  `side` STRING,
  `ts` DOUBLE
) WITH (
  'connector' = 'filesystem',
  'path' = 'out/large-trades.jsonl',
  'format' = 'json'
);

EXECUTE STATEMENT SET BEGIN
-- node large-trades
INSERT INTO `sink_large-trades`
SELECT `symbol`, `value`, `side`, `ts` FROM `v_shape`;
-- node trades-file
INSERT INTO `sink_trades-file`
SELECT `symbol`, `value`, `side`, `ts` FROM `v_shape`;
END;

-- warning: node trades: preset: datagen produces the trades preset's fields, rate and key cardinality with its own random values, not the embedded generator's sequence: feed the same data through a file or Kafka source to compare results
-- warning: node batches: Flink sinks batch their own writes: micro-batch passes rows through unchanged
