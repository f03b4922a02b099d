import { describe, expect, it } from 'vitest';
import { socketEndpoint } from './client.js';
import { codeOfStatus, errorFromResponse } from './errors.js';

describe('socketEndpoint', () => {
  it.each([
    ['http://localhost:3000', 'http://localhost:3000', '/socket.io'],
    ['http://localhost:3000/', 'http://localhost:3000', '/socket.io'],
    ['https://example.org/scrubin/', 'https://example.org', '/scrubin/socket.io'],
    ['https://example.org/a/b', 'https://example.org', '/a/b/socket.io'],
  ])('%s → %s with path %s', (baseUrl, url, path) => {
    expect(socketEndpoint(baseUrl)).toEqual({ url, path });
  });
});

describe('errorFromResponse', () => {
  it('takes code, message and details from the error body', () => {
    const body = { error: { code: 'SESSION_FULL', message: 'full', details: { max: 6 } } };
    const error = errorFromResponse(body, new Response(null, { status: 409 }));
    expect(error.toBody()).toEqual({ code: 'SESSION_FULL', message: 'full', details: { max: 6 } });
    expect(error.status).toBe(409);
  });

  it('derives the code from the status when the body is not an error body', () => {
    const response = new Response('busy', { status: 429, headers: { 'retry-after': '3' } });
    const error = errorFromResponse('busy', response);
    expect([error.code, error.details]).toEqual(['RATE_LIMITED', { retryAfterS: 3 }]);
  });

  it.each([
    [400, 'VALIDATION_FAILED'],
    [401, 'UNAUTHENTICATED'],
    [404, 'NOT_FOUND'],
    [410, 'SESSION_ENDED'],
    [418, 'VALIDATION_FAILED'],
    [502, 'INTERNAL'],
    [503, 'UNAVAILABLE'],
  ] as const)('status %i → %s', (status, code) => {
    expect(codeOfStatus(status)).toBe(code);
  });
});
