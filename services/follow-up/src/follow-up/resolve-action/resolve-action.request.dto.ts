import { IsIn } from 'class-validator';

export const ACTION_RESULTS = ['done', 'missed'] as const;

export class ResolveActionRequest {
  @IsIn(ACTION_RESULTS, { message: `result must be one of ${ACTION_RESULTS.join(', ')}` })
  result!: (typeof ACTION_RESULTS)[number];
}
