-- Eventide pipeline "Brute-force login detection from Kafka (CEP)" compiled to Flink SQL (Flink 2.2).
-- Times are epoch milliseconds, window_start and window_end as in Eventide results.

SET 'table.local-time-zone' = 'UTC';
SET 'execution.checkpointing.interval' = '5000 ms';
SET 'table.exec.source.idle-timeout' = '2000 ms';

-- node logins
CREATE TABLE `src_logins` (
  `user` STRING,
  `type` STRING,
  `ip` STRING,
  `ts` DOUBLE,
  `rowtime` AS TO_TIMESTAMP_LTZ(CAST(`ts` AS BIGINT), 3),
  WATERMARK FOR `rowtime` AS `rowtime` - INTERVAL '0 00:00:00.500' DAY TO SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'logins',
  'properties.bootstrap.servers' = '127.0.0.1:19092',
  'properties.group.id' = 'brute-force',
  'scan.startup.mode' = 'earliest-offset',
  'format' = 'json',
  'scan.watermark.idle-timeout' = '2000 ms'
);

-- node three-failures
CREATE TEMPORARY VIEW `v_three-failures` AS
SELECT `m0` AS `user`, `m1` AS `attempts`, `m2` AS `start`, `m3` AS `ip`, `rowtime`
FROM `src_logins`
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
  'topic' = 'eventide.brute-force-login-detection-from-kafka-cep.alerts',
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
  'topic' = 'eventide.brute-force-login-detection-from-kafka-cep.alert-log',
  'properties.bootstrap.servers' = '127.0.0.1:19092',
  'format' = 'json'
);

-- node alerts-topic
CREATE TABLE `sink_alerts-topic` (
  `user` STRING,
  `attempts` BIGINT,
  `start` DOUBLE,
  `ip` STRING
) WITH (
  'connector' = 'kafka',
  'topic' = 'login-alerts',
  'properties.bootstrap.servers' = '127.0.0.1:19092',
  'format' = 'json',
  'key.format' = 'raw',
  'key.fields' = 'user',
  'value.fields-include' = 'ALL',
  'sink.delivery-guarantee' = 'exactly-once',
  'sink.transactional-id-prefix' = 'eventide-brute-force-login-detection-from-kafka-cep-alerts-topic',
  'properties.transaction.timeout.ms' = '900000'
);

EXECUTE STATEMENT SET BEGIN
-- node alerts
INSERT INTO `sink_alerts`
SELECT `user`, `attempts`, `start`, `ip` FROM `v_three-failures`;
-- node alert-log
INSERT INTO `sink_alert-log`
SELECT `user`, `attempts`, `start`, `ip` FROM `v_three-failures`;
-- node alerts-topic
INSERT INTO `sink_alerts-topic`
SELECT `user`, `attempts`, `start`, `ip` FROM `v_three-failures`;
END;
