import { Type } from 'class-transformer';
import { IsString, MaxLength, MinLength, ValidateNested, type ValidationOptions } from 'class-validator';

/** Applies `decorators` as if written in this order on the property (the last is applied first). */
const together =
  (...decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, key) => {
    for (const decorator of [...decorators].reverse()) decorator(target, key);
  };

/**
 * The field rules the published language and the request bodies share, each written once. Each
 * is the same class-validator decorators it replaces, so validation and the generated JSON
 * Schemas do not change.
 */

/** Text of at most `max` characters (and at least `min`, when given). */
export const Text = (max: number, min?: number): PropertyDecorator =>
  min === undefined
    ? together(IsString(), MaxLength(max))
    : together(IsString(), MinLength(min), MaxLength(max));

/** The most characters a reason may have. */
export const MAX_REASON_LENGTH = 2000;

/** Why a person decided something: 3 to 2,000 characters, read by whoever reviews it later. */
export const Reason = (): PropertyDecorator => Text(MAX_REASON_LENGTH, 3);

/** `text` cut to fit a reason, with an ellipsis where it was cut (for reasons made from other text). */
export const clipReason = (text: string): string =>
  text.length > MAX_REASON_LENGTH ? `${text.slice(0, MAX_REASON_LENGTH - 1)}…` : text;

/** A value of class `type` (or an array of them, with `{ each: true }`), validated field by field. */
export const Nested = (type: () => new () => object, options?: ValidationOptions): PropertyDecorator =>
  together(ValidateNested(options), Type(type));
