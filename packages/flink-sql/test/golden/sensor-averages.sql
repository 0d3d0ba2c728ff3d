-- Eventide pipeline "Sensor averages (tumbling window)" compiled to Flink SQL (Flink 2.2).
-- Times are epoch milliseconds, window_start and window_end as in Eventide results.

SET 'table.local-time-zone' = 'UTC';
SET 'execution.checkpointing.interval' = '5000 ms';

-- node sensors
CREATE TABLE `src_sensors` (
  `i` BIGINT,
  `k` INT,
  `r` DOUBLE,
  `sensor` AS CAST(CONCAT('sensor-', CAST(`k` AS STRING)) AS STRING),
  `temperature` AS CAST(15 + `r` * 20 AS DOUBLE),
  `humidity` AS CAST(`r` * 100 AS DOUBLE),
  `ts` AS CAST(1700000000000 + CAST(`i` AS DOUBLE) * 5 AS DOUBLE),
  `rowtime` AS TO_TIMESTAMP_LTZ(CAST((CAST(1700000000000 + CAST(`i` AS DOUBLE) * 5 AS DOUBLE)) AS BIGINT), 3),
  WATERMARK FOR `rowtime` AS `rowtime` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'datagen',
  'rows-per-second' = '200',
  'fields.i.kind' = 'sequence',
  'fields.i.start' = '0',
  'fields.i.end' = '9007199254740991',
  'fields.k.min' = '0',
  'fields.k.max' = '4',
  'fields.r.min' = '0',
  'fields.r.max' = '1'
);
CREATE TEMPORARY VIEW `v_sensors` AS
SELECT `sensor`, `temperature`, `humidity`, `ts`, `rowtime`
FROM `src_sensors`;

-- node avg-5s
CREATE TEMPORARY VIEW `v_avg-5s` AS
SELECT `sensor`,
  (EXTRACT(EPOCH FROM window_start) * 1000 + EXTRACT(MILLISECOND FROM window_start)) AS `window_start`,
  (EXTRACT(EPOCH FROM window_end) * 1000 + EXTRACT(MILLISECOND FROM window_end)) AS `window_end`,
  'final' AS `window_fire`,
  AVG(CAST(`temperature` AS DOUBLE)) AS `avg_temp`,
  COUNT(*) AS `readings`,
  window_time AS `rowtime`
FROM TABLE(TUMBLE(TABLE `v_sensors`, DESCRIPTOR(`rowtime`), INTERVAL '5' SECOND))
GROUP BY `sensor`, window_start, window_end, window_time;

-- node temperature-chart
CREATE TABLE `sink_temperature-chart` (
  `sensor` STRING,
  `window_start` BIGINT,
  `window_end` BIGINT,
  `window_fire` STRING,
  `avg_temp` DOUBLE,
  `readings` BIGINT
) WITH (
  'connector' = 'kafka',
  'topic' = 'eventide.sensor-averages-tumbling-window.temperature-chart',
  'properties.bootstrap.servers' = '127.0.0.1:19092',
  'format' = 'json'
);

-- node latest-windows
CREATE TABLE `sink_latest-windows` (
  `sensor` STRING,
  `window_start` BIGINT,
  `window_end` BIGINT,
  `window_fire` STRING,
  `avg_temp` DOUBLE,
  `readings` BIGINT
) WITH (
  'connector' = 'kafka',
  'topic' = 'eventide.sensor-averages-tumbling-window.latest-windows',
  'properties.bootstrap.servers' = '127.0.0.1:19092',
  'format' = 'json'
);

EXECUTE STATEMENT SET BEGIN
-- node temperature-chart
INSERT INTO `sink_temperature-chart`
SELECT `sensor`, `window_start`, `window_end`, `window_fire`, `avg_temp`, `readings` FROM `v_avg-5s`;
-- node latest-windows
INSERT INTO `sink_latest-windows`
SELECT `sensor`, `window_start`, `window_end`, `window_fire`, `avg_temp`, `readings` FROM `v_avg-5s`;
END;

-- warning: node sensors: preset: datagen produces the sensors preset's fields, rate and key cardinality with its own random values, not the embedded generator's sequence: feed the same data through a file or Kafka source to compare results
