import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { OFFENCE_CATEGORIES, RISK_LEVELS } from '@accord/contracts/events/case-vocabulary';
import { ApiProblem } from '../../shared/api/problem';
import { answer } from '../../shared/api/api-client';
import { useSession } from '../../shared/auth/session';
import { ErrorSummary, type SummaryError } from '../../shared/components/error-summary';
import { Checkboxes, DateInput, Radios, Select, Textarea, TextInput } from '../../shared/components/fields';
import { ProblemMessage } from '../../shared/components/page-states';
import type { MessageKey } from '../../shared/i18n/en';
import { useI18n } from '../../shared/i18n/i18n';
import {
  CONTACT_METHODS,
  emptyReferralForm,
  formErrorsFromProblems,
  toSubmitRequest,
  type FormErrors,
  type FormField,
  type PersonFields,
  type ReferralForm,
} from './referral-form';

const DRAFT_KEY = 'accord.referralDraft';

function loadDraft(): ReferralForm {
  try {
    const stored = globalThis.sessionStorage.getItem(DRAFT_KEY);
    if (stored) return JSON.parse(stored) as ReferralForm;
  } catch {
    // A draft that cannot be read is started again.
  }
  return emptyReferralForm(() => globalThis.crypto.randomUUID());
}

const FIELD_LABEL: Record<FormField, MessageKey> = {
  receivingService: 'referral.receivingService',
  referrerReference: 'referral.referrerReference',
  offenceCategory: 'referral.offenceCategory',
  incidentDate: 'referral.incidentDate',
  summary: 'referral.summary',
  'harmed.name': 'referral.name',
  'harmed.dateOfBirth': 'referral.dateOfBirth',
  'harmed.language': 'referral.language',
  'harmed.methods': 'referral.contactMethods',
  'harmed.email': 'referral.email',
  'harmed.phone': 'referral.phone',
  'harmed.address': 'referral.address',
  'harmed.willing': 'referral.willing',
  'responsible.name': 'referral.name',
  'responsible.dateOfBirth': 'referral.dateOfBirth',
  'responsible.language': 'referral.language',
  'responsible.methods': 'referral.contactMethods',
  'responsible.email': 'referral.email',
  'responsible.phone': 'referral.phone',
  'responsible.address': 'referral.address',
  'responsible.accepts': 'referral.accepts',
  riskLevel: 'referral.riskLevel',
  riskFlags: 'referral.riskFlags',
  pendingCourt: 'referral.pendingCourt',
};

/** The referrer's form: errors as the API reports them, never loses what was typed, one case per form. */
export function NewReferralPage() {
  const { t } = useI18n();
  const { api } = useSession();
  const [form, setForm] = useState<ReferralForm>(loadDraft);
  const [errors, setErrors] = useState<FormErrors>({});
  const [otherErrors, setOtherErrors] = useState<string[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState<string | null>(null);

  useEffect(() => {
    if (!sent) globalThis.sessionStorage.setItem(DRAFT_KEY, JSON.stringify(form));
  }, [form, sent]);

  const update = (change: Partial<ReferralForm>) => setForm((current) => ({ ...current, ...change }));
  const updatePerson = <K extends 'harmed' | 'responsible'>(who: K, change: Partial<ReferralForm[K]>) =>
    setForm((current) => ({ ...current, [who]: { ...current[who], ...change } }));
  const label = (field: FormField) => t(FIELD_LABEL[field]).toLowerCase();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (sending) return;
    const prepared = toSubmitRequest(form, {
      date: (field) => t('validation.date', { field: t(FIELD_LABEL[field]) }),
      select: (field) => t('validation.select', { field: label(field) }),
    });
    if ('errors' in prepared) {
      setErrors(prepared.errors);
      setOtherErrors([]);
      setFailure(null);
      return;
    }
    setSending(true);
    try {
      const created = await answer<{ caseId: string }>(
        api.POST('/api/referrals', {
          params: { header: { 'Idempotency-Key': form.idempotencyKey } },
          body: prepared.body,
        }),
      );
      globalThis.sessionStorage.removeItem(DRAFT_KEY);
      setSent(created.caseId);
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 400 && error.fieldProblems.length > 0) {
        const mapped = formErrorsFromProblems(error.fieldProblems);
        setErrors(mapped.fields);
        setOtherErrors(mapped.other);
        setFailure(null);
      } else {
        setErrors({});
        setOtherErrors([]);
        setFailure(error);
      }
    } finally {
      setSending(false);
    }
  }

  if (sent) {
    return (
      <>
        <div className="govuk-panel govuk-panel--confirmation">
          <h1 className="govuk-panel__title">{t('referral.sent')}</h1>
          <div className="govuk-panel__body" data-testid="case-id">
            {sent}
          </div>
        </div>
        <p className="govuk-body">{t('referral.sentBody', { caseId: sent })}</p>
        <p className="govuk-body">
          <Link className="govuk-link" to={`/referrals/${sent}`}>
            {t('nav.outbox')}
          </Link>
        </p>
      </>
    );
  }

  const summary: SummaryError[] = [
    ...Object.entries(errors).map(([field, message]) => ({ field, message: message ?? '' })),
    ...otherErrors.map((message) => ({ message })),
  ];
  const personFields = (who: 'harmed' | 'responsible', fields: PersonFields) => (
    <>
      <TextInput
        name={`${who}.name`}
        label={t('referral.name')}
        value={fields.name}
        error={errors[`${who}.name`]}
        onChange={(name) => updatePerson(who, { name })}
        autoComplete="off"
      />
      <DateInput
        name={`${who}.dateOfBirth`}
        label={t('referral.dateOfBirth')}
        labels={{ day: t('referral.day'), month: t('referral.month'), year: t('referral.year') }}
        value={fields.dateOfBirth}
        error={errors[`${who}.dateOfBirth`]}
        onChange={(dateOfBirth) => updatePerson(who, { dateOfBirth })}
      />
      <TextInput
        name={`${who}.language`}
        label={t('referral.language')}
        hint={t('referral.languageHint')}
        width={10}
        value={fields.language}
        error={errors[`${who}.language`]}
        onChange={(language) => updatePerson(who, { language })}
      />
      <Checkboxes
        name={`${who}.methods`}
        label={t('referral.contactMethods')}
        hint={t('referral.contactMethodsHint')}
        choices={CONTACT_METHODS.map((method) => ({ value: method, label: t(`referral.method.${method}`) }))}
        values={fields.methods}
        error={errors[`${who}.methods`]}
        onChange={(methods) => updatePerson(who, { methods })}
      />
      {fields.methods.includes('email') || errors[`${who}.email`] ? (
        <TextInput
          name={`${who}.email`}
          type="email"
          label={t('referral.email')}
          value={fields.email}
          error={errors[`${who}.email`]}
          onChange={(email) => updatePerson(who, { email })}
        />
      ) : null}
      {fields.methods.includes('phone') || errors[`${who}.phone`] ? (
        <TextInput
          name={`${who}.phone`}
          type="tel"
          width={20}
          label={t('referral.phone')}
          value={fields.phone}
          error={errors[`${who}.phone`]}
          onChange={(phone) => updatePerson(who, { phone })}
        />
      ) : null}
      {fields.methods.includes('letter') || errors[`${who}.address`] ? (
        <Textarea
          name={`${who}.address`}
          rows={3}
          label={t('referral.address')}
          value={fields.address}
          error={errors[`${who}.address`]}
          onChange={(address) => updatePerson(who, { address })}
        />
      ) : null}
    </>
  );
  const yesNo = [
    { value: 'yes', label: t('common.yes') },
    { value: 'no', label: t('common.no') },
  ];

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary title={t('common.errorTitle')} lead={t('referral.kept')} errors={summary} />
        {failure ? <ProblemMessage error={failure} /> : null}
        <h1 className="govuk-heading-l">{t('referral.new.title')}</h1>
        <p className="govuk-body">{t('referral.new.lead')}</p>
        <form noValidate onSubmit={submit} aria-busy={sending}>
          <h2 className="govuk-heading-m">{t('referral.section.case')}</h2>
          <TextInput
            name="receivingService"
            label={t('referral.receivingService')}
            hint={t('referral.receivingServiceHint')}
            width={20}
            value={form.receivingService}
            error={errors.receivingService}
            onChange={(receivingService) => update({ receivingService })}
          />
          <TextInput
            name="referrerReference"
            label={t('referral.referrerReference')}
            hint={t('referral.referrerReferenceHint')}
            width={20}
            value={form.referrerReference}
            error={errors.referrerReference}
            onChange={(referrerReference) => update({ referrerReference })}
          />
          <Select
            name="offenceCategory"
            label={t('referral.offenceCategory')}
            placeholder=""
            choices={OFFENCE_CATEGORIES.map((category) => ({
              value: category,
              label: t(`category.${category}`),
            }))}
            value={form.offenceCategory}
            error={errors.offenceCategory}
            onChange={(offenceCategory) => update({ offenceCategory })}
          />
          <DateInput
            name="incidentDate"
            label={t('referral.incidentDate')}
            hint={t('referral.incidentDateHint')}
            labels={{ day: t('referral.day'), month: t('referral.month'), year: t('referral.year') }}
            value={form.incidentDate}
            error={errors.incidentDate}
            onChange={(incidentDate) => update({ incidentDate })}
          />
          <Textarea
            name="summary"
            label={t('referral.summary')}
            hint={t('referral.summaryHint')}
            value={form.summary}
            error={errors.summary}
            onChange={(summary) => update({ summary })}
          />

          <h2 className="govuk-heading-m">{t('referral.section.harmed')}</h2>
          {personFields('harmed', form.harmed)}
          <Radios
            name="harmed.willing"
            label={t('referral.willing')}
            inline
            choices={yesNo}
            value={form.harmed.willing}
            error={errors['harmed.willing']}
            onChange={(willing) => updatePerson('harmed', { willing })}
          />

          <h2 className="govuk-heading-m">{t('referral.section.responsible')}</h2>
          {personFields('responsible', form.responsible)}
          <Radios
            name="responsible.accepts"
            label={t('referral.accepts')}
            inline
            choices={yesNo}
            value={form.responsible.accepts}
            error={errors['responsible.accepts']}
            onChange={(accepts) => updatePerson('responsible', { accepts })}
          />

          <h2 className="govuk-heading-m">{t('referral.section.risk')}</h2>
          <Radios
            name="riskLevel"
            label={t('referral.riskLevel')}
            choices={RISK_LEVELS.map((level) => ({ value: level, label: t(`risk.${level}`) }))}
            value={form.riskLevel}
            error={errors.riskLevel}
            onChange={(riskLevel) => update({ riskLevel })}
          />
          <Textarea
            name="riskFlags"
            rows={3}
            label={t('referral.riskFlags')}
            hint={t('referral.riskFlagsHint')}
            value={form.riskFlags}
            error={errors.riskFlags}
            onChange={(riskFlags) => update({ riskFlags })}
          />
          <Radios
            name="pendingCourt"
            label={t('referral.pendingCourt')}
            inline
            choices={yesNo}
            value={form.pendingCourt}
            error={errors.pendingCourt}
            onChange={(pendingCourt) => update({ pendingCourt })}
          />

          <button
            type="submit"
            className="govuk-button"
            data-module="govuk-button"
            disabled={sending}
            aria-disabled={sending}
          >
            {sending ? t('referral.sending') : t('referral.submit')}
          </button>
        </form>
      </div>
    </div>
  );
}
