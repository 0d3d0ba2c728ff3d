import { API_ERRORS } from '@eventide/shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, apiErrorBody } from './client';

describe('apiErrorBody', () => {
  it('accepts an error body of the shared contract', () => {
    const body = { error: 'not-found', message: 'no pipeline "x"' };
    expect(apiErrorBody(body)).toEqual(body);
    expect(API_ERRORS['not-found'].status).toBe(404);
  });

  it('refuses what is not one: unknown code, missing message, not an object', () => {
    expect(apiErrorBody({ error: 'teapot', message: 'short and stout' })).toBeNull();
    expect(apiErrorBody({ error: 'not-found' })).toBeNull();
    expect(apiErrorBody('<html>bad gateway</html>')).toBeNull();
    expect(apiErrorBody(null)).toBeNull();
  });
});

describe('api client errors', () => {
  afterEach(() => vi.unstubAllGlobals());

  it("throws the server's code and issues", async () => {
    const body = { error: 'invalid-document', message: '1 validation error', issues: [] };
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify(body), { status: 400 }));
    const err = await api.getPipeline('x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, body });
  });

  it('names a non-contract answer unexpected-response, with its start', async () => {
    vi.stubGlobal('fetch', async () => new Response('<html>bad gateway</html>', { status: 502 }));
    const err = await api.listPipelines().catch((e: unknown) => e);
    expect(err).toMatchObject({
      status: 502,
      body: { error: 'unexpected-response', message: 'HTTP 502: <html>bad gateway</html>' },
    });
  });
});
