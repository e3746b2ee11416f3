import { foldConsent } from './consent.fold';
import type { FoldEvent } from './fold-event';

const event = (type: string, data: object): FoldEvent => ({
  type,
  data,
  recordedAt: '2026-03-01T10:00:00.000Z',
});
const fact = (personId: string, role: string, purpose = 'participation', extra: object = {}) => ({
  caseId: 'c-1',
  personId,
  role,
  purpose,
  method: 'in-person',
  recordedBy: 'officer-2',
  recordedAt: 't2',
  ...extra,
});

describe('consent fold', () => {
  const requested = [
    event('ConsentCaseOpened', { caseId: 'c-1', openedAt: 't0', dueAt: 'due' }),
    event('ConsentRequested', {
      caseId: 'c-1',
      personId: 'h',
      role: 'harmed',
      purpose: 'participation',
      requestedAt: 't1',
      dueAt: 'due',
    }),
    event('ConsentRequested', {
      caseId: 'c-1',
      personId: 'r',
      role: 'responsible',
      purpose: 'participation',
      requestedAt: 't1',
      dueAt: 'due',
    }),
  ];

  it('is null before consent is sought, then requested per participant', () => {
    expect(foldConsent([])).toBeNull();
    expect(foldConsent(requested)).toMatchObject({
      status: 'requested',
      dueAt: 'due',
      consents: [
        { personId: 'h', purpose: 'participation', status: 'requested' },
        { personId: 'r', purpose: 'participation', status: 'requested' },
      ],
    });
  });

  it('tracks each participant and purpose, sharing per agency, and completion', () => {
    const view = foldConsent([
      ...requested,
      event('ConsentGiven', fact('h', 'harmed')),
      event(
        'ConsentGiven',
        fact('h', 'harmed', 'information-sharing', {
          sharing: { agency: 'police-north', information: ['outcome'] },
        }),
      ),
      event('ConsentGiven', fact('r', 'responsible')),
      event('ConsentsComplete', { caseId: 'c-1', completedAt: 't3' }),
    ]);
    expect(view).toMatchObject({
      status: 'complete',
      completedAt: 't3',
      consents: [
        {
          personId: 'h',
          purpose: 'participation',
          status: 'given',
          method: 'in-person',
          recordedBy: 'officer-2',
        },
        { personId: 'r', purpose: 'participation', status: 'given' },
        { personId: 'h', purpose: 'information-sharing', sharingWith: 'police-north', status: 'given' },
      ],
    });
  });

  it('is halted after a withdrawal, whatever came before', () => {
    const view = foldConsent([
      ...requested,
      event('ConsentGiven', fact('h', 'harmed')),
      event('ConsentsComplete', { caseId: 'c-1', completedAt: 't3' }),
      event('ConsentWithdrawn', fact('h', 'harmed', 'participation', { reason: 'changed my mind' })),
      event('CaseHalted', {
        caseId: 'c-1',
        reason: 'consent-withdrawn',
        personId: 'h',
        explanation: 'withdrawn',
        haltedAt: 't4',
      }),
    ]);
    expect(view).toMatchObject({
      status: 'halted',
      halted: { reason: 'consent-withdrawn', personId: 'h', at: 't4' },
      consents: [
        { personId: 'h', status: 'withdrawn', reason: 'changed my mind' },
        { personId: 'r', status: 'requested' },
      ],
    });
  });

  it('lists under-18s who still need a guardian', () => {
    expect(
      foldConsent([...requested, event('GuardianNeeded', { caseId: 'c-1', personId: 'y', recordedAt: 't' })]),
    ).toMatchObject({
      guardiansNeeded: ['y'],
    });
  });
});
