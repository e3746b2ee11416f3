import fc from 'fast-check';
import { facilitatorCandidate, lowRiskCaseFile } from '../test/case-file.fixture';
import {
  chooseFacilitator,
  languageFit,
  unsuitability,
  type FacilitatorCandidate,
} from './facilitator-match';

const file = lowRiskCaseFile(
  [
    { personId: 'h', role: 'harmed', language: 'cy' },
    { personId: 'r', role: 'responsible', language: 'pl-PL' },
  ],
  {
    offenceCategory: 'domestic-abuse',
    riskLevel: 'medium',
    specialistFacilitator: true,
    safetyPlanRequired: true,
  },
);

const f = (id: string, overrides: Partial<FacilitatorCandidate> = {}): FacilitatorCandidate =>
  facilitatorCandidate(id, { accreditation: 'specialist', ...overrides });

describe('facilitator matching', () => {
  it('names every reason a facilitator may not take a case', () => {
    expect(
      unsuitability(
        f('x', {
          active: false,
          service: 'rj-south',
          homeAgency: 'police-north',
          accreditation: 'standard',
          caseload: 5,
        }),
        file,
      ),
    ).toEqual(['inactive', 'other-service', 'conflict-of-interest', 'not-specialist', 'at-capacity']);
    expect(unsuitability(f('y'), file)).toEqual([]);
  });

  it('ranks a harmed person’s language above another participant’s, ignoring region subtags', () => {
    expect(languageFit(f('a', { languages: ['pl'] }), file)).toEqual({ rank: 1, language: 'pl' });
    expect(languageFit(f('b', { languages: ['CY-GB', 'pl'] }), file)).toEqual({ rank: 2, language: 'cy' });
    expect(languageFit(f('c'), file)).toEqual({ rank: 0, language: null });
  });

  it('prefers language, then the least loaded, and never picks an unsuitable one', () => {
    const choice = chooseFacilitator(
      [
        f('busy-welsh', { languages: ['cy'], caseload: 4 }),
        f('idle-english', { caseload: 0 }),
        f('conflicted-welsh', { languages: ['cy'], homeAgency: 'police-north' }),
        f('idle-polish', { languages: ['pl'], caseload: 1 }),
      ],
      file,
    );
    expect(choice).toMatchObject({ kind: 'chosen', facilitatorId: 'busy-welsh' });
    expect(
      chooseFacilitator(
        [f('a', { caseload: 3 }), f('b', { caseload: 1 }), f('c', { caseload: 1, maxCaseload: 2 })],
        file,
      ),
    ).toMatchObject({
      kind: 'chosen',
      facilitatorId: 'b',
    });
  });

  it('explains when nobody fits, listing only the receiving service’s facilitators', () => {
    expect(chooseFacilitator([f('s', { service: 'rj-south' })], file)).toEqual({
      kind: 'none',
      reasons: [],
      explanation: 'no facilitators are registered for rj-service-north',
    });
  });

  it('whatever the roster, a chosen facilitator is always suitable and no suitable one speaks better or carries less', () => {
    const candidate = fc.record({
      id: fc.string({ minLength: 1, maxLength: 6 }),
      service: fc.constantFrom('rj-service-north', 'rj-south'),
      homeAgency: fc.constantFrom('rj-service-north', 'police-north', 'court'),
      accreditation: fc.constantFrom('standard' as const, 'specialist' as const),
      languages: fc.subarray(['en', 'cy', 'pl', 'ur']),
      maxCaseload: fc.integer({ min: 1, max: 8 }),
      caseload: fc.integer({ min: 0, max: 9 }),
      active: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(candidate, { maxLength: 8 }), fc.boolean(), (roster, specialist) => {
        const caseFile = { ...file, specialistFacilitator: specialist };
        const choice = chooseFacilitator(roster, caseFile);
        const suitable = roster.filter((c) => unsuitability(c, caseFile).length === 0);
        if (choice.kind === 'none') return suitable.length === 0;
        const chosen = suitable.find((c) => c.id === choice.facilitatorId);
        if (!chosen) return false;
        const rank = languageFit(chosen, caseFile).rank;
        return suitable.every(
          (c) =>
            languageFit(c, caseFile).rank < rank ||
            (languageFit(c, caseFile).rank === rank && c.caseload >= chosen.caseload),
        );
      }),
    );
  });
});
