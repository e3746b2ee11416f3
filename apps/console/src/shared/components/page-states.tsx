import { ApiProblem } from '../api/problem';
import { NetworkProblem } from '../api/api-client';
import { useI18n } from '../i18n/i18n';

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="govuk-body" role="status" aria-live="polite">
      {t('common.loading')}
    </p>
  );
}

/** A command the service cannot take yet (it has not caught up with the case): sent again shortly. */
export function Waiting() {
  const { t } = useI18n();
  return (
    <p className="govuk-body" role="status" aria-live="polite" data-testid="waiting">
      {t('common.waiting')}
    </p>
  );
}

export function Empty({ message }: { message: string }) {
  return <p className="govuk-body govuk-!-margin-top-4 accord-empty">{message}</p>;
}

/** An error as the API said it: its title and detail, and the correlation id to quote to support. */
export function ProblemMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  let heading = t('error.server');
  let detail: string | undefined;
  let correlationId: string | undefined;
  if (error instanceof ApiProblem) {
    heading =
      error.status === 403
        ? t('error.forbidden')
        : error.status === 404
          ? t('error.notFound')
          : error.status === 503 && error.retryAfterSeconds
            ? t('error.retryLater', { seconds: error.retryAfterSeconds })
            : error.title || t('error.server');
    detail = error.detail;
    correlationId = error.correlationId;
  } else if (error instanceof NetworkProblem) {
    heading = t('error.network');
  }
  return (
    <div className="govuk-error-summary" role="alert" data-testid="problem">
      <h2 className="govuk-error-summary__title">{heading}</h2>
      <div className="govuk-error-summary__body">
        {detail ? <p className="govuk-body">{detail}</p> : null}
        {correlationId ? (
          <p className="govuk-body-s">{t('common.correlation', { id: correlationId })}</p>
        ) : null}
        {onRetry ? (
          <button
            type="button"
            className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
            onClick={onRetry}
          >
            {t('common.tryAgain')}
          </button>
        ) : null}
      </div>
    </div>
  );
}
