import type { MqttClient } from 'mqtt';
import type { StatusReporter } from '../connector-status.js';
import { connectWithStatus, type MqttConnection } from './mqtt-client.js';

export interface MqttSinkOptions {
  connection: MqttConnection;
  topic: string;
  /** A field naming each result's topic; empty = always `topic`. */
  topicField: string;
  qos: 0 | 1 | 2;
  retain: boolean;
  /** Results published but not yet acknowledged (or queued while the broker is away) before the run fails. */
  maxQueue: number;
  report: StatusReporter;
  countError: (reason: string) => void;
}

/**
 * sink.mqtt: each result is a JSON payload. While the broker is away mqtt.js queues publishes and
 * sends them after reconnecting; past maxQueue unacknowledged results the run fails by name rather
 * than drop results silently (it resumes from its checkpoint when restarted).
 */
export class MqttSink {
  private readonly client: MqttClient;
  private inFlight = 0;
  published = 0;

  constructor(
    readonly nodeId: string,
    private readonly opts: MqttSinkOptions,
  ) {
    this.client = connectWithStatus(opts.connection, opts.report, { queueQoSZero: true });
  }

  write(events: readonly unknown[]): void {
    if (this.inFlight + events.length > this.opts.maxQueue)
      throw new Error(
        `${this.inFlight} results wait for the MQTT broker at ${this.opts.connection.url} (maxQueue ${this.opts.maxQueue})`,
      );
    for (const e of events) {
      const topic = this.topicOf(e);
      if (topic === undefined) continue;
      this.inFlight++;
      this.client.publish(
        topic,
        JSON.stringify(e),
        { qos: this.opts.qos, retain: this.opts.retain },
        (err) => {
          this.inFlight--;
          if (err) this.opts.countError(`publish to ${topic} failed: ${err.message}`);
          else this.published++;
        },
      );
    }
  }

  private topicOf(e: unknown): string | undefined {
    if (this.opts.topicField === '') return this.opts.topic;
    const v = (e as Record<string, unknown>)[this.opts.topicField];
    if (typeof v === 'string' && v !== '' && !/[+#]/.test(v)) return v;
    this.opts.countError(`field ${this.opts.topicField} is not a topic name: ${JSON.stringify(v)}`);
    return undefined;
  }

  /** Waits (at most `waitMs`) for results still in flight, then disconnects. */
  async close(waitMs = 5_000): Promise<void> {
    const until = Date.now() + waitMs;
    while (this.inFlight > 0 && this.client.connected && Date.now() < until)
      await new Promise((r) => setTimeout(r, 20));
    if (this.inFlight > 0)
      this.opts.countError(`${this.inFlight} results not acknowledged by the broker at close`);
    await this.client.endAsync(true);
  }
}
