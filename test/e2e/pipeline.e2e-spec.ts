import { Pool } from 'pg';
import { eventually } from '@accord/testing';
import { useFleet } from './fleet';
import { PipelineDriver } from '../../tools/demo/pipeline-driver';

/**
 * Every path a case can take, with every service as its own process on a real Kafka broker and
 * PostgreSQL. Follow-up's timers run in seconds here; "30 days later" is simulated by bringing a
 * durable timer's due time forward, as the passage of time would.
 */
describe('a case through the pipeline', () => {
  const handle = useFleet({ FOLLOW_UP_REMINDER_DAYS_BEFORE: '0', FOLLOW_UP_TIMER_POLL_MS: '250' });
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'] });
  afterAll(() => pool.end());

  const eventsOf = async (stream: string): Promise<string[]> =>
    (
      await pool.query<{ type: string }>(
        'select type from event_store.events where stream_id = $1 order by stream_version',
        [stream],
      )
    ).rows.map((row) => row.type);

  it('goes from referral to closure, through the gateway, and the referrer sees every step', async () => {
    const driver = handle.viaGateway;
    const caseId = await driver.fullJourney();
    const status = await driver.status(caseId);
    expect(status.status).toBe('closed');
    expect(status.timeline.map((step) => step.status)).toEqual(
      expect.arrayContaining([
        'received',
        'accepted',
        'eligible',
        'consents-complete',
        'facilitator-assigned',
        'conference-scheduled',
        'agreement-reached',
        'closed',
      ]),
    );
    // One decision per step, however often Kafka delivered the messages.
    expect(
      (await eventsOf(`screening.Screening-${caseId}`)).filter((type) => type === 'CaseEligible'),
    ).toHaveLength(1);
    expect(
      (await eventsOf(`consent.Consent-${caseId}`)).filter((type) => type === 'ConsentsComplete'),
    ).toHaveLength(1);
    expect(
      (await eventsOf(`follow-up.FollowUp-${caseId}`)).filter((type) => type === 'CaseClosed'),
    ).toHaveLength(1);
  });

  it('stops at screening when the responsible person does not accept responsibility', async () => {
    const driver = handle.driver;
    const caseId = await driver.submit({ responsibleAcceptsResponsibility: false });
    await driver.accept(caseId);
    expect(await driver.screening(caseId)).toMatchObject({ outcome: 'ineligible' });
    const status = await driver.statusReached(caseId, 'ineligible');
    expect(status.status).toBe('ineligible');
    const consent = await driver.client('consent').GET('/api/cases/{caseId}/consent', {
      params: { path: { caseId } },
      headers: await PipelineDriver.bearer(driver.consentOfficer()),
    });
    expect(consent.response.status).toBe(404);
    expect(consent.error).toMatchObject({ status: 404 });
  });

  it('halts when the harmed person declines, and nothing further happens', async () => {
    const driver = handle.driver;
    const caseId = await driver.eligibleCase();
    const harmed = (await driver.consentParticipants(caseId)).find((p) => p.role === 'harmed');
    await driver.recordConsent(caseId, harmed?.personId ?? '', 'declined');
    const status = await driver.statusReached(caseId, 'halted');
    // Follow-up closes a halted case (outcome "halted") soon after, so the status may read "closed".
    expect(['halted', 'closed']).toContain(status.status);
    expect(status.timeline.map((step) => step.status)).not.toContain('facilitator-assigned');
    expect(await eventsOf(`conferencing.Conference-${caseId}`)).not.toContain('FacilitatorAssigned');
  });

  it('cancels a scheduled conference when consent is withdrawn, and refuses anything further', async () => {
    const driver = handle.driver;
    const { caseId, participants } = await driver.scheduledConference();
    const harmed = participants.find((p) => p.role === 'harmed');
    await driver.withdrawConsent(caseId, harmed?.personId ?? '', 'No longer wants to meet.');

    await driver.statusReached(caseId, 'halted');
    // With the case's token, conferencing answers once it has heard the halt (and cancelled).
    await driver.conference(caseId);
    expect(await eventsOf(`conferencing.Conference-${caseId}`)).toContain('ConferenceCancelled');
    const responsible = participants.find((p) => p.role === 'responsible');
    const late = await driver.client('conferencing').POST('/api/cases/{caseId}/conference/outcome', {
      params: { path: { caseId } },
      headers: await PipelineDriver.bearer(driver.caseWorker()),
      body: {
        result: 'agreement',
        actions: [
          {
            kind: 'apology',
            what: 'A letter.',
            by: responsible?.personId ?? '',
            dueBy: new Date(Date.now() + 86_400_000).toISOString(),
          },
        ],
      },
    });
    expect(late.response.status).toBe(409);
  });

  it('closes with no agreement when the conference ends without one', async () => {
    const driver = handle.driver;
    const { caseId } = await driver.scheduledConference();
    await driver.noAgreement(caseId, 'The parties could not agree on reparation.');
    await driver.statusReached(caseId, 'no-agreement');
    // Follow-up closes the case in reaction: intake's live changes announce it (no polling).
    const closed = await driver.statusAnnounced(caseId, 'closed');
    expect(closed.status).toBe('closed');
  });

  it('records an agreed action as overdue when its due date passes unresolved', async () => {
    const driver = handle.driver;
    const { caseId, participants } = await driver.scheduledConference();
    const responsible = participants.find((p) => p.role === 'responsible');
    await driver.agree(caseId, responsible?.personId ?? '', 3_000);
    await eventually(async () => (await eventsOf(`follow-up.FollowUp-${caseId}`)).includes('ActionOverdue'), {
      timeout: 90_000,
      interval: 500,
    });
  });

  it('halts when consent is not complete in time', async () => {
    const driver = handle.driver;
    const caseId = await driver.eligibleCase();
    await driver.consentParticipants(caseId);
    // Thirty days pass: the durable expiry timer falls due.
    await eventually(async () => {
      const moved = await pool.query(
        "update scheduler.timers set due_at = now() where case_id = $1 and kind = 'consent-expiry' and fired_at is null",
        [caseId],
      );
      return (moved.rowCount ?? 0) > 0;
    });
    // The timer fires when the scheduler next looks; intake's live changes announce the halt.
    await driver.statusAnnounced(caseId, 'halted');
    // The receiving service sees why; the referrer sees only that the case stopped.
    const status = await driver.status(caseId, await driver.screener());
    expect(JSON.stringify(status.timeline)).toContain('consent-expired');
  });

  it('survives a service killed mid-flow: after its restart every case reaches its end, with no decision taken twice', async () => {
    const driver = handle.driver;
    await handle.fleet.kill('screening');
    const cases = [await driver.submit(), await driver.submit()];
    for (const caseId of cases) await driver.accept(caseId);
    await handle.fleet.start('screening');
    // Screening answers 503 + Retry-After until it has heard the accepts; the driver sends again.
    for (const caseId of cases) await driver.screening(caseId);
    for (const caseId of cases) await driver.statusReached(caseId, 'eligible');

    await handle.fleet.kill('conferencing');
    for (const caseId of cases) await driver.consentAll(caseId);
    await handle.fleet.start('conferencing');
    for (const caseId of cases) await driver.facilitatorAssigned(caseId);

    for (const caseId of cases) {
      expect(
        (await eventsOf(`screening.Screening-${caseId}`)).filter((type) => type === 'CaseEligible'),
      ).toHaveLength(1);
      expect(
        (await eventsOf(`conferencing.Conference-${caseId}`)).filter(
          (type) => type === 'FacilitatorAssigned',
        ),
      ).toHaveLength(1);
    }
  });
});
