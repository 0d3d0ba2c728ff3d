import { describe, expect, it } from 'vitest';
import { describeTrace, jobStateOf } from './flink-cluster.js';

describe('jobStateOf', () => {
  it("maps every Flink JobStatus to Eventide's words", () => {
    expect(
      Object.fromEntries(
        [
          'INITIALIZING',
          'CREATED',
          'RUNNING',
          'FAILING',
          'FAILED',
          'CANCELLING',
          'CANCELED',
          'FINISHED',
          'RESTARTING',
          'SUSPENDED',
          'RECONCILING',
        ].map((s) => [s, jobStateOf(s)]),
      ),
    ).toEqual({
      INITIALIZING: 'created',
      CREATED: 'created',
      RUNNING: 'running',
      FAILING: 'restarting',
      FAILED: 'failed',
      CANCELLING: 'cancelling',
      CANCELED: 'cancelled',
      FINISHED: 'finished',
      RESTARTING: 'restarting',
      SUSPENDED: 'finished',
      RECONCILING: 'created',
    });
  });
});

describe('describeTrace', () => {
  it('gives the deepest cause after the nearest cause with a message of its own (a missing topic, as Flink 2.2 reports it)', () => {
    const trace = [
      "org.apache.flink.util.FlinkException: Global failure triggered by OperatorCoordinator for 'Source: src_logins[3] -> Calc[4]' (operator cbc3).",
      '\tat org.apache.flink.runtime.X(X.java:1)',
      'Caused by: org.apache.flink.util.FlinkRuntimeException: Failed to list subscribed topic partitions due to ',
      'Caused by: java.lang.RuntimeException: Failed to get metadata for topics [logins-x].',
      'Caused by: java.util.concurrent.ExecutionException: org.apache.flink.kafka.shaded.org.apache.kafka.common.errors.UnknownTopicOrPartitionException: This server does not host this topic-partition.',
      'Caused by: org.apache.flink.kafka.shaded.org.apache.kafka.common.errors.UnknownTopicOrPartitionException: This server does not host this topic-partition.',
      '\t... 5 more',
    ].join('\n');
    expect(describeTrace(trace)).toBe(
      'Failed to get metadata for topics [logins-x]: This server does not host this topic-partition.',
    );
  });
  it('a trace without causes is its first line, without the class', () => {
    expect(describeTrace('java.lang.IllegalStateException: no slots\n\tat x')).toBe('no slots');
  });
});
