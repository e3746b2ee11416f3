import { routeFor } from './upstream-routes';

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
    '/api/referralsX',
    '/api/cases/c1',
    '/api/cases/c1/unknown',
    '/api/docs-other',
    '/health',
    '/api',
  ])('%s goes nowhere', (path) => {
    expect(routeFor(path)).toEqual({ kind: 'none' });
  });

  it.each([
    '/api/referrals/../admin/agencies',
    '/api/referrals/%2e%2e/admin',
    '/api/referrals//x',
    '/api/referrals/a%2Fb',
    '/api/referrals/.',
  ])('%s is refused: it could climb out of its prefix', (path) => {
    expect(routeFor(path)).toEqual({ kind: 'bad-path' });
  });
});
