-- Eventide pipeline "Brute-force login detection (CEP)" compiled to Flink SQL (Flink 2.2).
-- Times are epoch milliseconds, window_start and window_end as in Eventide results.

SET 'table.local-time-zone' = 'UTC';
SET 'execution.checkpointing.interval' = '5000 ms';

-- node logins
CREATE TABLE `src_logins` (
  `i` BIGINT,
  `k` INT,
  `r` DOUBLE,
  `user` AS CAST(CONCAT('user-', CAST(`k` AS STRING)) AS STRING),
  `type` AS CAST(CASE WHEN `r` < 0.4E0 THEN 'fail' ELSE 'success' END AS STRING),
  `ip` AS CAST(CONCAT('10.0.0.', CAST(`k` AS STRING)) AS STRING),
  `ts` AS CAST(1700000000000 + CAST(`i` AS DOUBLE) * 20 AS DOUBLE),
  `rowtime` AS TO_TIMESTAMP_LTZ(CAST((CAST(1700000000000 + CAST(`i` AS DOUBLE) * 20 AS DOUBLE)) AS BIGINT), 3),
  WATERMARK FOR `rowtime` AS `rowtime` - INTERVAL '0 00:00:00.500' DAY TO SECOND
) WITH (
  'connector' = 'datagen',
  'rows-per-second' = '50',
  'fields.i.kind' = 'sequence',
  'fields.i.start' = '0',
  'fields.i.end' = '9007199254740991',
  'fields.k.min' = '0',
  'fields.k.max' = '19',
  'fields.r.min' = '0',
  'fields.r.max' = '1'
);
CREATE TEMPORARY VIEW `v_logins` AS
SELECT `user`, `type`, `ip`, `ts`, `rowtime`
FROM `src_logins`;

-- node three-failures
CREATE TEMPORARY VIEW `v_three-failures` AS
SELECT `m0` AS `user`, `m1` AS `attempts`, `m2` AS `start`, `m3` AS `ip`, `rowtime`
FROM `v_logins`
MATCH_RECOGNIZE (
  PARTITION BY `user`
  ORDER BY `rowtime`
  MEASURES
    FIRST(s_first.`user`) AS `m0`,
    COUNT(s_first.`rowtime`) AS `m1`,
    FIRST(s_first.`ts`) AS `m2`,
    FIRST(s_first.`ip`) AS `m3`,
    MATCH_ROWTIME() AS `rowtime`
  ONE ROW PER MATCH
  AFTER MATCH SKIP PAST LAST ROW
  PATTERN (s_first{3})
  WITHIN INTERVAL '1' MINUTE
  DEFINE
    s_first AS `type` = 'fail'
);

-- node alerts
CREATE TABLE `sink_alerts` (
  `user` STRING,
  `attempts` BIGINT,
  `start` DOUBLE,
  `ip` STRING
) WITH (
  'connector' = 'kafka',
  'topic' = 'eventide.brute-force-login-detection-cep.alerts',
  'properties.bootstrap.servers' = '127.0.0.1:19092',
  'format' = 'json'
);

-- node alert-log
CREATE TABLE `sink_alert-log` (
  `user` STRING,
  `attempts` BIGINT,
  `start` DOUBLE,
  `ip` STRING
) WITH (
  'connector' = 'kafka',
  'topic' = 'eventide.brute-force-login-detection-cep.alert-log',
  'properties.bootstrap.servers' = '127.0.0.1:19092',
  'format' = 'json'
);

EXECUTE STATEMENT SET BEGIN
-- node alerts
INSERT INTO `sink_alerts`
SELECT `user`, `attempts`, `start`, `ip` FROM `v_three-failures`;
-- node alert-log
INSERT INTO `sink_alert-log`
SELECT `user`, `attempts`, `start`, `ip` FROM `v_three-failures`;
END;

-- warning: node logins: preset: datagen produces the logins preset's fields, rate and key cardinality with its own random values, not the embedded generator's sequence: feed the same data through a file or Kafka source to compare results
