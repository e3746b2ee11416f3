import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { ApiProblem } from '../../shared/api/problem';
import { hasAnyRole } from '../../shared/auth/principal';
import { useSession } from '../../shared/auth/session';
import { ErrorSummary } from '../../shared/components/error-summary';
import { Textarea } from '../../shared/components/fields';
import { Loading, ProblemMessage } from '../../shared/components/page-states';
import { StatusTag } from '../../shared/components/status-tag';
import { SummaryList } from '../../shared/components/summary-list';
import { Timeline } from '../../shared/components/timeline';
import type { MessageKey } from '../../shared/i18n/en';
import { useI18n } from '../../shared/i18n/i18n';
import { useLiveReload } from '../../shared/live';
import { useResource } from '../../shared/use-resource';
import { ConferenceActions, ConsentActions, FollowUpActions } from './case-actions';
import { loadCase, type CaseView } from './case-api';

/** One case: where it stands, what happened, and the next steps this person's roles allow. */
export function CasePage() {
  const { caseId = '' } = useParams();
  const { t, date, dateTime } = useI18n();
  const { api, principal } = useSession();
  const staff = hasAnyRole(principal, 'screener', 'case-worker', 'consent-officer', 'facilitator', 'auditor');
  const view = useResource(`case:${caseId}`, (signal) => loadCase(api, caseId, signal, staff));
  useLiveReload(view.reload, caseId);

  if (view.state === 'loading') return <Loading />;
  if (view.state === 'error') return <ProblemMessage error={view.error} onRetry={view.reload} />;
  const { referral, screening, consent, conference } = view.data;
  const receiving = principal?.agency === referral.receivingService;

  return (
    <>
      <span className="govuk-caption-l">{referral.caseId}</span>
      <h1 className="govuk-heading-l">{t('case.title', { reference: referral.referrerReference })}</h1>
      <p className="govuk-body" aria-live="polite">
        <StatusTag status={referral.status} />
      </p>
      <p className="govuk-body-s accord-muted">{t('common.live')}</p>
      <SummaryList
        rows={[
          { key: t('case.category'), value: t(`category.${referral.offenceCategory}` as MessageKey) },
          { key: t('case.submitted'), value: date(referral.submittedAt) },
          { key: t('case.referringAgency'), value: referral.referringAgency },
          { key: t('case.receivingService'), value: referral.receivingService },
        ]}
      />
      {receiving ? <NextSteps view={view.data} onDone={view.reload} /> : null}
      {screening ? <ScreeningSection screening={screening} /> : null}
      {consent ? <ConsentSection consent={consent} /> : null}
      {conference ? <ConferenceSection conference={conference} /> : null}
      <h2 className="govuk-heading-m">{t('case.timeline')}</h2>
      <Timeline
        when={dateTime}
        items={referral.timeline.map((entry, index) => ({
          key: `${entry.at}-${index}`,
          title: <StatusTag status={entry.status} />,
          at: entry.at,
          body:
            typeof entry.detail['reason'] === 'string' ? (
              <p className="govuk-body">{t('case.reason', { reason: entry.detail['reason'] })}</p>
            ) : undefined,
        }))}
      />
    </>
  );
}

function NextSteps({ view, onDone }: { view: CaseView; onDone: () => void }) {
  const { t } = useI18n();
  const { api, principal } = useSession();
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const caseId = view.referral.caseId;
  const canDecide = view.referral.status === 'received' && hasAnyRole(principal, 'screener', 'case-worker');

  async function act(path: string, body: unknown) {
    if (busy) return;
    setBusy(true);
    setError(null);
    setFieldError(undefined);
    try {
      await api.post(`/api/referrals/${encodeURIComponent(caseId)}/${path}`, { body });
      setDeclining(false);
      onDone();
    } catch (failure) {
      const field =
        failure instanceof ApiProblem ? failure.fieldProblems.find((p) => p.field === 'reason') : undefined;
      if (field) setFieldError(field.message);
      else setError(failure);
    } finally {
      setBusy(false);
    }
  }
  const decline = (event: FormEvent) => {
    event.preventDefault();
    void act('decline', { reason });
  };

  return (
    <section aria-labelledby="next-steps">
      <h2 className="govuk-heading-m" id="next-steps">
        {t('case.nextSteps')}
      </h2>
      {error ? <ProblemMessage error={error} /> : null}
      <ConsentActions view={view} onDone={onDone} />
      <ConferenceActions view={view} onDone={onDone} />
      <FollowUpActions view={view} onDone={onDone} />
      {!canDecide && !hasAnyRole(principal, 'consent-officer', 'case-worker', 'facilitator') ? (
        <p className="govuk-body">{t('case.noActions')}</p>
      ) : null}
      {canDecide && !declining ? (
        <div className="govuk-button-group">
          <button
            type="button"
            className="govuk-button"
            disabled={busy}
            onClick={() => void act('accept', {})}
          >
            {t('case.accept')}
          </button>
          <button
            type="button"
            className="govuk-button govuk-button--warning"
            disabled={busy}
            onClick={() => setDeclining(true)}
          >
            {t('case.decline')}
          </button>
        </div>
      ) : null}
      {canDecide && declining ? (
        <form noValidate onSubmit={decline}>
          <ErrorSummary
            title={t('common.errorTitle')}
            errors={fieldError ? [{ field: 'reason', message: fieldError }] : []}
          />
          <Textarea
            name="reason"
            label={t('case.declineReason')}
            hint={t('case.declineReasonHint')}
            value={reason}
            error={fieldError}
            onChange={setReason}
          />
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button govuk-button--warning" disabled={busy}>
              {t('case.decline')}
            </button>
            <button
              type="button"
              className="govuk-button govuk-button--secondary"
              onClick={() => setDeclining(false)}
            >
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}

function ScreeningSection({ screening }: { screening: NonNullable<CaseView['screening']> }) {
  const { t } = useI18n();
  const result = (value: string) =>
    value === 'pass' || value === 'met'
      ? t('case.screening.passed')
      : value === 'review' || value === 'needs-review'
        ? t('case.screening.review')
        : value === 'fail' || value === 'not-met'
          ? t('case.screening.failed')
          : value;
  return (
    <section aria-labelledby="screening">
      <h2 className="govuk-heading-m" id="screening">
        {t('case.screening')}
      </h2>
      <SummaryList
        rows={[
          { key: t('case.screening.outcome'), value: <StatusTag status={screening.outcome} /> },
          {
            key: t('case.screening.ruleSet', { version: screening.ruleSetVersion }),
            value: screening.reason ?? '',
          },
        ]}
      />
      {screening.rules ? (
        <table className="govuk-table" data-testid="screening-rules">
          <caption className="govuk-table__caption govuk-table__caption--s">
            {t('case.screening.ruleSet', { version: screening.ruleSetVersion })}
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                {t('case.screening.rule')}
              </th>
              <th scope="col" className="govuk-table__header">
                {t('case.screening.result')}
              </th>
              <th scope="col" className="govuk-table__header">
                {t('case.screening.reason')}
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {screening.rules.map((rule) => (
              <tr className="govuk-table__row" key={rule.rule}>
                <td className="govuk-table__cell">{rule.rule}</td>
                <td className="govuk-table__cell">{result(rule.result)}</td>
                <td className="govuk-table__cell">{rule.explanation}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function ConsentSection({ consent }: { consent: NonNullable<CaseView['consent']> }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="consent">
      <h2 className="govuk-heading-m" id="consent">
        {t('case.consent')}
      </h2>
      <p className="govuk-body">
        <StatusTag status={consent.status} />
      </p>
      {consent.participants && consent.participants.length > 0 ? (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-visually-hidden">{t('case.consent')}</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                {t('case.consent.person')}
              </th>
              <th scope="col" className="govuk-table__header">
                {t('case.consent.state')}
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {consent.participants.map((person) => (
              <tr className="govuk-table__row" key={person.personId}>
                <td className="govuk-table__cell">{person.role}</td>
                <td className="govuk-table__cell">{person.participation}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function ConferenceSection({ conference }: { conference: NonNullable<CaseView['conference']> }) {
  const { t, dateTime } = useI18n();
  return (
    <section aria-labelledby="conference">
      <h2 className="govuk-heading-m" id="conference">
        {t('case.conference')}
      </h2>
      <SummaryList
        rows={[
          {
            key: t('case.conference.status'),
            value: <span data-conference-status={conference.status}>{conference.status}</span>,
          },
          { key: t('case.conference.facilitator'), value: conference.facilitatorId ?? t('common.none') },
          ...(conference.conference
            ? [
                {
                  key: t('case.conference.at'),
                  value: `${dateTime(conference.conference.at)}, ${conference.conference.where}`,
                },
              ]
            : []),
        ]}
      />
    </section>
  );
}
