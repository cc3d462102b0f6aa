import { useEffect, useState } from 'react';
import type { FormEvent, ReactElement } from 'react';
import { STATUS_TRANSITIONS } from '../../../shared/checks';
import type { ReceivableDetail, ReceivableStatus } from '../../../shared/checks';
import type { DocumentSummary } from '../../../shared/documents';
import { useWorkstation } from '../../app/workstation';
import { formatLocalTime, shortHash } from '../../format';
import { Alert } from '../../ui/Alert';
import { Dialog } from '../../ui/Dialog';
import { Field } from '../../ui/Field';
import { Icon } from '../../ui/Icon';
import { Spinner } from '../../ui/Spinner';
import { toFormError } from '../../ui/errors';
import type { FormError } from '../../ui/errors';
import { hashOfDocumentFocus } from '../documents/document-route';
import { FindingCounts, ReceivableStatusChip } from './ReceivableBadges';
import { TRANSITION_LABELS, formatMoney, formatQuantity, receivableTitle } from './receivable-labels';
import { RECEIVABLES_HASH } from './receivable-route';
import { useReceivableDetail } from './use-receivables';
import { WhyPanel } from './WhyPanel';

const LINK_LABELS: Readonly<Record<ReceivableDetail['documents'][number]['method'], string>> = {
  invoice: 'the invoice',
  bl_number: 'linked by B/L number',
  match: 'linked by parties, goods and dates',
  manual: 'linked by hand',
};

function BackLink(): ReactElement {
  return (
    <a className="back-link" href={RECEIVABLES_HASH}>
      <Icon name="arrowLeft" size={14} />
      Receivables
    </a>
  );
}

/** One receivable: its facts, parties, documents, funding terms, status actions and the why panel. */
export function ReceivableDetailView({ id, focusFinding }: { readonly id: string; readonly focusFinding: string | null }): ReactElement {
  const { api } = useWorkstation();
  const { state, adopt, reload } = useReceivableDetail(api, id);
  const [actionError, setActionError] = useState<string | null>(null);
  const [pending, setPending] = useState<ReceivableStatus | null>(null);

  if (state.phase === 'loading') {
    return (
      <div className="page receivable-page">
        <BackLink />
        <Spinner label="Opening the receivable…" />
      </div>
    );
  }
  if (state.phase === 'failed') {
    return (
      <div className="page receivable-page">
        <BackLink />
        <Alert tone="danger" title="This receivable could not be opened">
          {state.message}
        </Alert>
      </div>
    );
  }
  const r = state.detail;

  const move = async (status: ReceivableStatus): Promise<void> => {
    setPending(status);
    const result = await api.receivables.setStatus({ id: r.id, status });
    setPending(null);
    if (result.ok) adopt(result.value);
    setActionError(result.ok ? null : result.error.message);
  };

  return (
    <div className="page receivable-page" data-testid="receivable-detail">
      <header className="receivable-header">
        <div className="receivable-header-main">
          <BackLink />
          <h1 className="page-title">{receivableTitle(r)}</h1>
          <div className="receivable-meta">
            <ReceivableStatusChip status={r.status} />
            {r.checkedAt ? <FindingCounts counts={r.counts} /> : null}
            <span className="receivable-meta-item">
              {r.checkedAt ? `checked ${formatLocalTime(r.checkedAt)}` : 'not checked yet'}
              {r.policyVersion !== null ? ` · policy v${r.policyVersion}` : ''}
            </span>
            {r.inputsHash ? (
              <span className="receivable-meta-item mono" title={`SHA-256 of the inputs: ${r.inputsHash}`}>
                inputs {shortHash(r.inputsHash, 12)}
              </span>
            ) : null}
          </div>
        </div>
        <div className="receivable-header-actions">
          <div className="receivable-amount">
            <span className="receivable-amount-value tabular">{r.amount !== null ? formatMoney(r.amount) : '—'}</span>
            <span className="receivable-amount-currency">{r.currency ?? ''}</span>
          </div>
          {STATUS_TRANSITIONS[r.status].map((status) => (
            <button key={status} type="button" className="button" disabled={pending !== null} onClick={() => void move(status)}>
              {pending === status ? 'Saving…' : TRANSITION_LABELS[status]}
            </button>
          ))}
        </div>
      </header>
      {actionError ? <Alert tone="danger">{actionError}</Alert> : null}
      <div className="receivable-layout">
        <div className="receivable-side">
          <section className="card" aria-label="Facts">
            <h2 className="card-title">Invoice</h2>
            <dl className="detail-list">
              <dt>Invoice no.</dt>
              <dd>{r.invoiceNumber ?? '—'}</dd>
              <dt>Issued</dt>
              <dd className="tabular">{r.issueDate ?? '—'}</dd>
              <dt>Due</dt>
              <dd className="tabular">{r.dueDate ?? '—'}</dd>
              <dt>Amount</dt>
              <dd className="tabular">{r.amount !== null ? `${formatMoney(r.amount)} ${r.currency ?? ''}` : '—'}</dd>
              <dt>Goods</dt>
              <dd>{r.goods ?? '—'}</dd>
              <dt>Quantity</dt>
              <dd className="tabular">{r.quantity !== null ? `${formatQuantity(r.quantity)} ${r.quantityUnit ?? ''}` : '—'}</dd>
              <dt>B/L numbers</dt>
              <dd className="mono">{r.blNumbers.length ? r.blNumbers.join(', ') : '—'}</dd>
            </dl>
          </section>
          <section className="card" aria-label="Parties">
            <h2 className="card-title">Parties</h2>
            <dl className="detail-list">
              <dt>Supplier</dt>
              <dd>
                <Party matched={r.supplierName} printed={r.sellerName} />
              </dd>
              <dt>Buyer</dt>
              <dd>
                <Party matched={r.buyerCounterpartyName} printed={r.buyerName} />
              </dd>
            </dl>
          </section>
          <LinkedDocuments receivable={r} onChanged={adopt} />
          <FundingForm key={`${r.advanceAmount}-${r.initialMarginPct}-${r.fundingDate}`} receivable={r} onSaved={adopt} />
        </div>
        <WhyPanel receivableId={r.id} findings={r.findings} focusId={focusFinding} checked={r.checkedAt !== null} onChanged={reload} />
      </div>
    </div>
  );
}

function Party({ matched, printed }: { readonly matched: string | null; readonly printed: string | null }): ReactElement {
  if (matched) {
    return (
      <span className="party">
        <span className="party-name">{matched}</span>
        {printed && printed !== matched ? <span className="party-printed">printed as “{printed}”</span> : null}
      </span>
    );
  }
  return (
    <span className="party">
      <span className="party-name">{printed ?? 'not read'}</span>
      <span className="badge badge-unmatched">unmatched</span>
    </span>
  );
}

function LinkedDocuments({
  receivable,
  onChanged,
}: {
  readonly receivable: ReceivableDetail;
  readonly onChanged: (detail: ReceivableDetail) => void;
}): ReactElement {
  const { api } = useWorkstation();
  const [bls, setBls] = useState<readonly DocumentSummary[]>([]);
  const [choice, setChoice] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [unlinking, setUnlinking] = useState<ReceivableDetail['documents'][number] | null>(null);

  useEffect(() => {
    let current = true;
    void api.documents.list({ kind: 'bill_of_lading' }).then((result) => {
      if (current && result.ok) setBls(result.value.filter((doc) => doc.status === 'extracted' || doc.status === 'reviewed'));
    });
    return () => {
      current = false;
    };
  }, [api, receivable.documents]);

  const linked = new Set(receivable.documents.map((doc) => doc.documentId));
  const candidates = bls.filter((doc) => !linked.has(doc.id));

  const link = async (): Promise<void> => {
    if (choice) await linkDocument(choice);
  };
  const linkDocument = async (documentId: string): Promise<void> => {
    setBusy(true);
    const result = await api.receivables.link({ id: receivable.id, documentId });
    setBusy(false);
    setError(result.ok ? null : result.error.message);
    if (result.ok) {
      setChoice('');
      onChanged(result.value);
    }
  };
  const unlink = async (): Promise<void> => {
    if (!unlinking) return;
    setBusy(true);
    const result = await api.receivables.unlink({ id: receivable.id, documentId: unlinking.documentId });
    setBusy(false);
    setError(result.ok ? null : result.error.message);
    setUnlinking(null);
    if (result.ok) onChanged(result.value);
  };

  return (
    <section className="card" aria-label="Documents">
      <h2 className="card-title">Documents</h2>
      <ul className="linked-docs">
        {receivable.documents.map((doc) => (
          <li key={doc.documentId} className="linked-doc">
            <Icon name="documents" size={16} />
            <span className="linked-doc-text">
              <a className="linked-doc-name" href={hashOfDocumentFocus(doc.documentId, { from: receivable.id })}>
                {doc.fileName}
              </a>
              <span className="linked-doc-sub">
                {doc.kind === 'invoice' ? 'Invoice' : `Bill of lading${doc.blNumber ? ` ${doc.blNumber}` : ''}`} · {LINK_LABELS[doc.method]}
              </span>
            </span>
            {doc.kind === 'bill_of_lading' ? (
              <button
                type="button"
                className="button button-sm button-ghost"
                aria-label={`Unlink ${doc.fileName}`}
                disabled={busy}
                onClick={() => setUnlinking(doc)}
              >
                Unlink
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {receivable.documents.every((doc) => doc.kind !== 'bill_of_lading') ? (
        <p className="card-note">No bill of lading is linked: the shipment behind this invoice is not evidenced yet.</p>
      ) : null}
      {receivable.linkCandidates.length > 0 ? (
        <div className="link-candidates" aria-label="Likely bills of lading">
          <h3 className="card-subtitle">Likely bills of lading</h3>
          <p className="card-note">No candidate won clearly enough to link on its own. Check the reasons and link the right one.</p>
          <ul className="linked-docs">
            {receivable.linkCandidates.map((candidate) => (
              <li key={candidate.documentId} className="linked-doc">
                <span className="link-score tabular" title="How sure automatic linking is (1 = the B/L number the invoice cites)">
                  {Math.round(candidate.score * 100)}
                </span>
                <span className="linked-doc-text">
                  <a className="linked-doc-name" href={hashOfDocumentFocus(candidate.documentId, { from: receivable.id })}>
                    {candidate.fileName}
                  </a>
                  <span className="linked-doc-sub">{candidate.reasons.join(' · ') || 'little in common beyond the dates'}</span>
                </span>
                <button
                  type="button"
                  className="button button-sm"
                  aria-label={`Link ${candidate.fileName}`}
                  disabled={busy}
                  onClick={() => void linkDocument(candidate.documentId)}
                >
                  <Icon name="link" size={14} />
                  Link
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="link-bl">
        <select className="select select-sm" aria-label="Bill of lading to link" value={choice} onChange={(event) => setChoice(event.target.value)}>
          <option value="">{candidates.length ? 'Link a bill of lading…' : 'No other extracted bills of lading'}</option>
          {candidates.map((doc) => (
            <option key={doc.id} value={doc.id}>
              {doc.fileName}
              {doc.party ? ` — ${doc.party}` : ''}
            </option>
          ))}
        </select>
        <button type="button" className="button button-sm" disabled={!choice || busy} onClick={() => void link()}>
          <Icon name="link" size={14} />
          Link
        </button>
      </div>
      {error ? <Alert tone="danger">{error}</Alert> : null}
      <Dialog
        open={unlinking !== null}
        onClose={() => setUnlinking(null)}
        title="Unlink the bill of lading?"
        width="sm"
        description={
          unlinking ? (
            <>
              <strong>{unlinking.fileName}</strong> will no longer evidence this receivable; it is checked again without it.
              The change is recorded in the audit trail.
            </>
          ) : null
        }
      >
        <div className="form-actions">
          <button type="button" className="button" onClick={() => setUnlinking(null)}>
            Keep it
          </button>
          <button type="button" className="button button-danger" disabled={busy} onClick={() => void unlink()}>
            Unlink
          </button>
        </div>
      </Dialog>
    </section>
  );
}

const toNumber = (text: string): number | null => {
  const cleaned = text.replace(/[\s,]/g, '');
  return cleaned === '' ? null : Number(cleaned);
};

function FundingForm({
  receivable,
  onSaved,
}: {
  readonly receivable: ReceivableDetail;
  readonly onSaved: (detail: ReceivableDetail) => void;
}): ReactElement {
  const { api } = useWorkstation();
  const [advance, setAdvance] = useState(receivable.advanceAmount?.toString() ?? '');
  const [margin, setMargin] = useState(receivable.initialMarginPct?.toString() ?? '');
  const [date, setDate] = useState(receivable.fundingDate ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FormError | null>(null);
  const [saved, setSaved] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const advanceAmount = toNumber(advance);
    const initialMarginPct = toNumber(margin);
    if (Number.isNaN(advanceAmount)) return setError({ field: 'advanceAmount', message: 'Enter the advance as a number, e.g. 80000.' });
    if (Number.isNaN(initialMarginPct)) return setError({ field: 'initialMarginPct', message: 'Enter the margin as a percentage, e.g. 10.' });
    setBusy(true);
    const result = await api.receivables.update({ id: receivable.id, advanceAmount, initialMarginPct, fundingDate: date || null });
    setBusy(false);
    if (!result.ok) {
      setError(toFormError(result.error));
      setSaved(false);
      return;
    }
    setError(null);
    setSaved(true);
    onSaved(result.value);
  };

  const errorFor = (field: string): string | null => (error?.field === field ? error.message : null);
  return (
    <section className="card" aria-label="Funding">
      <h2 className="card-title">Funding</h2>
      <form className="form funding-form" onSubmit={(event) => void submit(event)} noValidate>
        <Field label={`Advance${receivable.currency ? ` (${receivable.currency})` : ''}`} error={errorFor('advanceAmount')}>
          {(props) => <input {...props} className="input" inputMode="decimal" value={advance} onChange={(e) => setAdvance(e.target.value)} />}
        </Field>
        <Field label="Initial margin %" error={errorFor('initialMarginPct')}>
          {(props) => <input {...props} className="input" inputMode="decimal" value={margin} onChange={(e) => setMargin(e.target.value)} />}
        </Field>
        <Field label="Funding date" error={errorFor('fundingDate')}>
          {(props) => <input {...props} className="input" type="date" value={date} onChange={(e) => setDate(e.target.value)} />}
        </Field>
        {error && error.field === null ? <Alert tone="danger">{error.message}</Alert> : null}
        <div className="form-actions">
          {saved ? <span className="form-saved">Saved · checked again</span> : null}
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save funding'}
          </button>
        </div>
      </form>
    </section>
  );
}
