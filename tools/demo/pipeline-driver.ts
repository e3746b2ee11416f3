// Drives cases through the whole pipeline over HTTP, playing every person's part: the referrer, the
// RJ service's screener, consent officer, facilitator and case worker. Used by `npm start` (the
// demo cases) and by the e2e suite, so the demo is exactly what the tests prove. Every step goes
// through the generated client (libs/api-client): the contract is exercised by its own consumer.
import { randomUUID } from 'node:crypto';
import {
  CONSISTENCY_HEADER,
  createAccordClient,
  type AccordClient,
  type components,
} from '@accord/api-client';
import type { Role, ServiceName } from '@accord/contracts';
import type { Principal } from '@accord/platform';

export interface DriverOptions {
  /** Where each service answers (all the gateway's URL when going through it). */
  readonly url: (service: ServiceName) => string;
  /** A bearer token for the principal, from its agency's identity provider. */
  readonly token: (principal: Principal) => Promise<string>;
  readonly referringAgency?: string;
  readonly receivingService?: string;
  /** Longest a request is sent again while a service answers 503 with Retry-After (ms). */
  readonly timeoutMs?: number;
  /**
   * Also send a request again when no answer came (connection refused or reset, the gateway's 502
   * or 504): a client riding through killed processes (`npm run chaos`). A command that may have
   * gone through before then answers 409 for the repeat, which counts as done.
   */
  readonly retryUnanswered?: boolean;
}

const UNANSWERED = new Set([502, 504]);

const problemCode = async (response: Response): Promise<unknown> =>
  (
    (await response
      .clone()
      .json()
      .catch(() => ({}))) as { code?: unknown }
  ).code;

export interface Person {
  readonly name: string;
  readonly dateOfBirth: string;
  readonly language: string;
}

export interface ReferralInput {
  readonly offenceCategory?:
    | 'domestic-abuse'
    | 'sexual-offence'
    | 'hate-crime'
    | 'violence'
    | 'property'
    | 'other';
  readonly riskLevel?: 'low' | 'medium' | 'high';
  readonly harmedWillingToBeContacted?: boolean;
  readonly responsibleAcceptsResponsibility?: boolean;
  readonly harmed?: Person;
  readonly responsible?: Person;
  readonly summary?: string;
}

type Schemas = components['schemas'];
export type ReferralStatus = Schemas['ReferralResponse'];
export type ConsentParticipant = Schemas['ParticipantResponse'];
export type ConferenceRecord = Schemas['ConferenceDetailResponse'];

/** What every generated-client call answers. */
interface ClientResult<T> {
  readonly data?: T;
  readonly error?: unknown;
  readonly response: Response;
}

export class DriverError extends Error {}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The case a path is about: `/api/referrals/<id>…` or `/api/cases/<id>/…`. */
const CASE_IN_PATH = /^\/api\/(?:referrals|cases)\/([0-9a-f-]{36})(?:[/?]|$)/;

export class PipelineDriver {
  private readonly referringAgency: string;
  private readonly receivingService: string;
  private readonly tokens = new Map<string, string>();
  /**
   * The latest consistency token of each case: sent with every request about the case and
   * replaced by each answer's, so every step sees what the steps before it did (read-your-writes
   * across services) without polling.
   */
  private readonly consistency = new Map<string, string>();
  private readonly timeoutMs: number;
  private readonly clients = new Map<ServiceName, AccordClient>();
  /** Answers to a request an earlier attempt of which got no answer: it may have gone through. */
  private readonly uncertain = new WeakSet<Response>();

  constructor(private readonly options: DriverOptions) {
    this.referringAgency = options.referringAgency ?? 'police-north';
    this.receivingService = options.receivingService ?? 'rj-service-north';
    this.timeoutMs = options.timeoutMs ?? 90_000;
  }

  async token(agency: string, roles: Role[], sub = `${agency}-${roles.join('+')}`): Promise<string> {
    const key = `${agency}|${roles.join(',')}|${sub}`;
    let token = this.tokens.get(key);
    if (!token) {
      const principal: Principal = { sub, agency, roles };
      token = await this.options.token(principal);
      this.tokens.set(key, token);
    }
    return token;
  }

  /** The generated client of a service (the gateway's, when every service is reached through it). */
  client(service: ServiceName): AccordClient {
    let client = this.clients.get(service);
    if (!client) {
      client = createAccordClient({
        baseUrl: this.options.url(service),
        fetch: (input, init) => this.send(new Request(input, init)),
      });
      this.clients.set(service, client);
    }
    return client;
  }

  /** The bearer header of a person's token. */
  static async bearer(token: Promise<string>): Promise<{ authorization: string }> {
    return { authorization: `Bearer ${await token}` };
  }

  /**
   * Sends a request with the case's consistency token and keeps the one its answer carries; while
   * the service answers 503 with Retry-After (a dependency away for a moment), sends it again.
   */
  private async send(request: Request): Promise<Response> {
    const caseInPath = CASE_IN_PATH.exec(new URL(request.url).pathname)?.[1];
    const held = caseInPath ? this.consistency.get(caseInPath) : undefined;
    if (held && !request.headers.has(CONSISTENCY_HEADER)) request.headers.set(CONSISTENCY_HEADER, held);
    const attempt = () => fetch(request.clone(), { signal: AbortSignal.timeout(30_000) });
    const deadline = Date.now() + this.timeoutMs;
    let uncertain = false;
    let response: Response | undefined;
    for (;;) {
      try {
        response = await attempt();
      } catch (error) {
        if (!this.options.retryUnanswered || Date.now() >= deadline) throw error;
        response = undefined;
      }
      // 429 + Retry-After: the gateway's per-caller rate; the request is sent again after it too.
      if (
        response &&
        (response.status === 503 || response.status === 429) &&
        response.headers.has('retry-after') &&
        Date.now() < deadline
      ) {
        // The database failing after the command was stored also answers 503: it may have gone through.
        if (request.method !== 'GET' && (await problemCode(response)) === 'DEPENDENCY_UNAVAILABLE')
          uncertain = true;
        await sleep(Number(response.headers.get('retry-after')) * 1_000 || 1_000);
        continue;
      }
      const unanswered = response === undefined || UNANSWERED.has(response.status);
      if (!unanswered || !this.options.retryUnanswered || Date.now() >= deadline) break;
      uncertain = true;
      await sleep(1_000);
    }
    if (!response)
      throw new DriverError(`${request.method} ${request.url}: no answer in ${this.timeoutMs} ms`);
    if (uncertain) this.uncertain.add(response);
    const answered = response.headers.get(CONSISTENCY_HEADER);
    const caseId = caseInPath ?? (answered ? await caseIdIn(response) : undefined);
    if (answered && caseId) this.consistency.set(caseId, answered);
    return response;
  }

  referrer = () => this.token(this.referringAgency, ['referrer'], 'demo-referrer');
  screener = () => this.token(this.receivingService, ['screener'], 'demo-screener');
  consentOfficer = () => this.token(this.receivingService, ['consent-officer'], 'demo-consent-officer');
  caseWorker = () => this.token(this.receivingService, ['case-worker'], 'demo-case-worker');

  /** Any request by path (for what a test sends on purpose outside the typed operations). */
  async call<T>(
    service: ServiceName,
    method: string,
    path: string,
    token: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: T }> {
    const response = await this.send(
      new Request(`${this.options.url(service)}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON (CSV, an HTML error page): return it as text.
    }
    return { status: response.status, body: parsed as T };
  }

  /** The answer's body, or a DriverError with the status and problem when it is not one of `ok`. */
  private async expectOk<T>(what: string, call: Promise<ClientResult<T>>, ...ok: number[]): Promise<T> {
    const { data, error, response } = await call;
    // The attempt that got no answer went through: the repeat is refused as a conflict.
    if (response.status === 409 && this.uncertain.has(response)) return (data ?? {}) as T;
    if (data === undefined || (ok.length > 0 ? !ok.includes(response.status) : !response.ok))
      throw new DriverError(`${what}: HTTP ${response.status} ${JSON.stringify(error)}`);
    return data;
  }

  /** The value `read` finds, or a DriverError saying what was missing (`found` when it is there). */
  private async expectFound<T, V>(
    what: string,
    read: Promise<T>,
    found: (value: T) => V | undefined,
  ): Promise<V> {
    const value = await read;
    const result = found(value);
    if (result === undefined) throw new DriverError(`${what} is missing: ${JSON.stringify(value)}`);
    return result;
  }

  async submit(input: ReferralInput = {}, idempotencyKey = randomUUID()): Promise<string> {
    const harmed = input.harmed ?? { name: 'Alex Morgan', dateOfBirth: '1986-04-12', language: 'en' };
    const responsible = input.responsible ?? {
      name: 'Sam Taylor',
      dateOfBirth: '1999-09-30',
      language: 'en',
    };
    const created = await this.expectOk(
      'submit referral',
      this.client('intake').POST('/api/referrals', {
        params: { header: { 'Idempotency-Key': idempotencyKey } },
        headers: await PipelineDriver.bearer(this.referrer()),
        body: {
          receivingService: this.receivingService,
          referrerReference: `DEMO-${idempotencyKey.slice(0, 8)}`,
          incident: {
            offenceCategory: input.offenceCategory ?? 'property',
            date: '2026-10-02',
            summary: input.summary ?? 'Shed broken into and garden tools taken.',
          },
          people: {
            harmed: [
              {
                ...harmed,
                // Email first, so the development mail sink shows what they were sent.
                contactPreferences: {
                  methods: ['email', 'phone'],
                  email: 'alex.morgan@example.org',
                  phone: '+44 20 7946 0001',
                },
                willingToBeContacted: input.harmedWillingToBeContacted ?? true,
              },
            ],
            responsible: [
              {
                ...responsible,
                contactPreferences: {
                  methods: ['email', 'letter'],
                  email: 'sam.taylor@example.org',
                  address: '1 Example Street, Northtown',
                },
                acceptsResponsibility: input.responsibleAcceptsResponsibility ?? true,
              },
            ],
            supporters: [],
          },
          riskLevel: input.riskLevel ?? 'low',
          riskFlags: [],
          pendingCourtProceedings: false,
        },
      }),
      201,
    );
    return created.caseId;
  }

  /** The `caseId` path parameter and the person's bearer header of a request about a case. */
  private async onCase(caseId: string, token: Promise<string>) {
    return { params: { path: { caseId } }, headers: await PipelineDriver.bearer(token) };
  }

  async accept(caseId: string): Promise<void> {
    await this.expectOk(
      'accept referral',
      this.client('intake').POST(
        '/api/referrals/{caseId}/accept',
        await this.onCase(caseId, this.screener()),
      ),
    );
  }

  /** The case's screening decision (after an accept, with its token: the decision made on it). */
  async screening(caseId: string): Promise<{ outcome: string }> {
    return this.expectOk(
      'screening decision',
      this.client('screening').GET(
        '/api/cases/{caseId}/screening',
        await this.onCase(caseId, this.screener()),
      ),
    );
  }

  async status(caseId: string, token?: string): Promise<ReferralStatus> {
    return this.expectOk(
      'referral status',
      this.client('intake').GET(
        '/api/referrals/{caseId}',
        await this.onCase(caseId, token === undefined ? this.referrer() : Promise.resolve(token)),
      ),
    );
  }

  /**
   * The referrer's view (the closed loop), which has reached `status`: with the case's token,
   * intake answers once it has heard what the steps before did.
   */
  async statusReached(caseId: string, status: string): Promise<ReferralStatus> {
    return this.expectFound(`"${status}" in case ${caseId}'s timeline`, this.status(caseId), (current) =>
      current.timeline.some((step) => step.status === status) ? current : undefined,
    );
  }

  /**
   * Waits, without polling, until the case reached `status` by a step another service takes in
   * reaction (follow-up closing a case after no agreement): no consistency token can name an
   * event that does not exist yet, so the referrer's live changes announce it.
   */
  async statusAnnounced(caseId: string, status: string): Promise<ReferralStatus> {
    let announced: () => void = () => undefined;
    const heard = new Promise<void>((resolve) => (announced = resolve));
    const stop = await followChanges(this.options.url('intake'), await this.referrer(), (id, now) => {
      if (id === caseId && now === status) announced();
    });
    try {
      // Reached before the stream was ready: nothing more will be announced.
      const current = await this.status(caseId);
      if (current.timeline.some((step) => step.status === status)) return current;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        heard,
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new DriverError(`case ${caseId} did not reach "${status}" in ${this.timeoutMs} ms`)),
            this.timeoutMs,
          );
        }),
      ]).finally(() => clearTimeout(timer));
      return await this.statusReached(caseId, status);
    } finally {
      stop();
    }
  }

  /**
   * A case's state in a service that learns of it from another service's event. The answer that
   * showed the status at intake carries on what intake heard, and the next service waits for it
   * (Accord-Consistency); but intake records what it heard just after its handler committed, so for
   * a moment a status can be visible before its token part is. Until then the service answers
   * 404 "(yet)" or without the field: read again, every 250 ms, up to the driver's timeout.
   */
  private async onceVisible<T>(read: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      try {
        return await read();
      } catch (error) {
        const notYet = error instanceof DriverError && / HTTP 404 | is missing: /.test(error.message);
        if (!notYet || Date.now() >= deadline) throw error;
        await sleep(250);
      }
    }
  }

  /** The participants consent is being asked of, once the consent service has opened the case. */
  async consentParticipants(caseId: string): Promise<readonly ConsentParticipant[]> {
    return this.onceVisible(async () =>
      this.expectFound(
        `consent requests for case ${caseId}`,
        this.expectOk(
          'consent requests',
          this.client('consent').GET(
            '/api/cases/{caseId}/consent',
            await this.onCase(caseId, this.consentOfficer()),
          ),
        ),
        (body) => ('participants' in body && body.participants.length > 0 ? body.participants : undefined),
      ),
    );
  }

  async recordConsent(
    caseId: string,
    personId: string,
    decision: 'given' | 'declined',
    purpose: 'participation' | 'information-sharing' = 'participation',
    sharing?: { agency: string; information: string[] },
  ): Promise<Schemas['ConsentOutcomeResponse']> {
    return this.expectOk(
      `record ${decision} consent`,
      this.client('consent').POST('/api/cases/{caseId}/consent', {
        ...(await this.onCase(caseId, this.consentOfficer())),
        body: { personId, purpose, decision, method: 'in-person', ...(sharing ? { sharing } : {}) },
      }),
    );
  }

  async withdrawConsent(
    caseId: string,
    personId: string,
    reason: string,
  ): Promise<Schemas['ConsentOutcomeResponse']> {
    return this.expectOk(
      'withdraw consent',
      this.client('consent').POST('/api/cases/{caseId}/consent/withdraw', {
        ...(await this.onCase(caseId, this.consentOfficer())),
        body: { personId, purpose: 'participation', method: 'phone', reason },
      }),
    );
  }

  /** Everyone required consents to take part. */
  async consentAll(caseId: string): Promise<void> {
    for (const participant of (await this.consentParticipants(caseId)).filter((p) => p.required)) {
      await this.recordConsent(caseId, participant.personId, 'given');
    }
  }

  /** The receiving service's conference record of the case. */
  async conference(caseId: string): Promise<ConferenceRecord> {
    return this.expectFound(
      `the conference record of case ${caseId}`,
      this.expectOk(
        'conference',
        this.client('conferencing').GET(
          '/api/cases/{caseId}/conference',
          await this.onCase(caseId, this.caseWorker()),
        ),
      ),
      (body) => ('receivingService' in body ? body : undefined),
    );
  }

  /** The facilitator conferencing assigned when the last consent came in. */
  async facilitatorAssigned(caseId: string): Promise<string> {
    return this.onceVisible(() =>
      this.expectFound(
        `a facilitator for case ${caseId}`,
        this.conference(caseId),
        (conference) => conference.facilitatorId ?? undefined,
      ),
    );
  }

  async schedule(
    caseId: string,
    participants: string[],
    at = new Date(Date.now() + 7 * 86_400_000),
  ): Promise<void> {
    await this.expectOk(
      'schedule conference',
      this.client('conferencing').POST('/api/cases/{caseId}/conference/schedule', {
        ...(await this.onCase(caseId, this.caseWorker())),
        body: {
          mode: 'face-to-face',
          at: at.toISOString(),
          where: 'Northtown Community Centre, room 2',
          participants,
          safetyPlan:
            'Separate waiting rooms; the harmed person arrives first and leaves first; support worker present.',
        },
      }),
    );
  }

  async agree(caseId: string, responsiblePersonId: string, dueInMs = 14 * 86_400_000): Promise<string[]> {
    const dueBy = new Date(Date.now() + dueInMs).toISOString();
    await this.expectOk(
      'record agreement',
      this.client('conferencing').POST('/api/cases/{caseId}/conference/outcome', {
        ...(await this.onCase(caseId, this.caseWorker())),
        body: {
          result: 'agreement',
          actions: [
            {
              kind: 'apology',
              what: 'A written apology to the harmed person.',
              by: responsiblePersonId,
              dueBy,
            },
            {
              kind: 'reparation',
              what: 'Repair the shed door and return the tools.',
              by: responsiblePersonId,
              dueBy,
            },
          ],
        },
      }),
    );
    // The conference read model follows the command at once; the action ids come from it.
    const actions = await this.expectFound(
      `the agreed actions of case ${caseId}`,
      this.conference(caseId),
      (c) => (c.outcome?.actions?.length ? c.outcome.actions : undefined),
    );
    return actions.map((action) => action.actionId);
  }

  async noAgreement(caseId: string, reason: string): Promise<void> {
    await this.expectOk(
      'record no agreement',
      this.client('conferencing').POST('/api/cases/{caseId}/conference/outcome', {
        ...(await this.onCase(caseId, this.caseWorker())),
        body: { result: 'no-agreement', reason },
      }),
    );
  }

  async resolveAction(caseId: string, actionId: string, result: 'done' | 'missed' = 'done'): Promise<void> {
    await this.expectOk(
      'resolve action',
      this.client('follow-up').POST('/api/cases/{caseId}/follow-up/actions/{actionId}', {
        params: { path: { caseId, actionId } },
        headers: await PipelineDriver.bearer(this.caseWorker()),
        body: { result },
      }),
      200,
    );
  }

  /** Records a check-in; the answer carries `caseClosed` (the closure) when it completed the case. */
  async checkIn(
    caseId: string,
    satisfaction = 5,
    feelingOfSafety = 4,
  ): Promise<Schemas['RecordCheckInResponse']> {
    return this.expectOk(
      'record check-in',
      this.client('follow-up').POST('/api/cases/{caseId}/follow-up/check-ins', {
        ...(await this.onCase(caseId, this.caseWorker())),
        body: {
          satisfaction,
          feelingOfSafety,
          wellbeingChange: 'better',
          notes: 'Feels listened to; the apology mattered.',
        },
      }),
    );
  }

  /** Referral to a scheduled conference: accepted, eligible, everyone consented, a facilitator assigned. */
  async scheduledConference(
    input: ReferralInput = {},
  ): Promise<{ caseId: string; participants: readonly ConsentParticipant[] }> {
    const caseId = await this.submit(input);
    return { caseId, participants: await this.walkToConference(caseId) };
  }

  /** A new referral, accepted and screened eligible. Returns the case id. */
  async eligibleCase(input: ReferralInput = {}): Promise<string> {
    const caseId = await this.submit(input);
    await this.walkToEligible(caseId);
    return caseId;
  }

  /** A submitted referral to an eligible case: accepted, screened, and the referrer told so. */
  async walkToEligible(caseId: string): Promise<void> {
    await this.accept(caseId);
    await this.screening(caseId);
    await this.statusReached(caseId, 'eligible');
  }

  /** A submitted referral to a scheduled conference; returns the participants. */
  async walkToConference(caseId: string): Promise<readonly ConsentParticipant[]> {
    await this.walkToEligible(caseId);
    const participants = await this.consentParticipants(caseId);
    await this.consentAll(caseId);
    await this.statusReached(caseId, 'consents-complete');
    await this.facilitatorAssigned(caseId);
    await this.schedule(
      caseId,
      participants.map((p) => p.personId),
    );
    return participants;
  }

  /** Referral to closure: every step, every person's part. Returns the case id. */
  async fullJourney(input: ReferralInput = {}): Promise<string> {
    const caseId = await this.submit(input);
    await this.walkToClosure(caseId);
    return caseId;
  }

  /** A submitted referral to closure: every step after the referrer's. */
  async walkToClosure(caseId: string): Promise<void> {
    const participants = await this.walkToConference(caseId);
    const responsible = participants.find((p) => p.role === 'responsible');
    if (!responsible) throw new DriverError(`case ${caseId} has no responsible person in consent`);
    const actions = await this.agree(caseId, responsible.personId);
    for (const actionId of actions) await this.resolveAction(caseId, actionId, 'done');
    // The planned check-ins (two by default); the last one closes the case (read back: the answer
    // that says so may be the one a killed process never sent).
    for (let i = 0; i < 4; i++) {
      await this.checkIn(caseId);
      if ((await this.status(caseId)).status === 'closed') break;
    }
    await this.statusReached(caseId, 'closed');
  }
}

/**
 * Follows intake's live changes (`GET /api/referrals/changes`, server-sent events) as the token's
 * agency may see them, calling `heard(caseId, status)` for each. Resolves once the stream says
 * `ready` (every change from then on is heard); the function it resolves to stops following.
 */
export async function followChanges(
  url: string,
  token: string,
  heard: (caseId: string, status: string) => void,
): Promise<() => void> {
  const abort = new AbortController();
  const response = await fetch(`${url}/api/referrals/changes`, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
    signal: abort.signal,
  });
  if (!response.ok || !response.body)
    throw new DriverError(`GET /api/referrals/changes answered ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let isReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (isReady = resolve));
  void (async () => {
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const lines = buffer.slice(0, end).split('\n');
        buffer = buffer.slice(end + 2);
        if (lines.includes('event: ready')) isReady();
        const data = lines.find((line) => line.startsWith('data:'));
        if (!data) continue;
        const change = JSON.parse(data.slice('data:'.length)) as { caseId?: string; status?: string };
        if (change.caseId && change.status) heard(change.caseId, change.status);
      }
    }
  })();
  await ready;
  return () => abort.abort();
}

/** The `caseId` of a JSON answer (a new case's), if it names one. */
async function caseIdIn(response: Response): Promise<string | undefined> {
  if (!/json/.test(response.headers.get('content-type') ?? '')) return undefined;
  const body = (await response.clone().json()) as { caseId?: unknown } | null;
  return typeof body?.caseId === 'string' ? body.caseId : undefined;
}
