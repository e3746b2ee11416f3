import { breakingChanges, type ApiDocument } from './openapi-compat';

const document = (
  request: Record<string, unknown>,
  response: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): ApiDocument =>
  ({
    info: { version: '1.0.0' },
    paths: {
      '/api/things': {
        post: {
          parameters: [
            { name: 'pageSize', in: 'query', required: false, schema: { type: 'integer', maximum: 100 } },
          ],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/In' } } },
          },
          responses: {
            '201': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Out' } } } },
          },
        },
      },
      ...extra,
    },
    components: { schemas: { In: request, Out: response } },
  }) as ApiDocument;

const request = {
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string' }, kind: { type: 'string', enum: ['a', 'b'] } },
};
const response = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string' }, note: { type: 'string' } },
};
const released = document(request, response, { '/api/old': { get: { responses: {} } } });

describe('breakingChanges', () => {
  it('finds nothing when only additions were made', () => {
    const current = document(
      { ...request, properties: { ...request.properties, extra: { type: 'string' } } },
      { ...response, properties: { ...response.properties, more: { type: 'integer' } } },
      { '/api/old': { get: { responses: {} } }, '/api/new': { get: { responses: {} } } },
    );
    expect(breakingChanges(released, current)).toEqual([]);
  });

  it('names removed operations, new required input, narrowed and retyped fields, and lost response fields', () => {
    const current = document(
      {
        type: 'object',
        required: ['name', 'kind'],
        properties: { name: { type: 'integer' }, kind: { type: 'string', enum: ['a'] } },
      },
      { type: 'object', properties: { id: { type: 'string' } } },
    );
    expect(breakingChanges(released, current).sort()).toEqual(
      [
        'GET /api/old: operation removed',
        'POST /api/things body.kind: accepts fewer values (enum)',
        'POST /api/things body.kind: newly required',
        'POST /api/things body.name: type string → integer',
        'POST /api/things 201.id: no longer always present',
        'POST /api/things 201.note: removed',
      ].sort(),
    );
  });
});
