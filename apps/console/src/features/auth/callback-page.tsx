import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { useSession } from '../../shared/auth/session';
import { Loading } from '../../shared/components/page-states';
import { useI18n } from '../../shared/i18n/i18n';

/** Where the identity provider sends the browser back with the authorization code. */
export function CallbackPage() {
  const { t } = useI18n();
  const session = useSession();
  const navigate = useNavigate();
  const [failure, setFailure] = useState<string | null>(null);
  const started = useRef(false);
  useEffect(() => {
    if (!session.config || started.current) return;
    started.current = true;
    session.completeSignIn().then(
      (returnTo) => navigate(returnTo, { replace: true }),
      (error: Error) => setFailure(error.message),
    );
  }, [session, navigate]);
  if (failure)
    return (
      <div className="govuk-error-summary" role="alert">
        <h1 className="govuk-error-summary__title">{t('signIn.failed', { reason: failure })}</h1>
        <div className="govuk-error-summary__body">
          <a className="govuk-link" href="/">
            {t('signIn.button')}
          </a>
        </div>
      </div>
    );
  return <Loading />;
}
