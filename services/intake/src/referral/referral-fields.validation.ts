import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** BCP 47 language tag, loosely: `en`, `cy`, `pl`, `pt-BR`, `zh-Hant-TW`. */
export const BCP47 = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;
/** Agency ids as the admin API registers them: `police-north`, `rj-service-north`. */
export const AGENCY_ID = /^[a-z0-9][a-z0-9-]{1,99}$/;
export const SUPPORTS_REFERENCE = /^(harmed|responsible)\[(\d{1,2})\]$/;

function isRealDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * A calendar date (`YYYY-MM-DD`) from 1900 up to today. "Today" is taken in the easternmost time
 * zone (UTC+14), so a date that is already today where the referrer sits is never "in the future".
 */
export function IsPastIsoDate(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isPastIsoDate',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `$property must be a date as YYYY-MM-DD, from 1900-01-01 up to today`, ...options },
      validator: {
        validate(value: unknown): boolean {
          if (typeof value !== 'string' || !isRealDate(value) || value < '1900-01-01') return false;
          const latestToday = new Date(Date.now() + 14 * 3_600_000).toISOString().slice(0, 10);
          return value <= latestToday;
        },
      },
    });
}

/** `phone`, `email`, `address` must be given when `methods` names the matching way of contact. */
export const methodNamed = (method: string) => (preferences: { methods?: unknown }) =>
  Array.isArray(preferences.methods) && preferences.methods.includes(method);

/**
 * Each supporter's `supports` (`harmed[0]`, `responsible[1]`) must point at a person in this
 * referral; checked on `people.supporters` because only there both lists are in reach.
 */
export function SupportersReferToPeople(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'supportersReferToPeople',
      target: target.constructor,
      propertyName: String(propertyName),
      options: options ?? {},
      validator: {
        validate(value: unknown, args: ValidationArguments): boolean {
          return dangling(value, args.object).length === 0;
        },
        defaultMessage(args: ValidationArguments): string {
          return dangling(args.value, args.object)
            .map(
              ({ index, reference }) =>
                `supporters[${index}].supports refers to ${reference}, which is not in this referral`,
            )
            .join('; ');
        },
      },
    });
}

function dangling(supporters: unknown, people: object): { index: number; reference: string }[] {
  if (!Array.isArray(supporters)) return [];
  const lists = people as { harmed?: unknown; responsible?: unknown };
  const found: { index: number; reference: string }[] = [];
  supporters.forEach((supporter: unknown, index) => {
    const reference = (supporter as { supports?: unknown } | null)?.supports;
    if (typeof reference !== 'string') return;
    const match = SUPPORTS_REFERENCE.exec(reference);
    if (!match) return;
    const list = match[1] === 'harmed' ? lists.harmed : lists.responsible;
    if (!Array.isArray(list) || Number(match[2]) >= list.length) found.push({ index, reference });
  });
  return found;
}
