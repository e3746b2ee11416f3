// What RJ service staff do on a case, each form shown only to the roles the API allows it for
// (the API decides anyway): consent per person (with a confirmed withdrawal), scheduling with the
// safety plan, the outcome, the agreed actions and check-ins.
import { useState, type FormEvent, type ReactNode } from 'react';
import { useResource } from '../../shared/use-resource';
import { ApiProblem } from '../../shared/api/problem';
import { answer, type Answer, type ApiClient, type RequestBody } from '../../shared/api/api-client';
import { sendOnceReady } from '../../shared/api/not-yet';
import { hasAnyRole } from '../../shared/auth/principal';
import { useSession } from '../../shared/auth/session';
import { ErrorSummary, type SummaryError } from '../../shared/components/error-summary';
import { Checkboxes, Radios, Select, Textarea, TextInput } from '../../shared/components/fields';
import { ProblemMessage, Waiting } from '../../shared/components/page-states';
import type { MessageKey } from '../../shared/i18n/en';
import { useI18n } from '../../shared/i18n/i18n';
import type { CaseView } from './case-api';

const METHODS = ['in-person', 'phone', 'written'] as const;
const MODES = ['face-to-face', 'circle', 'mediation', 'indirect-shuttle', 'indirect-letters'] as const;
const KINDS = ['apology', 'reparation', 'compensation', 'community-work', 'other'] as const;
const WELLBEING = ['better', 'same', 'worse'] as const;
const SCORES = ['1', '2', '3', '4', '5'] as const;

/** A participant as staff see them: their part in the case and the start of their id (no name). */
export function participantName(
  t: ReturnType<typeof useI18n>['t'],
  person: { readonly role: string; readonly personId: string },
): string {
  return `${t(`participant.${person.role}` as MessageKey)} (${person.personId.slice(0, 8)})`;
}

/** One POST with the API's field errors mapped onto named fields, and any other problem shown whole. */
function useSubmit(onDone: () => void) {
  const { api } = useSession();
  const [busy, setBusy] = useState(false);
  const [waiting, setWaiting] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<SummaryError[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  /** Sends `send(api)` (a typed call of the API client), mapping its field errors through `fieldOf`. */
  async function submit(
    send: (api: ApiClient) => Promise<Answer>,
    fieldOf: (apiField: string) => string = (f) => f,
  ) {
    if (busy) return false;
    setBusy(true);
    setFieldErrors([]);
    setFailure(null);
    try {
      await sendOnceReady(() => answer(send(api)), setWaiting);
      onDone();
      return true;
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 400 && error.fieldProblems.length > 0)
        setFieldErrors(error.fieldProblems.map((p) => ({ field: fieldOf(p.field), message: p.message })));
      else setFailure(error);
      return false;
    } finally {
      setWaiting(false);
      setBusy(false);
    }
  }
  const errorFor = (field: string) => fieldErrors.find((e) => e.field === field)?.message;
  return { busy, waiting, fieldErrors, failure, submit, errorFor };
}

/** The path parameters of a command on this case. */
const onCaseId = (caseId: string) => ({ params: { path: { caseId } } });
const onCase = (view: CaseView) => onCaseId(view.referral.caseId);

/** A form's sending state (useSubmit's answer), which ActionForm shows. */
type Submission = ReturnType<typeof useSubmit>;

/** The `reason` a command records (why this decision), with the API's error for it. */
function ReasonField({
  form,
  label,
  hint,
  value,
  onChange,
}: {
  form: Submission;
  label: string;
  hint?: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <Textarea
      name="reason"
      label={label}
      hint={hint}
      rows={3}
      value={value}
      error={form.errorFor('reason')}
      onChange={onChange}
    />
  );
}

function ActionForm({
  title,
  children,
  send,
  fieldOf,
  submitLabel,
  form,
  warning,
}: {
  title: string;
  children: ReactNode;
  /** The command: a typed call of the API client. */
  send: (api: ApiClient) => Promise<Answer>;
  /** The form's name for a field the API names (when they differ). */
  fieldOf?: (apiField: string) => string;
  /** The button's words, when they are not the form's title. */
  submitLabel?: string;
  form: Submission;
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
        void form.submit(send, fieldOf);
      }}
    >
      <h3 className="govuk-heading-s">{title}</h3>
      <ErrorSummary title={t('common.errorTitle')} errors={form.fieldErrors} />
      {form.failure ? <ProblemMessage error={form.failure} /> : null}
      {form.waiting ? <Waiting /> : null}
      {children}
      <button
        type="submit"
        className={`govuk-button${warning ? ' govuk-button--warning' : ''}`}
        disabled={form.busy}
      >
        {submitLabel ?? title}
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
        <PersonConsent
          key={person.personId}
          caseId={view.referral.caseId}
          person={person}
          conference={view.conference?.conference ?? null}
          onDone={onDone}
        />
      ))}
    </>
  );
}

function PersonConsent({
  caseId,
  person,
  conference,
  onDone,
}: {
  caseId: string;
  person: NonNullable<NonNullable<CaseView['consent']>['participants']>[number];
  /** The scheduled conference a withdrawal would cancel, if there is one. */
  conference: NonNullable<CaseView['conference']>['conference'];
  onDone: () => void;
}) {
  const { t, dateTime } = useI18n();
  const [method, setMethod] = useState<string>('in-person');
  const [withdrawing, setWithdrawing] = useState(false);
  const [reason, setReason] = useState('');
  const form = useSubmit(() => {
    setWithdrawing(false);
    onDone();
  });
  const name = participantName(t, person);
  const methodField = (
    <Radios
      name={`method-${person.personId}`}
      label={t(person.participation === 'given' ? 'actions.methodWithdrawn' : 'actions.method')}
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
        form={form}
        send={(api) =>
          api.POST('/api/cases/{caseId}/consent/withdraw', {
            ...onCaseId(caseId),
            body: {
              personId: person.personId,
              purpose: 'participation',
              method: method as RequestBody<'withdrawConsent'>['method'],
              ...(reason.trim() ? { reason } : {}),
            },
          })
        }
      >
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">{t('actions.withdrawWarning')}</strong>
        </div>
        {conference ? (
          <p className="govuk-body" data-testid="withdraw-stops">
            {t('actions.withdrawStopsConference', {
              at: dateTime(conference.at),
              where: conference.where,
            })}
          </p>
        ) : null}
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
    void form.submit((api) =>
      api.POST('/api/cases/{caseId}/consent', {
        ...onCaseId(caseId),
        body: {
          personId: person.personId,
          purpose: 'participation',
          decision,
          method: method as RequestBody<'recordConsent'>['method'],
        },
      }),
    );
  return (
    <div className="accord-action" role="group" aria-label={name}>
      <h3 className="govuk-heading-s">{name}</h3>
      {form.failure ? <ProblemMessage error={form.failure} /> : null}
      {form.waiting ? <Waiting /> : null}
      {methodField}
      <div className="govuk-button-group">
        <button type="button" className="govuk-button" disabled={form.busy} onClick={() => decide('given')}>
          {t('actions.consentGiven')}
        </button>
        <button
          type="button"
          className="govuk-button govuk-button--secondary"
          disabled={form.busy}
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
  const form = useSubmit(onDone);
  const when = at ? new Date(at) : null;
  return (
    <ActionForm
      title={t('actions.schedule')}
      form={form}
      send={(api) =>
        api.POST('/api/cases/{caseId}/conference/schedule', {
          ...onCase(view),
          body: {
            mode: mode as RequestBody<'scheduleConference'>['mode'],
            at: when && !Number.isNaN(when.getTime()) ? when.toISOString() : at,
            where,
            participants,
            ...(safetyPlan.trim() ? { safetyPlan } : {}),
          },
        })
      }
    >
      <Select
        name="mode"
        label={t('actions.mode')}
        choices={MODES.map((m) => ({ value: m, label: t(`actions.mode.${m}` as MessageKey) }))}
        value={mode}
        error={form.errorFor('mode')}
        onChange={setMode}
      />
      <TextInput
        name="at"
        type="datetime-local"
        width={20}
        label={t('actions.when')}
        value={at}
        error={form.errorFor('at')}
        onChange={setAt}
      />
      <TextInput
        name="where"
        label={t('actions.where')}
        value={where}
        error={form.errorFor('where')}
        onChange={setWhere}
      />
      <Checkboxes
        name="participants"
        label={t('actions.participants')}
        choices={people.map((p) => ({ value: p.personId, label: participantName(t, p) }))}
        values={participants}
        error={form.errorFor('participants')}
        onChange={setParticipants}
      />
      <Textarea
        name="safetyPlan"
        label={t('actions.safetyPlan')}
        hint={t('actions.safetyPlanHint')}
        value={safetyPlan}
        error={form.errorFor('safetyPlan')}
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
  const form = useSubmit(onDone);
  const actionField = (f: string) => f.replace(/^actions\.0\./, 'action.');
  const due = dueBy ? new Date(`${dueBy}T17:00:00`) : null;
  return (
    <ActionForm
      title={t('actions.outcome')}
      form={form}
      fieldOf={actionField}
      send={(api) =>
        api.POST('/api/cases/{caseId}/conference/outcome', {
          ...onCase(view),
          // What the person entered, for the API to judge (its field errors come back to the form).
          body: (result === 'agreement'
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
            : { result, reason }) as RequestBody<'recordOutcome'>,
        })
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
            error={form.errorFor('action.kind')}
            onChange={setKind}
          />
          <Textarea
            name="action.what"
            label={t('actions.actionWhat')}
            rows={3}
            value={what}
            error={form.errorFor('action.what')}
            onChange={setWhat}
          />
          <TextInput
            name="action.dueBy"
            type="date"
            width={10}
            label={t('actions.dueBy')}
            value={dueBy}
            error={form.errorFor('action.dueBy')}
            onChange={setDueBy}
          />
        </>
      ) : (
        <ReasonField form={form} label={t('actions.noAgreementReason')} value={reason} onChange={setReason} />
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
  const caseId = view.referral.caseId;
  return (
    <>
      <h3 className="govuk-heading-s">{t('actions.agreed')}</h3>
      {resolve.failure ? <ProblemMessage error={resolve.failure} /> : null}
      {resolve.waiting ? <Waiting /> : null}
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
                        await resolve.submit((api) =>
                          api.POST('/api/cases/{caseId}/follow-up/actions/{actionId}', {
                            params: { path: { caseId, actionId: action.actionId } },
                            body: { result },
                          }),
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
  const form = useSubmit(() => {
    setSaved((n) => n + 1);
    onDone();
  });
  return (
    <ActionForm
      title={t('actions.checkIn')}
      submitLabel={t('actions.save')}
      form={form}
      send={(api) =>
        api.POST('/api/cases/{caseId}/follow-up/check-ins', {
          ...onCaseId(caseId),
          // What the person chose (possibly nothing), for the API to judge.
          body: {
            satisfaction: Number(satisfaction) || satisfaction,
            feelingOfSafety: Number(safety) || safety,
            wellbeingChange: wellbeing,
            ...(notes.trim() ? { notes } : {}),
          } as RequestBody<'recordCheckIn'>,
        })
      }
    >
      {saved > 0 ? (
        <p className="govuk-body" role="status" data-check-ins-saved={saved}>
          {t('actions.saved', { count: saved })}
        </p>
      ) : null}
      <Radios
        name="satisfaction"
        label={t('actions.satisfaction')}
        inline
        choices={SCORES.map((s) => ({ value: s, label: s }))}
        value={satisfaction}
        error={form.errorFor('satisfaction')}
        onChange={setSatisfaction}
      />
      <Radios
        name="feelingOfSafety"
        label={t('actions.safety')}
        inline
        choices={SCORES.map((s) => ({ value: s, label: s }))}
        value={safety}
        error={form.errorFor('feelingOfSafety')}
        onChange={setSafety}
      />
      <Radios
        name="wellbeingChange"
        label={t('actions.wellbeing')}
        inline
        choices={WELLBEING.map((w) => ({ value: w, label: t(`actions.wellbeing.${w}` as MessageKey) }))}
        value={wellbeing}
        error={form.errorFor('wellbeingChange')}
        onChange={setWellbeing}
      />
      <Textarea name="notes" label={t('actions.notes')} rows={3} value={notes} onChange={setNotes} />
    </ActionForm>
  );
}

/** The rules' own decisions are signed by this actor; a screener's decision carries their name. */
const RULES_ACTOR = 'system';

/**
 * A screener's decision on the rules' outcome: make a case that needs review (or that the rules
 * found ineligible) eligible, or the reverse — once, with a reason that the record keeps.
 */
export function ScreeningDecision({ view, onDone }: { view: CaseView; onDone: () => void }) {
  const { t } = useI18n();
  const { principal } = useSession();
  const screening = view.screening;
  const [outcome, setOutcome] = useState<string>('');
  const [reason, setReason] = useState('');
  const form = useSubmit(onDone);
  if (!screening || screening.decidedBy !== RULES_ACTOR || !hasAnyRole(principal, 'screener')) return null;
  const choices = (['eligible', 'ineligible'] as const).filter((choice) => choice !== screening.outcome);
  return (
    <ActionForm
      title={t('actions.screeningDecision')}
      form={form}
      send={(api) =>
        api.POST('/api/cases/{caseId}/screening/decision', {
          ...onCase(view),
          body: { outcome: outcome as RequestBody<'recordManualDecision'>['outcome'], reason },
        })
      }
    >
      <p className="govuk-body">
        {t('actions.screeningDecisionLead', { outcome: t(`status.${screening.outcome}` as MessageKey) })}
      </p>
      <Radios
        name="outcome"
        label={t('actions.screeningOutcome')}
        choices={choices.map((choice) => ({ value: choice, label: t(`status.${choice}` as MessageKey) }))}
        value={outcome}
        error={form.errorFor('outcome')}
        onChange={setOutcome}
      />
      <ReasonField
        form={form}
        label={t('actions.screeningReason')}
        hint={t('actions.screeningReasonHint')}
        value={reason}
        onChange={setReason}
      />
    </ActionForm>
  );
}

interface Facilitator {
  readonly id: string;
  readonly name: string;
  readonly accreditation: string;
  readonly languages: readonly string[];
  readonly maxCaseload: number;
  readonly caseload: number;
  readonly active: boolean;
}

/**
 * Choosing a facilitator by hand (a case worker), when the rules found none or another should take
 * it: every facilitator of the service, with the rules' own reasons why each could not take it.
 */
export function FacilitatorAssignment({ view, onDone }: { view: CaseView; onDone: () => void }) {
  const { t, number } = useI18n();
  const { api, principal } = useSession();
  const conference = view.conference;
  const open =
    conference !== null &&
    hasAnyRole(principal, 'case-worker') &&
    ['awaiting-facilitator', 'facilitator-assigned'].includes(conference.status);
  const roster = useResource(open ? 'facilitators' : 'facilitators:closed', (signal) =>
    open
      ? answer<{ facilitators: Facilitator[] }>(api.GET('/api/facilitators', { signal }))
      : Promise.resolve({ facilitators: [] }),
  );
  const [facilitatorId, setFacilitatorId] = useState('');
  const [reason, setReason] = useState('');
  const form = useSubmit(onDone);
  if (!open || !conference) return null;
  const unsuitable = new Map(
    (conference.facilitatorUnavailable?.reasons ?? []).map((entry) => [entry.facilitatorId, entry.reasons]),
  );
  const facilitators = roster.state === 'ready' ? roster.data.facilitators : [];
  const why = (f: Facilitator): string => {
    if (f.id === conference.facilitatorId) return t('facilitator.assigned');
    const reasons = unsuitable.get(f.id) ?? [
      ...(f.active ? [] : ['inactive']),
      ...(f.caseload >= f.maxCaseload ? ['at-capacity'] : []),
    ];
    return reasons.length === 0
      ? t('facilitator.may')
      : reasons.map((r) => t(`facilitator.reason.${r}` as MessageKey)).join('; ');
  };
  return (
    <ActionForm
      title={t('actions.assignFacilitator')}
      form={form}
      send={(api) =>
        api.POST('/api/cases/{caseId}/conference/facilitator', {
          ...onCase(view),
          body: { facilitatorId, reason },
        })
      }
    >
      {conference.facilitatorUnavailable ? (
        <p className="govuk-body" data-testid="no-facilitator">
          {conference.facilitatorUnavailable.explanation}
        </p>
      ) : null}
      {roster.state === 'error' ? <ProblemMessage error={roster.error} onRetry={roster.reload} /> : null}
      <Radios
        name="facilitatorId"
        label={t('actions.facilitator')}
        choices={facilitators.map((f) => ({
          value: f.id,
          label: `${f.name} (${t('facilitator.caseload', { caseload: number(f.caseload), max: number(f.maxCaseload) })}, ${f.accreditation}, ${f.languages.join(', ')})`,
          hint: why(f),
        }))}
        value={facilitatorId}
        error={form.errorFor('facilitatorId')}
        onChange={setFacilitatorId}
      />
      <ReasonField form={form} label={t('actions.assignReason')} value={reason} onChange={setReason} />
    </ActionForm>
  );
}
