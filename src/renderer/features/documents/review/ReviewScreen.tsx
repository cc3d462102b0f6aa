import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ReactElement } from 'react';
import { DOCUMENT_KINDS, fieldsFor } from '../../../../shared/documents';
import type { DocumentKind, FieldName } from '../../../../shared/documents';
import { isTyping } from '../../../app/shortcuts';
import { useWorkstation } from '../../../app/workstation';
import { formatLocalTime, shortHash } from '../../../format';
import { Alert } from '../../../ui/Alert';
import { Icon } from '../../../ui/Icon';
import { Spinner } from '../../../ui/Spinner';
import { IntakeProgressBar, MethodBadge, StatusChip } from '../DocumentBadges';
import { FIELD_LABELS, KIND_LABELS, formatBytes, formatPercent } from '../document-labels';
import { DOCUMENTS_HASH, openDocument, useDocumentFocus } from '../document-route';
import type { DocumentFocus } from '../document-route';
import { DocumentViewer } from './DocumentViewer';
import { fieldPlace, pageDisagreement } from './field-place';
import { FieldList } from './FieldList';
import type { FieldEntry, SaveOutcome } from './FieldList';
import { useDocumentDetail, useDocumentFile } from './use-document';

const focusField = (name: FieldName): void => {
  document.querySelector<HTMLElement>(`[data-field-select="${name}"]`)?.focus();
};

/**
 * Review of one document: the page with the fields' boxes on the left, the fields on the right.
 * A person checks each field against the page, corrects what is wrong, and marks the document
 * reviewed; every correction is audited by the backend.
 */
export function ReviewScreen({ id, order }: { readonly id: string; readonly order: readonly string[] }): ReactElement {
  const { api, profiles, refresh } = useWorkstation();
  // The backend names people by profile id; the workstation knows everyone's name.
  const nameOfProfile = (profileId: string | null): string =>
    profileId === null ? 'someone' : (profiles.find((profile) => profile.id === profileId)?.name ?? profileId);
  const { state, progress, adopt, reload } = useDocumentDetail(api, id);
  const file = useDocumentFile(api, id);
  // A deep link (a finding's evidence) names the page, field and box to show first.
  const focus = useDocumentFocus();
  const [selected, setSelected] = useState<FieldName | null>(null);
  const [editing, setEditing] = useState<FieldName | null>(null);
  const [page, setPage] = useState(() => focus.page ?? 1);
  const [actionError, setActionError] = useState<string | null>(null);
  const [pending, setPending] = useState<'kind' | 'review' | 'retry' | null>(null);

  const detail = state.phase === 'ready' ? state.detail : null;
  const entries = useMemo<readonly FieldEntry[]>(
    () =>
      detail?.kind
        ? fieldsFor(detail.kind).map((name) => ({ name, field: detail.fields.find((field) => field.name === name) ?? null }))
        : [],
    [detail],
  );

  const select = useCallback(
    (name: FieldName) => {
      setSelected(name);
      const target = fieldPlace(entries.find((entry) => entry.name === name)?.field)?.page;
      if (target) setPage(target);
    },
    [entries],
  );

  // Applied once per deep link, when the fields are known (React's "adjust state on a prop change").
  const [appliedFocus, setAppliedFocus] = useState<DocumentFocus | null>(null);
  if (detail && appliedFocus !== focus) {
    setAppliedFocus(focus);
    const entry = focus.field ? entries.find((item) => item.name === focus.field) : undefined;
    if (entry) setSelected(entry.name);
    // A document that is part of a file opens on its own first page.
    const target = focus.page ?? fieldPlace(entry?.field)?.page ?? detail.pageRange?.from;
    if (target) setPage(target);
  }
  // The field a deep link names is shown in the list too, not only on the page.
  useEffect(() => {
    const name = appliedFocus?.field;
    if (!name) return;
    document.querySelector<HTMLElement>(`.field-item[data-field="${CSS.escape(name)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [appliedFocus]);
  const highlight =
    focus.bbox && (focus.page ?? 1) > 0
      ? {
          page: focus.page ?? 1,
          bbox: focus.bbox,
          label: focus.field && focus.field in FIELD_LABELS ? FIELD_LABELS[focus.field as FieldName] : 'Evidence',
        }
      : null;

  const position = order.indexOf(id);
  const previousId = position > 0 ? order[position - 1] : undefined;
  const nextId = position >= 0 ? order[position + 1] : undefined;

  const markReviewed = useCallback(async () => {
    setPending('review');
    const result = await api.documents.markReviewed({ id });
    setPending(null);
    if (result.ok) adopt(result.value);
    setActionError(result.ok ? null : result.error.message);
    void refresh();
  }, [api, id, adopt, refresh]);

  const changeKind = async (kind: DocumentKind): Promise<void> => {
    setPending('kind');
    const result = await api.documents.setKind({ id, kind });
    setPending(null);
    if (result.ok) {
      adopt(result.value);
      setSelected(null);
      setEditing(null);
    }
    setActionError(result.ok ? null : result.error.message);
  };

  const retry = async (): Promise<void> => {
    setPending('retry');
    const result = await api.documents.retry({ id });
    setPending(null);
    setActionError(result.ok ? null : result.error.message);
    reload();
  };

  const save = useCallback(
    async (name: FieldName, text: string): Promise<SaveOutcome> => {
      const result = await api.documents.correctField({ id, field: name, value: text });
      if (!result.ok) return { error: result.error.message };
      adopt(result.value);
      setEditing(null);
      // The editor unmounts with this render; put the keyboard back on the field it edited.
      window.requestAnimationFrame(() => focusField(name));
      void refresh();
      return { error: null };
    },
    [api, id, adopt, refresh],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (document.querySelector('dialog[open]') || event.ctrlKey || event.metaKey) return;
      if (event.altKey) {
        if (event.key === 'ArrowLeft' && previousId) openDocument(previousId);
        else if (event.key === 'ArrowRight' && nextId) openDocument(nextId);
        else return;
        event.preventDefault();
        return;
      }
      if (isTyping(event.target)) return;
      const target = event.target instanceof HTMLElement ? event.target : null;
      // Enter on a button (Mark reviewed, a page arrow) presses that button; only a field's own
      // button turns Enter into "edit".
      if (event.key === 'Enter' && target?.closest('button, a, select') && !target.closest('[data-field-select]')) return;
      const index = selected ? entries.findIndex((entry) => entry.name === selected) : -1;
      const move = (step: number): void => {
        const next = entries[Math.min(entries.length - 1, Math.max(0, index < 0 ? 0 : index + step))];
        if (!next) return;
        select(next.name);
        focusField(next.name);
      };
      switch (event.key) {
        case 'ArrowDown':
        case 'j':
          move(1);
          break;
        case 'ArrowUp':
        case 'k':
          move(-1);
          break;
        case 'Enter': {
          const name = selected ?? entries[0]?.name;
          if (!name) return;
          select(name);
          setEditing(name);
          break;
        }
        case 'Escape':
          if (editing) setEditing(null);
          else if (selected) setSelected(null);
          else return;
          break;
        case '[':
          if (previousId) openDocument(previousId);
          break;
        case ']':
          if (nextId) openDocument(nextId);
          break;
        case 'r':
          if (detail && !detail.reviewedAt && pending === null) void markReviewed();
          break;
        default:
          return;
      }
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [entries, selected, editing, previousId, nextId, detail, pending, select, markReviewed]);

  if (state.phase === 'loading') {
    return (
      <div className="page page-fill review-page">
        <BackLink focus={focus} />
        <Spinner label="Opening the document…" />
      </div>
    );
  }
  if (state.phase === 'failed') {
    return (
      <div className="page page-fill review-page">
        <BackLink focus={focus} />
        <Alert tone="danger" title="This document could not be opened">
          {state.message}
        </Alert>
      </div>
    );
  }

  const doc = state.detail;
  const found = entries.filter((entry) => entry.field !== null).length;
  const low = entries.filter((entry) => entry.field?.lowConfidence).length;
  const running = doc.status === 'queued' || doc.status === 'processing';
  const xmlFile = doc.einvoice !== undefined && doc.einvoice.attachment === null;
  const disagreeing = entries.filter((entry) => pageDisagreement(entry.field) !== null).map((entry) => FIELD_LABELS[entry.name].toLowerCase());
  const compared = entries.filter((entry) => entry.field?.pageReading !== undefined).length;

  return (
    <div className="page page-fill review-page">
      <header className="review-header">
        <div className="review-header-main">
          <BackLink focus={focus} />
          <h1 className="page-title review-title" title={doc.fileName}>
            {doc.fileName}
          </h1>
          <div className="review-meta">
            <StatusChip status={doc.status} progress={progress} />
            <select
                className="select select-sm"
                aria-label="Kind"
                value={doc.kind ?? ''}
                disabled={pending !== null || running}
                onChange={(event) => void changeKind(event.target.value as DocumentKind)}
              >
                {doc.kind ? null : <option value="">Not classified yet</option>}
                {DOCUMENT_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {KIND_LABELS[kind]}
                  </option>
                ))}
            </select>
            {doc.kind ? (
              <span className="review-meta-item">
                {doc.kindOverridden
                  ? 'set by a person'
                  : doc.kindScore !== null
                    ? `classifier ${formatPercent(doc.kindScore)} sure`
                    : ''}
              </span>
            ) : null}
            <span className="review-meta-sep" aria-hidden="true" />
            <span className="review-meta-item">
              {xmlFile
                ? 'XML e-invoice, no pages'
                : doc.pages === null
                ? 'pages not counted yet'
                : doc.pageRange
                  ? `${doc.pageRange.from === doc.pageRange.to ? `page ${doc.pageRange.from}` : `pages ${doc.pageRange.from}–${doc.pageRange.to}`} of a file holding several documents`
                  : `${doc.pages} ${doc.pages === 1 ? 'page' : 'pages'}`}
            </span>
            {doc.method ? <MethodBadge method={doc.method} /> : null}
            {doc.einvoice ? <MethodBadge method={xmlFile ? 'xml' : 'embedded_xml'} /> : null}
            <span className="review-meta-sep" aria-hidden="true" />
            <span className="review-meta-item">{formatBytes(doc.size)}</span>
            <span className="review-meta-item mono" title={`SHA-256 ${doc.sha256}`}>
              sha256 {shortHash(doc.sha256, 12)}
            </span>
          </div>
        </div>
        <div className="review-header-actions">
          <div className="review-nav" role="group" aria-label="Documents">
            <button
              type="button"
              className="icon-button"
              aria-label="Previous document"
              title="Previous document ([)"
              disabled={!previousId}
              onClick={() => previousId && openDocument(previousId)}
            >
              <Icon name="chevronLeft" size={16} />
            </button>
            <span className="review-nav-label tabular" data-testid="review-position">
              {position >= 0 ? `${position + 1} of ${order.length}` : ''}
            </span>
            <button
              type="button"
              className="icon-button"
              aria-label="Next document"
              title="Next document (])"
              disabled={!nextId}
              onClick={() => nextId && openDocument(nextId)}
            >
              <Icon name="chevronRight" size={16} />
            </button>
          </div>
          {doc.reviewedAt ? (
            <span className="reviewed-stamp" role="status">
              <Icon name="check" size={14} />
              Reviewed by {nameOfProfile(doc.reviewedBy)} · {formatLocalTime(doc.reviewedAt)}
            </span>
          ) : (
            <button
              type="button"
              className="button button-primary"
              disabled={pending !== null || running || doc.status === 'failed' || doc.status === 'cancelled'}
              onClick={() => void markReviewed()}
              title="Mark reviewed (r)"
              aria-keyshortcuts="r"
            >
              <Icon name="check" size={16} />
              {pending === 'review' ? 'Marking…' : 'Mark reviewed'}
            </button>
          )}
        </div>
      </header>
      {running ? (
        <div className="review-banner">
          <IntakeProgressBar summary={doc} progress={progress} />
          <span className="review-banner-text">The fields appear here when Quayside has finished reading.</span>
        </div>
      ) : null}
      {doc.status === 'failed' || doc.status === 'cancelled' ? (
        <div className="review-banner review-banner-danger" role="alert">
          <Icon name="alert" size={16} />
          <span className="review-banner-text">
            {doc.error?.message ?? (doc.status === 'cancelled' ? 'Reading was cancelled.' : 'Reading failed.')}
          </span>
          <button type="button" className="button button-sm" disabled={pending !== null} onClick={() => void retry()}>
            <Icon name="retry" size={14} />
            Retry
          </button>
        </div>
      ) : null}
      {doc.einvoice && !xmlFile ? (
        // A hybrid PDF: the invoice as a picture and as data; the fields say where each value came from.
        <div className={`review-banner review-banner-einvoice${disagreeing.length > 0 ? ' review-banner-danger' : ''}`} role={disagreeing.length > 0 ? 'alert' : 'status'}>
          <Icon name={disagreeing.length > 0 ? 'alert' : 'check'} size={16} />
          <span className="review-banner-text">
            {disagreeing.length > 0
              ? `The page and the embedded XML (${doc.einvoice.attachment}) disagree on the ${disagreeing.join(', ')}: what a person reads differs from what a machine reads. Ask the seller which one it issued.`
              : `This PDF carries its invoice as data too (${doc.einvoice.attachment}, ${doc.einvoice.label}). Fields marked Embedded XML were read from it; ${
                  compared > 0 ? `the page was read as well and shows the same ${compared} ${compared === 1 ? 'value' : 'values'}.` : 'none of them could be found on the page to compare.'
                }`}
          </span>
        </div>
      ) : null}
      {actionError ? <Alert tone="danger">{actionError}</Alert> : null}
      <div className="review-body">
        <DocumentViewer
          file={file}
          pageList={doc.pageList}
          pageRange={doc.pageRange}
          fields={doc.fields}
          selected={selected}
          onSelect={(name) => {
            select(name);
            focusField(name);
          }}
          page={page}
          onPageChange={setPage}
          highlight={highlight}
          einvoice={doc.einvoice}
        />
        <section className="review-fields" aria-label="Fields">
          <header className="review-fields-header">
            <h2 className="review-fields-title">Fields{doc.kind ? ` · ${KIND_LABELS[doc.kind]}` : ''}</h2>
            {entries.length > 0 ? (
              <span className="review-fields-count">
                {found} of {entries.length} found
                {low > 0 ? <span className="review-fields-low"> · {low} low confidence</span> : null}
              </span>
            ) : null}
          </header>
          {entries.length > 0 ? (
            <FieldList
              entries={entries}
              selected={selected}
              editing={editing}
              onSelect={select}
              onEdit={(name) => {
                if (name) select(name);
                setEditing(name);
              }}
              onSave={save}
            />
          ) : (
            <p className="review-fields-empty">
              {running
                ? 'The fields appear when reading finishes.'
                : doc.kind === 'other'
                  ? 'Documents of kind Other carry no fields. If this is an invoice or a bill of lading, choose its kind above and the fields are extracted again.'
                  : 'No fields were extracted.'}
            </p>
          )}
        </section>
      </div>
    </div>
  );
}

function BackLink({ focus }: { readonly focus: DocumentFocus }): ReactElement {
  const back = focus.from
    ? `#/receivables/${encodeURIComponent(focus.from)}${focus.finding ? `?${new URLSearchParams({ finding: focus.finding }).toString()}` : ''}`
    : null;
  return (
    <span className="back-links">
      <a className="back-link" href={DOCUMENTS_HASH}>
        <Icon name="arrowLeft" size={14} />
        Documents
      </a>
      {back ? (
        // Came from a finding's evidence: the way back to the receivable's why panel.
        <a className="back-link back-link-receivable" href={back}>
          <Icon name="arrowLeft" size={14} />
          Back to receivable
        </a>
      ) : null}
    </span>
  );
}
