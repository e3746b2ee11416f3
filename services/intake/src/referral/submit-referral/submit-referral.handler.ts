import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { canonicalJson } from '@accord/event-store';
import { CommandRunner, requestMetadata, type Principal } from '@accord/platform';
import { AgencyDirectory } from '../../agency/agency-directory';
import type { referralDecider, ReferralInput } from '@accord/intake-domain';
import { SUPPORTS_REFERENCE } from '../referral-fields.validation';
import { caseIdFor } from '../referral.stream';
import { DeadlinePolicy } from '../response-deadline/deadline-policy';
import type { PersonDto, SubmitReferralRequest } from './submit-referral.request.dto';

const details = (person: PersonDto) => ({
  name: person.name,
  dateOfBirth: person.dateOfBirth,
  contactPreferences: { ...person.contactPreferences, methods: [...person.contactPreferences.methods] },
  language: person.language,
  ...(person.accessibilityNeeds !== undefined ? { accessibilityNeeds: person.accessibilityNeeds } : {}),
});

/** Assigns the server's person ids and resolves `supports: 'harmed[0]'` to the supported person's id. */
function referralInput(request: SubmitReferralRequest): ReferralInput {
  const harmed = request.people.harmed.map((person) => ({
    personId: randomUUID(),
    ...details(person),
    willingToBeContacted: person.willingToBeContacted,
  }));
  const responsible = request.people.responsible.map((person) => ({
    personId: randomUUID(),
    ...details(person),
    acceptsResponsibility: person.acceptsResponsibility,
  }));
  const supporters = (request.people.supporters ?? []).map((person) => {
    const [, list, index] = SUPPORTS_REFERENCE.exec(person.supports) ?? [];
    const supported = (list === 'harmed' ? harmed : responsible)[Number(index)];
    // The request DTO already refused dangling references; this is the type system's due.
    if (!supported) throw new Error(`supporter reference ${person.supports} does not resolve`);
    return { personId: randomUUID(), ...details(person), supports: supported.personId };
  });
  return {
    receivingService: request.receivingService,
    referrerReference: request.referrerReference,
    incident: { ...request.incident },
    people: { harmed, responsible, supporters },
    riskLevel: request.riskLevel,
    riskFlags: [...request.riskFlags],
    pendingCourtProceedings: request.pendingCourtProceedings,
  };
}

/** What makes two submissions "the same": the agency and the body, field order aside. */
function requestHash(agency: string, request: SubmitReferralRequest): string {
  const body = JSON.parse(JSON.stringify(request)) as Record<string, unknown> & {
    people: Record<string, unknown>;
  };
  body.people.supporters ??= [];
  return createHash('sha256').update(canonicalJson({ agency, body })).digest('hex');
}

@Injectable()
export class SubmitReferralHandler {
  constructor(
    private readonly runner: CommandRunner<typeof referralDecider>,
    private readonly directory: AgencyDirectory,
    private readonly deadlines: DeadlinePolicy,
  ) {}

  async handle(
    request: SubmitReferralRequest,
    idempotencyKey: string,
    principal: Principal,
  ): Promise<{ caseId: string; status: 'received' }> {
    const caseId = caseIdFor(principal.agency, idempotencyKey);
    // A concurrent duplicate loses the race for the new stream, reloads, and is answered as a replay.
    await this.runner.run({
      type: 'SubmitReferral',
      data: {
        caseId,
        requestHash: requestHash(principal.agency, request),
        referral: referralInput(request),
        permittedReceivers: await this.directory.receiversFor(principal.agency),
        deadline: await this.deadlines.responseDeadline(request.receivingService),
      },
      metadata: requestMetadata(principal),
    });
    return { caseId, status: 'received' };
  }
}
