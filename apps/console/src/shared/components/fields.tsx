// GOV.UK Design System form fields, rendered by our own components: label, hint, error message and
// the error state on the group, with ids that the error summary links to.
import type { ChangeEvent, ReactNode } from 'react';

export const fieldId = (name: string): string => `field-${name.replace(/[^a-zA-Z0-9]+/g, '-')}`;

interface FieldProps {
  readonly name: string;
  readonly label: string;
  readonly hint?: string;
  readonly error?: string;
}

/** A field that holds one text value. */
type ValueProps = FieldProps & { readonly value: string; readonly onChange: (value: string) => void };

function describedBy(name: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? `${fieldId(name)}-hint` : '', error ? `${fieldId(name)}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

function Hint({ name, hint }: { name: string; hint?: string }) {
  return hint ? (
    <div id={`${fieldId(name)}-hint`} className="govuk-hint">
      {hint}
    </div>
  ) : null;
}

function ErrorMessage({ name, error }: { name: string; error?: string }) {
  return error ? (
    <p id={`${fieldId(name)}-error`} className="govuk-error-message">
      <span className="govuk-visually-hidden">Error:</span> {error}
    </p>
  ) : null;
}

/**
 * What every labelled control carries: its GOV.UK class (with `modifier` and the error state), the
 * field's id and name, its value, what describes it and the change handler.
 */
const controlProps = (
  kind: 'input' | 'textarea' | 'select',
  { name, hint, error, value, onChange }: ValueProps,
  modifier = '',
) => ({
  className: `govuk-${kind}${modifier}${error ? ` govuk-${kind}--error` : ''}`,
  id: fieldId(name),
  name,
  value,
  'aria-describedby': describedBy(name, hint, error),
  onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) =>
    onChange(event.target.value),
});

const groupClass = (error?: string) => `govuk-form-group${error ? ' govuk-form-group--error' : ''}`;

/** One labelled control: the group, its label, hint and error message (the control is the child). */
function LabelledField({ name, label, hint, error, children }: FieldProps & { children: ReactNode }) {
  return (
    <div className={groupClass(error)}>
      <label className="govuk-label" htmlFor={fieldId(name)}>
        {label}
      </label>
      <Hint name={name} hint={hint} />
      <ErrorMessage name={name} error={error} />
      {children}
    </div>
  );
}

export function TextInput(
  props: ValueProps & {
    readonly type?: 'text' | 'email' | 'tel' | 'date' | 'datetime-local';
    readonly width?: 10 | 20 | 30;
    readonly autoComplete?: string;
  },
) {
  const { type = 'text', width, autoComplete } = props;
  return (
    <LabelledField {...props}>
      <input
        {...controlProps('input', props, width ? ` govuk-input--width-${width}` : '')}
        type={type}
        autoComplete={autoComplete ?? 'off'}
        spellCheck={false}
      />
    </LabelledField>
  );
}

export function Textarea(props: ValueProps & { readonly rows?: number }) {
  return (
    <LabelledField {...props}>
      <textarea {...controlProps('textarea', props)} rows={props.rows ?? 5} />
    </LabelledField>
  );
}

export interface Choice {
  readonly value: string;
  readonly label: string;
  /** A line under the choice's label (GOV.UK's item hint). */
  readonly hint?: string;
}

function Fieldset({ name, label, hint, error, children }: FieldProps & { children: ReactNode }) {
  return (
    <div className={groupClass(error)}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy(name, hint, error)}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{label}</legend>
        <Hint name={name} hint={hint} />
        <ErrorMessage name={name} error={error} />
        {children}
      </fieldset>
    </div>
  );
}

/**
 * GOV.UK radios or checkboxes: per choice an input, its label and its hint. The first input takes
 * the field's id, where the error summary links to.
 */
function ChoiceItems({
  kind,
  name,
  choices,
  checked,
  onToggle,
}: {
  readonly kind: 'radios' | 'checkboxes';
  readonly name: string;
  readonly choices: readonly Choice[];
  readonly checked: (value: string) => boolean;
  readonly onToggle: (value: string) => void;
}) {
  return choices.map((choice, index) => {
    const id = index === 0 ? fieldId(name) : `${fieldId(name)}-${index}`;
    return (
      <div className={`govuk-${kind}__item`} key={choice.value}>
        <input
          className={`govuk-${kind}__input`}
          id={id}
          name={name}
          type={kind === 'radios' ? 'radio' : 'checkbox'}
          value={choice.value}
          checked={checked(choice.value)}
          aria-describedby={choice.hint ? `${id}-item-hint` : undefined}
          onChange={() => onToggle(choice.value)}
        />
        <label className={`govuk-label govuk-${kind}__label`} htmlFor={id}>
          {choice.label}
        </label>
        {choice.hint ? (
          <div id={`${id}-item-hint`} className={`govuk-hint govuk-${kind}__hint`}>
            {choice.hint}
          </div>
        ) : null}
      </div>
    );
  });
}

export function Radios(
  props: ValueProps & { readonly choices: readonly Choice[]; readonly inline?: boolean },
) {
  const { name, choices, value, onChange, inline } = props;
  return (
    <Fieldset {...props}>
      <div className={`govuk-radios${inline ? ' govuk-radios--inline' : ''}`}>
        <ChoiceItems
          kind="radios"
          name={name}
          choices={choices}
          checked={(choice) => choice === value}
          onToggle={onChange}
        />
      </div>
    </Fieldset>
  );
}

export function Checkboxes(
  props: FieldProps & {
    readonly choices: readonly Choice[];
    readonly values: readonly string[];
    readonly onChange: (values: string[]) => void;
  },
) {
  const { name, choices, values, onChange } = props;
  return (
    <Fieldset {...props}>
      <div className="govuk-checkboxes govuk-checkboxes--small">
        <ChoiceItems
          kind="checkboxes"
          name={name}
          choices={choices}
          checked={(choice) => values.includes(choice)}
          onToggle={(choice) =>
            onChange(values.includes(choice) ? values.filter((v) => v !== choice) : [...values, choice])
          }
        />
      </div>
    </Fieldset>
  );
}

export interface DateParts {
  readonly day: string;
  readonly month: string;
  readonly year: string;
}

export function DateInput(
  props: FieldProps & {
    readonly value: DateParts;
    readonly onChange: (value: DateParts) => void;
    readonly labels: { day: string; month: string; year: string };
  },
) {
  const { name, value, onChange, labels, error } = props;
  const part = (key: keyof DateParts, width: 2 | 4) => (
    <div className="govuk-date-input__item" key={key}>
      <div className="govuk-form-group">
        <label
          className="govuk-label govuk-date-input__label"
          htmlFor={key === 'day' ? fieldId(name) : `${fieldId(name)}-${key}`}
        >
          {labels[key]}
        </label>
        <input
          className={`govuk-input govuk-date-input__input govuk-input--width-${width}${error ? ' govuk-input--error' : ''}`}
          id={key === 'day' ? fieldId(name) : `${fieldId(name)}-${key}`}
          name={`${name}-${key}`}
          type="text"
          inputMode="numeric"
          value={value[key]}
          onChange={(event) => onChange({ ...value, [key]: event.target.value })}
        />
      </div>
    </div>
  );
  return (
    <Fieldset {...props}>
      <div className="govuk-date-input">{[part('day', 2), part('month', 2), part('year', 4)]}</div>
    </Fieldset>
  );
}

/** "2026-03-27" from day/month/year boxes, or null when it is not a real date. */
export function isoDate(parts: DateParts): string | null {
  const [day, month, year] = [Number(parts.day), Number(parts.month), Number(parts.year)];
  if (![day, month, year].every(Number.isInteger) || year < 1900 || year > 9999) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return null;
  return date.toISOString().slice(0, 10);
}

export function Select(
  props: ValueProps & { readonly choices: readonly Choice[]; readonly placeholder?: string },
) {
  const { choices, placeholder } = props;
  return (
    <LabelledField {...props}>
      <select {...controlProps('select', props)}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </LabelledField>
  );
}
