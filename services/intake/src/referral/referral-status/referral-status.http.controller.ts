import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { notFound, type OffenceCategory } from '@accord/contracts';
import { ApiProblems, CurrentPrincipal, type Principal, ReadsPersonalData, Roles } from '@accord/platform';
import { DeadlinePolicy } from '../response-deadline/deadline-policy';
import { ListReferralsQuery } from './list-referrals.request.dto';
import {
  ReferralListResponse,
  ReferralResponse,
  type ReferralSummaryResponse,
} from './referral-status.response.dto';
import type { CaseStatus } from './timeline';

/** Everyone who works on cases may read the ones their agency referred or receives; admins manage reference data only. */
export const CASE_READERS = [
  'referrer',
  'screener',
  'case-worker',
  'consent-officer',
  'facilitator',
  'auditor',
] as const;

interface CaseRow {
  case_id: string;
  referring_agency: string;
  receiving_service: string;
  referrer_reference: string;
  offence_category: OffenceCategory;
  status: CaseStatus;
  submitted_at: Date;
  updated_at: Date;
  respond_by: Date | null;
  escalated_at: Date | null;
  overdue: boolean;
  stalled: boolean;
}

interface TimelineRow {
  at: Date;
  status: CaseStatus;
  detail: Record<string, unknown>;
  referrer_detail: Record<string, unknown>;
}

const summary = (row: CaseRow): ReferralSummaryResponse => ({
  caseId: row.case_id,
  status: row.status,
  referringAgency: row.referring_agency,
  receivingService: row.receiving_service,
  referrerReference: row.referrer_reference,
  offenceCategory: row.offence_category,
  submittedAt: row.submitted_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
  ...(row.respond_by ? { respondBy: row.respond_by.toISOString() } : {}),
  overdue: row.overdue,
  ...(row.escalated_at ? { escalatedAt: row.escalated_at.toISOString() } : {}),
  stalled: row.stalled,
});

/** Where a case can go no further: it cannot stall. */
const FINISHED: readonly CaseStatus[] = ['declined', 'ineligible', 'halted', 'closed'];

/**
 * The two flags of a case, as SQL over `intake.referral_cases`: overdue (still undecided after its
 * response deadline) and stalled (open, with no activity since `stalledBefore`). The instants are
 * literals (ISO strings the server made, not input), so each query may use the flags or not.
 */
function flagConditions(now: Date, stalledBefore: Date) {
  return {
    overdue: `(status = 'received' AND respond_by IS NOT NULL AND respond_by <= '${now.toISOString()}'::timestamptz)`,
    stalled: `(status NOT IN (${FINISHED.map((status) => `'${status}'`).join(', ')}) AND updated_at < '${stalledBefore.toISOString()}'::timestamptz)`,
  };
}

const isAuditor = (principal: Principal): boolean => principal.roles.includes('auditor');

@ApiTags('referrals')
@Roles(...CASE_READERS)
@Controller('api/referrals')
export class ReferralStatusHttpController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deadlines: DeadlinePolicy,
  ) {}

  /** The caller agency's outbox (referrer) and inbox (receiver), newest first; auditors see every case. */
  @ApiOperation({
    summary: 'List referrals',
    description:
      'The referrals this agency sent (`role=referrer`) or received (`role=receiver`), newest first, a page at a time. Each says whether it is overdue (not accepted or declined within the receiving service’s response time, in working days) and stalled (no activity for the configured number of working days); `flag` lists only those.',
  })
  @ApiOkResponse({ type: ReferralListResponse, description: 'A page of referrals, newest first.' })
  @Get()
  async list(
    @Query() query: ListReferralsQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ReferralListResponse> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const where: string[] = [];
    const values: unknown[] = [];
    const bind = (value: unknown): string => {
      values.push(value);
      return `$${values.length}`;
    };
    const flags = flagConditions(this.deadlines.now(), this.deadlines.stalledBefore());
    if (query.role === 'referrer') where.push(`referring_agency = ${bind(principal.agency)}`);
    else if (query.role === 'receiver') where.push(`receiving_service = ${bind(principal.agency)}`);
    else if (!isAuditor(principal)) {
      const agency = bind(principal.agency);
      where.push(`(referring_agency = ${agency} OR receiving_service = ${agency})`);
    }
    // Counts per stage cover the whole list (every status), so an inbox can show them as filters.
    const whole = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const wholeValues = [...values];
    if (query.status) where.push(`status = ${bind(query.status)}`);
    if (query.flag) where.push(flags[query.flag]);
    const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const filterValues = [...values];
    const [rows, counted, byStatus, flagged] = await Promise.all([
      this.dataSource.query<CaseRow[]>(
        `SELECT *, ${flags.overdue} AS overdue, ${flags.stalled} AS stalled FROM intake.referral_cases ${filter}
          ORDER BY submitted_at DESC, case_id
          LIMIT ${bind(pageSize)} OFFSET ${bind((page - 1) * pageSize)}`,
        values,
      ),
      this.dataSource.query<{ total: string }[]>(
        `SELECT count(*)::text AS total FROM intake.referral_cases ${filter}`,
        filterValues,
      ),
      this.dataSource.query<{ status: string; count: string }[]>(
        `SELECT status, count(*)::text AS count FROM intake.referral_cases ${whole} GROUP BY status ORDER BY status`,
        wholeValues,
      ),
      this.dataSource.query<{ overdue: string; stalled: string }[]>(
        `SELECT count(*) FILTER (WHERE ${flags.overdue})::text AS overdue,
                count(*) FILTER (WHERE ${flags.stalled})::text AS stalled
           FROM intake.referral_cases ${whole}`,
        wholeValues,
      ),
    ]);
    return {
      items: rows.map(summary),
      page,
      pageSize,
      total: Number(counted[0]?.total ?? 0),
      counts: Object.fromEntries(byStatus.map((row) => [row.status, Number(row.count)])),
      flagged: { overdue: Number(flagged[0]?.overdue ?? 0), stalled: Number(flagged[0]?.stalled ?? 0) },
    };
  }

  /** Where a referral stands, with its timeline as the caller's agency may see it. */
  @ApiOperation({
    summary: 'Follow a referral',
    description:
      'Where the case stands and its timeline, as the referring or receiving agency may see it; any other agency gets 404.',
  })
  @ApiProblems(404)
  @ApiOkResponse({ type: ReferralResponse, description: 'The referral and its timeline.' })
  @Get(':caseId')
  @ReadsPersonalData()
  async get(
    @Param('caseId', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) caseId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ReferralResponse> {
    const flags = flagConditions(this.deadlines.now(), this.deadlines.stalledBefore());
    const [row] = await this.dataSource.query<CaseRow[]>(
      `SELECT *, ${flags.overdue} AS overdue, ${flags.stalled} AS stalled FROM intake.referral_cases WHERE case_id = $1`,
      [caseId],
    );
    const auditor = isAuditor(principal);
    if (
      !row ||
      (!auditor && row.referring_agency !== principal.agency && row.receiving_service !== principal.agency)
    ) {
      throw notFound(
        'REFERRAL_NOT_FOUND',
        `There is no referral ${caseId} that your agency referred or receives.`,
        { caseId },
      );
    }
    const asReferrer = !auditor && row.receiving_service !== principal.agency;
    const timeline = await this.dataSource.query<TimelineRow[]>(
      `SELECT at, status, detail, referrer_detail FROM intake.referral_timeline WHERE case_id = $1 ORDER BY at, seq`,
      [caseId],
    );
    return {
      ...summary(row),
      timeline: timeline.map((entry) => ({
        at: entry.at.toISOString(),
        status: entry.status,
        detail: asReferrer ? entry.referrer_detail : entry.detail,
      })),
    };
  }
}
