import { act, fireEvent, render, screen } from '@testing-library/react';
import type { Role } from '@accord/contracts/roles';
import { SessionContext } from '../../shared/auth/session';
import { testSession } from '../../shared/auth/test-session';
import { I18nProvider } from '../../shared/i18n/i18n';
import { ConferenceActions, ConsentActions, FollowUpActions, ScreeningDecision } from './case-actions';
import type { CaseView } from './case-api';

// The API is the boundary: fetch answers as the services answer.
const calls: { url: string; body: unknown }[] = [];
let answers: Response[] = [];
beforeEach(() => {
  calls.length = 0;
  answers = [];
  // The typed client sends a Request.
  globalThis.fetch = (async (request: Request) => {
    const text = await request.text();
    calls.push({ url: request.url, body: text ? JSON.parse(text) : undefined });
    const next = answers.shift();
    if (!next) throw new Error('no answer left');
    return next;
  }) as typeof fetch;
});

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const session = (...roles: Role[]) =>
  testSession({ sub: 'staff-1', agency: 'rj-service-north', roles, expiresAt: 0 });

const HARMED = 'aaaaaaaa-0000-4000-8000-000000000001';
const RESPONSIBLE = 'bbbbbbbb-0000-4000-8000-000000000002';

/** A case at a scheduled conference, everyone having consented. */
const scheduled: CaseView = {
  referral: {
    caseId: 'c0ffee00-0000-4000-8000-000000000000',
    status: 'conference-scheduled',
    referringAgency: 'police-north',
    receivingService: 'rj-service-north',
    referrerReference: 'PN/1',
    offenceCategory: 'property',
    submittedAt: '2026-12-01T09:00:00.000Z',
    updatedAt: '2026-12-01T09:00:00.000Z',
    timeline: [],
  },
  screening: { outcome: 'eligible', ruleSetVersion: '2026-1', decidedBy: 'system' },
  consent: {
    status: 'complete',
    participants: [
      { personId: HARMED, role: 'harmed', required: true, participation: 'given', consents: [] },
      { personId: RESPONSIBLE, role: 'responsible', required: true, participation: 'given', consents: [] },
    ],
  },
  conference: {
    status: 'conference-scheduled',
    facilitatorId: 'fac-amira',
    safetyPlanRequired: false,
    conference: { mode: 'face-to-face', at: '2027-01-15T10:30:00.000Z', where: 'Northtown Community Centre' },
    outcome: null,
  },
};

function renderAs(roles: Role[], view: CaseView, onDone = () => undefined) {
  return render(
    <I18nProvider locale="en">
      <SessionContext.Provider value={session(...roles)}>
        <ScreeningDecision view={view} onDone={onDone} />
        <ConsentActions view={view} onDone={onDone} />
        <ConferenceActions view={view} onDone={onDone} />
        <FollowUpActions view={view} onDone={onDone} />
      </SessionContext.Provider>
    </I18nProvider>,
  );
}

describe('the next steps on a case, per role', () => {
  it('offers each role only its own step', () => {
    const forms = (roles: Role[]) => {
      const { unmount } = renderAs(roles, scheduled);
      const names = [
        ...screen.queryAllByRole('form').map((form) => form.getAttribute('aria-label')),
        ...screen.queryAllByRole('button').map((button) => button.textContent),
      ];
      unmount();
      return names;
    };
    expect(forms(['screener'])).toEqual(['Record a screening decision', 'Record a screening decision']);
    expect(forms(['consent-officer'])).toEqual([
      'Withdraw consent: Harmed person (aaaaaaaa)',
      'Withdraw consent: Responsible person (bbbbbbbb)',
    ]);
    expect(forms(['facilitator'])).toEqual(['Record the outcome', 'Record the outcome']);
    expect(forms(['referrer'])).toEqual([]);
    expect(forms(['auditor'])).toEqual([]);
  });

  it('asks for confirmation before a withdrawal, naming the conference it cancels', async () => {
    const done = jest.fn();
    renderAs(['consent-officer'], scheduled, done);
    fireEvent.click(screen.getByRole('button', { name: 'Withdraw consent: Harmed person (aaaaaaaa)' }));
    expect(calls).toHaveLength(0);
    expect(screen.getByTestId('withdraw-stops').textContent).toContain('Northtown Community Centre');
    answers = [json(201, { caseId: scheduled.referral.caseId })];
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Yes, withdraw consent' })));
    expect(calls).toEqual([
      {
        url: expect.stringContaining(`/api/cases/${scheduled.referral.caseId}/consent/withdraw`),
        body: { personId: HARMED, purpose: 'participation', method: 'in-person' },
      },
    ]);
    expect(done).toHaveBeenCalled();
  });

  it("offers a screener only the outcome the rules did not reach, and shows the API's field errors", async () => {
    renderAs(['screener'], scheduled);
    expect(screen.queryByLabelText('Eligible')).toBeNull();
    fireEvent.click(screen.getByLabelText('Not eligible'));
    answers = [
      new Response(
        JSON.stringify({
          status: 400,
          title: 'Bad Request',
          errors: [{ pointer: '/reason', detail: 'reason must be longer than or equal to 3 characters' }],
        }),
        { status: 400, headers: { 'content-type': 'application/problem+json' } },
      ),
    ];
    await act(async () =>
      fireEvent.click(screen.getByRole('button', { name: 'Record a screening decision' })),
    );
    expect(calls[0]?.body).toEqual({ outcome: 'ineligible', reason: '' });
    expect(screen.getAllByText('reason must be longer than or equal to 3 characters')).toHaveLength(2);
  });
});
