import { CASE_STAGE_EVENTS, FacilitatorAssigned } from '@accord/contracts';

/**
 * The stages of a case its referring agency hears by webhook: the status only (what the referrer
 * may see of a case), never screening reasons, consent answers, people or free text. Every stage
 * but a facilitator's assignment, which notifications does not hear.
 */
export const CASE_STAGES: ReadonlyMap<string, string> = new Map(
  CASE_STAGE_EVENTS.filter(([event]) => event !== FacilitatorAssigned).map(([event, status]) => [
    event.type,
    status,
  ]),
);

/** The referring agency, where the event names it (directly or in its case profile). */
export function referringAgencyOf(data: object): string | null {
  const fields = data as { referringAgency?: unknown; profile?: { referringAgency?: unknown } };
  const agency = fields.referringAgency ?? fields.profile?.referringAgency;
  return typeof agency === 'string' ? agency : null;
}

/** What the referrer may read beside the status: the reason code of a halt, the outcome of a closure. */
export function stageDetail(data: object): Record<string, string> {
  const fields = data as { reason?: unknown; outcome?: unknown };
  return {
    ...(typeof fields.outcome === 'string' ? { outcome: fields.outcome } : {}),
    // A halt's reason is a code (`consent-withdrawn`); a decline's reason is the service's own words to the referrer.
    ...(typeof fields.reason === 'string' && fields.reason.length <= 2000 ? { reason: fields.reason } : {}),
  };
}
