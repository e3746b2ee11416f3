import type { ReactNode } from 'react';

export interface Column<Row> {
  readonly header: ReactNode;
  readonly cell: (row: Row) => ReactNode;
  /** Right-aligned, as GOV.UK sets numbers. */
  readonly numeric?: boolean;
  /** A row header (`<th scope="row">`): what the row is about. */
  readonly rowHeader?: boolean;
}

/**
 * The one table of the console (GOV.UK's table markup): a caption (visually hidden unless `shown`),
 * a header row from the columns, one row per item. `rowAttributes` puts data attributes and ids on
 * a row for links and tests.
 */
export function DataTable<Row>({
  caption,
  captionShown = false,
  columns,
  rows,
  rowKey,
  rowAttributes,
  testId,
  className,
}: {
  caption: ReactNode;
  captionShown?: boolean;
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row, index: number) => string;
  rowAttributes?: (row: Row) => Record<string, string | undefined>;
  testId?: string;
  className?: string;
}) {
  return (
    <table className={`govuk-table${className ? ` ${className}` : ''}`} data-testid={testId}>
      <caption
        className={`govuk-table__caption ${captionShown ? 'govuk-table__caption--s' : 'govuk-visually-hidden'}`}
      >
        {caption}
      </caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          {columns.map((column, index) => (
            <th
              key={index}
              scope="col"
              className={`govuk-table__header${column.numeric ? ' govuk-table__header--numeric' : ''}`}
            >
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {rows.map((row, rowIndex) => (
          <tr className="govuk-table__row" key={rowKey(row, rowIndex)} {...rowAttributes?.(row)}>
            {columns.map((column, index) =>
              column.rowHeader ? (
                <th key={index} scope="row" className="govuk-table__header">
                  {column.cell(row)}
                </th>
              ) : (
                <td
                  key={index}
                  className={`govuk-table__cell${column.numeric ? ' govuk-table__cell--numeric' : ''}`}
                >
                  {column.cell(row)}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
