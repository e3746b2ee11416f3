// Every answer an integration or e2e test receives through fetch is checked against the committed
// OpenAPI document (docs/openapi.json), so a handler that answers something undocumented fails the
// test that saw it (jest setupFilesAfterEnv).
import { OpenApiContract } from '../contract/openapi-contract';

const contract = new OpenApiContract();
const originalFetch = globalThis.fetch;

globalThis.fetch = async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
  // Read before sending: a Request's body can be read once, by the fetch itself.
  const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
  const url = new URL(input instanceof Request ? input.url : String(input));
  const response = await originalFetch(input, init);
  const contentType = response.headers.get('content-type') ?? '';
  if (!['127.0.0.1', 'localhost'].includes(url.hostname) || !url.pathname.startsWith('/api/'))
    return response;
  // Server-sent events and CSV are not read here: JSON and NDJSON answers are checked.
  const body = /json/.test(contentType) ? await response.clone().text() : '';
  const violation = contract.violation(method, url.pathname, response.status, contentType, body);
  if (violation) throw new Error(`contract violation: ${violation}`);
  return response;
};
