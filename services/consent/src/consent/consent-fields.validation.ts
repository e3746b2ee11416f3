import { IsIn, IsUUID } from 'class-validator';
import { CONSENT_METHODS, CONSENT_PURPOSES } from '@accord/contracts';

/** Whose answer a consent officer records or withdraws: a participant of the case. */
export const IsParticipantId = (): PropertyDecorator =>
  IsUUID('all', { message: 'personId must be the UUID of a participant in the case' });

/** What the consent is for (taking part, or sharing named information with a named agency). */
export const IsConsentPurpose = (): PropertyDecorator =>
  IsIn(CONSENT_PURPOSES, { message: `purpose must be one of: ${CONSENT_PURPOSES.join(', ')}` });

/** How the answer was given. */
export const IsConsentMethod = (): PropertyDecorator =>
  IsIn(CONSENT_METHODS, { message: `method must be one of: ${CONSENT_METHODS.join(', ')}` });
