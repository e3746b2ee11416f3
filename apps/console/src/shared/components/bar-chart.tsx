import { DataTable } from './data-table';

export interface Bar {
  readonly key: string;
  readonly label: string;
  readonly value: number | null;
}

const ROW = 28;
const LABEL = 250;
const WIDTH = 620;

/**
 * A horizontal bar chart (SVG, in the design system's colours) with its numbers in a table beside
 * it: the chart is an image named by a summary of its values, and the table is what assistive
 * technology, keyboard users and anyone copying the numbers read.
 */
export function BarChart({
  title,
  bars,
  format,
  tableLabel,
  valueLabel,
  testId,
}: {
  title: string;
  bars: readonly Bar[];
  format: (n: number) => string;
  /** "Show the numbers": the summary of the table's disclosure. */
  tableLabel: string;
  /** The numbers column's header. */
  valueLabel: string;
  testId?: string;
}) {
  const max = Math.max(1, ...bars.map((bar) => bar.value ?? 0));
  const shown = (value: number | null) => (value === null ? '–' : format(value));
  const summary = `${title}: ${bars.map((bar) => `${bar.label} ${shown(bar.value)}`).join(', ')}`;
  const height = Math.max(ROW, bars.length * ROW);
  return (
    <figure className="accord-chart" data-testid={testId}>
      <figcaption className="govuk-heading-s">{title}</figcaption>
      <svg
        role="img"
        aria-label={summary}
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        preserveAspectRatio="xMinYMin meet"
        className="accord-chart__svg"
      >
        {bars.map((bar, index) => {
          const y = index * ROW;
          const length = ((bar.value ?? 0) / max) * (WIDTH - LABEL - 70);
          return (
            <g key={bar.key} data-bar={bar.key}>
              <text x={0} y={y + 19} className="accord-chart__label">
                {bar.label}
              </text>
              <rect
                x={LABEL}
                y={y + 5}
                width={Math.max(length, 1)}
                height={ROW - 10}
                className="accord-chart__bar"
              />
              <text x={LABEL + length + 6} y={y + 19} className="accord-chart__value">
                {shown(bar.value)}
              </text>
            </g>
          );
        })}
      </svg>
      <details className="govuk-details">
        <summary className="govuk-details__summary">
          <span className="govuk-details__summary-text">{tableLabel}</span>
        </summary>
        <div className="govuk-details__text">
          <DataTable
            caption={title}
            rows={bars}
            rowKey={(bar) => bar.key}
            columns={[
              { header: title, cell: (bar) => bar.label, rowHeader: true },
              { header: valueLabel, cell: (bar) => shown(bar.value), numeric: true },
            ]}
          />
        </div>
      </details>
    </figure>
  );
}
