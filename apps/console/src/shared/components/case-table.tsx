import { Link } from 'react-router';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/en';
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
}

export interface CasePage {
  readonly items: readonly CaseSummary[];
  readonly page: number;
  readonly pageSize: number;
  readonly total: number;
  readonly counts?: Readonly<Record<string, number>>;
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
    <table className="govuk-table" data-testid="case-table">
      <caption className="govuk-table__caption govuk-visually-hidden">{caption}</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">
            {t('table.reference')}
          </th>
          <th scope="col" className="govuk-table__header">
            {show === 'referrer' ? t('table.to') : t('table.from')}
          </th>
          <th scope="col" className="govuk-table__header">
            {t('table.category')}
          </th>
          <th scope="col" className="govuk-table__header">
            {t('table.submitted')}
          </th>
          <th scope="col" className="govuk-table__header">
            {t('table.status')}
          </th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {cases.map((item) => (
          <tr className="govuk-table__row" key={item.caseId} data-case-id={item.caseId}>
            <td className="govuk-table__cell">
              <Link className="govuk-link" to={linkTo(item.caseId)}>
                {item.referrerReference}
              </Link>
            </td>
            <td className="govuk-table__cell">
              {show === 'referrer' ? item.receivingService : item.referringAgency}
            </td>
            <td className="govuk-table__cell">{t(`category.${item.offenceCategory}` as MessageKey)}</td>
            <td className="govuk-table__cell">
              <time dateTime={item.submittedAt}>{date(item.submittedAt)}</time>
            </td>
            <td className="govuk-table__cell">
              <StatusTag status={item.status} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
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
