import type { PersonalDataRule } from '@accord/event-store';

/**
 * A check-in's notes are the harmed person's own words: encrypted with their key, so erasing them
 * (crypto-shredding) leaves the scores and the audit proof intact.
 */
export const FOLLOW_UP_PERSONAL_DATA: readonly PersonalDataRule[] = [
  { type: 'CheckInNotesRecorded', personalFields: [{ personIdPath: 'harmedPersonId', fields: ['notes'] }] },
];
