import type { ReactElement } from 'react';
import { visibleText } from '../../../shared/visible-text';
import { Icon } from '../../ui/Icon';
import { KIND_LABELS } from './counterparty-format';
import type { ImportOutcome } from './csv-import';

// The backend may already start its sentence with "Line 7:"; the list shows the line number itself.
const withoutLinePrefix = (line: number, message: string): string => message.replace(new RegExp(`^line ${line}\\s*[:,—-]\\s*`, 'i'), '');

// Every update is audited; the summary lists the first of them, as a person can read them.
const SHOWN_UPDATES = 50;

const rows = (n: number): string => `${n} ${n === 1 ? 'row' : 'rows'}`;

/** What each imported CSV did: rows created and updated, and every rejected line with its reason. */
export function ImportSummary({
  outcomes,
  onDismiss,
}: {
  readonly outcomes: readonly ImportOutcome[];
  readonly onDismiss: () => void;
}): ReactElement {
  const failed = outcomes.some((outcome) => outcome.error !== null || (outcome.report?.rejected.length ?? 0) > 0);
  const tone = failed ? 'danger' : 'success';
  return (
    <section className={`ingest-summary ingest-summary-${tone} cp-import-summary`} aria-label="Import result" aria-live="polite" data-testid="import-report">
      {outcomes.map((outcome, index) => {
        const report = outcome.report;
        const title = report
          ? `${visibleText(outcome.fileName)} → ${KIND_LABELS[outcome.kind].many}: ${report.created} created · ${report.updated} updated` +
            (report.rejected.length > 0 ? ` · ${rows(report.rejected.length)} rejected` : '') +
            (report.encoding && report.encoding !== 'UTF-8' ? ` · read as ${report.encoding}` : '')
          : `${visibleText(outcome.fileName)}: not imported`;
        return (
          <div key={`${outcome.fileName}-${index}`} className="cp-import-file" data-testid="import-file">
            <header className="ingest-summary-header">
              <Icon name={report && report.rejected.length === 0 ? 'check' : 'alert'} size={16} />
              <span className="ingest-summary-title">{title}</span>
              {index === 0 ? (
                <button type="button" className="icon-button icon-button-sm" aria-label="Dismiss the import result" onClick={onDismiss}>
                  <Icon name="close" size={14} />
                </button>
              ) : null}
            </header>
            {outcome.error || (report && (report.rejected.length > 0 || report.updates.length > 0)) ? (
              <ul className="ingest-summary-list">
                {outcome.error ? (
                  <li className="ingest-line ingest-line-rejected">
                    <Icon name="alert" size={14} />
                    <span>{outcome.error}</span>
                  </li>
                ) : null}
                {report?.rejected.map((line) => (
                  <li key={`${line.line}-${line.message}`} className="ingest-line ingest-line-rejected" data-testid="import-rejected">
                    <Icon name="alert" size={14} />
                    <span>
                      <strong>Line {line.line}</strong>: {visibleText(withoutLinePrefix(line.line, line.message))}
                    </span>
                  </li>
                ))}
                {report?.updates.slice(0, SHOWN_UPDATES).map((update) => (
                  <li key={`u-${update.line}-${update.id}`} className="ingest-line" data-testid="import-updated">
                    <Icon name="check" size={14} />
                    <span>
                      <strong>Line {update.line}</strong>: updated {visibleText(update.name)} ({update.fields.join(', ')})
                    </span>
                  </li>
                ))}
                {report && report.updates.length > SHOWN_UPDATES ? (
                  <li className="ingest-line">… and {report.updates.length - SHOWN_UPDATES} more updated records (each is in the audit trail)</li>
                ) : null}
              </ul>
            ) : null}
          </div>
        );
      })}
    </section>
  );
}
