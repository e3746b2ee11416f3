// Seeds demo cases through the gateway, playing every person's part, and prints where to look.
// `npm start` runs it once all services are healthy; alone: `npm run demo` (reads ACCORD_OIDC_URL
// and the gateway URL from the environment or .accord/infra.env). First, as the platform
// administrator, it registers each demo agency's own issuer of the development OpenID Provider in
// the agency directory; every token it then uses comes from that provider.
import { resolve } from 'node:path';
import { readEnvFile } from '@accord/platform';
import { devToken, registerTrust } from '@accord/testing';
import { PipelineDriver } from './demo/pipeline-driver';

/** The demo agencies and their tiers: the inspectorate's auditors read every case. */
const DEMO_AGENCIES = [
  ['police-north', 'agency'],
  ['court-central', 'agency'],
  ['probation-east', 'agency'],
  ['victim-support-west', 'agency'],
  ['rj-service-north', 'agency'],
  ['inspectorate', 'inspectorate'],
] as const;

/** A setting from the environment, else the operator's `.accord/infra.env`. */
const setting = (name: string): string | undefined =>
  process.env[name] || readEnvFile(resolve(__dirname, '..', '.accord', 'infra.env'))[name];

async function main(): Promise<number> {
  const provider = setting('ACCORD_OIDC_URL');
  const gateway = process.env['GATEWAY_URL'] ?? 'http://127.0.0.1:3000';
  if (!provider) {
    process.stderr.write('demo: no ACCORD_OIDC_URL (run `npm run infra:up` first)\n');
    return 1;
  }
  const say = (line: string) => process.stdout.write(`[demo] ${line}\n`);
  const platformAgency = setting('AUTH_PLATFORM_AGENCY') ?? 'accord-ops';
  const adminToken = await devToken({
    provider,
    agency: platformAgency,
    roles: ['admin'],
    sub: 'demo-admin',
  });
  for (const [agency, tier] of DEMO_AGENCIES)
    await registerTrust({
      directory: gateway,
      adminToken,
      agency,
      tier,
      issuers: [`${provider}/${agency}`],
      reason: 'demo: the development OpenID Provider speaks for this agency',
    });
  say(`registered each demo agency's own issuer (${provider}/<agency>) in the agency directory`);
  const driver = new PipelineDriver({
    url: () => gateway,
    token: ({ agency, roles, sub }) => devToken({ provider, agency, roles, sub }),
    timeoutMs: 120_000,
  });

  // The referrer's case system, in development the sink's receiver: police-north hears each stage of its cases.
  const webhooks = process.env['ACCORD_DEV_WEBHOOK_URL'];
  if (webhooks) {
    const registered = await fetch(`${gateway}/api/notifications/webhooks`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await devToken({ provider, agency: 'police-north', roles: ['admin'], sub: 'demo-police-admin' })}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ url: `${webhooks}/police-north` }),
    });
    if (registered.status === 201) {
      const { secret } = (await registered.json()) as { secret: string };
      await fetch(`${webhooks}/police-north/secret`, { method: 'PUT', body: secret });
      say(
        `police-north's webhook receives each stage of its cases (signatures checked): ${webhooks}/police-north`,
      );
    } else say(`could not register police-north's webhook (${registered.status}); the demo goes on`);
  }

  say(
    'walking a property-damage case from referral to closure (referrer, screener, consent officer, facilitator, case worker)…',
  );
  // The responsible person reads Welsh: their consent request, invitation and messages come in Welsh.
  const closed = await driver.fullJourney({
    summary: 'Garden shed broken into; tools taken.',
    responsible: { name: 'Sam Taylor', dateOfBirth: '1999-09-30', language: 'cy' },
  });
  say(`  ${closed}: closed with the agreement completed`);

  say('a case whose harmed person asked not to be contacted: nobody writes to them…');
  const unwilling = await driver.submit({ harmedWillingToBeContacted: false });
  await driver.accept(unwilling);
  const { outcome } = await driver.screening(unwilling);
  say(
    `  ${unwilling}: screened ${outcome}; no message goes to the harmed person (not willing to be contacted)`,
  );

  say('a case where the responsible person does not accept responsibility…');
  const ineligible = await driver.submit({
    responsibleAcceptsResponsibility: false,
    offenceCategory: 'violence',
  });
  await driver.accept(ineligible);
  await driver.screening(ineligible);
  await driver.statusReached(ineligible, 'ineligible');
  say(`  ${ineligible}: ineligible, with the rule and reason recorded`);

  say("a hate-crime referral waiting for a screener's specialist review…");
  const review = await driver.submit({ offenceCategory: 'hate-crime', riskLevel: 'medium' });
  await driver.accept(review);
  await driver.screening(review);
  await driver.statusReached(review, 'needs-review');
  say(`  ${review}: needs review (specialist facilitator, manager review, safety plan)`);

  say('a case waiting for consent…');
  const waiting = await driver.submit();
  await driver.accept(waiting);
  await driver.screening(waiting);
  await driver.statusReached(waiting, 'eligible');
  await driver.consentParticipants(waiting);
  say(`  ${waiting}: eligible; consent requested from the harmed and responsible persons`);

  const referrerToken = await driver.referrer();
  const screenerToken = await driver.screener();
  process.stdout.write(
    [
      '',
      'Demo cases (police-north referred them to rj-service-north):',
      ...[closed, ineligible, review, waiting].map((caseId) => `  ${gateway}/api/referrals/${caseId}`),
      `API reference: ${gateway}/api/docs (raw: ${gateway}/api/openapi.json, events: ${gateway}/api/asyncapi.json)`,
      'Try, as the referrer:',
      `  curl -H "Authorization: Bearer ${referrerToken}" ${gateway}/api/referrals/${closed}`,
      'as the receiving service (screening reasons and rule version):',
      `  curl -H "Authorization: Bearer ${screenerToken}" ${gateway}/api/cases/${review}/screening`,
      "What the participants were sent (the development mail sink), and what police-north's webhook received:",
      `  ${webhooks ? webhooks.replace(/\/webhooks$/, '/') : '(start with npm start to run the sink)'}`,
      'Other tokens: npm run token -- --agency rj-service-north --roles consent-officer',
      '',
    ].join('\n'),
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`[demo] failed: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
