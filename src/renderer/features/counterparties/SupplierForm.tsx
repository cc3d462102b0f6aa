import { useState } from 'react';
import type { FormEvent, ReactElement } from 'react';
import { UNITS } from '../../../shared/checks';
import type { Supplier, Unit } from '../../../shared/checks';
import { useWorkstation } from '../../app/workstation';
import { Field } from '../../ui/Field';
import { Icon } from '../../ui/Icon';
import { FormFooter } from './FormFooter';
import { PartyNameFields } from './PartyNameFields';
import { NO_ISSUES, localIssues, parseNumber, splitAliases, toFormIssues } from './form-issues';
import type { FormIssues } from './form-issues';

type CapacityRow = {
  readonly key: number;
  readonly product: string;
  readonly quantity: string;
  readonly unit: Unit;
  readonly evidenceNote: string;
  readonly evidenceDocumentId: string | null;
};

const SUPPLIER_FIELDS = /^(legalName|aliases(\.\d+)?|country|registrationId|industry|capacities\.\d+\.(product|quantityPerMonth|unit|evidenceNote))$/;

let nextKey = 1;
const newRow = (): CapacityRow => ({ key: nextKey++, product: '', quantity: '', unit: 'MT', evidenceNote: '', evidenceDocumentId: null });

/** Create or edit a supplier: identity, aliases, and declared monthly capacity per product. */
export function SupplierForm({
  initial,
  onSaved,
  onCancel,
}: {
  readonly initial: Supplier | null;
  readonly onSaved: (supplier: Supplier) => void;
  readonly onCancel: () => void;
}): ReactElement {
  const { api } = useWorkstation();
  const [legalName, setLegalName] = useState(initial?.legalName ?? '');
  const [aliases, setAliases] = useState(initial?.aliases.join('\n') ?? '');
  const [country, setCountry] = useState(initial?.country ?? '');
  const [registrationId, setRegistrationId] = useState(initial?.registrationId ?? '');
  const [industry, setIndustry] = useState(initial?.industry ?? '');
  const [rows, setRows] = useState<readonly CapacityRow[]>(() =>
    initial
      ? initial.capacities.map((c) => ({
          key: nextKey++,
          product: c.product,
          quantity: String(c.quantityPerMonth),
          unit: c.unit,
          evidenceNote: c.evidenceNote ?? '',
          evidenceDocumentId: c.evidenceDocumentId,
        }))
      : [newRow()],
  );
  const [issues, setIssues] = useState<FormIssues>(NO_ISSUES);
  const [busy, setBusy] = useState(false);

  const update = (key: number, change: Partial<CapacityRow>): void =>
    setRows((current) => current.map((row) => (row.key === key ? { ...row, ...change } : row)));

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    // A blank capacity row is an unfinished thought, not a declaration; it is dropped, not refused.
    const filled = rows.filter((row) => row.product.trim() || row.quantity.trim() || row.evidenceNote.trim());
    const blanks = filled.flatMap((row, index) =>
      parseNumber(row.quantity) === null ? [[`capacities.${index}.quantityPerMonth`, 'Enter the quantity per month as a number.'] as const] : [],
    );
    if (blanks.length > 0) {
      setRows(filled.length > 0 ? filled : [newRow()]);
      setIssues(localIssues(blanks));
      return;
    }
    setBusy(true);
    const result = await api.counterparties.saveSupplier({
      ...(initial ? { id: initial.id } : {}),
      legalName,
      aliases: splitAliases(aliases),
      country,
      registrationId: registrationId.trim() || null,
      industry: industry.trim() || null,
      capacities: filled.map((row) => ({
        product: row.product,
        quantityPerMonth: parseNumber(row.quantity) ?? 0,
        unit: row.unit,
        evidenceDocumentId: row.evidenceDocumentId,
        evidenceNote: row.evidenceNote.trim() || null,
      })),
    });
    setBusy(false);
    if (result.ok) {
      onSaved(result.value);
      return;
    }
    setRows(filled.length > 0 ? filled : [newRow()]);
    setIssues(toFormIssues(result.error, (path) => SUPPLIER_FIELDS.test(path)));
  };

  const error = (path: string): string | null => issues.fields.get(path) ?? null;

  return (
    <form className="form cp-form" onSubmit={(event) => void submit(event)} noValidate data-testid="supplier-form">
      <PartyNameFields legalName={legalName} onLegalName={setLegalName} aliases={aliases} onAliases={setAliases} aliasRows={3} issues={issues} />
      <div className="cp-form-row-3">
        <Field label="Country" hint="Two letters, e.g. VN" error={error('country')}>
          {(props) => (
            <input {...props} className="input" maxLength={2} value={country} onChange={(e) => setCountry(e.target.value.toUpperCase())} />
          )}
        </Field>
        <Field label="Registration ID" error={error('registrationId')}>
          {(props) => <input {...props} className="input" value={registrationId} onChange={(e) => setRegistrationId(e.target.value)} />}
        </Field>
        <Field label="Industry" error={error('industry')}>
          {(props) => <input {...props} className="input" value={industry} onChange={(e) => setIndustry(e.target.value)} />}
        </Field>
      </div>
      <fieldset className="fieldset cp-capacity">
        <legend className="field-label">Declared production capacity</legend>
        <p className="field-hint">
          What the supplier says it can produce per month, per product; the capacity check compares invoiced quantities with it.
        </p>
        {rows.length > 0 ? (
          <div className="cp-capacity-head" aria-hidden="true">
            <span>Product</span>
            <span>Per month</span>
            <span>Unit</span>
            <span>Evidence</span>
            <span />
          </div>
        ) : null}
        {rows.map((row, index) => {
          const n = index + 1;
          const rowErrors = ['product', 'quantityPerMonth', 'unit', 'evidenceNote']
            .map((name) => error(`capacities.${index}.${name}`))
            .filter((message): message is string => message !== null);
          return (
            <div key={row.key} className="cp-capacity-row" data-testid="capacity-row">
              <input
                className="input"
                aria-label={`Product ${n}`}
                aria-invalid={error(`capacities.${index}.product`) ? true : undefined}
                placeholder="Polypropylene resin"
                value={row.product}
                onChange={(e) => update(row.key, { product: e.target.value })}
              />
              <input
                className="input tabular"
                inputMode="decimal"
                aria-label={`Quantity per month ${n}`}
                aria-invalid={error(`capacities.${index}.quantityPerMonth`) ? true : undefined}
                placeholder="4,000"
                value={row.quantity}
                onChange={(e) => update(row.key, { quantity: e.target.value })}
              />
              <select
                className="select"
                aria-label={`Unit ${n}`}
                value={row.unit}
                onChange={(e) => update(row.key, { unit: e.target.value as Unit })}
              >
                {UNITS.map((unit) => (
                  <option key={unit} value={unit}>
                    {unit}
                  </option>
                ))}
              </select>
              <input
                className="input"
                aria-label={`Evidence ${n}`}
                placeholder="Production licence 2024"
                value={row.evidenceNote}
                onChange={(e) => update(row.key, { evidenceNote: e.target.value })}
              />
              <button
                type="button"
                className="icon-button"
                aria-label={`Remove product ${n}`}
                onClick={() => setRows((current) => current.filter((other) => other.key !== row.key))}
              >
                <Icon name="close" size={14} />
              </button>
              {rowErrors.length > 0 ? <div className="field-error cp-capacity-error">{rowErrors.join(' ')}</div> : null}
            </div>
          );
        })}
        <div>
          <button type="button" className="button button-sm" onClick={() => setRows((current) => [...current, newRow()])}>
            <Icon name="plus" size={14} />
            Add product
          </button>
        </div>
      </fieldset>
      <FormFooter issues={issues} busy={busy} saveLabel={initial ? 'Save supplier' : 'Add supplier'} onCancel={onCancel} />
    </form>
  );
}
