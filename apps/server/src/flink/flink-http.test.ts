import { describe, expect, it } from 'vitest';
import { checkEndpoint, FlinkHttpError, flinkErrorMessage } from './flink-http.js';

describe('checkEndpoint', () => {
  it('keeps http(s) URLs without a trailing slash', () => {
    expect(checkEndpoint('http://127.0.0.1:18081/', 'flinkUrl')).toBe('http://127.0.0.1:18081');
    expect(checkEndpoint('https://flink.example.com/base//', 'gatewayUrl')).toBe(
      'https://flink.example.com/base',
    );
  });
  it('refuses other schemes, credentials, queries and non-URLs with a 400 naming the field', () => {
    for (const [url, why] of [
      ['ftp://x', /flinkUrl: use an http/],
      ['http://u:p@x', /flinkUrl: a URL without credentials/],
      ['http://x/?a=1', /flinkUrl: a URL without credentials, query/],
      ['not a url', /flinkUrl: "not a url" is not a URL/],
    ] as const) {
      const err = (() => {
        try {
          checkEndpoint(url, 'flinkUrl');
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(FlinkHttpError);
      expect((err as FlinkHttpError).status).toBe(400);
      expect((err as Error).message).toMatch(why);
    }
  });
});

describe('flinkErrorMessage', () => {
  it("takes the gateway trace's first meaningful cause, without the class name", () => {
    const trace = [
      'Internal server error.',
      "<Exception on server side:\norg.apache.flink.table.gateway.api.utils.SqlGatewayException: Failed to fetchResults.\n\tat x\nCaused by: org.apache.flink.table.gateway.service.utils.SqlExecutionException: Failed to execute the operation 23e7.\nCaused by: org.apache.flink.table.api.ValidationException: SQL validation failed. From line 1, column 8 to line 1, column 11: Column 'nope' not found in any table\nCaused by: org.apache.calcite.sql.validate.SqlValidatorException: Column 'nope' not found in any table",
    ];
    expect(flinkErrorMessage({ errors: trace }, 'fallback')).toBe(
      "SQL validation failed. From line 1, column 8 to line 1, column 11: Column 'nope' not found in any table",
    );
  });
  it('joins plain error strings, and falls back when the body is not a Flink error', () => {
    expect(flinkErrorMessage({ errors: ['Job not found', 'try again'] }, 'x')).toBe(
      'Job not found; try again',
    );
    expect(flinkErrorMessage('<html>', '502 Bad Gateway')).toBe('502 Bad Gateway');
  });
});
