-- Eventide pipeline "Page counts (sliding window)" compiled to Flink SQL (Flink 2.2).
-- Times are epoch milliseconds, window_start and window_end as in Eventide results.

SET 'table.local-time-zone' = 'UTC';
SET 'execution.checkpointing.interval' = '5000 ms';

-- node clicks
CREATE TABLE `src_clicks` (
  `i` BIGINT,
  `k` INT,
  `r` DOUBLE,
  `user` AS CAST(CONCAT('user-', CAST(`k` AS STRING)) AS STRING),
  `page` AS CAST(CONCAT('/page/', CAST(FLOOR(`r` * 10) AS STRING)) AS STRING),
  `referrer` AS CAST('direct' AS STRING),
  `ts` AS CAST(1700000000000 + CAST(`i` AS DOUBLE) * 2 AS DOUBLE),
  `rowtime` AS TO_TIMESTAMP_LTZ(CAST((CAST(1700000000000 + CAST(`i` AS DOUBLE) * 2 AS DOUBLE)) AS BIGINT), 3),
  WATERMARK FOR `rowtime` AS `rowtime` - INTERVAL '2' SECOND
) WITH (
  'connector' = 'datagen',
  'rows-per-second' = '500',
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

-- node views-per-page
CREATE TEMPORARY VIEW `v_views-per-page` AS
SELECT `page`,
  (EXTRACT(EPOCH FROM window_start) * 1000 + EXTRACT(MILLISECOND FROM window_start)) AS `window_start`,
  (EXTRACT(EPOCH FROM window_end) * 1000 + EXTRACT(MILLISECOND FROM window_end)) AS `window_end`,
  'final' AS `window_fire`,
  COUNT(*) AS `views`,
  COUNT(DISTINCT `user`) AS `visitors`,
  window_time AS `rowtime`
FROM TABLE(HOP(TABLE `v_clicks`, DESCRIPTOR(`rowtime`), INTERVAL '10' SECOND, INTERVAL '1' MINUTE))
GROUP BY `page`, window_start, window_end, window_time;

-- node page-bars
CREATE TABLE `sink_page-bars` (
  `page` STRING,
  `window_start` BIGINT,
  `window_end` BIGINT,
  `window_fire` STRING,
  `views` BIGINT,
  `visitors` BIGINT
) WITH (
  'connector' = 'kafka',
  'topic' = 'eventide.page-counts-sliding-window.page-bars',
  'properties.bootstrap.servers' = '127.0.0.1:19092',
  'format' = 'json'
);

-- node page-table
CREATE TABLE `sink_page-table` (
  `page` STRING,
  `window_start` BIGINT,
  `window_end` BIGINT,
  `window_fire` STRING,
  `views` BIGINT,
  `visitors` BIGINT
) WITH (
  'connector' = 'kafka',
  'topic' = 'eventide.page-counts-sliding-window.page-table',
  'properties.bootstrap.servers' = '127.0.0.1:19092',
  'format' = 'json'
);

EXECUTE STATEMENT SET BEGIN
-- node page-bars
INSERT INTO `sink_page-bars`
SELECT `page`, `window_start`, `window_end`, `window_fire`, `views`, `visitors` FROM `v_views-per-page`;
-- node page-table
INSERT INTO `sink_page-table`
SELECT `page`, `window_start`, `window_end`, `window_fire`, `views`, `visitors` FROM `v_views-per-page`;
END;

-- warning: node clicks: preset: datagen produces the clicks preset's fields, rate and key cardinality with its own random values, not the embedded generator's sequence: feed the same data through a file or Kafka source to compare results
-- warning: node views-per-page: earlyFireMs: Flink SQL window table functions emit final results only: no early results (window_fire = "early")
