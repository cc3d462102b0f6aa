import { useEffect, useRef, useState } from 'react';
import type { ReactElement } from 'react';
import type { FieldName, ReviewedField } from '../../../../shared/documents';
import { formatLocalTime } from '../../../format';
import { Icon } from '../../../ui/Icon';
import { ConfidenceMeter, MethodBadge } from '../DocumentBadges';
import { FIELD_LABELS, editableValue, formatFieldValue } from '../document-labels';
import { pageDisagreement } from './field-place';

/** One row of the list: a field of the kind, found or not. */
export type FieldEntry = { readonly name: FieldName; readonly field: ReviewedField | null };

/** What saving a correction came back with: nothing on success, the backend's sentence otherwise. */
export type SaveOutcome = { readonly error: string | null };

/**
 * The fields of the document's kind, in canonical order. A field not found is listed too, so a
 * person can enter it; low-confidence fields are marked until a person confirms them.
 */
export function FieldList({
  entries,
  selected,
  editing,
  onSelect,
  onEdit,
  onSave,
}: {
  readonly entries: readonly FieldEntry[];
  readonly selected: FieldName | null;
  readonly editing: FieldName | null;
  readonly onSelect: (name: FieldName) => void;
  readonly onEdit: (name: FieldName | null) => void;
  readonly onSave: (name: FieldName, text: string) => Promise<SaveOutcome>;
}): ReactElement {
  return (
    <ul className="field-list" aria-label="Extracted fields">
      {entries.map((entry) => (
        <FieldItem
          key={entry.name}
          entry={entry}
          selected={entry.name === selected}
          editing={entry.name === editing}
          onSelect={onSelect}
          onEdit={onEdit}
          onSave={onSave}
        />
      ))}
    </ul>
  );
}

function FieldItem({
  entry,
  selected,
  editing,
  onSelect,
  onEdit,
  onSave,
}: {
  readonly entry: FieldEntry;
  readonly selected: boolean;
  readonly editing: boolean;
  readonly onSelect: (name: FieldName) => void;
  readonly onEdit: (name: FieldName | null) => void;
  readonly onSave: (name: FieldName, text: string) => Promise<SaveOutcome>;
}): ReactElement {
  const { name, field } = entry;
  const label = FIELD_LABELS[name];
  const value = field ? formatFieldValue(name, field.value) : '';
  const fromXml = field?.xmlPath !== undefined && field.method !== 'manual';
  // An XML value is written for machines (`20260302`, `54419.00`): only a page's reading is "as printed".
  const rawDiffers = field !== null && !fromXml && field.raw.trim() !== '' && field.raw.trim() !== value && field.method !== 'manual';
  const disagreement = pageDisagreement(field);
  const pageSays = disagreement ? formatFieldValue(name, disagreement.value) : null;
  const className = [
    'field-item',
    selected ? 'is-selected' : '',
    field?.lowConfidence ? 'is-low' : '',
    field ? '' : 'is-missing',
    disagreement ? 'is-disagree' : '',
  ]
    .filter(Boolean)
    .join(' ');

  return (
    <li className={className} data-field={name}>
      <div className="field-item-row">
        <button
          type="button"
          className="field-select"
          data-field-select={name}
          aria-pressed={selected}
          aria-label={`${label}: ${field ? value : 'not found'}${field?.lowConfidence ? ', low confidence' : ''}${pageSays !== null ? `, but the page says ${pageSays}` : ''}`}
          onClick={() => onSelect(name)}
          onDoubleClick={() => onEdit(name)}
        >
          <span className="field-head">
            <span className="field-label">{label}</span>
            {field?.lowConfidence ? <span className="badge badge-warning">Low confidence</span> : null}
            {field ? <MethodBadge method={field.method} /> : null}
            {field && field.method !== 'manual' ? (
              <ConfidenceMeter value={field.confidence} label={`${label} confidence`} />
            ) : null}
          </span>
          {editing ? null : field ? (
            <span className="field-value">{value}</span>
          ) : (
            <span className="field-value field-value-missing">Not found</span>
          )}
        </button>
        {editing ? null : (
          <button
            type="button"
            className="icon-button icon-button-sm field-edit"
            aria-label={`Edit ${label}`}
            title="Edit (Enter)"
            onClick={() => onEdit(name)}
          >
            <Icon name="pencil" size={14} />
          </button>
        )}
      </div>
      {editing ? (
        <FieldEditor
          label={label}
          initial={field ? editableValue(field.value) : ''}
          onCancel={() => onEdit(null)}
          onSave={(text) => onSave(name, text)}
        />
      ) : null}
      {rawDiffers && !editing ? (
        <div className="field-raw">
          As printed: <span className="mono">{field.raw}</span>
        </div>
      ) : null}
      {disagreement && !editing ? (
        // The picture a person reads differs from the data a machine reads: both values, side by side.
        <div className="field-disagree" role="note" data-testid={`disagree-${name}`}>
          <Icon name="alert" size={14} />
          <span>
            Page says <strong className="mono">{pageSays}</strong>, XML says <strong className="mono">{value}</strong>
          </span>
        </div>
      ) : null}
      {fromXml && field?.pageReading && !disagreement && !editing ? (
        <div className="field-page-agrees">
          <Icon name="check" size={12} />
          The page shows the same
        </div>
      ) : null}
      {fromXml && field?.xmlPath && !editing ? (
        <div className="field-xml-path" title={field.xmlPath}>
          <span className="mono">{field.xmlPath.split('/').slice(-2).join('/')}</span>
        </div>
      ) : null}
      {field?.correction && !editing ? (
        <div className="field-correction">
          Corrected by {field.correction.byName} at {formatLocalTime(field.correction.at)}
          <span className="field-correction-was">
            {' '}
            (was: {field.correction.previous === null ? 'not found' : formatFieldValue(name, field.correction.previous)})
          </span>
        </div>
      ) : null}
    </li>
  );
}

/** The inline edit box: Enter saves through the backend, Esc puts the old value back. */
function FieldEditor({
  label,
  initial,
  onCancel,
  onSave,
}: {
  readonly label: string;
  readonly initial: string;
  readonly onCancel: () => void;
  readonly onSave: (text: string) => Promise<SaveOutcome>;
}): ReactElement {
  const [text, setText] = useState(initial);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, []);

  const save = async (): Promise<void> => {
    setSaving(true);
    const outcome = await onSave(text);
    // On success the editor is gone; only a refusal leaves it here to show why.
    if (outcome.error !== null) {
      setSaving(false);
      setError(outcome.error);
      inputRef.current?.focus();
    }
  };

  return (
    <form
      className={`field-editor${error ? ' field-invalid' : ''}`}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <input
        ref={inputRef}
        className="input"
        aria-label={`New value for ${label}`}
        aria-invalid={error ? true : undefined}
        value={text}
        disabled={saving}
        onChange={(event) => {
          setText(event.target.value);
          setError(null);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            // The review screen's own Esc handling must not see this one.
            event.preventDefault();
            event.stopPropagation();
            onCancel();
          }
        }}
      />
      {error ? (
        <div className="field-error" role="alert">
          {error}
        </div>
      ) : (
        <div className="field-hint">Enter to save · Esc to cancel</div>
      )}
    </form>
  );
}
