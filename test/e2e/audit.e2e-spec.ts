import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import type { ServiceName } from '@accord/contracts';
import type { ConferenceState } from '@accord/conferencing-domain';
import type { ConsentState } from '@accord/consent-domain';
import type { FollowUpState } from '@accord/follow-up-domain';
import type { ReferralState } from '@accord/intake-domain';
import type { ScreeningState } from '@accord/screening-domain';
import { eventually } from '@accord/testing';
import { useFleet } from './fleet';

interface Reported {
  readonly at: string;
  readonly intake: {
    status: string;
    timeline: { status: string }[];
    referringAgency: string;
    receivingService: string;
    offenceCategory: string;
  } | null;
  readonly screening: {
    outcome: string;
    ruleSetVersion: string;
    decidedBy: string;
    decidedAt: string;
    rules: unknown[];
    requirements: object;
  } | null;
  readonly consent: {
    status: string;
    openedAt: string;
    dueAt: string;
    completedAt?: string;
    guardiansNeeded: string[];
    participants: { personId: string; required: boolean; participation: string }[];
  } | null;
  readonly conferencing: {
    status: string;
    referringAgency: string;
    receivingService: string;
    offenceCategory: string;
    riskLevel: string;
    specialistFacilitator: boolean;
    safetyPlanRequired: boolean;
    facilitatorId: string | null;
    conference: { mode: string; at: string; where: string; participants: string[] } | null;
  } | null;
}

/** A service's state as audit replays it: the service's own decider state, and where it was read. */
type Replayed<State> = {
  stream: { streamId: string; version: number; lastRecordedAt: string };
  state: State;
} | null;

interface AuditState {
  services: {
    intake: Replayed<ReferralState>;
    screening: Replayed<ScreeningState>;
    consent: Replayed<ConsentState>;
    conferencing: Replayed<ConferenceState>;
    'follow-up': Replayed<FollowUpState>;
  };
}

/** Consent as both sides can state it: where the case stands and each required person's answer. */
const consentAsReported = (consent: NonNullable<Reported['consent']>) => ({
  status: consent.status,
  openedAt: consent.openedAt,
  dueAt: consent.dueAt,
  completedAt: consent.completedAt ?? null,
  guardiansNeeded: consent.guardiansNeeded,
  participation: consent.participants
    .filter((participant) => participant.required)
    .map((participant) => [participant.personId, participant.participation])
    .sort(),
});
const consentAsReplayed = (state: ConsentState) =>
  state.status === 'not-requested'
    ? state
    : {
        status: state.status,
        openedAt: state.openedAt,
        dueAt: state.dueAt,
        completedAt: state.completedAt ?? null,
        guardiansNeeded: state.guardiansNeeded,
        participation: state.required
          .map(({ personId }) => [
            personId,
            state.consents[`${personId}|participation`]?.status ?? 'requested',
          ])
          .sort(),
      };

/** Conferencing's own API status, as its decider's state says it: open (with or without a conference) or concluded. */
function conferencingAsReplayed(reported: NonNullable<Reported['conferencing']>) {
  const file = {
    referringAgency: reported.referringAgency,
    receivingService: reported.receivingService,
    offenceCategory: reported.offenceCategory,
    riskLevel: reported.riskLevel,
    specialistFacilitator: reported.specialistFacilitator,
    safetyPlanRequired: reported.safetyPlanRequired,
  };
  switch (reported.status) {
    case 'facilitator-assigned':
      return { status: 'open', file, facilitatorId: reported.facilitatorId, conference: null };
    case 'conference-scheduled':
      return { status: 'open', file, facilitatorId: reported.facilitatorId, conference: reported.conference };
    case 'agreement-reached':
      return { status: 'concluded', file, facilitatorId: reported.facilitatorId, result: 'agreement' };
    default:
      throw new Error(`conferencing reported ${reported.status}, which this test does not reach`);
  }
}

/**
 * An auditor, after the fact: a case goes through every service while each service's own API is
 * read at several moments; afterwards audit replays the streams to each of those moments and must
 * tell the same story, and every one of those reads is in the case's access log.
 */
describe('auditing a case that went through every service', () => {
  // Short access-log windows, so the repeat counts of the reads below are stored while the test waits.
  const handle = useFleet({
    FOLLOW_UP_REMINDER_DAYS_BEFORE: '0',
    FOLLOW_UP_TIMER_POLL_MS: '250',
    ACCESS_LOG_WINDOW_MS: '1000',
  });

  it("replays the case to past moments exactly as the services' APIs reported them then", async () => {
    const driver = handle.driver;
    const auditor = await driver.token('inspectorate', ['auditor'], 'auditor-e2e');
    const receiverRead = async <T>(service: ServiceName, path: string, token: string): Promise<T | null> => {
      const result = await driver.call<T>(service, 'GET', path, token);
      if (result.status === 404) return null;
      expect(result.status).toBe(200);
      return result.body;
    };
    /** Every service's API, read at a quiet moment (nothing in flight for this case), then the time. */
    const observe = async (caseId: string): Promise<Reported> => {
      const reported = {
        intake: await receiverRead<Reported['intake']>(
          'intake',
          `/api/referrals/${caseId}`,
          await driver.screener(),
        ),
        screening: await receiverRead<Reported['screening']>(
          'screening',
          `/api/cases/${caseId}/screening`,
          await driver.screener(),
        ),
        consent: await receiverRead<Reported['consent']>(
          'consent',
          `/api/cases/${caseId}/consent`,
          await driver.consentOfficer(),
        ),
        conferencing: await receiverRead<Reported['conferencing']>(
          'conferencing',
          `/api/cases/${caseId}/conference`,
          await driver.caseWorker(),
        ),
      } as Omit<Reported, 'at'>;
      await new Promise((resolveWait) => setTimeout(resolveWait, 20));
      return { ...reported, at: new Date().toISOString() };
    };

    const caseId = await driver.submit();
    const moments: Reported[] = [await observe(caseId)];
    await driver.walkToEligible(caseId);
    const participants = await driver.consentParticipants(caseId);
    moments.push(await observe(caseId));
    await driver.consentAll(caseId);
    await driver.statusReached(caseId, 'consents-complete');
    await driver.facilitatorAssigned(caseId);
    moments.push(await observe(caseId));
    await driver.schedule(
      caseId,
      participants.map((p) => p.personId),
    );
    await driver.statusReached(caseId, 'conference-scheduled');
    moments.push(await observe(caseId));
    const responsible = participants.find((p) => p.role === 'responsible');
    await driver.agree(caseId, responsible?.personId ?? '');
    await driver.statusReached(caseId, 'agreement-reached');
    moments.push(await observe(caseId));

    // The moments differ, so the comparison below is not of one state five times over.
    expect(moments.map((m) => [!!m.screening, m.consent?.status, m.conferencing?.status])).toEqual([
      [false, undefined, undefined],
      [true, 'requested', undefined],
      [true, 'complete', 'facilitator-assigned'],
      [true, 'complete', 'conference-scheduled'],
      [true, 'complete', 'agreement-reached'],
    ]);

    for (const moment of moments) {
      const replay = await driver.call<AuditState>(
        'audit',
        'GET',
        `/api/cases/${caseId}/state?asOf=${encodeURIComponent(moment.at)}`,
        auditor,
      );
      expect(replay.status).toBe(200);
      const { intake, screening, consent, conferencing } = replay.body.services;
      const where = `as of ${moment.at}`;

      const accepted = moment.intake?.timeline.some((step) => step.status === 'accepted');
      expect({ where, intake: intake?.state }).toMatchObject({
        where,
        intake: {
          status: 'submitted',
          decision: accepted ? 'accepted' : 'pending',
          referringAgency: moment.intake?.referringAgency,
          receivingService: moment.intake?.receivingService,
          profile: { offenceCategory: moment.intake?.offenceCategory },
        },
      });

      expect({ where, screening: screening?.state ?? null }).toMatchObject({
        where,
        screening: moment.screening && {
          status: 'decided',
          current: {
            outcome: moment.screening.outcome,
            ruleSetVersion: moment.screening.ruleSetVersion,
            decidedBy: moment.screening.decidedBy,
            decidedAt: moment.screening.decidedAt,
            rules: moment.screening.rules,
            requirements: moment.screening.requirements,
          },
        },
      });

      expect({ where, consent: consent && consentAsReplayed(consent.state) }).toEqual({
        where,
        consent: moment.consent && consentAsReported(moment.consent),
      });

      expect({ where, conferencing: conferencing?.state ?? null }).toMatchObject({
        where,
        conferencing: moment.conferencing && conferencingAsReplayed(moment.conferencing),
      });
    }

    // Every read above is on record, per service, with who read and through which endpoint: each
    // reader's first read at once, the repeats counted once their window closed.
    type Read = { service: string; actor: string; endpoint: string; at: string; reads: number };
    const reads = (log: Read[], service: string, actor: string, endpoint: string) =>
      log
        .filter((read) => read.service === service && read.actor === actor && read.endpoint === endpoint)
        .reduce((sum, read) => sum + read.reads, 0);
    await eventually(
      async () => {
        const history = await driver.call<{ accessLog: Read[] }>(
          'audit',
          'GET',
          `/api/cases/${caseId}/history?pageSize=1`,
          auditor,
        );
        expect(history.status).toBe(200);
        const log = history.body.accessLog;
        expect(reads(log, 'intake', 'demo-screener', 'GET /api/referrals/:caseId')).toBeGreaterThanOrEqual(
          moments.length,
        );
        expect(
          reads(log, 'screening', 'demo-screener', 'GET /api/cases/:caseId/screening'),
        ).toBeGreaterThanOrEqual(moments.length - 1);
        expect(
          reads(log, 'consent', 'demo-consent-officer', 'GET /api/cases/:caseId/consent'),
        ).toBeGreaterThanOrEqual(moments.length - 1);
        expect(
          reads(log, 'conferencing', 'demo-case-worker', 'GET /api/cases/:caseId/conference'),
        ).toBeGreaterThanOrEqual(moments.length - 2);
        expect(reads(log, 'audit', 'auditor-e2e', 'GET /api/cases/:caseId/state')).toBe(moments.length);
      },
      { timeout: 20_000, interval: 250 },
    );
    // The log of reads is part of the case's tamper-evident record.
    const verify = await driver.call<{ intact: boolean; streams: { streamId: string; checked: number }[] }>(
      'audit',
      'GET',
      `/api/cases/${caseId}/verify`,
      auditor,
    );
    expect(verify.body.intact).toBe(true);
    expect(verify.body.streams).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ streamId: `consent.DataAccess-${caseId}`, checked: expect.any(Number) }),
      ]),
    );
    expect(
      verify.body.streams.find((s) => s.streamId === `consent.DataAccess-${caseId}`)?.checked,
    ).toBeGreaterThan(0);
  });

  it('lets an auditor read every case and change nothing: every write endpoint of every service answers 403', async () => {
    const driver = handle.driver;
    const caseId = await driver.submit();
    const auditor = await driver.token('inspectorate', ['auditor'], 'auditor-e2e');
    const writes: string[] = [];
    for (const [service, url] of Object.entries(handle.fleet.urls)) {
      const document = (await (await fetch(`${url}/openapi.json`)).json()) as {
        paths: Record<string, Record<string, unknown>>;
      };
      for (const [path, operations] of Object.entries(document.paths)) {
        for (const method of Object.keys(operations).filter((m) => !['get', 'head', 'options'].includes(m))) {
          const concrete = path.replace(/\{(\w+)\}/g, (_all, name: string) =>
            name === 'caseId' ? caseId : randomUUID(),
          );
          const response = await fetch(`${url}${concrete}`, {
            method: method.toUpperCase(),
            headers: { authorization: `Bearer ${auditor}`, 'content-type': 'application/json' },
            body: '{}',
          });
          writes.push(`${service} ${method.toUpperCase()} ${path} → ${response.status}`);
        }
      }
    }
    // Every service's writes were tried (not an empty sweep), and none let the auditor through.
    for (const service of ['intake', 'screening', 'consent', 'conferencing', 'follow-up', 'audit'])
      expect(writes.some((line) => line.startsWith(`${service} `))).toBe(true);
    expect(writes.filter((line) => !line.endsWith('→ 403'))).toEqual([]);
    // While reading still works.
    expect((await driver.call('intake', 'GET', `/api/referrals/${caseId}`, auditor)).status).toBe(200);
  });

  it('erases a person: afterwards no plaintext of theirs is anywhere in a full dump of the database, and history and verify still hold', async () => {
    const driver = handle.driver;
    const tag = randomUUID().slice(0, 8);
    const harmed = { name: `Wren Halloway-${tag}`, dateOfBirth: '1977-03-14', language: 'cy' };
    const summary = `Greenhouse ${tag} smashed late at night.`;
    const { caseId, participants } = await driver.scheduledConference({ harmed, summary });
    const personId = participants.find((p) => p.role === 'harmed')?.personId ?? '';
    const auditor = await driver.token('inspectorate', ['auditor'], 'auditor-e2e');
    const admin = await driver.token('accord-ops', ['admin'], 'admin-e2e');
    // Every service read the case, so every read model had its chance to keep a copy.
    for (const [service, path] of [
      ['intake', `/api/referrals/${caseId}`],
      ['screening', `/api/cases/${caseId}/screening`],
      ['consent', `/api/cases/${caseId}/consent`],
      ['conferencing', `/api/cases/${caseId}/conference`],
    ] as const)
      expect((await driver.call(service, 'GET', path, await driver.caseWorker())).status).toBe(200);
    const before = await driver.call<{ entries: { data: unknown }[] }>(
      'audit',
      'GET',
      `/api/cases/${caseId}/history?pageSize=1000`,
      auditor,
    );
    expect(JSON.stringify(before.body)).toContain(harmed.name);

    const erased = await driver.call('audit', 'POST', `/api/people/${personId}/erasure`, admin, {
      reason: `erasure request ${tag}`,
    });
    expect(erased.status).toBe(201);

    const { stdout: dump } = await promisify(execFile)(
      'pg_dump',
      ['--data-only', '--no-owner', '--dbname', process.env['DATABASE_URL'] ?? ''],
      { maxBuffer: 1024 * 1024 * 1024 },
    );
    expect(dump).toContain(caseId); // the dump is of the database the services wrote to
    for (const plaintext of [harmed.name, summary])
      expect({ plaintext, found: dump.includes(plaintext) }).toEqual({ plaintext, found: false });

    const after = await driver.call<{ entries: { type: string; data: unknown }[]; erasures: unknown[] }>(
      'audit',
      'GET',
      `/api/cases/${caseId}/history?pageSize=1000`,
      auditor,
    );
    expect(after.status).toBe(200);
    expect(JSON.stringify(after.body)).not.toContain(harmed.name);
    expect(JSON.stringify(after.body.entries.find((e) => e.type === 'ReferralSubmitted')?.data)).toContain(
      '[erased]',
    );
    expect(after.body.erasures).toEqual([
      expect.objectContaining({ personId, reason: `erasure request ${tag}` }),
    ]);
    expect(
      (await driver.call<{ intact: boolean }>('audit', 'GET', `/api/cases/${caseId}/verify`, auditor)).body,
    ).toMatchObject({ intact: true });
  });
});
