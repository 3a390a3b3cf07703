import type { ReactNode } from 'react';

export interface Column<T> {
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** Numbers and amounts align right. */
  numeric?: boolean;
  /** Extra classes for the cells (e.g. `whitespace-nowrap`, `font-mono text-xs`). */
  className?: string;
}

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
      <table className={`w-full text-sm ${framed ? 'rounded-lg border border-slate-200 bg-white shadow-sm' : 'mt-2'}`}>
        <caption className="sr-only">{caption}</caption>
        <thead className={`text-left ${framed ? 'bg-slate-50' : ''}`}>
          <tr>
            {cols.map((c, i) => (
              <th key={i} scope="col" className={`px-3 py-2 ${c.numeric ? 'text-right' : ''}`}>{c.header}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} className="border-t border-slate-200" data-testid={rowTestId?.(row)}>
              {cols.map((c, i) => (
                <td key={i} className={`px-3 py-2 align-top ${c.numeric ? 'text-right' : ''} ${c.className ?? ''}`}>{c.cell(row)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
