// The web console in a real browser (Debian's Chromium, Playwright), against every service running
// as its own process and the development OpenID Provider: people sign in at their own agency's
// issuer (authorization code + PKCE) and do their work through the pages, as they would.
import type { Browser, Page } from 'playwright-core';
import { testToken } from '@accord/testing';
import { accessibilityViolations, ensureConsoleBuilt, launchBrowser, openAs, screenshot } from './browser';
import { useFleet } from './fleet';

const SIGN_IN_TIMEOUT = 60_000;

describe('the web console, in a real browser', () => {
  const handle = useFleet();
  let browser: Browser;
  const opened: Page[] = [];

  beforeAll(async () => {
    ensureConsoleBuilt();
    browser = await launchBrowser();
    // Each agency's own issuer, registered in the agency directory (as an operator would).
    for (const agency of ['police-north', 'rj-service-north', 'court-central', 'inspectorate'])
      await testToken({ agency, roles: ['referrer'] });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
  });

  const gateway = () => handle.fleet.urls.gateway;

  /** Opens the console signed in as `roles` of `agencyName`, through the agency's own provider. */
  async function signIn(
    agencyName: string,
    roles: string,
    options: { phone?: boolean; locale?: 'en-GB' | 'cy-GB' } = {},
  ) {
    const { page } = await openAs(browser, options);
    opened.push(page);
    await page.goto(`${gateway()}/`);
    await page.getByRole('heading', { name: 'Sign in to Accord' }).waitFor();
    await page.getByLabel(agencyName).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    // The development provider's own login and consent pages (oidc-provider's dev interactions).
    await page.locator('input[name="login"]').fill(roles, { timeout: SIGN_IN_TIMEOUT });
    await page.locator('input[name="password"]').fill('any');
    await page.locator('button[type="submit"]').click();
    const consent = page.getByRole('button', { name: /continue/i });
    await Promise.race([
      consent.click({ timeout: SIGN_IN_TIMEOUT }).catch(() => undefined),
      page.waitForURL(`${gateway()}/**`, { timeout: SIGN_IN_TIMEOUT }),
    ]);
    await page.waitForURL((url) => url.origin === gateway() && !url.pathname.startsWith('/auth'), {
      timeout: SIGN_IN_TIMEOUT,
    });
    return page;
  }

  async function expectAccessible(page: Page, name: string) {
    await screenshot(page, name);
    expect({ page: name, violations: await accessibilityViolations(page) }).toEqual({
      page: name,
      violations: [],
    });
  }

  let caseId = '';

  it('lets a referrer sign in at their agency, see a field error from the API on its field, fix it and send the referral once', async () => {
    const page = await signIn('Northshire Police', 'referrer');
    await page.getByRole('heading', { name: 'Our referrals' }).waitFor();
    await expectAccessible(page, 'referrer-outbox');

    await page.getByRole('button', { name: 'New referral' }).click();
    await page.getByRole('heading', { name: 'Make a referral' }).waitFor();
    await page.getByLabel('Restorative justice service').fill('rj-service-north');
    await page.getByLabel('Your reference').fill(`PN/E2E/${Date.now()}`);
    await page.getByLabel('Offence category').selectOption('property');
    const days = page.getByLabel('Day');
    const months = page.getByLabel('Month');
    const years = page.getByLabel('Year');
    await days.nth(0).fill('3');
    await months.nth(0).fill('2');
    await years.nth(0).fill('2026');
    await page.getByLabel('What happened').fill('A shop window was broken at night.');
    await page.getByLabel('Full name').nth(0).fill('Alex Example');
    await days.nth(1).fill('1');
    await months.nth(1).fill('4');
    await years.nth(1).fill('1990');
    await page.getByLabel('Full name').nth(1).fill('Sam Example');
    await days.nth(2).fill('2');
    await months.nth(2).fill('5');
    await years.nth(2).fill('2001');
    await page.getByLabel('Yes').nth(0).check();
    await page.getByLabel('Yes').nth(1).check();
    await page.getByLabel('Low').check();
    await page.getByLabel('No').nth(2).check();
    // No contact method chosen: the API names the field, the console shows it there and keeps the rest.
    await page.getByRole('button', { name: 'Send referral' }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    expect(await page.locator('.govuk-error-message').count()).toBeGreaterThan(0);
    expect(await page.getByLabel('Full name').nth(0).inputValue()).toBe('Alex Example');
    await expectAccessible(page, 'referrer-new-referral-errors');

    await page.getByLabel('Letter').nth(0).check();
    await page.getByLabel('Postal address').nth(0).fill('1 High Street, Northtown');
    await page.getByLabel('Letter').nth(1).check();
    await page.getByLabel('Postal address').nth(1).fill('2 Low Road, Northtown');
    // A double click sends the same Idempotency-Key: one case.
    await page.getByRole('button', { name: 'Send referral' }).dblclick();
    await page.getByRole('heading', { name: 'Referral sent' }).waitFor();
    caseId = (await page.getByTestId('case-id').innerText()).trim();
    expect(caseId).toMatch(/^[0-9a-f-]{36}$/);

    await page.goto(`${gateway()}/referrals`);
    const row = page.locator(`tr[data-case-id="${caseId}"]`);
    await row.waitFor();
    expect(await page.locator('tr[data-case-id]').count()).toBeGreaterThanOrEqual(1);
    expect(await row.locator('[data-status]').getAttribute('data-status')).toBe('received');
  });

  it("lets the receiving service decline it with a reason, and the referrer's open case page changes by itself", async () => {
    const referrer = opened[0];
    if (!referrer || !caseId) throw new Error('the first test did not leave a case');
    await referrer.goto(`${gateway()}/referrals/${caseId}`);
    await referrer.getByText('Received').first().waitFor();

    const screener = await signIn('Northshire Restorative Justice Service', 'screener');
    await screener.getByRole('heading', { name: 'Inbox' }).waitFor();
    await screener.locator(`tr[data-case-id="${caseId}"] a`).click();
    await screener.getByRole('heading', { name: 'What you can do next' }).waitFor();
    await expectAccessible(screener, 'screener-case');
    await screener.getByRole('button', { name: 'Decline referral' }).click();
    // Declining without a reason: the API's field error appears on the reason field.
    await screener.getByRole('button', { name: 'Decline referral' }).click();
    await screener.locator('#field-reason-error').waitFor();
    await screener.getByLabel('Why are you declining it?').fill('Outside our area');
    await screener.getByRole('button', { name: 'Decline referral' }).click();
    await screener.locator('[data-status="declined"]').first().waitFor();

    // No reload: the referrer's page heard the change over the live stream.
    await referrer.locator('.govuk-body [data-status="declined"]').waitFor({ timeout: 30_000 });
    await referrer.getByText('Reason: Outside our area').waitFor();
    await expectAccessible(referrer, 'referrer-case-declined');
  });

  it("shows another agency's user no trace of the case", async () => {
    const stranger = await signIn("Central Magistrates' Court", 'referrer');
    await stranger.getByRole('heading', { name: 'Our referrals' }).waitFor();
    expect(await stranger.locator(`tr[data-case-id="${caseId}"]`).count()).toBe(0);
    await stranger.goto(`${gateway()}/referrals/${caseId}`);
    await stranger.getByTestId('problem').waitFor();
    expect(await stranger.getByTestId('problem').innerText()).toContain(
      'Not found, or not shared with your organisation.',
    );
    expect(await stranger.content()).not.toContain('Alex Example');
  });

  it('speaks Welsh, and works at phone width', async () => {
    const page = await signIn('Northshire Police', 'referrer', { phone: true });
    await page.getByRole('button', { name: /Cymraeg/ }).click();
    await page.getByRole('heading', { name: 'Ein hatgyfeiriadau' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('cy');
    await expectAccessible(page, 'referrer-outbox-welsh-phone');
  });

  it("lets an inspector read the case's history across services, its state as of a moment, and its integrity", async () => {
    const auditor = await signIn('inspectorate', 'auditor');
    await auditor.getByRole('heading', { name: 'Audit a case' }).waitFor();
    await auditor.getByLabel('Case ID').fill(caseId);
    await auditor.getByRole('button', { name: 'Open case' }).click();
    await auditor.locator('[data-testid="verify-result"][data-intact="true"]').waitFor();
    await auditor.getByTestId('history').locator('tbody tr').first().waitFor();
    const types = await auditor.getByTestId('history').locator('tbody tr td:nth-child(3)').allInnerTexts();
    expect(types).toEqual(expect.arrayContaining(['ReferralSubmitted', 'ReferralDeclined']));
    await auditor.locator('#as-of').fill('0');
    await auditor.getByTestId('state-as-of').waitFor();
    await expectAccessible(auditor, 'auditor-case');
  });
});
