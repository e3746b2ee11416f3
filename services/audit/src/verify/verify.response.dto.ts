import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Min, ValidateNested } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { CASE_SERVICES, NullableNested, type CaseService, Nullable } from '@accord/contracts';
import { VERIFY_FAILURE_REASONS, type VerifyFailureReason } from '@accord/event-store';
import type { BrokenLink, CaseVerification, LogBreaks, StreamVerification } from './case-verify';

/** The first link that does not hold, in words an auditor can act on. */
export class BrokenLinkResponse implements BrokenLink {
  @Nullable({ description: 'The stream it is in; null for a break in the global seal.' })
  @IsString()
  readonly stream!: string | null;
  @Nullable({ description: 'The event’s version in its stream.' }) @IsInt() readonly version!: number | null;
  @Nullable({ description: 'The event’s global position.' }) @IsString() readonly position!: string | null;
  @Nullable({
    description:
      'The event’s id; null where no event is at hand (it was removed, or the break is in the seal).',
  })
  @IsString()
  readonly event!: string | null;
  @IsIn(VERIFY_FAILURE_REASONS) readonly reason!: VerifyFailureReason;
  @JSONSchema({ description: 'What the chain says should be there.' }) @IsString() readonly expected!: string;
  @JSONSchema({ description: 'What is there.' }) @IsString() readonly found!: string;
  @JSONSchema({ description: 'One sentence an auditor can act on.' }) @IsString() readonly detail!: string;
}

/** One stream of the case and whether its chain holds. */
export class StreamVerificationResponse implements StreamVerification {
  @IsIn(CASE_SERVICES) readonly service!: CaseService;
  @JSONSchema({ example: 'consent.Consent-0b7c5a1e-3f0a-4c43-9c39-1f0f5f2b9b55' })
  @IsString()
  readonly streamId!: string;
  @IsBoolean() readonly intact!: boolean;
  @JSONSchema({ description: 'Events whose hash chain was checked (0: the stream does not exist).' })
  @IsInt()
  @Min(0)
  readonly checked!: number;
  @Nullable({
    description: 'Of those, how many the global seal covers so far; null when the chain is broken.',
  })
  @IsInt()
  @Min(0)
  readonly sealed!: number | null;
}

/** Every stream of a case, its access log included: hash chains and the seal over them. */
export class CaseVerificationResponse implements CaseVerification {
  @JSONSchema({ example: '0b7c5a1e-3f0a-4c43-9c39-1f0f5f2b9b55' }) @IsString() readonly caseId!: string;
  @IsBoolean() readonly intact!: boolean;

  @ValidateNested({ each: true })
  @Type(() => StreamVerificationResponse)
  readonly streams!: StreamVerificationResponse[];

  @NullableNested(() => BrokenLinkResponse, 'The first broken link in stream order (intake → follow-up).')
  readonly broken!: BrokenLinkResponse | null;
}

/** How many breaks one stream has. */
export class StreamBreakCountResponse {
  @Nullable({ description: 'The stream; null for breaks in the global seal itself (a removed tail).' })
  @IsString()
  readonly stream!: string | null;
  @IsInt() @Min(1) readonly count!: number;
}

/** How many breaks of one kind. */
export class ReasonBreakCountResponse {
  @IsIn(VERIFY_FAILURE_REASONS) readonly reason!: VerifyFailureReason;
  @IsInt() @Min(1) readonly count!: number;
}

/** Every break the walk found: it goes on past the first, so one break hides none after it. */
export class LogBreaksResponse implements LogBreaks {
  @JSONSchema({ description: 'Every break found.' }) @IsInt() @Min(1) readonly count!: number;

  @JSONSchema({ description: 'The first ones in log order (`breaks` of the query, default 20).' })
  @ValidateNested({ each: true })
  @Type(() => BrokenLinkResponse)
  readonly first!: BrokenLinkResponse[];

  @JSONSchema({ description: 'Breaks per stream, most first.' })
  @ValidateNested({ each: true })
  @Type(() => StreamBreakCountResponse)
  readonly byStream!: StreamBreakCountResponse[];

  @JSONSchema({ description: 'Breaks per kind, most first.' })
  @ValidateNested({ each: true })
  @Type(() => ReasonBreakCountResponse)
  readonly byReason!: ReasonBreakCountResponse[];
}

/** The whole log: every stream's chain, the global seal and its signed checkpoints. */
export class LogVerificationResponse {
  @IsBoolean() readonly intact!: boolean;
  @JSONSchema({ description: 'Events checked: every event of the log, broken or not.' })
  @IsInt()
  @Min(0)
  readonly checked!: number;

  @Nullable({ description: 'Intact: how many events the seal covers; null when unsealed.' })
  @IsInt()
  readonly sealed?: number | null;

  @JSONSchema({ description: 'Not intact: the first link that does not hold.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => BrokenLinkResponse)
  readonly broken?: BrokenLinkResponse;

  @JSONSchema({ description: 'Not intact: every break, counted in total, per stream and per kind.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => LogBreaksResponse)
  readonly breaks?: LogBreaksResponse;
}

/** `format=ndjson`: how far the walk got (every `every` events). */
export class VerifyProgressLineResponse {
  @IsIn(['progress']) readonly kind!: 'progress';
  @JSONSchema({ description: 'Events checked so far.' }) @IsInt() @Min(0) readonly checked!: number;
  @Nullable({
    description: 'Events in the log when the walk began; null where the store cannot tell cheaply.',
  })
  @IsInt()
  readonly total!: number | null;
}

/** `format=ndjson`: the last line when the walk finished. */
export class VerifyResultLineResponse extends LogVerificationResponse {
  @IsIn(['result']) readonly kind!: 'result';
}

/** `format=ndjson`: the last line when the walk could not finish (the status was already sent). */
export class VerifyErrorLineResponse {
  @IsIn(['error']) readonly kind!: 'error';
  @IsString() readonly message!: string;
}
