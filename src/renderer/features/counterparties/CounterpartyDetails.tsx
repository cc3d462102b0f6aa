import type { ReactElement, ReactNode } from 'react';
import type { Buyer, EscrowAccount, Supplier } from '../../../shared/checks';
import { formatLocalTime } from '../../format';
import { Icon } from '../../ui/Icon';
import { buyerExpiry, expiryPhrase, formatCapacity, formatLimit, formatNumber, formatPd } from './counterparty-format';

export type Selected =
  | { readonly kind: 'supplier'; readonly record: Supplier }
  | { readonly kind: 'buyer'; readonly record: Buyer }
  | { readonly kind: 'escrow'; readonly record: EscrowAccount };

const dash = (value: string | null | undefined): ReactNode => (value ? value : <span className="muted">—</span>);

function Aliases({ aliases }: { readonly aliases: readonly string[] }): ReactElement {
  return aliases.length > 0 ? (
    <span className="cp-tags cp-tags-wrap">
      {aliases.map((alias) => (
        <span key={alias} className="cp-tag">
          {alias}
        </span>
      ))}
    </span>
  ) : (
    <span className="muted">None</span>
  );
}

function SupplierBody({ supplier }: { readonly supplier: Supplier }): ReactElement {
  return (
    <>
      <dl className="detail-list">
        <dt>Aliases</dt>
        <dd>
          <Aliases aliases={supplier.aliases} />
        </dd>
        <dt>Country</dt>
        <dd>{supplier.country}</dd>
        <dt>Registration</dt>
        <dd className="mono break">{dash(supplier.registrationId)}</dd>
        <dt>Industry</dt>
        <dd>{dash(supplier.industry)}</dd>
      </dl>
      <div>
        <h3 className="side-panel-subtitle">Declared capacity</h3>
        {supplier.capacities.length === 0 ? (
          <p className="muted cp-panel-note">None declared — the capacity check cannot judge this supplier.</p>
        ) : (
          <ul className="cp-capacity-list">
            {supplier.capacities.map((capacity) => (
              <li key={`${capacity.product}-${capacity.unit}`}>
                <span className="cp-capacity-product">{capacity.product}</span>
                <span className="tabular">{formatCapacity(capacity)}</span>
                {capacity.evidenceNote ? <span className="detail-secondary">{capacity.evidenceNote}</span> : null}
              </li>
            ))}
          </ul>
        )}
      </div>
    </>
  );
}

function BuyerBody({ buyer }: { readonly buyer: Buyer }): ReactElement {
  const tci = buyer.insurance;
  const expiry = buyerExpiry(buyer);
  return (
    <>
      <dl className="detail-list">
        <dt>Aliases</dt>
        <dd>
          <Aliases aliases={buyer.aliases} />
        </dd>
        <dt>Country</dt>
        <dd>{buyer.country}</dd>
        <dt>Rating</dt>
        <dd>{dash(buyer.rating)}</dd>
        <dt>PD</dt>
        <dd className="tabular">{buyer.probabilityOfDefault === null ? dash(null) : formatPd(buyer.probabilityOfDefault)}</dd>
      </dl>
      <div>
        <h3 className="side-panel-subtitle">Trade credit insurance</h3>
        {tci ? (
          <dl className="detail-list cp-panel-list">
            <dt>Insurer</dt>
            <dd>{tci.insurer}</dd>
            <dt>Policy</dt>
            <dd className="mono break">{tci.policyNumber}</dd>
            <dt>Limit</dt>
            <dd className="tabular">{formatLimit(tci)}</dd>
            <dt>Indemnity</dt>
            <dd className="tabular">{formatNumber(tci.indemnityPct)} %</dd>
            <dt>Waiting</dt>
            <dd className="tabular">{tci.waitingPeriodDays} days</dd>
            <dt>Expiry</dt>
            <dd>
              <span className="tabular">{tci.expiry}</span>
              {expiry && expiry.tone !== 'ok' ? (
                <span className={`detail-secondary cp-expiry-text cp-expiry-text-${expiry.tone}`}>{expiryPhrase(expiry)}</span>
              ) : null}
            </dd>
          </dl>
        ) : (
          <p className="muted cp-panel-note">No cover recorded — receivables on this buyer fail the insurance check.</p>
        )}
      </div>
    </>
  );
}

function EscrowBody({ account }: { readonly account: EscrowAccount }): ReactElement {
  return (
    <dl className="detail-list">
      <dt>Account</dt>
      <dd className="mono break">{account.account}</dd>
      <dt>Currency</dt>
      <dd>{account.currency}</dd>
      <dt>Vehicle</dt>
      <dd>{account.vehicle}</dd>
    </dl>
  );
}

const EYEBROW = { supplier: 'Supplier', buyer: 'Buyer', escrow: 'Escrow account' } as const;

/** The selected counterparty in full, with Edit and Remove for those who may change it. */
export function CounterpartyDetails({
  selected,
  canEdit,
  onEdit,
  onRemove,
  onClose,
}: {
  readonly selected: Selected;
  readonly canEdit: boolean;
  readonly onEdit: () => void;
  readonly onRemove: () => void;
  readonly onClose: () => void;
}): ReactElement {
  const title = selected.kind === 'escrow' ? selected.record.bank : selected.record.legalName;
  return (
    <aside className="side-panel" aria-label="Counterparty details" data-testid="counterparty-details">
      <header className="side-panel-header">
        <div>
          <div className="side-panel-eyebrow">{EYEBROW[selected.kind]}</div>
          <h2 className="side-panel-title">{title}</h2>
        </div>
        <button type="button" className="icon-button" aria-label="Close details" onClick={onClose}>
          <Icon name="close" size={16} />
        </button>
      </header>
      {selected.kind === 'supplier' ? <SupplierBody supplier={selected.record} /> : null}
      {selected.kind === 'buyer' ? <BuyerBody buyer={selected.record} /> : null}
      {selected.kind === 'escrow' ? <EscrowBody account={selected.record} /> : null}
      <p className="detail-secondary cp-panel-updated">
        Updated {formatLocalTime(selected.record.updatedAt)} · <span className="mono">{selected.record.id}</span>
      </p>
      {canEdit ? (
        <div className="cp-panel-actions">
          <button type="button" className="button" onClick={onEdit}>
            <Icon name="pencil" size={14} />
            Edit
          </button>
          <button type="button" className="button button-danger-ghost" onClick={onRemove}>
            Remove…
          </button>
        </div>
      ) : null}
    </aside>
  );
}
