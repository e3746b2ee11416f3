import { useState } from 'react';
import { Link } from 'react-router';
import { answer } from '../../shared/api/api-client';
import { useSession } from '../../shared/auth/session';
import { CaseList, type CasePage } from '../../shared/components/case-table';
import { useI18n } from '../../shared/i18n/i18n';
import { useLiveReload } from '../../shared/live';
import { useResource } from '../../shared/use-resource';

/** The referring agency's outbox: every referral it made and where each stands (the closed loop). */
export function OutboxPage() {
  const { t } = useI18n();
  const { api } = useSession();
  const [page, setPage] = useState(1);
  const cases = useResource(`outbox:${page}`, (signal) =>
    answer<CasePage>(
      api.GET('/api/referrals', { params: { query: { role: 'referrer', page, pageSize: 20 } }, signal }),
    ),
  );
  useLiveReload(cases.reload);
  return (
    <>
      <h1 className="govuk-heading-l">{t('outbox.title')}</h1>
      <p className="govuk-body">{t('outbox.lead')}</p>
      <Link
        to="/referrals/new"
        role="button"
        draggable={false}
        className="govuk-button"
        data-module="govuk-button"
      >
        {t('nav.newReferral')}
      </Link>
      <CaseList cases={cases} reader="referrer" onPage={setPage} />
    </>
  );
}
