import { personalFieldRules, WITHHELD, withholdPersonalData } from './personal-fields';

describe('withholding personal data', () => {
  const rules = personalFieldRules();

  it("replaces each person's personal fields in a referral, and leaves the rest", () => {
    const data = {
      caseId: 'c-1',
      referringAgency: 'police-north',
      incident: { offenceCategory: 'property', summary: 'what happened to Ann', summaryHeldBy: 'p-1' },
      people: {
        harmed: [
          {
            personId: 'p-1',
            name: 'Ann',
            dateOfBirth: '1980-01-01',
            contactPreferences: { methods: ['phone'], phone: '0123' },
            language: 'en',
          },
        ],
        responsible: [{ personId: 'p-2', name: 'Bob', dateOfBirth: '1990-01-01', contactPreferences: {} }],
        supporters: [],
      },
    };
    const withheld = withholdPersonalData('ReferralSubmitted', data, rules);
    expect(withheld).toEqual({
      caseId: 'c-1',
      referringAgency: 'police-north',
      incident: { offenceCategory: 'property', summary: WITHHELD, summaryHeldBy: 'p-1' },
      people: {
        harmed: [
          {
            personId: 'p-1',
            name: WITHHELD,
            dateOfBirth: WITHHELD,
            contactPreferences: WITHHELD,
            language: 'en',
          },
        ],
        responsible: [
          { personId: 'p-2', name: WITHHELD, dateOfBirth: WITHHELD, contactPreferences: WITHHELD },
        ],
        supporters: [],
      },
    });
    expect(data.people.harmed[0]?.name).toBe('Ann');
  });

  it("withholds a check-in's notes and a safety plan; other events pass unchanged", () => {
    expect(
      withholdPersonalData(
        'CheckInNotesRecorded',
        { checkInId: 'k', harmedPersonId: 'p', notes: 'mine' },
        rules,
      ),
    ).toEqual({ checkInId: 'k', harmedPersonId: 'p', notes: WITHHELD });
    expect(withholdPersonalData('SafetyPlanRecorded', { caseId: 'c', safetyPlan: 'plan' }, rules)).toEqual({
      caseId: 'c',
      safetyPlan: WITHHELD,
    });
    const given = { personId: 'p', purpose: 'participation' };
    expect(withholdPersonalData('ConsentGiven', given, rules)).toBe(given);
  });
});
