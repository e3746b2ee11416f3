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
  props: FieldProps & {
    readonly value: string;
    readonly onChange: (value: string) => void;
    readonly type?: 'text' | 'email' | 'tel' | 'date' | 'datetime-local';
    readonly width?: 10 | 20 | 30;
    readonly autoComplete?: string;
  },
) {
  const { name, label, hint, error, value, onChange, type = 'text', width, autoComplete } = props;
  return (
    <LabelledField name={name} label={label} hint={hint} error={error}>
      <input
        className={`govuk-input${width ? ` govuk-input--width-${width}` : ''}${error ? ' govuk-input--error' : ''}`}
        id={fieldId(name)}
        name={name}
        type={type}
        value={value}
        autoComplete={autoComplete ?? 'off'}
        spellCheck={false}
        aria-describedby={describedBy(name, hint, error)}
        onChange={(event: ChangeEvent<HTMLInputElement>) => onChange(event.target.value)}
      />
    </LabelledField>
  );
}

export function Textarea(
  props: FieldProps & {
    readonly value: string;
    readonly onChange: (value: string) => void;
    readonly rows?: number;
  },
) {
  const { name, label, hint, error, value, onChange, rows = 5 } = props;
  return (
    <LabelledField name={name} label={label} hint={hint} error={error}>
      <textarea
        className={`govuk-textarea${error ? ' govuk-textarea--error' : ''}`}
        id={fieldId(name)}
        name={name}
        rows={rows}
        value={value}
        aria-describedby={describedBy(name, hint, error)}
        onChange={(event) => onChange(event.target.value)}
      />
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

export function Radios(
  props: FieldProps & {
    readonly choices: readonly Choice[];
    readonly value: string;
    readonly onChange: (value: string) => void;
    readonly inline?: boolean;
  },
) {
  const { name, choices, value, onChange, inline } = props;
  return (
    <Fieldset {...props}>
      <div className={`govuk-radios${inline ? ' govuk-radios--inline' : ''}`}>
        {choices.map((choice, index) => {
          const id = index === 0 ? fieldId(name) : `${fieldId(name)}-${index}`;
          return (
            <div className="govuk-radios__item" key={choice.value}>
              <input
                className="govuk-radios__input"
                id={id}
                name={name}
                type="radio"
                value={choice.value}
                checked={value === choice.value}
                aria-describedby={choice.hint ? `${id}-item-hint` : undefined}
                onChange={() => onChange(choice.value)}
              />
              <label className="govuk-label govuk-radios__label" htmlFor={id}>
                {choice.label}
              </label>
              {choice.hint ? (
                <div id={`${id}-item-hint`} className="govuk-hint govuk-radios__hint">
                  {choice.hint}
                </div>
              ) : null}
            </div>
          );
        })}
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
        {choices.map((choice, index) => {
          const id = index === 0 ? fieldId(name) : `${fieldId(name)}-${index}`;
          const checked = values.includes(choice.value);
          return (
            <div className="govuk-checkboxes__item" key={choice.value}>
              <input
                className="govuk-checkboxes__input"
                id={id}
                name={name}
                type="checkbox"
                value={choice.value}
                checked={checked}
                onChange={() =>
                  onChange(checked ? values.filter((v) => v !== choice.value) : [...values, choice.value])
                }
              />
              <label className="govuk-label govuk-checkboxes__label" htmlFor={id}>
                {choice.label}
              </label>
            </div>
          );
        })}
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
  props: FieldProps & {
    readonly choices: readonly Choice[];
    readonly value: string;
    readonly onChange: (value: string) => void;
    readonly placeholder?: string;
  },
) {
  const { name, label, hint, error, choices, value, onChange, placeholder } = props;
  return (
    <LabelledField name={name} label={label} hint={hint} error={error}>
      <select
        className={`govuk-select${error ? ' govuk-select--error' : ''}`}
        id={fieldId(name)}
        name={name}
        value={value}
        aria-describedby={describedBy(name, hint, error)}
        onChange={(event) => onChange(event.target.value)}
      >
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
