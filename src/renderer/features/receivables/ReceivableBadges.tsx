import type { ReactElement } from 'react';
import type { ReceivableStatus, ReceivableSummary, Severity } from '../../../shared/checks';
import { SEVERITY_LABELS, STATUS_LABELS } from './receivable-labels';

/** A receivable's lifecycle status as a coloured chip (the text always names it). */
export function ReceivableStatusChip({ status }: { readonly status: ReceivableStatus }): ReactElement {
  return (
    <span className={`chip chip-r-${status}`} data-status={status}>
      <span className="chip-dot" aria-hidden="true" />
      {STATUS_LABELS[status]}
    </span>
  );
}

/** A finding's severity as a small coloured label. */
export function SeverityBadge({ severity }: { readonly severity: Severity }): ReactElement {
  return <span className={`severity severity-${severity}`}>{SEVERITY_LABELS[severity]}</span>;
}

/** Fail / warn / info counts as coloured badges; zero counts fade, so problems stand out. */
export function FindingCounts({ counts }: { readonly counts: ReceivableSummary['counts'] }): ReactElement {
  const items: readonly [Severity, number, string][] = [
    ['fail', counts.fail, 'failing'],
    ['warn', counts.warn, 'warnings'],
    ['info', counts.info, 'info'],
  ];
  const label = `${counts.fail} failing, ${counts.warn} warnings, ${counts.info} info${counts.waived ? `, ${counts.waived} waived` : ''}`;
  return (
    <span className="finding-counts" aria-label={label} title={label}>
      {items.map(([severity, n]) => (
        <span key={severity} className={`count-badge count-${severity}${n === 0 ? ' is-zero' : ''}`} data-severity={severity}>
          {n}
        </span>
      ))}
      {counts.waived ? <span className="count-waived">+{counts.waived} waived</span> : null}
    </span>
  );
}
