import type { CaseProfile, ParticipantRole, ScreeningRequirements } from '@accord/contracts';

/** One participation consent the case cannot go on without. */
export interface RequiredConsent {
  readonly personId: string;
  readonly role: ParticipantRole;
  /** A guardian consents for these under-18 participants (as well as their own consent). */
  readonly onBehalfOf?: readonly string[];
}

export interface ConsentRequirements {
  readonly required: readonly RequiredConsent[];
  /** Under-18 participants whose guardian the referral does not name: the case needs one first. */
  readonly guardiansNeeded: readonly string[];
}

/**
 * Who must consent to take part: every harmed and responsible person, and for everyone screening
 * listed as under 18, each guardian named as supporting them. Supporters are welcome but optional.
 */
export function consentRequirements(
  profile: CaseProfile,
  requirements: ScreeningRequirements,
): ConsentRequirements {
  const required = new Map<string, RequiredConsent>();
  for (const person of profile.participants) {
    if (person.role === 'harmed' || person.role === 'responsible')
      required.set(person.personId, { personId: person.personId, role: person.role });
  }
  const guardiansNeeded: string[] = [];
  for (const minorId of new Set(requirements.guardianConsentFor)) {
    const guardians = profile.participants.filter(
      (person) => person.role === 'guardian' && person.supports === minorId,
    );
    if (guardians.length === 0) guardiansNeeded.push(minorId);
    for (const guardian of guardians) {
      const onBehalfOf = [...(required.get(guardian.personId)?.onBehalfOf ?? []), minorId];
      required.set(guardian.personId, { personId: guardian.personId, role: 'guardian', onBehalfOf });
    }
  }
  return { required: [...required.values()], guardiansNeeded };
}
