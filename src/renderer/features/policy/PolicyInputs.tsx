import { useState } from 'react';
import type { ReactElement } from 'react';
import { parseNumber } from '../counterparties/form-issues';

/**
 * A number box that keeps what the person typed (a half-typed "0." stays) and reports NaN while the
 * text is not a number, so validation can say so at the right path.
 */
export function NumberInput({
  value,
  onChange,
  label,
  invalid,
  step,
  className = '',
}: {
  readonly value: number;
  readonly onChange: (value: number) => void;
  readonly label: string;
  readonly invalid: boolean;
  readonly step?: number;
  readonly className?: string;
}): ReactElement {
  const [text, setText] = useState(Number.isNaN(value) ? '' : String(value));
  return (
    <input
      className={`input tabular pol-number ${className}`}
      inputMode="decimal"
      aria-label={label}
      aria-invalid={invalid ? true : undefined}
      value={text}
      step={step}
      onChange={(event) => {
        setText(event.target.value);
        onChange(parseNumber(event.target.value) ?? Number.NaN);
      }}
    />
  );
}

/** A comma-separated list in one box (keywords); the typed text stays as typed while it is edited. */
export function ListInput({
  value,
  onChange,
  label,
  invalid,
}: {
  readonly value: readonly string[];
  readonly onChange: (value: string[]) => void;
  readonly label: string;
  readonly invalid: boolean;
}): ReactElement {
  const [text, setText] = useState(value.join(', '));
  return (
    <input
      className="input"
      aria-label={label}
      aria-invalid={invalid ? true : undefined}
      value={text}
      onChange={(event) => {
        setText(event.target.value);
        onChange(
          event.target.value
            .split(',')
            .map((word) => word.trim())
            .filter(Boolean),
        );
      }}
    />
  );
}
