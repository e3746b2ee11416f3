import { mergeOpenApi } from './merge-openapi';

describe('mergeOpenApi', () => {
  const intake = {
    service: 'intake' as const,
    document: {
      paths: {
        '/api/referrals': {
          post: {
            tags: ['referrals'],
            requestBody: {
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Person' } } },
            },
          },
        },
        '/health': { get: { tags: ['Health'] } },
      },
      components: {
        schemas: {
          Person: { type: 'object', properties: { name: { type: 'string' } } },
          Shared: { type: 'string' },
        },
      },
      tags: [{ name: 'Health' }, { name: 'referrals' }],
    },
  };
  const consent = {
    service: 'consent' as const,
    document: {
      paths: {
        '/api/cases/{caseId}/consent': {
          get: {
            responses: {
              200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Person' } } } },
            },
          },
        },
        // A path the gateway sends elsewhere is not this service's to publish.
        '/api/referrals/{id}': { get: {} },
      },
      components: {
        schemas: {
          Person: { type: 'object', properties: { personId: { type: 'string' } } },
          Shared: { type: 'string' },
        },
      },
    },
  };

  const merged = mergeOpenApi([intake, consent], [{ service: 'audit', reason: 'ECONNREFUSED' }]);

  it('keeps only the paths the gateway routes to each service', () => {
    expect(Object.keys(merged.paths ?? {}).sort()).toEqual(['/api/cases/{caseId}/consent', '/api/referrals']);
  });

  it('lists only the tags of the operations it keeps (no empty section for an internal route)', () => {
    expect(merged.tags?.map((tag) => tag.name)).toEqual(['referrals']);
  });

  it('renames a schema two services define differently, and the references to it', () => {
    expect(Object.keys(merged.components?.schemas ?? {}).sort()).toEqual([
      'Person',
      'Shared',
      'consent.Person',
    ]);
    expect(JSON.stringify(merged.paths?.['/api/cases/{caseId}/consent'])).toContain(
      '#/components/schemas/consent.Person',
    );
    expect(JSON.stringify(merged.paths?.['/api/referrals'])).toContain('#/components/schemas/Person"');
  });

  it('says which services answered and which did not', () => {
    expect(merged['x-accord-services']).toEqual({
      included: ['intake', 'consent'],
      unavailable: [{ service: 'audit', reason: 'ECONNREFUSED' }],
    });
    expect(merged.info?.description).toContain('audit (ECONNREFUSED)');
  });
});
