import { act, fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { SessionContext } from '../../shared/auth/session';
import { testSession } from '../../shared/auth/test-session';
import { I18nProvider } from '../../shared/i18n/i18n';
import { NewReferralPage } from './new-referral-page';

// The API is the boundary here: fetch answers as the real intake service answers.
const calls: { headers: Record<string, string>; body: unknown }[] = [];
let answers: Response[] = [];
beforeEach(() => {
  calls.length = 0;
  sessionStorage.clear();
  // The typed client sends a Request.
  globalThis.fetch = (async (request: Request) => {
    calls.push({ headers: Object.fromEntries(request.headers), body: JSON.parse(await request.text()) });
    const next = answers.shift();
    if (!next) throw new Error('no answer left');
    return next;
  }) as typeof fetch;
});

const session = () => testSession({ sub: 'pc-1', agency: 'police-north', roles: ['referrer'], expiresAt: 0 });

function renderPage(locale: 'en' | 'cy' = 'en') {
  return render(
    <I18nProvider locale={locale}>
      <SessionContext.Provider value={session()}>
        <MemoryRouter>
          <NewReferralPage />
        </MemoryRouter>
      </SessionContext.Provider>
    </I18nProvider>,
  );
}

const type = (label: RegExp | string, value: string, index = 0) =>
  fireEvent.change(screen.getAllByLabelText(label)[index] as HTMLElement, { target: { value } });

function fillEverything() {
  type('Restorative justice service', 'rj-service-north');
  type('Your reference', 'PN-7');
  fireEvent.change(screen.getByLabelText('Offence category'), { target: { value: 'property' } });
  type('Day', '3', 0);
  type('Month', '2', 0);
  type('Year', '2026', 0);
  type('What happened', 'A window was broken.');
  type('Full name', 'Alex Harmed', 0);
  type('Day', '1', 1);
  type('Month', '4', 1);
  type('Year', '1990', 1);
  type('Full name', 'Sam Responsible', 1);
  type('Day', '2', 2);
  type('Month', '5', 2);
  type('Year', '2001', 2);
  fireEvent.click(screen.getAllByLabelText('Yes')[0] as HTMLElement);
  fireEvent.click(screen.getAllByLabelText('Yes')[1] as HTMLElement);
  fireEvent.click(screen.getByLabelText('Low'));
  fireEvent.click(screen.getAllByLabelText('No')[2] as HTMLElement);
}

const problem = (body: unknown) =>
  new Response(JSON.stringify(body), {
    status: 400,
    headers: { 'content-type': 'application/problem+json' },
  });

// Rendering and filling the whole form in jsdom takes seconds on a busy 2-core machine (the
// project's testTimeout is not applied per project by Jest).
jest.setTimeout(90_000);

describe('the new-referral page', () => {
  it('shows each field error where the API put it, keeps what was typed, and retries with the same key', async () => {
    renderPage();
    fillEverything();
    answers = [
      problem({
        status: 400,
        title: 'Bad Request',
        detail: 'The request has invalid fields; see `errors`.',
        correlationId: 'corr-9',
        errors: [
          {
            pointer: '/people/harmed/0/contactPreferences/methods',
            detail: 'methods must contain at least 1 elements',
          },
        ],
      }),
      new Response(JSON.stringify({ caseId: 'case-123', status: 'received' }), { status: 201 }),
    ];
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Send referral' })));

    expect(screen.getByRole('alert').textContent).toContain('There is a problem');
    expect(screen.getAllByText('methods must contain at least 1 elements')).toHaveLength(2); // summary + field
    expect((screen.getAllByLabelText('Full name')[0] as HTMLInputElement).value).toBe('Alex Harmed');
    expect(JSON.parse(sessionStorage.getItem('accord.referralDraft') ?? '{}').harmed.name).toBe(
      'Alex Harmed',
    );

    fireEvent.click(screen.getAllByLabelText('Email')[0] as HTMLElement);
    type('Email address', 'alex@example.org');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Send referral' })));

    expect(screen.getByTestId('case-id').textContent).toContain('case-123');
    expect(calls).toHaveLength(2);
    expect(calls[0]?.headers['idempotency-key']).toBeTruthy();
    expect(calls[1]?.headers['idempotency-key']).toBe(calls[0]?.headers['idempotency-key']);
    expect(calls[1]?.body).toMatchObject({
      people: { harmed: [{ contactPreferences: { methods: ['email'], email: 'alex@example.org' } }] },
    });
    expect(sessionStorage.getItem('accord.referralDraft')).toBeNull();
  });

  it('refuses a date that does not exist without calling the API', async () => {
    renderPage();
    fillEverything();
    type('Day', '30', 0);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Send referral' })));
    expect(calls).toHaveLength(0);
    expect(screen.getAllByText('Date of the incident must be a real date')).toHaveLength(2);
  });

  it('speaks Welsh', () => {
    renderPage('cy');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toContain('Gwneud atgyfeiriad');
    expect(screen.getByRole('button', { name: 'Anfon yr atgyfeiriad' })).toBeTruthy();
  });
});
