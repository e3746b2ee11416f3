import { allIntegrationEvents } from '@accord/contracts';
import type { PersonalDataRule } from '@accord/event-store';

/** What a withheld personal field reads as for someone who may see the trail but not the person. */
export const WITHHELD = '[withheld]';

/**
 * Personal fields of internal events, as their services declare them to the event store
 * (services/intake/src/intake.service.ts, services/follow-up/src/follow-up/follow-up.personal-data.ts).
 * Services cannot import each other, so audit keeps this copy; published events' rules come from
 * libs/contracts. Conferencing's safety plan is not encrypted there, but it describes the people's
 * safety, so it is withheld too.
 */
const INTERNAL_PERSONAL_FIELDS: readonly PersonalDataRule[] = [
  {
    type: 'ReferralSubmitted',
    personalFields: [
      ...['harmed', 'responsible', 'supporters'].map((group) => ({
        personIdPath: `people.${group}[*].personId`,
        fields: ['name', 'dateOfBirth', 'contactPreferences', 'accessibilityNeeds'],
      })),
      { personIdPath: 'incident.summaryHeldBy', fields: ['summary'] },
    ],
  },
  { type: 'CheckInNotesRecorded', personalFields: [{ personIdPath: 'harmedPersonId', fields: ['notes'] }] },
  { type: 'SafetyPlanRecorded', personalFields: [{ personIdPath: 'caseId', fields: ['safetyPlan'] }] },
];

export function personalFieldRules(): Map<string, PersonalDataRule> {
  const published = allIntegrationEvents()
    .filter((event) => (event.personalData ?? []).length > 0)
    .map((event) => ({ type: event.name, personalFields: event.personalData ?? [] }));
  return new Map([...published, ...INTERNAL_PERSONAL_FIELDS].map((rule) => [rule.type, rule]));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The objects that `path` (its container part, `a.b[*].c` → `a.b[*]`) leads to. */
function containers(root: Record<string, unknown>, personIdPath: string): Record<string, unknown>[] {
  const segments = personIdPath.split('.').slice(0, -1);
  let current: Record<string, unknown>[] = [root];
  for (const segment of segments) {
    const each = segment.endsWith('[*]');
    const key = each ? segment.slice(0, -3) : segment;
    current = current.flatMap((holder) => {
      const child = holder[key];
      if (each) return Array.isArray(child) ? child.filter(isRecord) : [];
      return isRecord(child) ? [child] : [];
    });
  }
  return current;
}

/** A copy of `data` with the personal fields of its event type replaced by `[withheld]`. */
export function withholdPersonalData(
  type: string,
  data: unknown,
  rules: ReadonlyMap<string, PersonalDataRule>,
): unknown {
  const rule = rules.get(type);
  if (!rule || !isRecord(data)) return data;
  const copy = structuredClone(data);
  for (const group of rule.personalFields) {
    for (const holder of containers(copy, group.personIdPath)) {
      for (const field of group.fields) {
        const parts = field.split('.');
        let target: Record<string, unknown> | undefined = holder;
        for (const part of parts.slice(0, -1)) {
          const next: unknown = target?.[part];
          target = isRecord(next) ? next : undefined;
        }
        const last = parts[parts.length - 1];
        if (target && last !== undefined && target[last] !== undefined && target[last] !== null)
          target[last] = WITHHELD;
      }
    }
  }
  return copy;
}
