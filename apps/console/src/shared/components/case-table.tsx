import { Link } from 'react-router';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/en';
import type { Resource } from '../use-resource';
import { DataTable } from './data-table';
import { Empty, Loading, ProblemMessage } from './page-states';
import { StatusTag } from './status-tag';

export interface CaseSummary {
  readonly caseId: string;
  readonly status: string;
  readonly referringAgency: string;
  readonly receivingService: string;
  readonly referrerReference: string;
  readonly offenceCategory: string;
  readonly submittedAt: string;
  readonly updatedAt: string;
  readonly respondBy?: string;
  readonly overdue?: boolean;
  readonly stalled?: boolean;
}

export const CASE_FLAGS = ['overdue', 'stalled'] as const;
export type CaseFlag = (typeof CASE_FLAGS)[number];

export interface CasePage {
  readonly items: readonly CaseSummary[];
  readonly page: number;
  readonly pageSize: number;
  readonly total: number;
  readonly counts?: Readonly<Record<string, number>>;
  readonly flagged?: Readonly<Record<CaseFlag, number>>;
}

/** One deadline flag as a GOV.UK tag in its colour, with the date behind it as its title. */
function FlagTag({ flag, colour, title }: { flag: CaseFlag; colour: 'red' | 'orange'; title?: string }) {
  const { t } = useI18n();
  return (
    <>
      {' '}
      <strong className={`govuk-tag govuk-tag--${colour}`} data-flag={flag} title={title}>
        {t(`flag.${flag}`)}
      </strong>
    </>
  );
}

/** A case's deadline flags as GOV.UK tags beside its status: overdue (red), stalled (orange). */
function FlagTags({ item }: { item: CaseSummary }) {
  const { t, date } = useI18n();
  return (
    <>
      {item.overdue ? (
        <FlagTag
          flag="overdue"
          colour="red"
          title={item.respondBy ? t('flag.overdue.title', { date: date(item.respondBy) }) : undefined}
        />
      ) : null}
      {item.stalled ? (
        <FlagTag
          flag="stalled"
          colour="orange"
          title={t('flag.stalled.title', { date: date(item.updatedAt) })}
        />
      ) : null}
    </>
  );
}

/** Who reads a list of cases: the receiving service (its inbox) or the referring agency (its outbox). */
export type CaseReader = 'receiver' | 'referrer';

/** Per reader: the list's caption and empty message, and where a case opens. */
const READERS: Record<CaseReader, { list: MessageKey; empty: MessageKey; open: string }> = {
  receiver: { list: 'inbox.title', empty: 'inbox.empty', open: '/cases/' },
  referrer: { list: 'outbox.title', empty: 'outbox.empty', open: '/referrals/' },
};

/** A list of cases as a GOV.UK table, for its reader. */
export function CaseTable({ cases, reader }: { cases: readonly CaseSummary[]; reader: CaseReader }) {
  const { t, date } = useI18n();
  return (
    <DataTable
      caption={t(READERS[reader].list)}
      testId="case-table"
      rows={cases}
      rowKey={(item) => item.caseId}
      rowAttributes={(item) => ({ 'data-case-id': item.caseId })}
      columns={[
        {
          header: t('table.reference'),
          cell: (item) => (
            <Link className="govuk-link" to={`${READERS[reader].open}${item.caseId}`}>
              {item.referrerReference}
            </Link>
          ),
        },
        {
          header: reader === 'referrer' ? t('table.to') : t('table.from'),
          cell: (item) => (reader === 'referrer' ? item.receivingService : item.referringAgency),
        },
        { header: t('table.category'), cell: (item) => t(`category.${item.offenceCategory}` as MessageKey) },
        {
          header: t('table.submitted'),
          cell: (item) => <time dateTime={item.submittedAt}>{date(item.submittedAt)}</time>,
        },
        {
          header: t('table.status'),
          cell: (item) => (
            <>
              <StatusTag status={item.status} />
              <FlagTags item={item} />
            </>
          ),
        },
      ]}
    />
  );
}

/** A page of cases as it loads: a wait, a problem to retry, `empty` when there are none, or the table and its pages. */
export function CaseList({
  cases,
  reader,
  onPage,
}: {
  cases: Resource<CasePage>;
  reader: CaseReader;
  onPage: (page: number) => void;
}) {
  const { t } = useI18n();
  if (cases.state === 'loading') return <Loading />;
  if (cases.state === 'error') return <ProblemMessage error={cases.error} onRetry={cases.reload} />;
  if (cases.data.items.length === 0) return <Empty message={t(READERS[reader].empty)} />;
  return (
    <>
      <CaseTable cases={cases.data.items} reader={reader} />
      <Pagination page={cases.data} onPage={onPage} />
    </>
  );
}

export function Pagination({ page, onPage }: { page: CasePage; onPage: (page: number) => void }) {
  const { t } = useI18n();
  const last = Math.max(1, Math.ceil(page.total / page.pageSize));
  if (last <= 1) return null;
  const from = (page.page - 1) * page.pageSize + 1;
  const to = Math.min(page.total, page.page * page.pageSize);
  return (
    <nav className="govuk-pagination govuk-pagination--block" aria-label="Pagination">
      <p className="govuk-body-s">{t('pagination.summary', { from, to, total: page.total })}</p>
      {page.page > 1 ? (
        <div className="govuk-pagination__prev">
          <button
            type="button"
            className="govuk-link govuk-pagination__link accord-link-button"
            onClick={() => onPage(page.page - 1)}
          >
            <span className="govuk-pagination__link-title">{t('pagination.previous')}</span>
          </button>
        </div>
      ) : null}
      {page.page < last ? (
        <div className="govuk-pagination__next">
          <button
            type="button"
            className="govuk-link govuk-pagination__link accord-link-button"
            onClick={() => onPage(page.page + 1)}
          >
            <span className="govuk-pagination__link-title">{t('pagination.next')}</span>
          </button>
        </div>
      ) : null}
    </nav>
  );
}
