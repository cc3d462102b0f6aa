import type { ReactElement } from 'react';
import type { IngestResult } from '../../../shared/contract';
import { Icon } from '../../ui/Icon';

/**
 * What one intake did with each file: added, recognised as bytes already in the workspace, or
 * refused with the backend's own sentence.
 */
export function IngestSummary({
  result,
  nameOf,
  onDismiss,
}: {
  readonly result: IngestResult;
  /** The file name of an existing document, to say what a duplicate duplicates. */
  readonly nameOf: (documentId: string) => string | null;
  readonly onDismiss: () => void;
}): ReactElement {
  const added = result.accepted.filter((file) => file.duplicateOf === null);
  const duplicates = result.accepted.filter((file) => file.duplicateOf !== null);
  const total = result.accepted.length + result.rejected.length;
  const tone = result.rejected.length > 0 ? 'danger' : duplicates.length > 0 ? 'info' : 'success';
  const files = (n: number): string => `${n} ${n === 1 ? 'file' : 'files'}`;
  const title =
    added.length === total
      ? `Added ${total === 1 ? 'the file' : `all ${total} files`}; Quayside is reading ${total === 1 ? 'it' : 'them'} now.`
      : [
          added.length > 0 ? `Added ${added.length} of ${files(total)}` : 'Nothing new added',
          duplicates.length > 0 ? `${files(duplicates.length)} already in this workspace` : '',
          result.rejected.length > 0 ? `${files(result.rejected.length)} refused` : '',
        ]
          .filter(Boolean)
          .join(' · ');
  return (
    <section className={`ingest-summary ingest-summary-${tone}`} aria-label="Intake result" aria-live="polite">
      <header className="ingest-summary-header">
        <Icon name={tone === 'success' ? 'check' : 'alert'} size={16} />
        <span className="ingest-summary-title">{title}</span>
        <button type="button" className="icon-button icon-button-sm" aria-label="Dismiss the intake result" onClick={onDismiss}>
          <Icon name="close" size={14} />
        </button>
      </header>
      {duplicates.length > 0 || result.rejected.length > 0 ? (
        <ul className="ingest-summary-list">
          {duplicates.map((file) => {
            const original = file.duplicateOf ? (nameOf(file.duplicateOf) ?? 'a document already here') : '';
            return (
              <li key={`dup-${file.fileName}-${file.documentId}`} className="ingest-line ingest-line-duplicate">
                <Icon name="copy" size={14} />
                <span>
                  <strong>{file.fileName}</strong>: same bytes as <strong>{original}</strong> — not added twice.
                </span>
              </li>
            );
          })}
          {result.rejected.map((file, index) => (
            <li key={`rej-${file.fileName}-${index}`} className="ingest-line ingest-line-rejected">
              <Icon name="alert" size={14} />
              <span>
                <strong>{file.fileName}</strong>: {file.message}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
