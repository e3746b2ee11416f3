import { useState, type FormEvent } from 'react';
import { useLocation, useSearchParams } from 'react-router';
import { useSession } from '../../shared/auth/session';
import { ErrorSummary } from '../../shared/components/error-summary';
import { Radios } from '../../shared/components/fields';
import { Loading } from '../../shared/components/page-states';
import { useI18n } from '../../shared/i18n/i18n';

/** Choose your organisation, then sign in at its own identity provider. */
export function SignInPage() {
  const { t } = useI18n();
  const session = useSession();
  const [params] = useSearchParams();
  const location = useLocation();
  // The provider sends the browser back to /signed-out after ending its own session (a new page load).
  const signedOut = session.ended === 'signed-out' || location.pathname === '/signed-out';
  const [agency, setAgency] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [failure, setFailure] = useState<string | undefined>();

  if (!session.config && !session.configError) return <Loading />;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!agency) {
      setError(t('signIn.noAgency'));
      return;
    }
    try {
      await session.signIn(agency, params.get('returnTo') ?? '/');
    } catch (reason) {
      setFailure(t('signIn.failed', { reason: (reason as Error).message }));
    }
  };
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {session.ended === 'expired' ? (
          <div className="govuk-notification-banner" role="region" aria-labelledby="session-ended">
            <div className="govuk-notification-banner__header">
              <h2 className="govuk-notification-banner__title" id="session-ended">
                {t('signIn.title')}
              </h2>
            </div>
            <div className="govuk-notification-banner__content">
              <p className="govuk-notification-banner__heading">{t('signIn.expired')}</p>
            </div>
          </div>
        ) : null}
        {signedOut ? <p className="govuk-body govuk-!-font-weight-bold">{t('signIn.signedOut')}</p> : null}
        <ErrorSummary
          title={t('common.errorTitle')}
          errors={[
            ...(error ? [{ field: 'agency', message: error }] : []),
            ...(failure ? [{ message: failure }] : []),
            ...(session.configError ? [{ message: t('signIn.unavailable') }] : []),
          ]}
        />
        <h1 className="govuk-heading-l">{t('signIn.title')}</h1>
        <p className="govuk-body">{t('signIn.lead')}</p>
        {session.config ? (
          <form noValidate onSubmit={submit}>
            <Radios
              name="agency"
              label={t('signIn.agency')}
              hint={t('signIn.agencyHint')}
              choices={session.config.agencies.map((candidate) => ({
                value: candidate.id,
                label: candidate.name,
              }))}
              value={agency}
              error={error}
              onChange={setAgency}
            />
            <button type="submit" className="govuk-button" data-module="govuk-button">
              {t('signIn.button')}
            </button>
          </form>
        ) : null}
      </div>
    </div>
  );
}
