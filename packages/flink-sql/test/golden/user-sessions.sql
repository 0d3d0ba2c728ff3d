-- Eventide pipeline "User sessions (session window)" compiled to Flink SQL (Flink 2.2).
-- Times are epoch milliseconds, window_start and window_end as in Eventide results.

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
  `ts` AS CAST(1700000000000 + CAST(`i` AS DOUBLE) * 50 AS DOUBLE),
  `rowtime` AS TO_TIMESTAMP_LTZ(CAST(`ts` AS BIGINT), 3),
  WATERMARK FOR `rowtime` AS `rowtime` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'datagen',
  'rows-per-second' = '20',
  'fields.i.kind' = 'sequence',
  'fields.i.start' = '0',
  'fields.i.end' = '9007199254740991',
  'fields.k.min' = '0',
  'fields.k.max' = '199',
  'fields.r.min' = '0',
  'fields.r.max' = '1'
);
CREATE TEMPORARY VIEW `v_clicks` AS
SELECT `user`, `page`, `referrer`, `ts`, `rowtime`
FROM `src_clicks`;

-- node sessions
CREATE TEMPORARY VIEW `v_sessions` AS
SELECT `user`,
  (EXTRACT(EPOCH FROM window_start) * 1000 + EXTRACT(MILLISECOND FROM window_start)) AS `window_start`,
  (EXTRACT(EPOCH FROM window_end) * 1000 + EXTRACT(MILLISECOND FROM window_end)) AS `window_end`,
  'final' AS `window_fire`,
  COUNT(*) AS `clicks`,
  ARRAY_SLICE(ARRAY_AGG(`page`), 1, 20) AS `pages`,
  FIRST_VALUE(`page`) AS `landing`,
  window_time AS `rowtime`
FROM TABLE(SESSION(TABLE `v_clicks` PARTITION BY `user`, DESCRIPTOR(`rowtime`), INTERVAL '30' SECOND))
GROUP BY `user`, window_start, window_end, window_time;

-- node session-table
CREATE TABLE `sink_session-table` (
  `user` STRING,
  `window_start` BIGINT,
  `window_end` BIGINT,
  `window_fire` STRING,
  `clicks` BIGINT,
  `pages` ARRAY<STRING>,
  `landing` STRING
) WITH (
  'connector' = 'kafka',
  'topic' = 'eventide.user-sessions-session-window.session-table',
  'properties.bootstrap.servers' = '127.0.0.1:19092',
  'format' = 'json'
);

-- node session-count
CREATE TABLE `sink_session-count` (
  `user` STRING,
  `window_start` BIGINT,
  `window_end` BIGINT,
  `window_fire` STRING,
  `clicks` BIGINT,
  `pages` ARRAY<STRING>,
  `landing` STRING
) WITH (
  'connector' = 'kafka',
  'topic' = 'eventide.user-sessions-session-window.session-count',
  'properties.bootstrap.servers' = '127.0.0.1:19092',
  'format' = 'json'
);

EXECUTE STATEMENT SET BEGIN
-- node session-table
INSERT INTO `sink_session-table`
SELECT `user`, `window_start`, `window_end`, `window_fire`, `clicks`, `pages`, `landing` FROM `v_sessions`;
-- node session-count
INSERT INTO `sink_session-count`
SELECT `user`, `window_start`, `window_end`, `window_fire`, `clicks`, `pages`, `landing` FROM `v_sessions`;
END;

-- warning: node clicks: preset: datagen produces the clicks preset's fields, rate and key cardinality with its own random values, not the embedded generator's sequence: feed the same data through a file or Kafka source to compare results
