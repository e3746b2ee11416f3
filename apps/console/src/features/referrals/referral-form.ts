// The new-referral form's logic, apart from its markup: the fields as typed, the request the API
// takes, and the API's field errors mapped back onto the fields that caused them.
import { isoDate, type DateParts } from '../../shared/components/fields';
import type { FieldProblem } from '../../shared/api/problem';
import type { RequestBody } from '../../shared/api/api-client';

type SubmitReferral = RequestBody<'submitReferral'>;
type ContactPreferences = SubmitReferral['people']['harmed'][number]['contactPreferences'];

export const CONTACT_METHODS = ['email', 'phone', 'letter'] as const;

export interface PersonFields {
  name: string;
  dateOfBirth: DateParts;
  language: string;
  methods: string[];
  email: string;
  phone: string;
  address: string;
}

export interface ReferralForm {
  /** Sent as Idempotency-Key: a double click or a retry of the same form makes one case. */
  idempotencyKey: string;
  receivingService: string;
  referrerReference: string;
  offenceCategory: string;
  incidentDate: DateParts;
  summary: string;
  harmed: PersonFields & { willing: string };
  responsible: PersonFields & { accepts: string };
  riskLevel: string;
  riskFlags: string;
  pendingCourt: string;
}

const emptyDate = (): DateParts => ({ day: '', month: '', year: '' });
const emptyPerson = (): PersonFields => ({
  name: '',
  dateOfBirth: emptyDate(),
  language: 'en',
  methods: [],
  email: '',
  phone: '',
  address: '',
});

export function emptyReferralForm(newKey: () => string): ReferralForm {
  return {
    idempotencyKey: newKey(),
    receivingService: '',
    referrerReference: '',
    offenceCategory: '',
    incidentDate: emptyDate(),
    summary: '',
    harmed: { ...emptyPerson(), willing: '' },
    responsible: { ...emptyPerson(), accepts: '' },
    riskLevel: '',
    riskFlags: '',
    pendingCourt: '',
  };
}

/** Field names as the form knows them (and as `fieldId` turns them into element ids). */
export type FormField =
  | 'receivingService'
  | 'referrerReference'
  | 'offenceCategory'
  | 'incidentDate'
  | 'summary'
  | `${'harmed' | 'responsible'}.${'name' | 'dateOfBirth' | 'language' | 'methods' | 'email' | 'phone' | 'address'}`
  | 'harmed.willing'
  | 'responsible.accepts'
  | 'riskLevel'
  | 'riskFlags'
  | 'pendingCourt';

export type FormErrors = Partial<Record<FormField, string>>;

function person(fields: PersonFields, dateOfBirth: string | null) {
  const contact: ContactPreferences = { methods: [...fields.methods] as ContactPreferences['methods'] };
  if (fields.methods.includes('email') || fields.email) contact.email = fields.email;
  if (fields.methods.includes('phone') || fields.phone) contact.phone = fields.phone;
  if (fields.methods.includes('letter') || fields.address) contact.address = fields.address;
  return {
    name: fields.name,
    dateOfBirth: dateOfBirth ?? '',
    language: fields.language,
    contactPreferences: contact,
  };
}

const yesNo = (value: string): boolean | undefined =>
  value === 'yes' ? true : value === 'no' ? false : undefined;

/**
 * The request body, or the errors the console can see before asking (only what the API cannot be
 * sent at all, such as a date that does not exist); every other rule is the API's to report.
 */
export function toSubmitRequest(
  form: ReferralForm,
  messages: { date: (field: FormField) => string; select: (field: FormField) => string },
): { body: SubmitReferral } | { errors: FormErrors } {
  const errors: FormErrors = {};
  const incidentDate = isoDate(form.incidentDate);
  if (!incidentDate) errors.incidentDate = messages.date('incidentDate');
  const harmedBirth = isoDate(form.harmed.dateOfBirth);
  if (!harmedBirth) errors['harmed.dateOfBirth'] = messages.date('harmed.dateOfBirth');
  const responsibleBirth = isoDate(form.responsible.dateOfBirth);
  if (!responsibleBirth) errors['responsible.dateOfBirth'] = messages.date('responsible.dateOfBirth');
  const willing = yesNo(form.harmed.willing);
  if (willing === undefined) errors['harmed.willing'] = messages.select('harmed.willing');
  const accepts = yesNo(form.responsible.accepts);
  if (accepts === undefined) errors['responsible.accepts'] = messages.select('responsible.accepts');
  const pending = yesNo(form.pendingCourt);
  if (pending === undefined) errors.pendingCourt = messages.select('pendingCourt');
  if (
    Object.keys(errors).length > 0 ||
    !incidentDate ||
    !harmedBirth ||
    !responsibleBirth ||
    willing === undefined ||
    accepts === undefined ||
    pending === undefined
  )
    return { errors };
  return {
    body: {
      receivingService: form.receivingService.trim(),
      referrerReference: form.referrerReference.trim(),
      // The choices as made (possibly none): the API names a missing one on its field.
      incident: {
        offenceCategory: form.offenceCategory as SubmitReferral['incident']['offenceCategory'],
        date: incidentDate,
        summary: form.summary,
      },
      people: {
        harmed: [{ ...person(form.harmed, harmedBirth), willingToBeContacted: willing }],
        responsible: [{ ...person(form.responsible, responsibleBirth), acceptsResponsibility: accepts }],
        supporters: [],
      },
      riskLevel: form.riskLevel as SubmitReferral['riskLevel'],
      riskFlags: form.riskFlags
        .split('\n')
        .map((flag) => flag.trim())
        .filter(Boolean),
      pendingCourtProceedings: pending,
    },
  };
}

const API_TO_FORM: readonly [RegExp, (match: RegExpMatchArray) => FormField][] = [
  [/^receivingService$/, () => 'receivingService'],
  [/^referrerReference$/, () => 'referrerReference'],
  [/^incident\.offenceCategory$/, () => 'offenceCategory'],
  [/^incident\.date$/, () => 'incidentDate'],
  [/^incident\.summary$/, () => 'summary'],
  [/^riskLevel$/, () => 'riskLevel'],
  [/^riskFlags(\.\d+)?$/, () => 'riskFlags'],
  [/^pendingCourtProceedings$/, () => 'pendingCourt'],
  [/^people\.harmed\.0\.willingToBeContacted$/, () => 'harmed.willing'],
  [/^people\.responsible\.0\.acceptsResponsibility$/, () => 'responsible.accepts'],
  [
    /^people\.(harmed|responsible)\.0\.contactPreferences\.(methods|email|phone|address)(\.\d+)?$/,
    (m) => `${m[1] as 'harmed'}.${m[2] as 'email'}`,
  ],
  [
    /^people\.(harmed|responsible)\.0\.(name|dateOfBirth|language)$/,
    (m) => `${m[1] as 'harmed'}.${m[2] as 'name'}`,
  ],
];

/** The API's field problems on the fields of the form; what matches no field stays for the summary. */
export function formErrorsFromProblems(problems: readonly FieldProblem[]): {
  fields: FormErrors;
  other: string[];
} {
  const fields: FormErrors = {};
  const other: string[] = [];
  for (const problem of problems) {
    const rule = API_TO_FORM.map(([pattern, field]) => {
      const match = problem.field.match(pattern);
      return match ? field(match) : undefined;
    }).find(Boolean);
    if (rule) fields[rule] ??= problem.message;
    else other.push(problem.field ? `${problem.field}: ${problem.message}` : problem.message);
  }
  return { fields, other };
}
