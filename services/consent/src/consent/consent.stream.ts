import { consentDecider } from '@accord/consent-domain';
import { streamName } from '@accord/event-store';

/** `consent.Consent-<caseId>`: every consent asked for, given, declined or withdrawn in one case. */
export const consentStream = (caseId: string): string => streamName('consent', 'Consent', caseId);

export const CONSENT_STREAM_PREFIX = 'consent.Consent-';

/** Consent's write side: the consent decider over `consent.Consent-<caseId>`. */
export const consentWriteModel = { decider: consentDecider, stream: consentStream };
