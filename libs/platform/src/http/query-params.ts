import { ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** Applies `decorators` as if written in this order on the property (the last is applied first). */
const together =
  (...decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, key) => {
    for (const decorator of [...decorators].reverse()) decorator(target, key);
  };

/**
 * An optional whole number of a query string (`?every=500`), from 1 to `max`: converted from its
 * text and checked, documented as `documented` says.
 */
export const QueryInt = (max: number, documented: ApiPropertyOptions = {}): PropertyDecorator =>
  together(
    ApiPropertyOptional(documented),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(max),
  );

/** `?page=`: which page of a list, from 1 (to `last`, far beyond any real list). */
export const PageNumber = (last: number): PropertyDecorator => QueryInt(last, { minimum: 1, default: 1 });

/** `?pageSize=`: how many items a page holds, 1 to `max`; `fallback` when it is not given. */
export const PageSize = (max: number, fallback: number): PropertyDecorator =>
  QueryInt(max, { minimum: 1, maximum: max, default: fallback });
