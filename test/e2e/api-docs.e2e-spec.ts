// The API reference at /api/docs, as an integrator's browser shows it: real headless Chromium
// against the whole system behind the gateway, with every request the page makes recorded.
import type { Browser } from 'playwright-core';
import { launchBrowser, openAs, screenshot } from './browser';
import { useFleet } from './fleet';

describe('the API reference page, in a real browser', () => {
  const handle = useFleet();
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('renders every service’s operations from the gateway alone (no CDN)', async () => {
    const gateway = handle.fleet.urls.gateway;
    const { context, page } = await openAs(browser);
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    try {
      await page.goto(`${gateway}/api/docs`);
      // The rendered reference: the document's title, capability tags and operation summaries
      // from more than one service (merged by the gateway).
      await page
        .getByRole('heading', { name: /Accord API/ })
        .first()
        .waitFor();
      await page.getByText('Submit a referral', { exact: true }).waitFor();
      await page.getByText('Verify the whole log', { exact: true }).waitFor();
      for (const tag of ['referrals', 'consent', 'audit'])
        await page.locator(`h3#operations-tag-${tag}`).waitFor();
      await screenshot(page, 'api-docs');
      const elsewhere = requested.filter(
        (url) => new URL(url).origin !== gateway && !url.startsWith('data:'),
      );
      expect(elsewhere).toEqual([]);
      expect(requested).toEqual(expect.arrayContaining([`${gateway}/api/openapi.json`]));
    } finally {
      await context.close();
    }
  });
});
