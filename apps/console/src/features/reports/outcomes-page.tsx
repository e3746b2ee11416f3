import { useSession } from '../../shared/auth/session';
import { Empty, Loading, ProblemMessage } from '../../shared/components/page-states';
import { useI18n } from '../../shared/i18n/i18n';
import { useResource } from '../../shared/use-resource';

interface AgencyOutcomes {
  readonly referringAgency: string;
  readonly cases: number;
  readonly byStage: Readonly<Record<string, number>>;
  readonly byOutcome: Readonly<Record<string, number>>;
  readonly meanDaysInStage: Readonly<Record<string, number | null>>;
  readonly checkIns: {
    readonly recorded: number;
    readonly meanSatisfaction: number | null;
    readonly meanFeelingOfSafety: number | null;
  };
}

interface OutcomesReport {
  readonly agencies: readonly AgencyOutcomes[];
}

/** Horizontal bars as an accessible table: the numbers are in the cells, the bars only show them. */
function BarTable({
  caption,
  values,
  format,
}: {
  caption: string;
  values: Readonly<Record<string, number | null>>;
  format: (n: number) => string;
}) {
  const max = Math.max(1, ...Object.values(values).map((v) => v ?? 0));
  return (
    <table className="govuk-table accord-bars">
      <caption className="govuk-table__caption govuk-table__caption--s">{caption}</caption>
      <tbody className="govuk-table__body">
        {Object.entries(values).map(([key, value]) => (
          <tr className="govuk-table__row" key={key}>
            <th scope="row" className="govuk-table__header">
              {key}
            </th>
            <td className="govuk-table__cell govuk-table__cell--numeric">
              {value === null ? '–' : format(value)}
            </td>
            <td className="govuk-table__cell accord-bars__bar" aria-hidden="true">
              <span style={{ width: `${((value ?? 0) / max) * 100}%` }} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function OutcomesPage() {
  const { t, number } = useI18n();
  const { api } = useSession();
  const report = useResource('outcomes', (signal) =>
    api.get<OutcomesReport>('/api/reports/outcomes', { signal }),
  );
  const downloadCsv = async () => {
    const csv = await api.text('/api/reports/outcomes', { query: { format: 'csv' }, accept: 'text/csv' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
    link.download = 'accord-outcomes.csv';
    link.click();
    URL.revokeObjectURL(link.href);
  };
  return (
    <>
      <h1 className="govuk-heading-l">{t('reports.title')}</h1>
      <button
        type="button"
        className="govuk-button govuk-button--secondary"
        onClick={() => void downloadCsv()}
      >
        {t('reports.download')}
      </button>
      {report.state === 'loading' ? <Loading /> : null}
      {report.state === 'error' ? <ProblemMessage error={report.error} onRetry={report.reload} /> : null}
      {report.state === 'ready' && report.data.agencies.length === 0 ? (
        <Empty message={t('inbox.empty')} />
      ) : null}
      {report.state === 'ready'
        ? report.data.agencies.map((agency) => (
            <section key={agency.referringAgency} aria-labelledby={`agency-${agency.referringAgency}`}>
              <h2 className="govuk-heading-m" id={`agency-${agency.referringAgency}`}>
                {agency.referringAgency} ({number(agency.cases)})
              </h2>
              <BarTable caption={t('table.status')} values={agency.byStage} format={number} />
              <BarTable caption={t('case.screening.outcome')} values={agency.byOutcome} format={number} />
              <BarTable
                caption={t('case.followUp')}
                values={agency.meanDaysInStage}
                format={(n) => `${number(n)} d`}
              />
              <BarTable
                caption={t('case.followUp')}
                values={{
                  satisfaction: agency.checkIns.meanSatisfaction,
                  safety: agency.checkIns.meanFeelingOfSafety,
                }}
                format={number}
              />
            </section>
          ))
        : null}
    </>
  );
}
