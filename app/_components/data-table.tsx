import type { ReactNode } from 'react';

export interface Column<T> {
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** Numbers and amounts align right. */
  numeric?: boolean;
  /** Extra classes for the cells (e.g. `whitespace-nowrap`, `font-mono text-xs`). */
  className?: string;
}

const CELLS = '[&_td]:px-3 [&_td]:py-2 [&_td]:align-top [&_th]:px-3 [&_th]:py-2 [&_tbody_tr]:border-t [&_tbody_tr]:border-slate-200';
const cellClass = (c: { numeric?: boolean; className?: string }) => [c.numeric ? 'text-right' : '', c.className ?? ''].filter(Boolean).join(' ') || undefined;

/**
 * The back office's and the portal's one table: a caption for screen readers, header cells with
 * scope, horizontal scrolling on a narrow screen instead of a page that runs off it.
 */
export function DataTable<T>({ caption, columns, rows, rowKey, rowTestId, framed = true }: {
  caption: string;
  columns: ReadonlyArray<Column<T> | false | null | undefined>;
  rows: readonly T[];
  rowKey: (row: T) => string;
  rowTestId?: (row: T) => string;
  /** A table of its own (border, shadow) rather than one inside a card. */
  framed?: boolean;
}) {
  const cols = columns.filter((c): c is Column<T> => Boolean(c));
  return (
    <div className="overflow-x-auto">
      {/* Cell padding and row borders are set once on the table, not repeated on each of hundreds of cells. */}
      <table className={`${CELLS} w-full text-sm ${framed ? 'rounded-lg border border-slate-200 bg-white shadow-sm' : 'mt-2'}`}>
        <caption className="sr-only">{caption}</caption>
        <thead className={`text-left ${framed ? 'bg-slate-50' : ''}`}>
          <tr>
            {cols.map((c, i) => (
              <th key={i} scope="col" className={c.numeric ? 'text-right' : undefined}>{c.header}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} data-testid={rowTestId?.(row)}>
              {cols.map((c, i) => (
                <td key={i} className={cellClass(c)}>{c.cell(row)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
