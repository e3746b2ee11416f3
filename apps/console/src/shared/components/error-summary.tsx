import { useEffect, useRef } from 'react';
import { fieldId } from './fields';

export interface SummaryError {
  /** The field's name (its input gets `fieldId(name)`), or undefined for an error about the whole form. */
  readonly field?: string;
  readonly message: string;
}

/** GOV.UK error summary: focused when it appears, each error linking to its field. */
export function ErrorSummary({
  title,
  errors,
  lead,
}: {
  title: string;
  errors: readonly SummaryError[];
  lead?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (errors.length > 0) ref.current?.focus();
  }, [errors]);
  if (errors.length === 0) return null;
  return (
    <div className="govuk-error-summary" data-module="govuk-error-summary" ref={ref} tabIndex={-1}>
      <div role="alert">
        <h2 className="govuk-error-summary__title">{title}</h2>
        <div className="govuk-error-summary__body">
          {lead ? <p className="govuk-body">{lead}</p> : null}
          <ul className="govuk-list govuk-error-summary__list">
            {errors.map((error, index) => (
              <li key={`${error.field ?? ''}-${index}`}>
                {error.field ? <a href={`#${fieldId(error.field)}`}>{error.message}</a> : error.message}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}
