import { OpenApiContract } from './openapi-contract';

describe('OpenApiContract (docs/openapi.json)', () => {
  const contract = new OpenApiContract();
  const caseId = '6a1d1f0e-8c1e-4e7b-9a51-2d9b7d6c1a01';
  const problem = {
    type: 'about:blank',
    title: 'Not Found',
    status: 404,
    detail: 'No case',
    instance: `/api/cases/${caseId}/state`,
    correlationId: 'c-1',
  };
  /** What the contract says of an answer to GET /api/cases/{caseId}/state. */
  const stateAnswer = (status: number, mediaType: string, body: string) =>
    contract.violation('GET', `/api/cases/${caseId}/state`, status, mediaType, body);

  it('accepts a documented status with a body that matches its schema', () => {
    expect(stateAnswer(404, 'application/problem+json', JSON.stringify(problem))).toBeUndefined();
  });

  it('refuses a status the operation does not document', () => {
    expect(stateAnswer(418, 'application/json', '{}')).toMatch(
      /GET \/api\/cases\/\{caseId\}\/state → 418: the document does not declare this status/,
    );
  });

  it('refuses a body that breaks the documented schema, and an undocumented media type', () => {
    const { correlationId: _, ...withoutId } = problem;
    expect(stateAnswer(404, 'application/problem+json', JSON.stringify(withoutId))).toMatch(
      /must have required property 'correlationId'/,
    );
    expect(stateAnswer(404, 'application/json', JSON.stringify(problem))).toMatch(
      /answered application\/json, the document declares application\/problem\+json/,
    );
  });

  it('leaves paths the document does not describe alone', () => {
    expect(contract.violation('GET', '/health', 500, 'application/json', '{}')).toBeUndefined();
  });

  it('checks each line of an NDJSON answer against the schema documented for one line', () => {
    const progress = { kind: 'progress', checked: 10, total: null };
    const result = { kind: 'result', intact: true, checked: 12, sealed: 12 };
    const ndjson = (...lines: object[]) => lines.map((line) => `${JSON.stringify(line)}\n`).join('');
    expect(
      contract.violation('GET', '/api/audit/verify', 200, 'application/x-ndjson', ndjson(progress, result)),
    ).toBeUndefined();
    expect(
      contract.violation(
        'GET',
        '/api/audit/verify',
        200,
        'application/x-ndjson',
        ndjson(progress, { kind: 'done' }),
      ),
    ).toMatch(/line 2/);
  });

  it('accepts null where a success schema documents a nullable property, and nothing else in its place', () => {
    const verification = (broken: unknown) => JSON.stringify({ caseId, intact: true, streams: [], broken });
    expect(
      contract.violation('GET', `/api/cases/${caseId}/verify`, 200, 'application/json', verification(null)),
    ).toBeUndefined();
    expect(
      contract.violation('GET', `/api/cases/${caseId}/verify`, 200, 'application/json', verification('none')),
    ).toMatch(/does not match/);
  });
});
