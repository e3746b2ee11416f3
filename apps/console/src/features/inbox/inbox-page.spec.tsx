import { act, fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { SessionContext } from '../../shared/auth/session';
import { testSession } from '../../shared/auth/test-session';
import { I18nProvider } from '../../shared/i18n/i18n';
import { InboxPage } from './inbox-page';

// The API is the boundary: fetch answers as intake answers.
const asked: string[] = [];
beforeEach(() => {
  asked.length = 0;
  globalThis.fetch = (async (request: Request) => {
    asked.push(request.url);
    return new Response(JSON.stringify(page), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof fetch;
});

const referral = (caseId: string, flags: { overdue: boolean; stalled: boolean }) => ({
  caseId,
  status: 'received',
  referringAgency: 'police-north',
  receivingService: 'rj-service-north',
  referrerReference: `PN/${caseId.slice(0, 4)}`,
  offenceCategory: 'property',
  submittedAt: '2026-11-20T09:00:00.000Z',
  updatedAt: '2026-11-20T09:00:00.000Z',
  respondBy: '2026-11-27T09:00:00.000Z',
  ...flags,
});

const page = {
  items: [
    referral('aaaaaaaa-0000-4000-8000-000000000001', { overdue: true, stalled: false }),
    referral('bbbbbbbb-0000-4000-8000-000000000002', { overdue: false, stalled: false }),
  ],
  page: 1,
  pageSize: 20,
  total: 2,
  counts: { received: 2 },
  flagged: { overdue: 1, stalled: 0 },
};

async function renderInbox() {
  render(
    <I18nProvider locale="en">
      <SessionContext.Provider
        value={testSession({
          sub: 'screener-1',
          agency: 'rj-service-north',
          roles: ['screener'],
          expiresAt: 0,
        })}
      >
        <MemoryRouter>
          <InboxPage />
        </MemoryRouter>
      </SessionContext.Provider>
    </I18nProvider>,
  );
  await screen.findByText('PN/aaaa');
}

describe('the inbox', () => {
  it('shows an Overdue badge on the overdue referral only', async () => {
    await renderInbox();
    const badges = document.querySelectorAll('[data-flag="overdue"]');
    expect(badges).toHaveLength(1);
    expect(badges[0]?.closest('tr')?.getAttribute('data-case-id')).toBe(
      'aaaaaaaa-0000-4000-8000-000000000001',
    );
    expect(document.querySelector('[data-flag="stalled"]')).toBeNull();
  });

  it('offers the overdue referrals as a filter with their count, and asks intake for them', async () => {
    await renderInbox();
    const filter = document.querySelector('[data-flag-filter="overdue"]');
    expect(filter?.textContent).toContain('Overdue');
    expect(filter?.textContent).toContain('1');
    // No stalled referral: no stalled filter.
    expect(document.querySelector('[data-flag-filter="stalled"]')).toBeNull();
    await act(async () => {
      fireEvent.click(filter!);
    });
    expect(asked.at(-1)).toContain('flag=overdue');
    expect(filter?.getAttribute('aria-current')).toBe('page');
  });
});
