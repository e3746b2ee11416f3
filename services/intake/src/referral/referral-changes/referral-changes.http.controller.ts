import { Controller, type MessageEvent, Sse } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { defer, filter, from, interval, map, merge, type Observable } from 'rxjs';
import { CurrentPrincipal, Roles, type Principal } from '@accord/platform';
import { CASE_READERS } from '../referral-status/referral-status.http.controller';
import { ReferralChangeResponse } from '../referral-status/referral-status.response.dto';
import { ReferralChanges, type ReferralChanged } from './referral-changes';

const KEEP_ALIVE_MS = 15_000;

/** Whether `principal` may hear of a change to this case: its two agencies, and auditors. */
export function mayHear(principal: Principal, change: ReferralChanged): boolean {
  return (
    principal.roles.includes('auditor') ||
    change.referringAgency === principal.agency ||
    change.receivingService === principal.agency
  );
}

@ApiTags('referrals')
@ApiBearerAuth()
@Roles(...CASE_READERS)
@Controller('api/referrals')
export class ReferralChangesHttpController {
  constructor(private readonly changes: ReferralChanges) {}

  /**
   * Server-sent events: `data: {"caseId": …, "status": …}` each time a case your agency referred
   * or receives changes (auditors: every case), a `ready` event once changes are being heard (load
   * what you show again then: nothing since is missed), and an empty `ping` event every 15 s. Read it, then
   * fetch the case again: the event says what changed, never anyone's personal data.
   */
  @ApiOperation({ summary: 'Follow changes to your cases (server-sent events)' })
  @ApiOkResponse({
    description:
      'A text/event-stream that stays open: each `case-changed` event carries a `ReferralChangeResponse` as its JSON `data`; one `ready` event (data `{}`) says changes are being heard from then on (load what you show again: nothing since is missed); a `ping` event (data `{}`) every 15 s keeps the connection open.',
    content: {
      'text/event-stream': {
        schema: {
          type: 'array',
          description: 'The `data` of the `case-changed` events, in the order they happen.',
          items: { $ref: getSchemaPath(ReferralChangeResponse) },
        },
      },
    },
  })
  @Sse('changes')
  follow(@CurrentPrincipal() principal: Principal): Observable<MessageEvent> {
    const changes = this.changes.follow().pipe(
      filter((change) => mayHear(principal, change)),
      map((change): MessageEvent => {
        const data: ReferralChangeResponse = { caseId: change.caseId, status: change.status };
        return { type: 'case-changed', data };
      }),
    );
    // Once changes are heard (after `changes` subscribed), `ready`: what the follower loaded before
    // may be stale, so it loads it again and has missed nothing.
    const ready = defer(() => from(this.changes.whenListening())).pipe(
      map((): MessageEvent => ({ type: 'ready', data: {} })),
    );
    const pings = interval(KEEP_ALIVE_MS).pipe(map((): MessageEvent => ({ type: 'ping', data: {} })));
    return merge(changes, ready, pings);
  }
}
