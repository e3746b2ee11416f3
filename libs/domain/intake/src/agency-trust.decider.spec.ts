import { DeciderSpecification, isDomainError, metadataOf } from '@accord/testing';
import {
  agencyTrustDecider,
  agencyTrustId,
  type AgencyTrustEvent,
  type SetAgencyTrust,
} from './agency-trust.decider';

const given = DeciderSpecification.for(agencyTrustDecider);
const admin = metadataOf('platform-admin-1', { agency: 'accord-ops', now: '2026-03-10T09:30:00.000Z' });
const issuer = (url: string) => ({ issuer: url, rolesClaim: 'roles' });

const set = (issuers = [issuer('https://b.example'), issuer('https://a.example')]): SetAgencyTrust => ({
  type: 'SetAgencyTrust',
  data: {
    caseId: agencyTrustId('police-north'),
    agencyId: 'police-north',
    tier: 'agency',
    issuers,
    reason: 'onboarding',
  },
  metadata: admin,
});

const recorded: AgencyTrustEvent = {
  type: 'AgencyTrustSet',
  data: {
    agencyId: 'police-north',
    tier: 'agency',
    issuers: [issuer('https://a.example'), issuer('https://b.example')],
    setBy: 'platform-admin-1',
    setAt: '2026-03-10T09:30:00.000Z',
    reason: 'onboarding',
  },
};

describe('agency trust', () => {
  it('records who registered which issuers, when and why', () => {
    given([]).when(set()).then([recorded]);
  });

  it('changes nothing when the same issuers are set again, in any order', () => {
    given([recorded]).when(set()).thenNothingHappens();
  });

  it('records a change of issuer, and an empty list (nobody speaks for the agency any more)', () => {
    given([recorded])
      .when(set([issuer('https://new.example')]))
      .then([{ ...recorded, data: { ...recorded.data, issuers: [issuer('https://new.example')] } }]);
    given([recorded])
      .when(set([]))
      .then([{ ...recorded, data: { ...recorded.data, issuers: [] } }]);
  });

  it('refuses the same issuer twice', () => {
    given([])
      .when(set([issuer('https://a.example'), issuer('https://a.example')]))
      .thenThrows(isDomainError('DUPLICATE_ISSUER'));
  });

  it('keys each agency by a stable id of its own', () => {
    expect(agencyTrustId('police-north')).toBe(agencyTrustId('police-north'));
    expect(agencyTrustId('police-north')).not.toBe(agencyTrustId('police-south'));
  });
});
