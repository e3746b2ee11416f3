import { fieldPath, problemFrom } from './problem';

const respond = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  });

describe('API problems', () => {
  it('reads an RFC 9457 problem with field errors as JSON pointers', async () => {
    const problem = await problemFrom(
      respond(400, {
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        detail: 'The request has invalid fields; see `errors`.',
        instance: '/api/referrals',
        correlationId: 'c-1',
        errors: [
          { pointer: '/people/harmed/0/name', detail: 'name should not be empty' },
          { parameter: 'page', detail: 'page must be at least 1' },
          { header: 'Idempotency-Key', detail: 'send a key' },
        ],
      }),
    );
    expect(problem.status).toBe(400);
    expect(problem.correlationId).toBe('c-1');
    expect(problem.fieldProblems).toEqual([
      { field: 'people.harmed.0.name', message: 'name should not be empty' },
      { field: 'page', message: 'page must be at least 1' },
      { field: 'Idempotency-Key', message: 'send a key' },
    ]);
  });

  it('reads Retry-After on a 503 and the reason code of a domain problem', async () => {
    const problem = await problemFrom(
      respond(
        503,
        { title: 'Service Unavailable', status: 503, detail: 'not yet', code: 'NOT_YET' },
        { 'retry-after': '2' },
      ),
    );
    expect(problem.retryAfterSeconds).toBe(2);
    expect(problem.code).toBe('NOT_YET');
  });

  it('survives a body that is not JSON (a proxy page)', async () => {
    const problem = await problemFrom(
      new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
    );
    expect(problem.status).toBe(502);
    expect(problem.title).toBe('Bad Gateway');
    expect(problem.fieldProblems).toEqual([]);
  });

  it('unescapes JSON pointers', () => {
    expect(fieldPath('/a~1b/c~0d/0')).toBe('a/b.c~d.0');
    expect(fieldPath('plain.path')).toBe('plain.path');
  });
});
