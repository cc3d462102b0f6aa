import { useState } from 'react';
import type { ReactElement, ReactNode } from 'react';
import { UNITS } from '../../../shared/checks';
import type { Policy } from '../../../shared/policy';
import { Icon } from '../../ui/Icon';
import { ListInput, NumberInput } from './PolicyInputs';
import { SCALAR_SECTIONS, getIn, showValue } from './policy-fields';
import type { ScalarField } from './policy-fields';

type Commodity = Policy['commodities'][number];
type PriceBand = Policy['priceBands'][number];
type FxRate = Policy['fx']['rates'][number];

type Props = {
  readonly policy: Policy;
  /** Set while a risk officer edits: every value becomes a control. */
  readonly onChange: ((path: string, value: unknown) => void) | null;
  /** Validation messages by dotted path. */
  readonly errors: ReadonlyMap<string, string>;
};

const UNIT_TEXT: Readonly<Record<ScalarField['unit'], string>> = { '%': '%', days: 'days', '': '', share: '0–1' };

let nextRowKey = 1;
/** Stable keys for rows of a table whose rows are added and removed only here. */
function useRowKeys(count: number): { keys: readonly number[]; add: () => void; remove: (index: number) => void } {
  const [keys, setKeys] = useState<readonly number[]>(() => Array.from({ length: count }, () => nextRowKey++));
  return {
    keys,
    add: () => setKeys((current) => [...current, nextRowKey++]),
    remove: (index) => setKeys((current) => current.filter((_, i) => i !== index)),
  };
}

function rowErrors(errors: ReadonlyMap<string, string>, prefix: string): string[] {
  return [...errors].filter(([path]) => path === prefix || path.startsWith(`${prefix}.`)).map(([path, message]) => `${path.slice(prefix.length + 1) || 'row'}: ${message}`);
}

function Section({ title, children, wide = false }: { readonly title: string; readonly children: ReactNode; readonly wide?: boolean }): ReactElement {
  return (
    <section className={`pol-section${wide ? ' pol-section-wide' : ''}`} aria-label={title}>
      <h3 className="pol-section-title">{title}</h3>
      {children}
    </section>
  );
}

function Scalar({ field, policy, onChange, errors }: { readonly field: ScalarField } & Props): ReactElement {
  const value = getIn(policy, field.path);
  const error = errors.get(field.path) ?? null;
  const unit = UNIT_TEXT[field.unit];
  return (
    <div className={`pol-field${error ? ' field-invalid' : ''}`}>
      <div className="pol-field-head">
        <span className="pol-field-label" id={`pol-${field.path}`}>
          {field.label}
        </span>
        {onChange ? (
          <span className="pol-field-control">
            {field.options ? (
              <select
                className="select select-sm"
                aria-labelledby={`pol-${field.path}`}
                value={String(value)}
                onChange={(event) => onChange(field.path, event.target.value)}
              >
                {field.options.map((option) => (
                  <option key={option} value={option}>
                    {option}
                  </option>
                ))}
              </select>
            ) : (
              <NumberInput
                value={typeof value === 'number' ? value : Number.NaN}
                label={field.label}
                invalid={error !== null}
                onChange={(next) => onChange(field.path, next)}
                {...(field.step !== undefined ? { step: field.step } : {})}
              />
            )}
            {unit ? <span className="pol-unit">{unit}</span> : null}
          </span>
        ) : (
          <span className="pol-field-value tabular" data-testid={`policy-value-${field.path}`}>
            {showValue(value)}
            {unit && field.unit !== 'share' ? <span className="pol-unit"> {unit}</span> : null}
          </span>
        )}
      </div>
      {error ? <div className="field-error">{error}</div> : <div className="pol-help">{field.help}</div>}
    </div>
  );
}

function Commodities({ policy, onChange, errors }: Props): ReactElement {
  const rows = useRowKeys(policy.commodities.length);
  const set = (next: Commodity[]): void => onChange?.('commodities', next);
  const listError = errors.get('commodities') ?? null;
  return (
    <Section title="Commodities" wide>
      <p className="pol-help">A commodity is recognised in a goods description when any of its lower-case keywords appears there.</p>
      <table className="table pol-table" aria-label="Commodities">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Keywords</th>
            {onChange ? <th scope="col" className="pol-col-action" aria-label="Remove" /> : null}
          </tr>
        </thead>
        <tbody>
          {policy.commodities.map((commodity, index) => {
            const problems = rowErrors(errors, `commodities.${index}`);
            return (
              <tr key={rows.keys[index] ?? index} className={problems.length > 0 ? 'pol-row-invalid' : undefined}>
                {onChange ? (
                  <>
                    <td>
                      <input
                        className="input"
                        aria-label={`Commodity ${index + 1} name`}
                        value={commodity.name}
                        onChange={(event) => set(policy.commodities.map((c, i) => (i === index ? { ...c, name: event.target.value } : c)))}
                      />
                    </td>
                    <td>
                      <ListInput
                        label={`Commodity ${index + 1} keywords`}
                        value={commodity.keywords}
                        invalid={problems.length > 0}
                        onChange={(keywords) => set(policy.commodities.map((c, i) => (i === index ? { ...c, keywords } : c)))}
                      />
                      {problems.length > 0 ? <div className="field-error">{problems.join(' · ')}</div> : null}
                    </td>
                    <td className="pol-col-action">
                      <button
                        type="button"
                        className="icon-button"
                        aria-label={`Remove commodity ${commodity.name || index + 1}`}
                        onClick={() => {
                          rows.remove(index);
                          set(policy.commodities.filter((_, i) => i !== index));
                        }}
                      >
                        <Icon name="close" size={14} />
                      </button>
                    </td>
                  </>
                ) : (
                  <>
                    <td className="nowrap">{commodity.name}</td>
                    <td>
                      <span className="cp-tags cp-tags-wrap">
                        {commodity.keywords.map((word) => (
                          <span key={word} className="cp-tag">
                            {word}
                          </span>
                        ))}
                      </span>
                    </td>
                  </>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      {listError ? <div className="field-error">{listError}</div> : null}
      {onChange ? (
        <div>
          <button
            type="button"
            className="button button-sm"
            onClick={() => {
              rows.add();
              set([...policy.commodities, { name: '', keywords: [] }]);
            }}
          >
            <Icon name="plus" size={14} />
            Add commodity
          </button>
        </div>
      ) : null}
    </Section>
  );
}

function PriceBands({ policy, onChange, errors }: Props): ReactElement {
  const rows = useRowKeys(policy.priceBands.length);
  const set = (next: PriceBand[]): void => onChange?.('priceBands', next);
  const patch = (index: number, change: Partial<PriceBand>): void =>
    set(policy.priceBands.map((band, i) => (i === index ? { ...band, ...change } : band)));
  const names = policy.commodities.map((commodity) => commodity.name);
  return (
    <Section title="Price bands" wide>
      <p className="pol-help">
        A unit price outside its commodity’s band is a price finding. Bands are wide enough for grade and freight terms (FOB vs CIF).
      </p>
      <table className="table pol-table" aria-label="Price bands">
        <thead>
          <tr>
            <th scope="col">Commodity</th>
            <th scope="col">Currency</th>
            <th scope="col">Unit</th>
            <th scope="col" className="pol-num">
              Min
            </th>
            <th scope="col" className="pol-num">
              Max
            </th>
            {onChange ? <th scope="col" className="pol-col-action" aria-label="Remove" /> : null}
          </tr>
        </thead>
        <tbody>
          {policy.priceBands.map((band, index) => {
            const problems = rowErrors(errors, `priceBands.${index}`);
            const n = index + 1;
            if (!onChange) {
              return (
                <tr key={rows.keys[index] ?? index}>
                  <td>{band.commodity}</td>
                  <td>{band.currency}</td>
                  <td>{band.unit}</td>
                  <td className="pol-num tabular">{band.min.toLocaleString('en-US')}</td>
                  <td className="pol-num tabular">{band.max.toLocaleString('en-US')}</td>
                </tr>
              );
            }
            return (
              <tr key={rows.keys[index] ?? index} className={problems.length > 0 ? 'pol-row-invalid' : undefined}>
                <td>
                  <select
                    className="select"
                    aria-label={`Band ${n} commodity`}
                    value={band.commodity}
                    onChange={(event) => patch(index, { commodity: event.target.value })}
                  >
                    {[...new Set([...names, band.commodity])].map((name) => (
                      <option key={name} value={name}>
                        {name || '—'}
                      </option>
                    ))}
                  </select>
                  {problems.length > 0 ? <div className="field-error">{problems.join(' · ')}</div> : null}
                </td>
                <td>
                  <input
                    className="input pol-currency"
                    aria-label={`Band ${n} currency`}
                    maxLength={3}
                    value={band.currency}
                    onChange={(event) => patch(index, { currency: event.target.value.toUpperCase() })}
                  />
                </td>
                <td>
                  <select
                    className="select"
                    aria-label={`Band ${n} unit`}
                    value={band.unit}
                    onChange={(event) => patch(index, { unit: event.target.value as PriceBand['unit'] })}
                  >
                    {UNITS.map((unit) => (
                      <option key={unit} value={unit}>
                        {unit}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="pol-num">
                  <NumberInput label={`Band ${n} minimum`} value={band.min} invalid={errors.has(`priceBands.${index}.min`)} onChange={(min) => patch(index, { min })} />
                </td>
                <td className="pol-num">
                  <NumberInput label={`Band ${n} maximum`} value={band.max} invalid={errors.has(`priceBands.${index}.max`)} onChange={(max) => patch(index, { max })} />
                </td>
                <td className="pol-col-action">
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Remove price band ${n}`}
                    onClick={() => {
                      rows.remove(index);
                      set(policy.priceBands.filter((_, i) => i !== index));
                    }}
                  >
                    <Icon name="close" size={14} />
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {onChange ? (
        <div>
          <button
            type="button"
            className="button button-sm"
            onClick={() => {
              rows.add();
              set([...policy.priceBands, { commodity: names[0] ?? '', currency: 'USD', unit: 'MT', min: Number.NaN, max: Number.NaN }]);
            }}
          >
            <Icon name="plus" size={14} />
            Add price band
          </button>
        </div>
      ) : null}
    </Section>
  );
}

function Eligibility({ policy, onChange, errors }: Props): ReactElement {
  const [currency, setCurrency] = useState('');
  const { eligibility } = policy;
  const names = [...new Set([...policy.commodities.map((c) => c.name), ...eligibility.eligibleCommodities])].filter(Boolean);
  const minKeys = [...new Set([...eligibility.currencies, ...Object.keys(eligibility.minAmount)])];
  const addCurrency = (): void => {
    const code = currency.trim().toUpperCase();
    if (!code || eligibility.currencies.includes(code)) return;
    onChange?.('eligibility.currencies', [...eligibility.currencies, code]);
    setCurrency('');
  };
  const error = (path: string): ReactNode => {
    const problems = rowErrors(errors, path);
    return problems.length > 0 ? <div className="field-error">{problems.join(' · ')}</div> : null;
  };
  return (
    <Section title="Eligibility" wide>
      <div className="pol-field">
        <span className="pol-field-label">Eligible commodities</span>
        <div className="pol-chips" role={onChange ? 'group' : undefined} aria-label="Eligible commodities">
          {names.map((name) => {
            const on = eligibility.eligibleCommodities.includes(name);
            if (!onChange) return on ? <span key={name} className="pol-chip is-on">{name}</span> : null;
            return (
              <button
                key={name}
                type="button"
                className={`pol-chip${on ? ' is-on' : ''}`}
                aria-pressed={on}
                onClick={() =>
                  onChange(
                    'eligibility.eligibleCommodities',
                    on ? eligibility.eligibleCommodities.filter((other) => other !== name) : [...eligibility.eligibleCommodities, name],
                  )
                }
              >
                {on ? <Icon name="check" size={12} /> : null}
                {name}
              </button>
            );
          })}
        </div>
        {error('eligibility.eligibleCommodities') ?? <div className="pol-help">Only these commodities may enter a pool.</div>}
      </div>
      <div className="pol-field">
        <span className="pol-field-label">Currencies</span>
        <div className="pol-chips" aria-label="Eligible currencies">
          {eligibility.currencies.map((code) => (
            <span key={code} className="pol-chip is-on">
              {code}
              {onChange ? (
                <button
                  type="button"
                  className="pol-chip-remove"
                  aria-label={`Remove ${code}`}
                  onClick={() => onChange('eligibility.currencies', eligibility.currencies.filter((other) => other !== code))}
                >
                  <Icon name="close" size={11} />
                </button>
              ) : null}
            </span>
          ))}
          {onChange ? (
            <span className="pol-chip-add">
              <input
                className="input pol-currency"
                aria-label="Add currency"
                placeholder="GBP"
                maxLength={3}
                value={currency}
                onChange={(event) => setCurrency(event.target.value.toUpperCase())}
                onKeyDown={(event) => {
                  if (event.key === 'Enter') {
                    event.preventDefault();
                    addCurrency();
                  }
                }}
              />
              <button type="button" className="button button-sm" onClick={addCurrency} disabled={!/^[A-Z]{3}$/.test(currency)}>
                Add
              </button>
            </span>
          ) : null}
        </div>
        {error('eligibility.currencies') ?? <div className="pol-help">Receivables in other currencies are ineligible.</div>}
      </div>
      <div className="pol-eligibility-row">
        <Scalar
          field={{ path: 'eligibility.maxTenorDays', label: 'Maximum tenor', unit: 'days', help: 'Longest time from the invoice date to the due date.' }}
          policy={policy}
          onChange={onChange}
          errors={errors}
        />
        {minKeys.map((code) => {
          const path = `eligibility.minAmount.${code}`;
          const value = eligibility.minAmount[code];
          const problem = errors.get(path) ?? null;
          return (
            <div key={code} className={`pol-field${problem ? ' field-invalid' : ''}`}>
              <div className="pol-field-head">
                <span className="pol-field-label">Minimum amount ({code})</span>
                {onChange ? (
                  <span className="pol-field-control">
                    <NumberInput
                      label={`Minimum amount ${code}`}
                      value={value ?? Number.NaN}
                      invalid={problem !== null}
                      className="pol-number-wide"
                      onChange={(next) => {
                        const minAmount: Record<string, number> = { ...eligibility.minAmount, [code]: next };
                        onChange('eligibility.minAmount', minAmount);
                      }}
                    />
                  </span>
                ) : (
                  <span className="pol-field-value tabular">{value === undefined ? 'none' : `${code} ${value.toLocaleString('en-US')}`}</span>
                )}
              </div>
              {problem ? <div className="field-error">{problem}</div> : <div className="pol-help">Smallest face value a receivable may have.</div>}
            </div>
          );
        })}
      </div>
    </Section>
  );
}

function ExchangeRates({ policy, onChange, errors }: Props): ReactElement {
  const rows = useRowKeys(policy.fx.rates.length);
  const set = (next: FxRate[]): void => onChange?.('fx.rates', next);
  const patch = (index: number, change: Partial<FxRate>): void => set(policy.fx.rates.map((rate, i) => (i === index ? { ...rate, ...change } : rate)));
  const maxAge = errors.get('fx.maxAgeDays') ?? null;
  return (
    <Section title="Exchange rates" wide>
      <p className="pol-help">
        Price bands, buyer credit limits and the pool convert with these rates: 1 unit of <em>From</em> is <em>Rate</em> units of <em>To</em>, valid from its date until a
        later rate of the pair. Quayside never fetches rates; a missing pair is a finding that names it.
      </p>
      <div className="pol-field">
        <span className="pol-field-label">A rate is stale after</span>
        {onChange ? (
          <span className="pol-field-control">
            <NumberInput label="Days after which a rate is stale" value={policy.fx.maxAgeDays} invalid={maxAge !== null} onChange={(v) => onChange('fx.maxAgeDays', v)} />
            <span className="pol-unit">days</span>
          </span>
        ) : (
          <span className="pol-field-value tabular">{policy.fx.maxAgeDays} days</span>
        )}
        {maxAge ? <div className="field-error">{maxAge}</div> : null}
      </div>
      <table className="table pol-table" aria-label="Exchange rates">
        <thead>
          <tr>
            <th scope="col">From</th>
            <th scope="col">To</th>
            <th scope="col" className="pol-num">
              Rate
            </th>
            <th scope="col">Valid from</th>
            {onChange ? <th scope="col" className="pol-col-action" aria-label="Remove" /> : null}
          </tr>
        </thead>
        <tbody>
          {policy.fx.rates.length === 0 ? (
            <tr>
              <td colSpan={onChange ? 5 : 4} className="pol-help">
                No rates yet: invoices in another currency than a band or a credit limit are reported, not converted.
              </td>
            </tr>
          ) : null}
          {policy.fx.rates.map((rate, index) => {
            const problems = rowErrors(errors, `fx.rates.${index}`);
            const n = index + 1;
            if (!onChange) {
              return (
                <tr key={rows.keys[index] ?? index}>
                  <td>{rate.from}</td>
                  <td>{rate.to}</td>
                  <td className="pol-num tabular">{rate.rate.toLocaleString('en-US', { maximumFractionDigits: 6 })}</td>
                  <td className="tabular">{rate.asOf}</td>
                </tr>
              );
            }
            return (
              <tr key={rows.keys[index] ?? index} className={problems.length > 0 ? 'pol-row-invalid' : undefined}>
                <td>
                  <input className="input pol-currency" aria-label={`Rate ${n} from currency`} maxLength={3} value={rate.from} onChange={(event) => patch(index, { from: event.target.value.toUpperCase() })} />
                  {problems.length > 0 ? <div className="field-error">{problems.join(' · ')}</div> : null}
                </td>
                <td>
                  <input className="input pol-currency" aria-label={`Rate ${n} to currency`} maxLength={3} value={rate.to} onChange={(event) => patch(index, { to: event.target.value.toUpperCase() })} />
                </td>
                <td className="pol-num">
                  <NumberInput label={`Rate ${n}`} value={rate.rate} invalid={errors.has(`fx.rates.${index}.rate`)} onChange={(v) => patch(index, { rate: v })} />
                </td>
                <td>
                  <input
                    className="input"
                    type="date"
                    aria-label={`Rate ${n} valid from`}
                    aria-invalid={errors.has(`fx.rates.${index}.asOf`)}
                    value={rate.asOf}
                    onChange={(event) => patch(index, { asOf: event.target.value })}
                  />
                </td>
                <td className="pol-col-action">
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Remove exchange rate ${n}`}
                    onClick={() => {
                      rows.remove(index);
                      set(policy.fx.rates.filter((_, i) => i !== index));
                    }}
                  >
                    <Icon name="close" size={14} />
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {onChange ? (
        <div>
          <button
            type="button"
            className="button button-sm"
            onClick={() => {
              rows.add();
              set([...policy.fx.rates, { from: 'EUR', to: 'USD', rate: Number.NaN, asOf: new Date().toISOString().slice(0, 10) }]);
            }}
          >
            <Icon name="plus" size={14} />
            Add exchange rate
          </button>
        </div>
      ) : null}
    </Section>
  );
}

/** The policy in readable sections, read-only or — given `onChange` — as a form. */
export function PolicySections(props: Props): ReactElement {
  return (
    <div className="pol-sections">
      {SCALAR_SECTIONS.map((section) => (
        <Section key={section.id} title={section.title}>
          {section.fields.map((field) => (
            <Scalar key={field.path} field={field} {...props} />
          ))}
        </Section>
      ))}
      <Eligibility {...props} />
      <Commodities {...props} />
      <PriceBands {...props} />
      <ExchangeRates {...props} />
    </div>
  );
}
