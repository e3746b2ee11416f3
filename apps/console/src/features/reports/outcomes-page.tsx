import { answer } from '../../shared/api/api-client';
import { useSession } from '../../shared/auth/session';
import { BarChart, type Bar } from '../../shared/components/bar-chart';
import { Empty, Loading, ProblemMessage } from '../../shared/components/page-states';
import { Section } from '../../shared/components/section';
import type { MessageKey } from '../../shared/i18n/en';
import { saveAs } from '../../shared/download';
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

export function OutcomesPage() {
  const { t, number } = useI18n();
  /** A stage or outcome's words: the report's own, else the case status's, else the key itself. */
  const label = (key: string) => {
    for (const candidate of [`reports.stage.${key}`, `status.${key}`] as MessageKey[]) {
      const translated = t(candidate);
      if (translated !== candidate) return translated;
    }
    return key;
  };
  const bars = (values: Readonly<Record<string, number | null>>): Bar[] =>
    Object.entries(values).map(([key, value]) => ({ key, label: label(key), value }));
  const chartText = {
    format: (n: number) => number(n),
    tableLabel: t('reports.showNumbers'),
    valueLabel: t('reports.value'),
  };
  const { api } = useSession();
  const report = useResource('outcomes', (signal) =>
    answer<OutcomesReport>(api.GET('/api/reports/outcomes', { signal })),
  );
  const downloadCsv = async () => {
    const csv = await answer<string>(
      api.GET('/api/reports/outcomes', {
        params: { query: { format: 'csv' } },
        headers: { accept: 'text/csv' },
        parseAs: 'text',
      }),
    );
    saveAs(csv, 'accord-outcomes.csv', 'text/csv');
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
            <Section
              key={agency.referringAgency}
              id={`agency-${agency.referringAgency}`}
              heading={`${agency.referringAgency} (${number(agency.cases)})`}
            >
              <BarChart
                title={t('reports.byStage')}
                testId="chart-by-stage"
                bars={bars(agency.byStage)}
                {...chartText}
              />
              <BarChart
                title={t('reports.byOutcome')}
                testId="chart-by-outcome"
                bars={bars(agency.byOutcome)}
                {...chartText}
              />
              <BarChart
                title={t('reports.daysInStage')}
                testId="chart-days-in-stage"
                bars={bars(agency.meanDaysInStage)}
                {...chartText}
                format={(n) => t('reports.days', { days: number(n) })}
              />
              <BarChart
                title={t('reports.followUp', { count: number(agency.checkIns.recorded) })}
                testId="chart-follow-up"
                bars={[
                  {
                    key: 'satisfaction',
                    label: t('reports.satisfaction'),
                    value: agency.checkIns.meanSatisfaction,
                  },
                  { key: 'safety', label: t('reports.safety'), value: agency.checkIns.meanFeelingOfSafety },
                ]}
                {...chartText}
              />
            </Section>
          ))
        : null}
    </>
  );
}
