import type { ReactElement } from 'react';
import type { EInvoiceInfo, ReviewedField } from '../../../../shared/documents';
import { Icon } from '../../../ui/Icon';
import { FIELD_LABELS, formatFieldValue } from '../document-labels';

// A multi-megabyte XML (attachments inside it) would stall the page; the fields hold what matters.
const MAX_SHOWN_CHARS = 400_000;
const KEY_FIELDS = ['invoice_number', 'issue_date', 'due_date', 'seller', 'buyer', 'total_amount', 'currency', 'payment_account'] as const;

const SYNTAX_LABELS: Readonly<Record<EInvoiceInfo['syntax'], string>> = {
  ubl: 'UBL 2.1 (OASIS)',
  cii: 'UN/CEFACT Cross Industry Invoice',
};

/** XML written on one line (as machines often write it) gets a line per element, for reading. */
const readable = (xml: string): string => (xml.split('\n').length > 3 ? xml : xml.replace(/>\s*</g, '>\n<'));

/**
 * In place of a page, for an XML e-invoice: what it is, its key facts, and the XML itself. There is
 * nothing to draw, and nothing was read from a layout: every field came from an XML element.
 */
export function EinvoicePanel({
  xml,
  info,
  fields,
}: {
  readonly xml: string;
  readonly info: EInvoiceInfo | undefined;
  readonly fields: readonly ReviewedField[];
}): ReactElement {
  const byName = new Map(fields.map((field) => [field.name, field]));
  const facts = KEY_FIELDS.map((name) => ({ name, field: byName.get(name) })).filter((entry) => entry.field !== undefined);
  const shown = xml.length > MAX_SHOWN_CHARS ? `${xml.slice(0, MAX_SHOWN_CHARS)}\n…` : xml;
  return (
    <section className="viewer viewer-einvoice" aria-label="E-invoice">
      <div className="einvoice-panel">
        <header className="einvoice-head">
          <span className="einvoice-icon" aria-hidden="true">
            <Icon name="documents" size={20} />
          </span>
          <div>
            <h2 className="einvoice-title">Machine-readable e-invoice</h2>
            <p className="einvoice-lead">
              This file is an EN 16931 e-invoice{info ? ` (${info.label})` : ''}: data written for machines, with no printed page to
              show. Every field on the right was read from an element of its XML, at full confidence; nothing was guessed from a layout.
            </p>
          </div>
        </header>
        {info?.documentType === 'credit_note' ? (
          <p className="einvoice-note" role="note">
            <Icon name="alert" size={14} />A credit note says what the seller owes back: it is no claim for payment, so it does not become a receivable.
          </p>
        ) : null}
        <dl className="einvoice-facts">
          {info ? (
            <div className="einvoice-fact">
              <dt>Syntax</dt>
              <dd>{SYNTAX_LABELS[info.syntax]}</dd>
            </div>
          ) : null}
          {info?.customization ? (
            <div className="einvoice-fact">
              <dt>Specification</dt>
              <dd className="mono einvoice-wrap">{info.customization}</dd>
            </div>
          ) : null}
          {facts.map(({ name, field }) => (
            <div key={name} className="einvoice-fact">
              <dt>{FIELD_LABELS[name]}</dt>
              <dd>{formatFieldValue(name, field!.value)}</dd>
            </div>
          ))}
        </dl>
        <details className="einvoice-xml" open>
          <summary>The XML as received</summary>
          <pre className="mono" aria-label="E-invoice XML">
            {readable(shown)}
          </pre>
        </details>
      </div>
    </section>
  );
}
