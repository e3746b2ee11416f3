// The web console in a real browser (Debian's Chromium, Playwright), against every service running
// as its own process and the development OpenID Provider: people sign in at their own agency's
// issuer (authorization code + PKCE) and do their work through the pages, as they would.
import { Pool } from 'pg';
import type { Browser, Page } from 'playwright-core';
import { tamper, testToken } from '@accord/testing';
import { accessibilityViolations, ensureConsoleBuilt, launchBrowser, openAs, screenshot } from './browser';
import { useFleet } from './fleet';

const SIGN_IN_TIMEOUT = 60_000;
/**
 * How long one person waits for the page to show the next step: the case moves on through Kafka
 * and every service's read model on a shared, loaded machine. The pages update themselves (live
 * updates), so the tests wait on what the page shows, never on a clock.
 */
const STEP_TIMEOUT = 150_000;
const RJ_SERVICE = 'Northshire Restorative Justice Service';

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
    // Whoever is still signed in when the suite ends was left by a failed step: their page, as it was.
    for (const [index, page] of opened.entries())
      if (!page.isClosed()) await screenshot(page, `left-open-${index}`).catch(() => undefined);
    await browser?.close();
  });

  const gateway = () => handle.fleet.urls.gateway;
  let signInPageChecked = false;

  /**
   * Opens the console signed in at `agencyName`'s own provider; `login` is the development
   * provider's user: the roles (`screener`), or a named person and their roles (`fac-amira:facilitator`).
   */
  async function signIn(
    agencyName: string,
    login: string,
    options: { phone?: boolean; locale?: 'en-GB' | 'cy-GB' } = {},
  ) {
    const { page } = await openAs(browser, options);
    opened.push(page);
    // The page's own errors, in the test's output (a failed step says what the browser saw).
    page.on('pageerror', (error) => console.error(`[${login} page] ${error.message}`));
    await page.goto(`${gateway()}/`);
    await page.getByRole('heading', { name: 'Sign in to Accord' }).waitFor();
    if (!signInPageChecked) {
      signInPageChecked = true;
      await expectAccessible(page, 'sign-in');
    }
    await page.getByLabel(agencyName).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    // The development provider's own login and consent pages (oidc-provider's dev interactions).
    await page.locator('input[name="login"]').fill(login, { timeout: SIGN_IN_TIMEOUT });
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

  /** Fills the new-referral form as a referrer would (no contact method yet: the API asks for one). */
  async function fillReferral(page: Page) {
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
  }

  /** The referrer's new-referral form, filled in and sent; the new case's id. */
  async function sendReferral(page: Page): Promise<string> {
    await page.getByRole('button', { name: 'New referral' }).click();
    await page.getByRole('heading', { name: 'Make a referral' }).waitFor();
    await fillReferral(page);
    await chooseLetters(page);
    await page.getByRole('button', { name: 'Send referral' }).click();
    await page.getByRole('heading', { name: 'Referral sent' }).waitFor({ timeout: STEP_TIMEOUT });
    return (await page.getByTestId('case-id').innerText()).trim();
  }

  /** A status shown on the case page (the tag under the heading), waited for as the page updates. */
  const caseStatus = (page: Page, status: string) =>
    page.getByTestId('case-status').locator(`[data-status="${status}"]`).waitFor({ timeout: STEP_TIMEOUT });

  /** Local date (and time) strings as `<input type="date|datetime-local">` take them. */
  const inputDate = (daysAhead: number) => {
    const at = new Date(Date.now() + daysAhead * 86_400_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
  };

  /** Signs the person out of the test's browser: their window is closed (one browser, few pages). */
  const leave = (page: Page) => page.context().close();

  async function chooseLetters(page: Page) {
    await page.getByLabel('Letter').nth(0).check();
    await page.getByLabel('Postal address').nth(0).fill('1 High Street, Northtown');
    await page.getByLabel('Letter').nth(1).check();
    await page.getByLabel('Postal address').nth(1).fill('2 Low Road, Northtown');
  }

  let caseId = '';

  it('lets a referrer sign in at their agency, see a field error from the API on its field, fix it and send the referral once', async () => {
    const page = await signIn('Northshire Police', 'referrer');
    await page.getByRole('heading', { name: 'Our referrals' }).waitFor();
    await expectAccessible(page, 'referrer-outbox');

    await page.getByRole('button', { name: 'New referral' }).click();
    await page.getByRole('heading', { name: 'Make a referral' }).waitFor();
    await fillReferral(page);
    // No contact method chosen: the API names the field, the console shows it there and keeps the rest.
    await page.getByRole('button', { name: 'Send referral' }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    expect(await page.locator('.govuk-error-message').count()).toBeGreaterThan(0);
    expect(await page.getByLabel('Full name').nth(0).inputValue()).toBe('Alex Example');
    await expectAccessible(page, 'referrer-new-referral-errors');

    await chooseLetters(page);
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

    // Signing out ends the provider's session too (its own confirmation page), then says so.
    await stranger.getByRole('button', { name: 'Sign out' }).click();
    await stranger.getByRole('button', { name: /yes, sign me out/i }).click({ timeout: SIGN_IN_TIMEOUT });
    await stranger.getByText('You have signed out.').waitFor({ timeout: SIGN_IN_TIMEOUT });
    await expectAccessible(stranger, 'signed-out');
    // The console holds no session any more: a page that needs one asks for sign-in.
    await stranger.goto(`${gateway()}/referrals`);
    await stranger.getByRole('heading', { name: 'Sign in to Accord' }).waitFor();
  });

  it('speaks Welsh, and works at phone width', async () => {
    const page = await signIn('Northshire Police', 'referrer', { phone: true });
    await page.getByRole('button', { name: /Cymraeg/ }).click();
    await page.getByRole('heading', { name: 'Ein hatgyfeiriadau' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('cy');
    await expectAccessible(page, 'referrer-outbox-welsh-phone');
  });

  it('walks a referral from submission to closure through the pages of five people of two agencies', async () => {
    // The referring officer (police) sends the referral and keeps its page open to the end.
    const referrer = await signIn('Northshire Police', 'referrer');
    await referrer.getByRole('heading', { name: 'Our referrals' }).waitFor();
    const walked = await sendReferral(referrer);
    await referrer.goto(`${gateway()}/referrals/${walked}`);
    await caseStatus(referrer, 'received');

    // The screener (RJ service) finds it in the inbox and accepts it; the rules screen it.
    const screener = await signIn(RJ_SERVICE, 'screener');
    await screener.locator(`tr[data-case-id="${walked}"]`).waitFor({ timeout: STEP_TIMEOUT });
    await expectAccessible(screener, 'walk-screener-inbox');
    await screener.locator(`tr[data-case-id="${walked}"] a`).click();
    await screener.getByRole('button', { name: 'Accept referral' }).click({ timeout: STEP_TIMEOUT });
    await screener.getByTestId('screening-rules').waitFor({ timeout: STEP_TIMEOUT });
    await caseStatus(screener, 'eligible');
    await expectAccessible(screener, 'walk-screener-eligible');
    await leave(screener);
    await caseStatus(referrer, 'eligible');

    // The consent officer records each person's consent to take part.
    const officer = await signIn(RJ_SERVICE, 'consent-officer');
    await officer.goto(`${gateway()}/cases/${walked}`);
    for (const person of ['Harmed person', 'Responsible person']) {
      await officer
        .getByRole('group', { name: new RegExp(`^${person} `) })
        .getByRole('button', { name: 'Record consent given' })
        .click({ timeout: STEP_TIMEOUT });
      await officer
        .getByRole('button', { name: new RegExp(`^Withdraw consent: ${person} `) })
        .waitFor({ timeout: STEP_TIMEOUT });
    }
    // Everyone consented: the rules assign a facilitator (the officer's page shows whom).
    const assigned = officer.getByTestId('facilitator-id').filter({ hasText: /^fac-/ });
    await assigned.waitFor({ timeout: STEP_TIMEOUT });
    const facilitatorId = (await assigned.innerText()).trim();
    await expectAccessible(officer, 'walk-consent-officer');
    await leave(officer);

    // The assigned facilitator signs in as themselves and schedules the conference.
    const facilitator = await signIn(RJ_SERVICE, `${facilitatorId}:facilitator`);
    await facilitator.goto(`${gateway()}/cases/${walked}`);
    const schedule = facilitator.getByRole('form', { name: 'Schedule the conference' });
    await schedule.waitFor({ timeout: STEP_TIMEOUT });
    await schedule.getByLabel('When').fill(`${inputDate(7)}T10:30`);
    await schedule.getByLabel('Where').fill('Northtown Community Centre, room 2');
    await expectAccessible(facilitator, 'walk-facilitator-schedule');
    await schedule.getByRole('button', { name: 'Schedule the conference' }).click();
    // It took place: the facilitator records the agreement.
    const outcome = facilitator.getByRole('form', { name: 'Record the outcome' });
    await outcome.waitFor({ timeout: STEP_TIMEOUT });
    await outcome.getByLabel('Details of the agreed action').fill('A written apology to the shop owner.');
    await outcome.getByLabel('Due by').fill(inputDate(14));
    await outcome.getByRole('button', { name: 'Record the outcome' }).click();
    await facilitator
      .locator('[data-conference-status="agreement-reached"]')
      .waitFor({ timeout: STEP_TIMEOUT });
    await leave(facilitator);
    await caseStatus(referrer, 'agreement-reached');

    // The case worker follows the agreement up: the action is done, the planned check-ins close it.
    const worker = await signIn(RJ_SERVICE, 'case-worker');
    await worker.goto(`${gateway()}/cases/${walked}`);
    await worker.getByRole('button', { name: 'Done' }).click({ timeout: STEP_TIMEOUT });
    await worker.locator('.accord-agreed-action .govuk-tag--green').waitFor({ timeout: STEP_TIMEOUT });
    const checkIn = worker.getByRole('form', { name: 'Record a check-in with the harmed person' });
    // Two check-ins are planned (follow-up's default); the second closes the case.
    for (const n of [1, 2]) {
      await checkIn
        .getByRole('group', { name: /Satisfaction/ })
        .getByLabel('5')
        .check();
      await checkIn
        .getByRole('group', { name: /Feeling of safety/ })
        .getByLabel('4')
        .check();
      await checkIn.getByLabel('Better').check();
      if (n === 1) await expectAccessible(worker, 'walk-case-worker-follow-up');
      await checkIn.getByRole('button', { name: 'Save' }).click();
      await worker
        .locator(`[data-check-ins-saved="${n}"], [data-testid="case-status"] > [data-status="closed"]`)
        .first()
        .waitFor({
          timeout: STEP_TIMEOUT,
        });
    }
    await caseStatus(worker, 'closed');
    // The service's outcomes, as charts with their numbers beside them.
    await worker.getByRole('link', { name: 'Reports' }).click();
    // One section per referring agency (the database holds other suites' cases too): police-north's
    // counts the closure, written by follow-up before intake heard of it.
    const policeNorth = worker.locator('section', {
      has: worker.getByRole('heading', { name: /^police-north \(/ }),
    });
    await policeNorth.getByTestId('chart-by-stage').waitFor({ timeout: STEP_TIMEOUT });
    expect(
      await policeNorth.getByTestId('chart-by-stage').getByRole('img').getAttribute('aria-label'),
    ).toMatch(/^Cases by stage: .*Closed [1-9]/);
    await expectAccessible(worker, 'walk-case-worker-reports');
    await leave(worker);

    // The referrer's page, open all along, closed the loop by itself.
    await caseStatus(referrer, 'closed');
    const steps = await referrer
      .locator('.moj-timeline__item [data-status]')
      .evaluateAll((tags) => tags.map((tag) => tag.getAttribute('data-status')));
    expect(steps).toEqual(
      expect.arrayContaining(['received', 'accepted', 'eligible', 'conference-scheduled', 'closed']),
    );
    await expectAccessible(referrer, 'walk-referrer-closed');
    await leave(referrer);
  });

  it('asks a consent officer to confirm a withdrawal, names the conference it stops, and shows it cancelled', async () => {
    // A case already at a scheduled conference (set up through the API as its staff would have).
    const { caseId: scheduled } = await handle.viaGateway.scheduledConference();
    const officer = await signIn(RJ_SERVICE, 'consent-officer');
    await officer.goto(`${gateway()}/cases/${scheduled}`);
    await officer
      .locator('[data-conference-status="conference-scheduled"]')
      .waitFor({ timeout: STEP_TIMEOUT });
    await officer.getByRole('button', { name: /^Withdraw consent: Harmed person / }).click();
    // The confirmation says what it stops, before anything is sent.
    const confirm = officer.getByRole('form', { name: /^Withdraw consent: Harmed person / });
    await confirm.getByTestId('withdraw-stops').waitFor();
    expect(await confirm.getByTestId('withdraw-stops').innerText()).toContain(
      'Northtown Community Centre, room 2',
    );
    await confirm.getByLabel('Reason (optional)').fill('No longer wishes to meet.');
    await expectAccessible(officer, 'consent-withdrawal-confirm');
    await confirm.getByRole('button', { name: 'Yes, withdraw consent' }).click();
    // Consent, conferencing and intake each stop the case; the page shows it by itself.
    await officer.getByTestId('conference-cancelled').waitFor({ timeout: STEP_TIMEOUT });
    await officer.locator('tr[data-participation="withdrawn"]').waitFor({ timeout: STEP_TIMEOUT });
    // The case's timeline says it stopped (its current status may be the stop, the cancellation or
    // follow-up's closure, in whichever order the services' events reach intake).
    await officer.locator('.moj-timeline__item [data-status="halted"]').waitFor({ timeout: STEP_TIMEOUT });
    expect(await officer.locator('[data-conference-status]').getAttribute('data-conference-status')).not.toBe(
      'conference-scheduled',
    );
    await expectAccessible(officer, 'consent-withdrawn-conference-cancelled');
    await leave(officer);
  });

  it("lets an inspector read the case's history across services, its state as of a moment, and its integrity", async () => {
    const auditor = await signIn('inspectorate', 'auditor');
    await auditor.getByRole('heading', { name: 'Audit a case' }).waitFor();
    await expectAccessible(auditor, 'auditor-search');
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

  it("flags an event altered behind the log's back when an inspector opens the case", async () => {
    if (!caseId) throw new Error('the first test did not leave a case');
    // An attacker with the database's superuser edits the decline's reason in place (triggers off).
    const admin = new Pool({ connectionString: process.env['DATABASE_URL'] });
    const stream = `intake.Referral-${caseId}`;
    const { rows } = await admin.query<{ version: number; data: string }>(
      `SELECT stream_version AS version, data::text AS data FROM event_store.events
        WHERE stream_id = $1 AND type = 'ReferralDeclined'`,
      [stream],
    );
    const declined = rows[0];
    if (!declined) throw new Error(`no ReferralDeclined in ${stream}`);
    const asAttacker = (sql: string, values: unknown[]) => tamper(admin, sql, values);
    await asAttacker(
      `UPDATE event_store.events SET data = jsonb_set(data, '{reason}', '"Never referred to us"')
        WHERE stream_id = $1 AND stream_version = $2`,
      [stream, declined.version],
    );
    try {
      const auditor = await signIn('inspectorate', 'auditor');
      await auditor.goto(`${gateway()}/audit/cases/${caseId}`);
      await auditor
        .locator('[data-testid="verify-result"][data-intact="false"]')
        .waitFor({ timeout: STEP_TIMEOUT });
      const altered = auditor.getByTestId('history').locator('tr[data-altered="true"]');
      await altered.waitFor();
      expect(await altered.count()).toBe(1);
      expect(await altered.locator('td:nth-child(3)').innerText()).toContain('ReferralDeclined');
      await expectAccessible(auditor, 'auditor-tampered-event');
      await leave(auditor);
    } finally {
      // Undone at once, so no other suite's verification of the whole log sees it.
      await asAttacker(
        `UPDATE event_store.events SET data = $3::jsonb WHERE stream_id = $1 AND stream_version = $2`,
        [stream, declined.version, declined.data],
      );
      await admin.end();
    }
  });
});
