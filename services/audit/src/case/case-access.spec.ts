import { DomainError } from '@accord/contracts';
import type { Principal } from '@accord/platform';
import { caseAgencies, historyViewFor } from './case-access';

const who = (agency: string, ...roles: Principal['roles']): Principal => ({ sub: 'u', agency, roles });

describe('case access', () => {
  it("finds the case's agencies in a submission, a profile or a case file", () => {
    expect(
      caseAgencies([{ data: { referringAgency: 'police-north', receivingService: 'rj-east' } }]),
    ).toEqual({
      referringAgency: 'police-north',
      receivingService: 'rj-east',
    });
    expect(
      caseAgencies([
        { data: { caseId: 'c' } },
        { data: { profile: { referringAgency: 'court', receivingService: 'rj-west' } } },
      ]),
    ).toEqual({ referringAgency: 'court', receivingService: 'rj-west' });
    expect(caseAgencies([{ data: { file: { receivingService: 'rj-west' } } }])).toEqual({
      referringAgency: null,
      receivingService: 'rj-west',
    });
  });

  const agencies = { referringAgency: 'police-north', receivingService: 'rj-east' };

  it('shows auditors and admins everything, the receiving service the trail without personal data', () => {
    expect(historyViewFor(who('inspectorate', 'auditor'), 'c', agencies)).toBe('full');
    expect(historyViewFor(who('rj-east', 'admin'), 'c', agencies)).toBe('full');
    expect(historyViewFor(who('rj-east', 'case-worker'), 'c', agencies)).toBe('withheld');
  });

  it('answers anyone else as if the case did not exist', () => {
    for (const principal of [who('police-north', 'referrer'), who('rj-west', 'case-worker')]) {
      expect(() => historyViewFor(principal, 'c', agencies)).toThrow(DomainError);
      try {
        historyViewFor(principal, 'c', agencies);
      } catch (error) {
        expect((error as DomainError).kind).toBe('not-found');
      }
    }
  });
});
