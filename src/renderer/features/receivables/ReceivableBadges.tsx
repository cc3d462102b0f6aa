import type { ReactElement } from 'react';
import type { ReceivableStatus, ReceivableSummary, Severity } from '../../../shared/checks';
import { el } from '../../ui/dom-cell';
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

const COUNTED: readonly Severity[] = ['fail', 'warn', 'info'];

/** What the counts say in words (the badges' accessible name and tooltip). */
export const findingCountsLabel = (counts: ReceivableSummary['counts']): string =>
  `${counts.fail} failing, ${counts.warn} warnings, ${counts.info} info${counts.waived ? `, ${counts.waived} waived` : ''}`;

/** A count badge's classes: coloured by severity, faded at zero so problems stand out. */
export const countBadgeClass = (severity: Severity, n: number): string => `count-badge count-${severity}${n === 0 ? ' is-zero' : ''}`;

/** Fail / warn / info counts as coloured badges; zero counts fade, so problems stand out. */
export function FindingCounts({ counts }: { readonly counts: ReceivableSummary['counts'] }): ReactElement {
  const label = findingCountsLabel(counts);
  return (
    <span className="finding-counts" aria-label={label} title={label}>
      {COUNTED.map((severity) => (
        <span key={severity} className={countBadgeClass(severity, counts[severity])} data-severity={severity}>
          {counts[severity]}
        </span>
      ))}
      {counts.waived ? <span className="count-waived">+{counts.waived} waived</span> : null}
    </span>
  );
}

/**
 * The same badges as plain DOM, for grid cells (see `ui/dom-cell.ts`: a React component per cell
 * made scrolling a large grid slow). The markup is the React components' above.
 */
export const cellBadges = {
  status(status: ReceivableStatus): HTMLElement {
    return el('span', `chip chip-r-${status}`, [el('span', 'chip-dot', undefined, { 'aria-hidden': 'true' }), document.createTextNode(STATUS_LABELS[status])], {
      'data-status': status,
    });
  },
  severity(severity: Severity): HTMLElement {
    return el('span', `severity severity-${severity}`, SEVERITY_LABELS[severity]);
  },
  counts(counts: ReceivableSummary['counts']): HTMLElement {
    const label = findingCountsLabel(counts);
    const badges = COUNTED.map((severity) => el('span', countBadgeClass(severity, counts[severity]), String(counts[severity]), { 'data-severity': severity }));
    const waived = counts.waived ? el('span', 'count-waived', `+${counts.waived} waived`) : null;
    return el('span', 'finding-counts', [...badges, waived], { 'aria-label': label, title: label });
  },
};
