// What RJ service staff do on a case, each form shown only to the roles the API allows it for
// (the API decides anyway): consent per person (with a confirmed withdrawal), scheduling with the
// safety plan, the outcome, the agreed actions and check-ins.
import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiProblem } from '../../shared/api/problem';
import { hasAnyRole } from '../../shared/auth/principal';
import { useSession } from '../../shared/auth/session';
import { ErrorSummary, type SummaryError } from '../../shared/components/error-summary';
import { Checkboxes, Radios, Select, Textarea, TextInput } from '../../shared/components/fields';
import { ProblemMessage } from '../../shared/components/page-states';
import type { MessageKey } from '../../shared/i18n/en';
import { useI18n } from '../../shared/i18n/i18n';
import type { CaseView } from './case-api';

const METHODS = ['in-person', 'phone', 'written'] as const;
const MODES = ['face-to-face', 'circle', 'mediation', 'indirect-shuttle', 'indirect-letters'] as const;
const KINDS = ['apology', 'reparation', 'compensation', 'community-work', 'other'] as const;
const WELLBEING = ['better', 'same', 'worse'] as const;
const SCORES = ['1', '2', '3', '4', '5'] as const;

/** One POST with the API's field errors mapped onto named fields, and any other problem shown whole. */
function useSubmit(onDone: () => void) {
  const { api } = useSession();
  const [busy, setBusy] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<SummaryError[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  async function submit(path: string, body: unknown, fieldOf: (apiField: string) => string = (f) => f) {
    if (busy) return false;
    setBusy(true);
    setFieldErrors([]);
    setFailure(null);
    try {
      await api.post(path, { body });
      onDone();
      return true;
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 400 && error.fieldProblems.length > 0)
        setFieldErrors(error.fieldProblems.map((p) => ({ field: fieldOf(p.field), message: p.message })));
      else setFailure(error);
      return false;
    } finally {
      setBusy(false);
    }
  }
  const errorFor = (field: string) => fieldErrors.find((e) => e.field === field)?.message;
  return { busy, fieldErrors, failure, submit, errorFor };
}

function ActionForm({
  title,
  children,
  onSubmit,
  submitLabel,
  busy,
  fieldErrors,
  failure,
  warning,
}: {
  title: string;
  children: ReactNode;
  onSubmit: () => void;
  submitLabel: string;
  busy: boolean;
  fieldErrors: SummaryError[];
  failure: unknown;
  warning?: boolean;
}) {
  const { t } = useI18n();
  return (
    <form
      noValidate
      className="accord-action"
      aria-label={title}
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      <h3 className="govuk-heading-s">{title}</h3>
      <ErrorSummary title={t('common.errorTitle')} errors={fieldErrors} />
      {failure ? <ProblemMessage error={failure} /> : null}
      {children}
      <button
        type="submit"
        className={`govuk-button${warning ? ' govuk-button--warning' : ''}`}
        disabled={busy}
      >
        {submitLabel}
      </button>
    </form>
  );
}

export function ConsentActions({ view, onDone }: { view: CaseView; onDone: () => void }) {
  const { principal } = useSession();
  const participants = view.consent?.participants ?? [];
  if (!hasAnyRole(principal, 'consent-officer') || participants.length === 0) return null;
  return (
    <>
      {participants.map((person) => (
        <PersonConsent key={person.personId} caseId={view.referral.caseId} person={person} onDone={onDone} />
      ))}
    </>
  );
}

function PersonConsent({
  caseId,
  person,
  onDone,
}: {
  caseId: string;
  person: NonNullable<NonNullable<CaseView['consent']>['participants']>[number];
  onDone: () => void;
}) {
  const { t } = useI18n();
  const [method, setMethod] = useState<string>('in-person');
  const [withdrawing, setWithdrawing] = useState(false);
  const [reason, setReason] = useState('');
  const { busy, fieldErrors, failure, submit } = useSubmit(() => {
    setWithdrawing(false);
    onDone();
  });
  const path = `/api/cases/${encodeURIComponent(caseId)}/consent`;
  const name = `${person.role} (${person.personId.slice(0, 8)})`;
  const methodField = (
    <Radios
      name={`method-${person.personId}`}
      label={t('actions.method')}
      inline
      choices={METHODS.map((m) => ({ value: m, label: t(`actions.method.${m}` as MessageKey) }))}
      value={method}
      onChange={setMethod}
    />
  );
  if (person.participation === 'given') {
    return withdrawing ? (
      <ActionForm
        title={`${t('actions.withdraw')}: ${name}`}
        submitLabel={t('actions.withdrawConfirm')}
        warning
        busy={busy}
        fieldErrors={fieldErrors}
        failure={failure}
        onSubmit={() =>
          void submit(`${path}/withdraw`, {
            personId: person.personId,
            purpose: 'participation',
            method,
            ...(reason.trim() ? { reason } : {}),
          })
        }
      >
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">{t('actions.withdrawWarning')}</strong>
        </div>
        {methodField}
        <Textarea
          name={`reason-${person.personId}`}
          label={t('actions.withdrawReason')}
          rows={3}
          value={reason}
          onChange={setReason}
        />
      </ActionForm>
    ) : (
      <p className="govuk-body">
        <button
          type="button"
          className="govuk-button govuk-button--warning"
          onClick={() => setWithdrawing(true)}
        >
          {t('actions.withdraw')}: {name}
        </button>
      </p>
    );
  }
  if (person.participation !== 'requested') return null;
  const decide = (decision: 'given' | 'declined') =>
    void submit(path, { personId: person.personId, purpose: 'participation', decision, method });
  return (
    <div className="accord-action" role="group" aria-label={name}>
      <h3 className="govuk-heading-s">{name}</h3>
      {failure ? <ProblemMessage error={failure} /> : null}
      {methodField}
      <div className="govuk-button-group">
        <button type="button" className="govuk-button" disabled={busy} onClick={() => decide('given')}>
          {t('actions.consentGiven')}
        </button>
        <button
          type="button"
          className="govuk-button govuk-button--secondary"
          disabled={busy}
          onClick={() => decide('declined')}
        >
          {t('actions.consentDeclined')}
        </button>
      </div>
    </div>
  );
}

export function ConferenceActions({ view, onDone }: { view: CaseView; onDone: () => void }) {
  const { principal } = useSession();
  const conference = view.conference;
  if (!conference || !hasAnyRole(principal, 'case-worker', 'facilitator')) return null;
  if (conference.status === 'facilitator-assigned') return <ScheduleForm view={view} onDone={onDone} />;
  if (conference.status === 'conference-scheduled') return <OutcomeForm view={view} onDone={onDone} />;
  return null;
}

function ScheduleForm({ view, onDone }: { view: CaseView; onDone: () => void }) {
  const { t } = useI18n();
  const people = (view.consent?.participants ?? []).filter((p) => p.participation === 'given');
  const [mode, setMode] = useState<string>('face-to-face');
  const [at, setAt] = useState('');
  const [where, setWhere] = useState('');
  const [safetyPlan, setSafetyPlan] = useState('');
  const [participants, setParticipants] = useState<string[]>(people.map((p) => p.personId));
  const { busy, fieldErrors, failure, submit, errorFor } = useSubmit(onDone);
  const when = at ? new Date(at) : null;
  return (
    <ActionForm
      title={t('actions.schedule')}
      submitLabel={t('actions.schedule')}
      busy={busy}
      fieldErrors={fieldErrors}
      failure={failure}
      onSubmit={() =>
        void submit(`/api/cases/${encodeURIComponent(view.referral.caseId)}/conference/schedule`, {
          mode,
          at: when && !Number.isNaN(when.getTime()) ? when.toISOString() : at,
          where,
          participants,
          ...(safetyPlan.trim() ? { safetyPlan } : {}),
        })
      }
    >
      <Select
        name="mode"
        label={t('actions.mode')}
        choices={MODES.map((m) => ({ value: m, label: t(`actions.mode.${m}` as MessageKey) }))}
        value={mode}
        error={errorFor('mode')}
        onChange={setMode}
      />
      <TextInput
        name="at"
        type="datetime-local"
        width={20}
        label={t('actions.when')}
        value={at}
        error={errorFor('at')}
        onChange={setAt}
      />
      <TextInput
        name="where"
        label={t('actions.where')}
        value={where}
        error={errorFor('where')}
        onChange={setWhere}
      />
      <Checkboxes
        name="participants"
        label={t('actions.participants')}
        choices={people.map((p) => ({ value: p.personId, label: `${p.role} (${p.personId.slice(0, 8)})` }))}
        values={participants}
        error={errorFor('participants')}
        onChange={setParticipants}
      />
      <Textarea
        name="safetyPlan"
        label={t('actions.safetyPlan')}
        hint={t('actions.safetyPlanHint')}
        value={safetyPlan}
        error={errorFor('safetyPlan')}
        onChange={setSafetyPlan}
      />
    </ActionForm>
  );
}

function OutcomeForm({ view, onDone }: { view: CaseView; onDone: () => void }) {
  const { t } = useI18n();
  const responsible = (view.consent?.participants ?? []).find((p) => p.role === 'responsible');
  const [result, setResult] = useState<string>('agreement');
  const [kind, setKind] = useState<string>('apology');
  const [what, setWhat] = useState('');
  const [dueBy, setDueBy] = useState('');
  const [reason, setReason] = useState('');
  const { busy, fieldErrors, failure, submit, errorFor } = useSubmit(onDone);
  const actionField = (f: string) => f.replace(/^actions\.0\./, 'action.');
  const due = dueBy ? new Date(`${dueBy}T17:00:00`) : null;
  return (
    <ActionForm
      title={t('actions.outcome')}
      submitLabel={t('actions.outcome')}
      busy={busy}
      fieldErrors={fieldErrors}
      failure={failure}
      onSubmit={() =>
        void submit(
          `/api/cases/${encodeURIComponent(view.referral.caseId)}/conference/outcome`,
          result === 'agreement'
            ? {
                result,
                actions: [
                  {
                    kind,
                    what,
                    by: responsible?.personId ?? '',
                    dueBy: due && !Number.isNaN(due.getTime()) ? due.toISOString() : dueBy,
                  },
                ],
              }
            : { result, reason },
          actionField,
        )
      }
    >
      <Radios
        name="result"
        label={t('actions.result')}
        choices={(['agreement', 'no-agreement'] as const).map((r) => ({
          value: r,
          label: t(`actions.result.${r}` as MessageKey),
        }))}
        value={result}
        onChange={setResult}
      />
      {result === 'agreement' ? (
        <>
          <Select
            name="action.kind"
            label={t('actions.actionKind')}
            choices={KINDS.map((k) => ({ value: k, label: t(`actions.kind.${k}` as MessageKey) }))}
            value={kind}
            error={errorFor('action.kind')}
            onChange={setKind}
          />
          <Textarea
            name="action.what"
            label={t('actions.actionWhat')}
            rows={3}
            value={what}
            error={errorFor('action.what')}
            onChange={setWhat}
          />
          <TextInput
            name="action.dueBy"
            type="date"
            width={10}
            label={t('actions.dueBy')}
            value={dueBy}
            error={errorFor('action.dueBy')}
            onChange={setDueBy}
          />
        </>
      ) : (
        <Textarea
          name="reason"
          label={t('actions.noAgreementReason')}
          rows={3}
          value={reason}
          error={errorFor('reason')}
          onChange={setReason}
        />
      )}
    </ActionForm>
  );
}

export function FollowUpActions({ view, onDone }: { view: CaseView; onDone: () => void }) {
  const { t, date } = useI18n();
  const { principal } = useSession();
  const outcome = view.conference?.outcome;
  const [resolved, setResolved] = useState<Record<string, string>>({});
  const resolve = useSubmit(onDone);
  if (
    !hasAnyRole(principal, 'case-worker') ||
    outcome?.result !== 'agreement' ||
    view.referral.status === 'closed'
  )
    return null;
  const caseId = encodeURIComponent(view.referral.caseId);
  return (
    <>
      <h3 className="govuk-heading-s">{t('actions.agreed')}</h3>
      {resolve.failure ? <ProblemMessage error={resolve.failure} /> : null}
      <ul className="govuk-list">
        {outcome.actions.map((action) => (
          <li key={action.actionId} className="accord-agreed-action">
            {t(`actions.kind.${action.kind}` as MessageKey)}: {action.what} ({t('actions.dueBy')}{' '}
            {date(action.dueBy)}){' '}
            {resolved[action.actionId] ? (
              <strong className="govuk-tag govuk-tag--green">
                {t(`actions.${resolved[action.actionId]}` as MessageKey)}
              </strong>
            ) : (
              <span className="govuk-button-group accord-inline-buttons">
                {(['done', 'missed'] as const).map((result) => (
                  <button
                    key={result}
                    type="button"
                    className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                    disabled={resolve.busy}
                    onClick={async () => {
                      if (
                        await resolve.submit(
                          `/api/cases/${caseId}/follow-up/actions/${encodeURIComponent(action.actionId)}`,
                          { result },
                        )
                      )
                        setResolved((current) => ({ ...current, [action.actionId]: result }));
                    }}
                  >
                    {t(`actions.${result}`)}
                  </button>
                ))}
              </span>
            )}
          </li>
        ))}
      </ul>
      <CheckInForm caseId={caseId} onDone={onDone} />
    </>
  );
}

function CheckInForm({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const { t } = useI18n();
  const [satisfaction, setSatisfaction] = useState('');
  const [safety, setSafety] = useState('');
  const [wellbeing, setWellbeing] = useState('');
  const [notes, setNotes] = useState('');
  const [saved, setSaved] = useState(0);
  const { busy, fieldErrors, failure, submit, errorFor } = useSubmit(() => {
    setSaved((n) => n + 1);
    onDone();
  });
  return (
    <ActionForm
      title={t('actions.checkIn')}
      submitLabel={t('actions.save')}
      busy={busy}
      fieldErrors={fieldErrors}
      failure={failure}
      onSubmit={() =>
        void submit(`/api/cases/${caseId}/follow-up/check-ins`, {
          satisfaction: Number(satisfaction) || satisfaction,
          feelingOfSafety: Number(safety) || safety,
          wellbeingChange: wellbeing,
          ...(notes.trim() ? { notes } : {}),
        })
      }
    >
      {saved > 0 ? (
        <p className="govuk-body" role="status">
          {t('actions.saved')}
        </p>
      ) : null}
      <Radios
        name="satisfaction"
        label={t('actions.satisfaction')}
        inline
        choices={SCORES.map((s) => ({ value: s, label: s }))}
        value={satisfaction}
        error={errorFor('satisfaction')}
        onChange={setSatisfaction}
      />
      <Radios
        name="feelingOfSafety"
        label={t('actions.safety')}
        inline
        choices={SCORES.map((s) => ({ value: s, label: s }))}
        value={safety}
        error={errorFor('feelingOfSafety')}
        onChange={setSafety}
      />
      <Radios
        name="wellbeingChange"
        label={t('actions.wellbeing')}
        inline
        choices={WELLBEING.map((w) => ({ value: w, label: t(`actions.wellbeing.${w}` as MessageKey) }))}
        value={wellbeing}
        error={errorFor('wellbeingChange')}
        onChange={setWellbeing}
      />
      <Textarea name="notes" label={t('actions.notes')} rows={3} value={notes} onChange={setNotes} />
    </ActionForm>
  );
}
