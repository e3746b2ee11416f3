// Every answer an integration or e2e test receives through fetch is checked against the committed
// OpenAPI document (docs/openapi.json), so a handler that answers something undocumented fails the
// test that saw it (jest setupFilesAfterEnv).
import { OpenApiContract } from '../contract/openapi-contract';

const contract = new OpenApiContract();
const originalFetch = globalThis.fetch;

globalThis.fetch = async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
  const response = await originalFetch(input, init);
  const request = new Request(input, init);
  const url = new URL(request.url);
  const contentType = response.headers.get('content-type') ?? '';
  if (!['127.0.0.1', 'localhost'].includes(url.hostname) || !url.pathname.startsWith('/api/'))
    return response;
  // Streams (server-sent events, NDJSON, CSV) are not read here: only JSON answers are checked.
  const body = /json/.test(contentType) ? await response.clone().text() : '';
  const violation = contract.violation(request.method, url.pathname, response.status, contentType, body);
  if (violation) throw new Error(`contract violation: ${violation}`);
  return response;
};
