import {
  emptyReferralForm,
  formErrorsFromProblems,
  toSubmitRequest,
  type ReferralForm,
} from './referral-form';

const messages = {
  date: (field: string) => `${field} must be a real date`,
  select: (field: string) => `select ${field}`,
};

function filledForm(): ReferralForm {
  const form = emptyReferralForm(() => 'key-1');
  return {
    ...form,
    receivingService: ' rj-service-north ',
    referrerReference: 'PN-1',
    offenceCategory: 'property',
    incidentDate: { day: '3', month: '2', year: '2026' },
    summary: 'A window was broken.',
    harmed: {
      ...form.harmed,
      name: 'Alex',
      dateOfBirth: { day: '1', month: '4', year: '1990' },
      methods: ['email'],
      email: 'alex@example.org',
      willing: 'yes',
    },
    responsible: {
      ...form.responsible,
      name: 'Sam',
      dateOfBirth: { day: '29', month: '2', year: '2004' },
      methods: ['letter'],
      address: '1 High Street',
      accepts: 'no',
    },
    riskLevel: 'low',
    riskFlags: ' weapon \n\n  ',
    pendingCourt: 'no',
  };
}

describe('the new-referral form', () => {
  it('builds the API request from what was typed', () => {
    const result = toSubmitRequest(filledForm(), messages);
    expect(result).toEqual({
      body: {
        receivingService: 'rj-service-north',
        referrerReference: 'PN-1',
        incident: { offenceCategory: 'property', date: '2026-02-03', summary: 'A window was broken.' },
        people: {
          harmed: [
            {
              name: 'Alex',
              dateOfBirth: '1990-04-01',
              language: 'en',
              contactPreferences: { methods: ['email'], email: 'alex@example.org' },
              willingToBeContacted: true,
            },
          ],
          responsible: [
            {
              name: 'Sam',
              dateOfBirth: '2004-02-29',
              language: 'en',
              contactPreferences: { methods: ['letter'], address: '1 High Street' },
              acceptsResponsibility: false,
            },
          ],
          supporters: [],
        },
        riskLevel: 'low',
        riskFlags: ['weapon'],
        pendingCourtProceedings: false,
      },
    });
  });

  it('stops a date that does not exist and an unanswered question before asking the API', () => {
    const form = filledForm();
    form.incidentDate = { day: '31', month: '2', year: '2026' };
    form.harmed.willing = '';
    expect(toSubmitRequest(form, messages)).toEqual({
      errors: { incidentDate: 'incidentDate must be a real date', 'harmed.willing': 'select harmed.willing' },
    });
  });

  it('puts each field problem the API reports on the field that caused it', () => {
    const { fields, other } = formErrorsFromProblems([
      { field: 'people.harmed.0.contactPreferences.email', message: 'email must be an email' },
      { field: 'people.responsible.0.name', message: 'name should not be empty' },
      { field: 'incident.summary', message: 'summary must be shorter' },
      { field: 'riskFlags.2', message: 'each flag at most 100 characters' },
      { field: 'people.supporters.0.supports', message: 'must name a person' },
    ]);
    expect(fields).toEqual({
      'harmed.email': 'email must be an email',
      'responsible.name': 'name should not be empty',
      summary: 'summary must be shorter',
      riskFlags: 'each flag at most 100 characters',
    });
    expect(other).toEqual(['people.supporters.0.supports: must name a person']);
  });

  it('gives every form its own idempotency key, kept across edits', () => {
    let n = 0;
    const next = () => `key-${++n}`;
    expect(emptyReferralForm(next).idempotencyKey).toBe('key-1');
    expect(emptyReferralForm(next).idempotencyKey).toBe('key-2');
  });
});
