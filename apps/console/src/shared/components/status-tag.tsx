import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n';

const COLOURS: Record<string, string> = {
  received: 'govuk-tag--blue',
  accepted: 'govuk-tag--turquoise',
  declined: 'govuk-tag--red',
  eligible: 'govuk-tag--green',
  ineligible: 'govuk-tag--red',
  'needs-review': 'govuk-tag--yellow',
  'awaiting-consent': 'govuk-tag--yellow',
  consented: 'govuk-tag--green',
  'consent-declined': 'govuk-tag--red',
  'consent-withdrawn': 'govuk-tag--red',
  conferencing: 'govuk-tag--purple',
  'conference-scheduled': 'govuk-tag--purple',
  'agreement-reached': 'govuk-tag--green',
  'no-agreement': 'govuk-tag--orange',
  'follow-up': 'govuk-tag--light-blue',
  closed: 'govuk-tag--grey',
  halted: 'govuk-tag--red',
  amended: 'govuk-tag--blue',
  'consents-complete': 'govuk-tag--green',
  'facilitator-assigned': 'govuk-tag--purple',
  'conference-cancelled': 'govuk-tag--red',
  cancelled: 'govuk-tag--red',
  requested: 'govuk-tag--yellow',
  complete: 'govuk-tag--green',
};

/** A case status as a GOV.UK tag; an unknown status is shown as it is rather than hidden. */
export function StatusTag({ status }: { status: string }) {
  const { t } = useI18n();
  const key = `status.${status}` as MessageKey;
  const translated = t(key);
  const label = translated === key ? status : translated;
  return (
    <strong className={`govuk-tag ${COLOURS[status] ?? 'govuk-tag--grey'}`} data-status={status}>
      {label}
    </strong>
  );
}
