-- Eventide pipeline "User sessions (session window)" compiled to Flink SQL (Flink 2.2).
-- Times are epoch milliseconds, window_start and window_end as in Eventide results.
-- NOT DEPLOYABLE: 2 refusal(s), listed by node and param path:
--   node sessions: aggregations.1.fn: collect in a session window: Flink merges session accumulators and its ARRAY_AGG cannot merge
--   node sessions: aggregations.2.fn: first in a session window: Flink merges session accumulators and its FIRST_VALUE cannot merge

SET 'table.local-time-zone' = 'UTC';
SET 'execution.checkpointing.interval' = '5000 ms';
SET 'table.exec.source.idle-timeout' = '10000 ms';

-- node clicks
CREATE TABLE `src_clicks` (
  `i` BIGINT,
  `k` INT,
  `r` DOUBLE,
  `user` AS CAST(CONCAT('user-', CAST(`k` AS STRING)) AS STRING),
  `page` AS CAST(CONCAT('/page/', CAST(FLOOR(`r` * 10) AS STRING)) AS STRING),
  `referrer` AS CAST('direct' AS STRING),
  `ts` AS CAST(1700000000000 + CAST(`i` AS DOUBLE) * 100 AS DOUBLE),
  `rowtime` AS TO_TIMESTAMP_LTZ(CAST((CAST(1700000000000 + CAST(`i` AS DOUBLE) * 100 AS DOUBLE)) AS BIGINT), 3),
  WATERMARK FOR `rowtime` AS `rowtime` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'datagen',
  'rows-per-second' = '10',
  'fields.i.kind' = 'sequence',
  'fields.i.start' = '0',
  'fields.i.end' = '9007199254740991',
  'fields.k.min' = '0',
  'fields.k.max' = '49',
  'fields.r.min' = '0',
  'fields.r.max' = '1'
);
CREATE TEMPORARY VIEW `v_clicks` AS
SELECT `user`, `page`, `referrer`, `ts`, `rowtime`
FROM `src_clicks`;

-- warning: node clicks: preset: datagen produces the clicks preset's fields, rate and key cardinality with its own random values, not the embedded generator's sequence: feed the same data through a file or Kafka source to compare results
