import { SERVICE_NAMES, SERVICES } from '@accord/contracts';
import { ReplicaRotation, routeFor } from './upstream-routes';

describe('routeFor', () => {
  it.each([
    ['/api/referrals', 'intake'],
    ['/api/referrals/6a1d1f0e-8c1e-4e7b-9a51-2d9b7d6c1a01/accept', 'intake'],
    ['/api/admin/agencies/police-north', 'intake'],
    ['/api/cases/c1/screening', 'screening'],
    ['/api/cases/c1/screening/decision', 'screening'],
    ['/api/cases/c1/consent/participants/p1', 'consent'],
    ['/api/consent/inbox', 'consent'],
    ['/api/cases/c1/conference', 'conferencing'],
    ['/api/facilitators/f1/caseload', 'conferencing'],
    ['/api/cases/c1/follow-up/tasks', 'follow-up'],
    ['/api/reports/outcomes', 'follow-up'],
    ['/api/cases/c1/history', 'audit'],
    ['/api/cases/c1/state', 'audit'],
    ['/api/cases/c1/verify', 'audit'],
    ['/api/audit/verify', 'audit'],
    ['/api/people/p1/erasure', 'audit'],
  ])('%s → %s', (path, service) => {
    expect(routeFor(path)).toEqual({ kind: 'upstream', service });
  });

  it.each([
    ['/api/referralsX', 'none'],
    ['/api/cases/c1', 'none'],
    ['/api/cases/c1/unknown', 'none'],
    ['/api/docs-other', 'none'],
    ['/health', 'none'],
    ['/api', 'none'],
    // Refused: each could climb out of the prefix that chose the service.
    ['/api/referrals/../admin/agencies', 'bad-path'],
    ['/api/referrals/%2e%2e/admin', 'bad-path'],
    ['/api/referrals//x', 'bad-path'],
    ['/api/referrals/a%2Fb', 'bad-path'],
    ['/api/referrals/.', 'bad-path'],
  ] as const)('%s goes to no service (%s)', (path, kind) => {
    expect(routeFor(path)).toEqual({ kind });
  });

  it.each(SERVICE_NAMES.flatMap((service) => SERVICES[service].routes.map((prefix) => [prefix, service])))(
    'the manifest’s prefix %s (and below it) → %s',
    (prefix, service) => {
      const path = prefix.replace(/:[^/]+/g, 'c1');
      expect([routeFor(path), routeFor(`${path}/x`)]).toEqual([
        { kind: 'upstream', service },
        { kind: 'upstream', service },
      ]);
    },
  );
});

describe('ReplicaRotation', () => {
  const config = (screeningUrl: string) =>
    ({ SCREENING_URL: screeningUrl }) as unknown as ConstructorParameters<typeof ReplicaRotation>[0];

  it('takes turns over the replicas, each call starting one further along', () => {
    const rotation = new ReplicaRotation(config('http://a:1, http://b:2/,http://c:3'));
    expect([1, 2, 3, 4].map(() => rotation.order('screening'))).toEqual([
      ['http://a:1', 'http://b:2', 'http://c:3'],
      ['http://b:2', 'http://c:3', 'http://a:1'],
      ['http://c:3', 'http://a:1', 'http://b:2'],
      ['http://a:1', 'http://b:2', 'http://c:3'],
    ]);
  });

  it('always hands out a single replica', () => {
    const rotation = new ReplicaRotation(config('http://a:1'));
    expect([rotation.order('screening'), rotation.order('screening')]).toEqual([
      ['http://a:1'],
      ['http://a:1'],
    ]);
  });
});
