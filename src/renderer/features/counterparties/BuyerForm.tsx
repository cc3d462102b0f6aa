import { useState } from 'react';
import type { FormEvent, ReactElement } from 'react';
import type { Buyer } from '../../../shared/checks';
import { useWorkstation } from '../../app/workstation';
import { Field } from '../../ui/Field';
import { FormFooter } from './FormFooter';
import { PartyNameFields } from './PartyNameFields';
import { NO_ISSUES, localIssues, parseNumber, splitAliases, toFormIssues } from './form-issues';
import type { FormIssues } from './form-issues';

const BUYER_FIELDS =
  /^(legalName|aliases(\.\d+)?|country|rating|probabilityOfDefault|insurance\.(insurer|policyNumber|creditLimit|currency|indemnityPct|waitingPeriodDays|expiry))$/;

type InsuranceDraft = {
  readonly insurer: string;
  readonly policyNumber: string;
  readonly creditLimit: string;
  readonly currency: string;
  readonly indemnityPct: string;
  readonly waitingPeriodDays: string;
  readonly expiry: string;
};

const EMPTY_INSURANCE: InsuranceDraft = {
  insurer: '',
  policyNumber: '',
  creditLimit: '',
  currency: 'USD',
  indemnityPct: '90',
  waitingPeriodDays: '180',
  expiry: '',
};

/** Create or edit a buyer: identity, credit quality and its trade credit insurance (TCI). */
export function BuyerForm({
  initial,
  onSaved,
  onCancel,
}: {
  readonly initial: Buyer | null;
  readonly onSaved: (buyer: Buyer) => void;
  readonly onCancel: () => void;
}): ReactElement {
  const { api } = useWorkstation();
  const [legalName, setLegalName] = useState(initial?.legalName ?? '');
  const [aliases, setAliases] = useState(initial?.aliases.join('\n') ?? '');
  const [country, setCountry] = useState(initial?.country ?? '');
  const [rating, setRating] = useState(initial?.rating ?? '');
  // People think of PD in percent; the contract carries a share between 0 and 1.
  const [pd, setPd] = useState(
    initial?.probabilityOfDefault === null || initial?.probabilityOfDefault === undefined
      ? ''
      : String(Math.round(initial.probabilityOfDefault * 1_000_000) / 10_000),
  );
  const [insured, setInsured] = useState(initial ? initial.insurance !== null : true);
  const [tci, setTci] = useState<InsuranceDraft>(() =>
    initial?.insurance
      ? {
          insurer: initial.insurance.insurer,
          policyNumber: initial.insurance.policyNumber,
          creditLimit: String(initial.insurance.creditLimit),
          currency: initial.insurance.currency,
          indemnityPct: String(initial.insurance.indemnityPct),
          waitingPeriodDays: String(initial.insurance.waitingPeriodDays),
          expiry: initial.insurance.expiry,
        }
      : EMPTY_INSURANCE,
  );
  const [issues, setIssues] = useState<FormIssues>(NO_ISSUES);
  const [busy, setBusy] = useState(false);
  const setTciField = (name: keyof InsuranceDraft, value: string): void => setTci((current) => ({ ...current, [name]: value }));

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const pdValue = parseNumber(pd);
    const numbers = {
      creditLimit: parseNumber(tci.creditLimit),
      indemnityPct: parseNumber(tci.indemnityPct),
      waitingPeriodDays: parseNumber(tci.waitingPeriodDays),
    };
    const local: [string, string][] = [];
    if (pd.trim() && (pdValue === null || pdValue < 0 || pdValue > 100)) {
      local.push(['probabilityOfDefault', 'Enter the probability of default as a percentage between 0 and 100.']);
    }
    if (insured) {
      if (numbers.creditLimit === null) local.push(['insurance.creditLimit', 'Enter the credit limit as a number.']);
      if (numbers.indemnityPct === null) local.push(['insurance.indemnityPct', 'Enter the indemnity as a percentage.']);
      if (numbers.waitingPeriodDays === null) local.push(['insurance.waitingPeriodDays', 'Enter the waiting period in days.']);
      if (!tci.expiry) local.push(['insurance.expiry', 'Enter the expiry date.']);
    }
    if (local.length > 0) {
      setIssues(localIssues(local));
      return;
    }
    setBusy(true);
    const result = await api.counterparties.saveBuyer({
      ...(initial ? { id: initial.id } : {}),
      legalName,
      aliases: splitAliases(aliases),
      country,
      rating: rating.trim() || null,
      probabilityOfDefault: pdValue === null ? null : pdValue / 100,
      insurance: insured
        ? {
            insurer: tci.insurer,
            policyNumber: tci.policyNumber,
            creditLimit: numbers.creditLimit ?? 0,
            currency: tci.currency,
            indemnityPct: numbers.indemnityPct ?? 0,
            waitingPeriodDays: numbers.waitingPeriodDays ?? 0,
            expiry: tci.expiry,
          }
        : null,
    });
    setBusy(false);
    if (result.ok) onSaved(result.value);
    else setIssues(toFormIssues(result.error, (path) => BUYER_FIELDS.test(path)));
  };

  const error = (path: string): string | null => issues.fields.get(path) ?? null;

  return (
    <form className="form cp-form" onSubmit={(event) => void submit(event)} noValidate data-testid="buyer-form">
      <PartyNameFields legalName={legalName} onLegalName={setLegalName} aliases={aliases} onAliases={setAliases} aliasRows={2} issues={issues} />
      <div className="cp-form-row-3">
        <Field label="Country" hint="Two letters, e.g. DE" error={error('country')}>
          {(props) => (
            <input {...props} className="input" maxLength={2} value={country} onChange={(e) => setCountry(e.target.value.toUpperCase())} />
          )}
        </Field>
        <Field label="Rating" hint="e.g. BBB+" error={error('rating')}>
          {(props) => <input {...props} className="input" value={rating} onChange={(e) => setRating(e.target.value)} />}
        </Field>
        <Field label="Probability of default (%)" hint="Annual, e.g. 0.35" error={error('probabilityOfDefault')}>
          {(props) => <input {...props} className="input tabular" inputMode="decimal" value={pd} onChange={(e) => setPd(e.target.value)} />}
        </Field>
      </div>
      <fieldset className="fieldset cp-subform">
        <legend className="field-label">Trade credit insurance</legend>
        <label className="cp-check">
          <input type="checkbox" checked={insured} onChange={(e) => setInsured(e.target.checked)} />
          This buyer is covered by a trade credit insurance policy
        </label>
        {insured ? (
          <>
            <div className="form-row">
              <Field label="Insurer" error={error('insurance.insurer')}>
                {(props) => <input {...props} className="input" value={tci.insurer} onChange={(e) => setTciField('insurer', e.target.value)} />}
              </Field>
              <Field label="Policy number" error={error('insurance.policyNumber')}>
                {(props) => (
                  <input {...props} className="input" value={tci.policyNumber} onChange={(e) => setTciField('policyNumber', e.target.value)} />
                )}
              </Field>
            </div>
            <div className="cp-form-row-limit">
              <Field label="Credit limit" error={error('insurance.creditLimit')}>
                {(props) => (
                  <input
                    {...props}
                    className="input tabular"
                    inputMode="decimal"
                    value={tci.creditLimit}
                    onChange={(e) => setTciField('creditLimit', e.target.value)}
                  />
                )}
              </Field>
              <Field label="Currency" error={error('insurance.currency')}>
                {(props) => (
                  <input
                    {...props}
                    className="input"
                    maxLength={3}
                    value={tci.currency}
                    onChange={(e) => setTciField('currency', e.target.value.toUpperCase())}
                  />
                )}
              </Field>
            </div>
            <div className="cp-form-row-3">
              <Field label="Indemnity (%)" error={error('insurance.indemnityPct')}>
                {(props) => (
                  <input
                    {...props}
                    className="input tabular"
                    inputMode="decimal"
                    value={tci.indemnityPct}
                    onChange={(e) => setTciField('indemnityPct', e.target.value)}
                  />
                )}
              </Field>
              <Field label="Waiting period (days)" error={error('insurance.waitingPeriodDays')}>
                {(props) => (
                  <input
                    {...props}
                    className="input tabular"
                    inputMode="numeric"
                    value={tci.waitingPeriodDays}
                    onChange={(e) => setTciField('waitingPeriodDays', e.target.value)}
                  />
                )}
              </Field>
              <Field label="Expiry" error={error('insurance.expiry')}>
                {(props) => (
                  <input {...props} className="input" type="date" value={tci.expiry} onChange={(e) => setTciField('expiry', e.target.value)} />
                )}
              </Field>
            </div>
          </>
        ) : (
          <p className="field-hint">Without cover the insurance check reports every receivable on this buyer.</p>
        )}
      </fieldset>
      <FormFooter issues={issues} busy={busy} saveLabel={initial ? 'Save buyer' : 'Add buyer'} onCancel={onCancel} />
    </form>
  );
}
