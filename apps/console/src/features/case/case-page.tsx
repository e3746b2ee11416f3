import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { answer, type Answer } from '../../shared/api/api-client';
import { ApiProblem } from '../../shared/api/problem';
import { hasAnyRole } from '../../shared/auth/principal';
import { useSession } from '../../shared/auth/session';
import { DataTable } from '../../shared/components/data-table';
import { ErrorSummary } from '../../shared/components/error-summary';
import { Textarea } from '../../shared/components/fields';
import { Loading, ProblemMessage } from '../../shared/components/page-states';
import { Section } from '../../shared/components/section';
import { StatusTag } from '../../shared/components/status-tag';
import { SummaryList } from '../../shared/components/summary-list';
import { Timeline } from '../../shared/components/timeline';
import type { MessageKey } from '../../shared/i18n/en';
import { useI18n } from '../../shared/i18n/i18n';
import { useLiveReload } from '../../shared/live';
import { useResource } from '../../shared/use-resource';
import {
  ConferenceActions,
  ConsentActions,
  FacilitatorAssignment,
  FollowUpActions,
  participantName,
  ScreeningDecision,
} from './case-actions';
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
      <p className="govuk-body" aria-live="polite" data-testid="case-status">
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

  async function act(send: () => Promise<Answer>) {
    if (busy) return;
    setBusy(true);
    setError(null);
    setFieldError(undefined);
    try {
      await answer(send());
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
    void act(() =>
      api.POST('/api/referrals/{caseId}/decline', { params: { path: { caseId } }, body: { reason } }),
    );
  };

  return (
    <Section id="next-steps" heading={t('case.nextSteps')}>
      {error ? <ProblemMessage error={error} /> : null}
      <ConsentActions view={view} onDone={onDone} />
      <ScreeningDecision view={view} onDone={onDone} />
      <FacilitatorAssignment view={view} onDone={onDone} />
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
            onClick={() =>
              void act(() => api.POST('/api/referrals/{caseId}/accept', { params: { path: { caseId } } }))
            }
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
    </Section>
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
    <Section id="screening" heading={t('case.screening')}>
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
        <DataTable
          caption={t('case.screening.ruleSet', { version: screening.ruleSetVersion })}
          captionShown
          testId="screening-rules"
          rows={screening.rules}
          rowKey={(rule) => rule.rule}
          columns={[
            { header: t('case.screening.rule'), cell: (rule) => rule.rule },
            { header: t('case.screening.result'), cell: (rule) => result(rule.result) },
            { header: t('case.screening.reason'), cell: (rule) => rule.explanation },
          ]}
        />
      ) : null}
    </Section>
  );
}

function ConsentSection({ consent }: { consent: NonNullable<CaseView['consent']> }) {
  const { t } = useI18n();
  return (
    <Section id="consent" heading={t('case.consent')}>
      <p className="govuk-body">
        <StatusTag status={consent.status} />
      </p>
      {consent.participants && consent.participants.length > 0 ? (
        <DataTable
          caption={t('case.consent')}
          rows={consent.participants}
          rowKey={(person) => person.personId}
          rowAttributes={(person) => ({ 'data-participation': person.participation })}
          columns={[
            { header: t('case.consent.person'), cell: (person) => participantName(t, person) },
            {
              header: t('case.consent.state'),
              cell: (person) => t(`participation.${person.participation}` as MessageKey),
            },
          ]}
        />
      ) : null}
    </Section>
  );
}

function ConferenceSection({ conference }: { conference: NonNullable<CaseView['conference']> }) {
  const { t, dateTime } = useI18n();
  return (
    <Section id="conference" heading={t('case.conference')}>
      <SummaryList
        rows={[
          {
            key: t('case.conference.status'),
            value: (
              <span data-conference-status={conference.status}>
                <StatusTag status={conference.status} />
              </span>
            ),
          },
          {
            key: t('case.conference.facilitator'),
            value: <span data-testid="facilitator-id">{conference.facilitatorId ?? t('common.none')}</span>,
          },
          ...(conference.conference
            ? [
                {
                  key: t('case.conference.at'),
                  value: `${dateTime(conference.conference.at)}, ${conference.conference.where}`,
                },
              ]
            : []),
          ...(conference.lastCancellation
            ? [
                {
                  key: t('case.conference.cancelled'),
                  value: (
                    <span data-testid="conference-cancelled">
                      {t('case.conference.cancelledAt', {
                        at: dateTime(conference.lastCancellation.at),
                        reason: conference.lastCancellation.reason,
                      })}
                    </span>
                  ),
                },
              ]
            : []),
          ...(conference.halt
            ? [
                {
                  key: t('case.conference.halted'),
                  value: conference.halt.explanation || conference.halt.reason,
                },
              ]
            : []),
        ]}
      />
    </Section>
  );
}
