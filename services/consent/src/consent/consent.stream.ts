import { consentDecider } from '@accord/consent-domain';
import { caseStream } from '@accord/platform';

/** `consent.Consent-<caseId>`: every consent asked for, given, declined or withdrawn in one case. */
export const consentStream = caseStream('consent').of;

export const CONSENT_STREAM_PREFIX = caseStream('consent').prefix;

/** Consent's write side: the consent decider over `consent.Consent-<caseId>`. */
export const consentWriteModel = { decider: consentDecider, stream: consentStream };
