import type { ReactNode } from 'react';
import { texts } from '../texts';

/**
 * A part of a forum's page with what belongs to it (member authorities, members): the table, each
 * row with its button that removes it, and `children`, the way to add one.
 */
export function MembershipSection<T extends { id: string }>({
  id,
  heading,
  intro,
  empty,
  caption,
  columns,
  rows,
  cells,
  removeLabel,
  pending,
  onRemove,
  children,
}: {
  id: string;
  heading: string;
  intro: string;
  empty: string;
  caption: string;
  columns: string[];
  rows: T[];
  cells: (row: T) => ReactNode;
  removeLabel: (row: T) => string;
  pending: boolean;
  onRemove: (row: T) => void;
  children: ReactNode;
}) {
  const t = texts.forum;
  return (
    <section aria-labelledby={`${id}-heading`} className="admin-section">
      <h2 id={`${id}-heading`}>{heading}</h2>
      <p>{intro}</p>
      {rows.length === 0 ? <p className="empty-state">{empty}</p> : null}
      {rows.length > 0 ? (
        <table className="table table--compact table-md-responsive-headers admin-table admin-table--actions">
          <caption className="sr-only">{caption}</caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
              <th scope="col">
                <span className="sr-only">{t.columns.action}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                {cells(row)}
                <td className="admin-action">
                  <button type="button" className="button button-secondary" aria-label={removeLabel(row)} onClick={() => onRemove(row)} disabled={pending}>
                    {t.remove}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {children}
    </section>
  );
}
