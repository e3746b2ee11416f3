import { noScreeningRequirements } from '@accord/contracts';
import { caseFixture, person } from '../test/case-fixture';
import { consentRequirements } from './required-consents';

describe('consentRequirements', () => {
  it('asks the harmed and responsible persons, not supporters', () => {
    const supporter = person('supporter');
    const { profile, harmed, responsible } = caseFixture({ extra: [supporter] });
    expect(consentRequirements(profile, noScreeningRequirements())).toEqual({
      required: [
        { personId: harmed.personId, role: 'harmed' },
        { personId: responsible.personId, role: 'responsible' },
      ],
      guardiansNeeded: [],
    });
  });

  it("asks each under-18 participant's guardian too, on their behalf", () => {
    const minor = person('responsible', { ageAtReferral: 16 });
    const guardian = person('guardian', { supports: minor.personId, ageAtReferral: 44 });
    const { profile } = caseFixture({ extra: [minor, guardian] });
    const { required, guardiansNeeded } = consentRequirements(
      profile,
      noScreeningRequirements({ guardianConsentFor: [minor.personId] }),
    );
    expect(required).toContainEqual({ personId: minor.personId, role: 'responsible' });
    expect(required).toContainEqual({
      personId: guardian.personId,
      role: 'guardian',
      onBehalfOf: [minor.personId],
    });
    expect(guardiansNeeded).toEqual([]);
  });

  it('says which minors still need a guardian named', () => {
    const minor = person('harmed', { ageAtReferral: 14 });
    const { profile } = caseFixture({ extra: [minor] });
    expect(
      consentRequirements(profile, noScreeningRequirements({ guardianConsentFor: [minor.personId] }))
        .guardiansNeeded,
    ).toEqual([minor.personId]);
  });

  it('asks a guardian of two minors once, for both', () => {
    const first = person('harmed', { ageAtReferral: 12 });
    const second = person('harmed', { ageAtReferral: 10 });
    const parent = person('guardian', { supports: first.personId });
    const { profile } = caseFixture({
      extra: [first, second, parent, { ...parent, supports: second.personId }],
    });
    const { required } = consentRequirements(
      profile,
      noScreeningRequirements({ guardianConsentFor: [first.personId, second.personId] }),
    );
    expect(required.filter((consent) => consent.personId === parent.personId)).toEqual([
      { personId: parent.personId, role: 'guardian', onBehalfOf: [first.personId, second.personId] },
    ]);
  });
});
