import { InvalidRequest } from '@accord/platform';

/**
 * An ISO 8601 instant the DTO accepted, as a Date. Some forms class-validator accepts (week or
 * ordinal dates) are not instants JavaScript can place; those get the same 400 a malformed one does.
 */
export function instantParam(value: string, field: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new InvalidRequest([
      { parameter: field, detail: `${field} must be an ISO 8601 instant, e.g. 2026-03-01T12:00:00Z` },
    ]);
  }
  return date;
}
