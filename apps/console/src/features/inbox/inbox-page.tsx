import { useState } from 'react';
import { answer, type QueryOf } from '../../shared/api/api-client';

type CaseStatus = QueryOf<'referralStatusList'>['status'];
import { useSession } from '../../shared/auth/session';
import {
  CASE_FLAGS,
  CaseTable,
  Pagination,
  type CaseFlag,
  type CasePage,
} from '../../shared/components/case-table';
import { Empty, Loading, ProblemMessage } from '../../shared/components/page-states';
import { StatusTag } from '../../shared/components/status-tag';
import { useI18n } from '../../shared/i18n/i18n';
import { useLiveReload } from '../../shared/live';
import { useResource } from '../../shared/use-resource';

/**
 * The receiving service's inbox: counts per stage as filters, then the cases at that stage; the
 * overdue and stalled cases (deadlines) are filters of their own.
 */
export function InboxPage() {
  const { t, number } = useI18n();
  const { api } = useSession();
  const [status, setStatus] = useState<string>('');
  const [flag, setFlag] = useState<CaseFlag | ''>('');
  const [page, setPage] = useState(1);
  const cases = useResource(`inbox:${status}:${flag}:${page}`, (signal) =>
    answer<CasePage>(
      api.GET('/api/referrals', {
        params: {
          query: {
            role: 'receiver',
            status: (status || undefined) as CaseStatus,
            flag: flag || undefined,
            page,
            pageSize: 20,
          },
        },
        signal,
      }),
    ),
  );
  useLiveReload(cases.reload);
  const counts = cases.state === 'ready' ? (cases.data.counts ?? {}) : {};
  const flagged = cases.state === 'ready' ? cases.data.flagged : undefined;
  const choose = (next: string) => {
    setStatus(next);
    setFlag('');
    setPage(1);
  };
  const chooseFlag = (next: CaseFlag) => {
    setStatus('');
    setFlag(next);
    setPage(1);
  };
  return (
    <>
      <h1 className="govuk-heading-l">{t('inbox.title')}</h1>
      <p className="govuk-body">{t('inbox.lead')}</p>
      <nav className="moj-sub-navigation" aria-label={t('inbox.filter')}>
        <ul className="moj-sub-navigation__list">
          {['', ...Object.keys(counts)].map((key) => (
            <li className="moj-sub-navigation__item" key={key || 'all'}>
              <a
                className="moj-sub-navigation__link"
                href={`#${key || 'all'}`}
                aria-current={status === key && !flag ? 'page' : undefined}
                onClick={(event) => {
                  event.preventDefault();
                  choose(key);
                }}
              >
                {key ? <StatusTag status={key} /> : t('inbox.all')}{' '}
                <span className="accord-count">
                  {number(key ? (counts[key] ?? 0) : Object.values(counts).reduce((a, b) => a + b, 0))}
                </span>
              </a>
            </li>
          ))}
          {CASE_FLAGS.filter((key) => (flagged?.[key] ?? 0) > 0 || flag === key).map((key) => (
            <li className="moj-sub-navigation__item" key={key}>
              <a
                className="moj-sub-navigation__link"
                href={`#${key}`}
                data-flag-filter={key}
                aria-current={flag === key ? 'page' : undefined}
                onClick={(event) => {
                  event.preventDefault();
                  chooseFlag(key);
                }}
              >
                <strong className={`govuk-tag ${key === 'overdue' ? 'govuk-tag--red' : 'govuk-tag--orange'}`}>
                  {t(`flag.${key}`)}
                </strong>{' '}
                <span className="accord-count">{number(flagged?.[key] ?? 0)}</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {cases.state === 'loading' ? <Loading /> : null}
      {cases.state === 'error' ? <ProblemMessage error={cases.error} onRetry={cases.reload} /> : null}
      {cases.state === 'ready' ? (
        cases.data.items.length === 0 ? (
          <Empty message={t('inbox.empty')} />
        ) : (
          <>
            <CaseTable
              caption={t('inbox.title')}
              cases={cases.data.items}
              show="receiver"
              linkTo={(id) => `/cases/${id}`}
            />
            <Pagination page={cases.data} onPage={setPage} />
          </>
        )
      ) : null}
    </>
  );
}
