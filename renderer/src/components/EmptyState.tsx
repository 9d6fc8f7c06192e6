import type { ReactNode } from 'react';

/** What a view shows when there is nothing yet: say what to do next, not just "no data". */
export function EmptyState({ title, children }: { title: string; children: ReactNode }): React.JSX.Element {
  return (
    <div className="empty panel" data-testid="empty-state">
      <h2>{title}</h2>
      <p>{children}</p>
    </div>
  );
}
