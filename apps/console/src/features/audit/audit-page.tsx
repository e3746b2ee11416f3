import { useMemo, useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { answer } from '../../shared/api/api-client';
import { useSession } from '../../shared/auth/session';
import { DataTable } from '../../shared/components/data-table';
import { TextInput } from '../../shared/components/fields';
import { Loading, ProblemMessage } from '../../shared/components/page-states';
import { saveAs } from '../../shared/download';
import { useI18n } from '../../shared/i18n/i18n';
import { useResource } from '../../shared/use-resource';

interface HistoryEntry {
  readonly kind: string;
  readonly eventId?: string;
  readonly service?: string;
  readonly streamId?: string;
  readonly streamVersion?: number;
  readonly type?: string;
  readonly recordedAt?: string;
  readonly actor?: string | null;
  readonly agency?: string | null;
  readonly causedBy?: string | null;
}

interface History {
  readonly caseId: string;
  readonly entries: readonly HistoryEntry[];
  readonly accessLog?: readonly {
    readonly at?: string;
    readonly lastAt?: string;
    readonly reads?: number;
    readonly actor?: string;
    readonly agency?: string;
    readonly service?: string;
    readonly endpoint?: string;
  }[];
}

interface Verification {
  readonly intact: boolean;
  readonly broken: {
    readonly stream: string | null;
    readonly version?: number | null;
    readonly reason: string;
    readonly detail: string;
  } | null;
  readonly streams: readonly {
    readonly streamId: string;
    readonly intact: boolean;
    readonly checked: number;
  }[];
}

/** Find a case by its id. */
export function AuditSearchPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [caseId, setCaseId] = useState('');
  const open = (event: FormEvent) => {
    event.preventDefault();
    if (caseId.trim()) navigate(`/audit/cases/${encodeURIComponent(caseId.trim())}`);
  };
  return (
    <>
      <h1 className="govuk-heading-l">{t('audit.title')}</h1>
      <p className="govuk-body">{t('audit.lead')}</p>
      <form noValidate onSubmit={open}>
        <TextInput name="caseId" label={t('audit.caseId')} width={30} value={caseId} onChange={setCaseId} />
        <button type="submit" className="govuk-button">
          {t('audit.open')}
        </button>
      </form>
    </>
  );
}

/** The auditor's view of one case: verify result, the state as of any moment, the history and access log. */
export function AuditCasePage() {
  const { caseId = '' } = useParams();
  const { t, dateTime } = useI18n();
  const { api } = useSession();
  const path = { caseId };
  const history = useResource(`history:${caseId}`, (signal) =>
    answer<History>(
      api.GET('/api/cases/{caseId}/history', { params: { path, query: { pageSize: 500 } }, signal }),
    ),
  );
  const verify = useResource(`verify:${caseId}`, (signal) =>
    answer<Verification>(api.GET('/api/cases/{caseId}/verify', { params: { path }, signal })),
  );
  const moments = useMemo(
    () =>
      history.state === 'ready'
        ? history.data.entries
            .filter((entry) => entry.kind === 'event' && entry.recordedAt)
            .map((entry) => entry.recordedAt as string)
        : [],
    [history],
  );
  const [index, setIndex] = useState<number | null>(null);
  const chosen = moments[index ?? moments.length - 1];
  const state = useResource(`state:${caseId}:${chosen ?? ''}`, (signal) =>
    chosen
      ? answer<unknown>(
          api.GET('/api/cases/{caseId}/state', { params: { path, query: { asOf: chosen } }, signal }),
        )
      : Promise.resolve(null),
  );
  const broken = verify.state === 'ready' ? verify.data.broken : null;
  /** The event verify names as the first broken link of its stream's chain. */
  const isBroken = (entry: HistoryEntry) =>
    broken !== null &&
    entry.streamId === broken.stream &&
    (broken.version === undefined || broken.version === null || entry.streamVersion === broken.version);
  const download = async (format: 'csv' | 'ndjson') => {
    const type = format === 'csv' ? 'text/csv' : 'application/x-ndjson';
    const body = await answer<string>(
      api.GET('/api/cases/{caseId}/history', {
        params: { path, query: { format } },
        headers: { accept: type },
        parseAs: 'text',
      }),
    );
    saveAs(body, `case-${caseId}-history.${format}`, type);
  };

  return (
    <>
      <span className="govuk-caption-l">{t('audit.title')}</span>
      <h1 className="govuk-heading-l">{caseId}</h1>

      <h2 className="govuk-heading-m">{t('audit.verify')}</h2>
      {verify.state === 'loading' ? <Loading /> : null}
      {verify.state === 'error' ? <ProblemMessage error={verify.error} onRetry={verify.reload} /> : null}
      {verify.state === 'ready' ? (
        verify.data.intact ? (
          <p className="govuk-body" data-testid="verify-result" data-intact="true">
            <strong className="govuk-tag govuk-tag--green">{t('audit.verify.intact')}</strong>
          </p>
        ) : (
          <div className="govuk-warning-text" data-testid="verify-result" data-intact="false">
            <span className="govuk-warning-text__icon" aria-hidden="true">
              !
            </span>
            <strong className="govuk-warning-text__text">
              {t('audit.verify.broken', { count: verify.data.streams.filter((s) => !s.intact).length || 1 })}{' '}
              {verify.data.broken ? `${verify.data.broken.stream ?? ''}: ${verify.data.broken.detail}` : ''}
            </strong>
          </div>
        )
      ) : null}

      <h2 className="govuk-heading-m">{t('audit.asOf')}</h2>
      {moments.length > 0 ? (
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="as-of">
            {chosen ? dateTime(chosen) : ''}
          </label>
          <div id="as-of-hint" className="govuk-hint">
            {t('audit.asOfHint')}
          </div>
          <input
            id="as-of"
            className="accord-slider"
            type="range"
            min={0}
            max={moments.length - 1}
            value={index ?? moments.length - 1}
            aria-describedby="as-of-hint"
            aria-valuetext={chosen ? dateTime(chosen) : undefined}
            onChange={(event) => setIndex(Number(event.target.value))}
          />
        </div>
      ) : null}
      {state.state === 'ready' && state.data ? (
        <pre className="accord-state" data-testid="state-as-of" tabIndex={0}>
          {JSON.stringify(state.data, null, 2)}
        </pre>
      ) : null}
      {state.state === 'error' ? <ProblemMessage error={state.error} /> : null}

      <h2 className="govuk-heading-m">{t('audit.history')}</h2>
      {history.state === 'loading' ? <Loading /> : null}
      {history.state === 'error' ? <ProblemMessage error={history.error} onRetry={history.reload} /> : null}
      {history.state === 'ready' ? (
        <>
          <div className="govuk-button-group">
            <button
              type="button"
              className="govuk-button govuk-button--secondary"
              onClick={() => void download('csv')}
            >
              {t('audit.export')} (CSV)
            </button>
            <button
              type="button"
              className="govuk-button govuk-button--secondary"
              onClick={() => void download('ndjson')}
            >
              {t('audit.export')} (NDJSON)
            </button>
          </div>
          <DataTable
            caption={t('audit.history')}
            testId="history"
            rows={history.data.entries.filter((entry) => entry.kind === 'event')}
            rowKey={(entry, index) => entry.eventId ?? String(index)}
            rowAttributes={(entry) => ({
              id: `event-${entry.eventId}`,
              'data-altered': isBroken(entry) ? 'true' : undefined,
            })}
            columns={[
              {
                header: t('audit.when'),
                cell: (entry) => (entry.recordedAt ? dateTime(entry.recordedAt) : ''),
              },
              { header: t('audit.service'), cell: (entry) => entry.service },
              {
                header: t('audit.event'),
                cell: (entry) => (
                  <>
                    {entry.type}
                    {isBroken(entry) ? (
                      <>
                        {' '}
                        <strong className="govuk-tag govuk-tag--red">{t('audit.altered')}</strong>
                      </>
                    ) : null}
                  </>
                ),
              },
              {
                header: t('audit.actor'),
                cell: (entry) => [entry.actor, entry.agency].filter(Boolean).join(', '),
              },
              {
                header: t('audit.causedBy'),
                cell: (entry) =>
                  entry.causedBy ? (
                    <a className="govuk-link" href={`#event-${entry.causedBy}`}>
                      {entry.causedBy.slice(0, 8)}
                    </a>
                  ) : null,
              },
            ]}
          />
          <h2 className="govuk-heading-m">{t('audit.accessLog')}</h2>
          <ul className="govuk-list govuk-list--bullet" data-testid="access-log">
            {(history.data.accessLog ?? []).map((read, i) => (
              <li key={i}>
                {[
                  read.at ? dateTime(read.at) : '',
                  read.actor,
                  read.agency,
                  read.service,
                  read.endpoint,
                  read.reads && read.reads > 1 && read.lastAt
                    ? t('audit.reads', { count: read.reads, until: dateTime(read.lastAt) })
                    : '',
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
