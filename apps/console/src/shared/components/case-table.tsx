import { Link } from 'react-router';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/en';
import { DataTable } from './data-table';
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

/** A case's deadline flags as GOV.UK tags beside its status: overdue (red), stalled (orange). */
function FlagTags({ item }: { item: CaseSummary }) {
  const { t, date } = useI18n();
  return (
    <>
      {item.overdue ? (
        <>
          {' '}
          <strong
            className="govuk-tag govuk-tag--red"
            data-flag="overdue"
            title={item.respondBy ? t('flag.overdue.title', { date: date(item.respondBy) }) : undefined}
          >
            {t('flag.overdue')}
          </strong>
        </>
      ) : null}
      {item.stalled ? (
        <>
          {' '}
          <strong
            className="govuk-tag govuk-tag--orange"
            data-flag="stalled"
            title={t('flag.stalled.title', { date: date(item.updatedAt) })}
          >
            {t('flag.stalled')}
          </strong>
        </>
      ) : null}
    </>
  );
}

/** A list of cases as a GOV.UK table; `linkTo` says where a case opens for this reader. */
export function CaseTable({
  cases,
  linkTo,
  show,
  caption,
}: {
  cases: readonly CaseSummary[];
  linkTo: (caseId: string) => string;
  show: 'referrer' | 'receiver';
  caption: string;
}) {
  const { t, date } = useI18n();
  return (
    <DataTable
      caption={caption}
      testId="case-table"
      rows={cases}
      rowKey={(item) => item.caseId}
      rowAttributes={(item) => ({ 'data-case-id': item.caseId })}
      columns={[
        {
          header: t('table.reference'),
          cell: (item) => (
            <Link className="govuk-link" to={linkTo(item.caseId)}>
              {item.referrerReference}
            </Link>
          ),
        },
        {
          header: show === 'referrer' ? t('table.to') : t('table.from'),
          cell: (item) => (show === 'referrer' ? item.receivingService : item.referringAgency),
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
