-- Eventide pipeline "MQTT sensors dashboard" compiled to Flink SQL (Flink 2.2).
-- Times are epoch milliseconds, window_start and window_end as in Eventide results.
-- NOT DEPLOYABLE: 2 refusal(s), listed by node and param path:
--   node sensors-in: source.mqtt has no Flink connector
--   node publish: sink.mqtt runs in the Eventide server only: no Flink connector writes it

SET 'table.local-time-zone' = 'UTC';
SET 'execution.checkpointing.interval' = '5000 ms';

-- node devices
CREATE TABLE `src_devices` (
  `i` BIGINT,
  `k` INT,
  `r` DOUBLE,
  `sensor` AS CAST(CONCAT('sensor-', CAST(`k` AS STRING)) AS STRING),
  `temperature` AS CAST(15 + `r` * 20 AS DOUBLE),
  `humidity` AS CAST(`r` * 100 AS DOUBLE),
  `ts` AS CAST(1700000000000 + CAST(`i` AS DOUBLE) * 20 AS DOUBLE)
) WITH (
  'connector' = 'datagen',
  'rows-per-second' = '50',
  'fields.i.kind' = 'sequence',
  'fields.i.start' = '0',
  'fields.i.end' = '9007199254740991',
  'fields.k.min' = '0',
  'fields.k.max' = '5',
  'fields.r.min' = '0',
  'fields.r.max' = '1'
);
CREATE TEMPORARY VIEW `v_devices` AS
SELECT `sensor`, `temperature`, `humidity`, `ts`
FROM `src_devices`;

-- node to-topic
CREATE TEMPORARY VIEW `v_to-topic` AS
SELECT `sensor`,
  `temperature`,
  `humidity`,
  `ts`,
  'eventide/sensors/' || `sensor` AS `topic`
FROM `v_devices`;

-- warning: node devices: preset: datagen produces the sensors preset's fields, rate and key cardinality with its own random values, not the embedded generator's sequence: feed the same data through a file or Kafka source to compare results
