import type { ReactNode } from 'react';

/** A page section named by its own heading (GOV.UK medium), so assistive technology announces it. */
export function Section({ id, heading, children }: { id: string; heading: ReactNode; children: ReactNode }) {
  return (
    <section aria-labelledby={id}>
      <h2 className="govuk-heading-m" id={id}>
        {heading}
      </h2>
      {children}
    </section>
  );
}
