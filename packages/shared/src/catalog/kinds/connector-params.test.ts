import { describe, expect, it } from 'vitest';
import { parseParams } from '../index.js';
import { topicFilterProblem, topicNameProblem } from './mqtt-common.js';

const issues = (kind: string, params: unknown) => {
  const r = parseParams(kind, params);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('connector params', () => {
  it('topic filters: + and # only as whole levels, # last', () => {
    expect(topicFilterProblem('sensors/+/temp')).toBeUndefined();
    expect(topicFilterProblem('sensors/#')).toBeUndefined();
    expect(topicFilterProblem('#')).toBeUndefined();
    expect(topicFilterProblem('sensors/#/x')).toMatch(/must be a whole level and the last one/);
    expect(topicFilterProblem('sensors/a#')).toMatch(/must be a whole level/);
    expect(topicFilterProblem('sensors/a+')).toMatch(/"\+" must be a whole level/);
    expect(topicNameProblem('out/+')).toMatch(/cannot contain/);
  });

  it('passwords are ${env:NAME} or ${secret:NAME} references, in the password param and inside URLs', () => {
    expect(issues('sink.postgres', { password: '${env:PG_PASSWORD}' })).toEqual([]);
    expect(issues('sink.postgres', { password: '${secret:PG_PASSWORD}' })).toEqual([]);
    const refused =
      'password: write ${env:NAME} or ${secret:NAME} and set NAME on the server, never the secret itself';
    expect(issues('sink.postgres', { password: 'hunter2' })).toEqual([refused]);
    expect(issues('sink.postgres', { password: '${file:PG}' })).toEqual([refused]);
    expect(issues('sink.postgres', { password: 'x${secret:PG}' })).toEqual([refused]);
    expect(issues('source.mqtt', { url: 'mqtt://user:hunter2@127.0.0.1:11883' })).toEqual([
      'url: a password in the URL must be ${env:NAME} or ${secret:NAME}: put it in the password param',
    ]);
    expect(issues('source.mqtt', { url: 'mqtt://user:${env:PW}@127.0.0.1:11883' })).toEqual([]);
    expect(issues('source.mqtt', { url: 'mqtt://user:${secret:PW}@127.0.0.1:11883' })).toEqual([]);
    expect(issues('sink.mqtt', { url: 'http://127.0.0.1' })).toEqual([
      'url: an mqtt://, mqtts://, ws:// or wss:// broker URL',
    ]);
  });

  it('a persistent session needs a client id; upsert needs key columns among the columns', () => {
    expect(issues('source.mqtt', { cleanSession: false })).toEqual([
      'clientId: a persistent session (cleanSession: false) needs a client id',
    ]);
    expect(issues('sink.postgres', { mode: 'upsert' })).toEqual(['key: upsert needs key columns']);
    expect(issues('sink.postgres', { mode: 'upsert', key: ['nope'] })).toEqual([
      'key.0: key column "nope" is not among the columns',
    ]);
  });
});
