import type * as Mqtt from 'mqtt';
import type { IClientOptions, MqttClient } from 'mqtt';
import { Backoff, type StatusReporter } from '../connector-status.js';
import { lazyRequire } from '../lazy-require.js';
import { mqttErrorInWords } from './mqtt-words.js';

/** The mqtt library, loaded when a connector first needs it. */
export const mqttLib = lazyRequire<typeof Mqtt>('mqtt');

export interface MqttConnection {
  url: string;
  username: string;
  /** Resolved (never the `${env:NAME}` reference). */
  password: string;
  clientId: string;
  clean: boolean;
}

/** Params of source.mqtt / sink.mqtt (after secrets are resolved) as a connection. */
export function mqttConnectionOf(
  p: { url: string; username: string; password: string; clientId: string; cleanSession?: boolean },
  fallbackClientId: string,
): MqttConnection {
  return {
    url: p.url,
    username: p.username,
    password: p.password,
    clientId: p.clientId !== '' ? p.clientId : fallbackClientId,
    clean: p.cleanSession !== false,
  };
}

export function clientOptions(c: MqttConnection, extra: Partial<IClientOptions> = {}): IClientOptions {
  return {
    clientId: c.clientId,
    clean: c.clean,
    protocolVersion: 4,
    connectTimeout: 5_000,
    reconnectPeriod: 500,
    ...(c.username !== '' ? { username: c.username } : {}),
    ...(c.password !== '' ? { password: c.password } : {}),
    ...extra,
  };
}

/**
 * A client that keeps reconnecting with backoff (0.5 s doubling to 10 s) and reports its link:
 * "connecting" until the first CONNACK, "reconnecting" with the reason after a loss, "connected".
 * A refused password is "failed" and keeps being retried slowly, so fixing the broker heals the run.
 */
export function connectWithStatus(
  c: MqttConnection,
  report: StatusReporter,
  extra: Partial<IClientOptions> = {},
): MqttClient {
  const client = mqttLib().connect(c.url, clientOptions(c, extra));
  const backoff = new Backoff();
  let lastError: string | undefined;
  let wasConnected = false;
  report('connecting', `connecting to ${c.url}`);
  client.on('connect', () => {
    wasConnected = true;
    lastError = undefined;
    backoff.reset();
    client.options.reconnectPeriod = 500;
    report('connected');
  });
  client.on('error', (err) => {
    lastError = mqttErrorInWords(err, c.url);
    const refused = /refused the login|refused the client id/.test(lastError);
    if (refused) report('failed', lastError);
  });
  client.on('close', () => {
    // mqtt.js reads reconnectPeriod for each attempt: this is the backoff.
    const delay = backoff.next();
    client.options.reconnectPeriod = delay;
    const why =
      lastError ?? (wasConnected ? `lost the MQTT broker at ${c.url}` : `no MQTT broker answers at ${c.url}`);
    if (!/refused the login|refused the client id/.test(why))
      report('reconnecting', `${why}; retrying in ${(delay / 1000).toFixed(1)} s`);
  });
  return client;
}
