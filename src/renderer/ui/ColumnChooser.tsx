import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReactElement } from 'react';
import { Icon } from './Icon';

export type ChoosableColumn = { readonly id: string; readonly label: string; readonly required?: boolean };

const readStored = (key: string): readonly string[] | null => {
  try {
    const raw = window.localStorage.getItem(key);
    if (!raw) return null;
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) && parsed.every((item) => typeof item === 'string') ? parsed : null;
  } catch {
    return null;
  }
};

/** The hidden columns of a grid, remembered in localStorage under `key` across sessions. */
export function useHiddenColumns(key: string, defaults: readonly string[] = []): readonly [ReadonlySet<string>, (id: string) => void] {
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set(readStored(key) ?? defaults));
  const toggle = useCallback(
    (id: string) => {
      setHidden((current) => {
        const next = new Set(current);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        try {
          window.localStorage.setItem(key, JSON.stringify([...next]));
        } catch {
          // Storage full or disabled: the choice still holds for this session.
        }
        return next;
      });
    },
    [key],
  );
  return [hidden, toggle] as const;
}

/** A "Columns" button opening a checkbox menu that shows or hides the grid's columns. */
export function ColumnChooser({
  columns,
  hidden,
  onToggle,
}: {
  readonly columns: readonly ChoosableColumn[];
  readonly hidden: ReadonlySet<string>;
  readonly onToggle: (id: string) => void;
}): ReactElement {
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    rootRef.current?.querySelector<HTMLInputElement>('input:not(:disabled)')?.focus();
    const onPointer = (event: PointerEvent): void => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);
  const shown = columns.filter((column) => !hidden.has(column.id)).length;
  return (
    <div className="column-chooser" ref={rootRef}>
      <button type="button" className="button" aria-haspopup="true" aria-expanded={open} onClick={() => setOpen((v) => !v)}>
        <Icon name="columns" size={16} />
        Columns
        <span className="column-chooser-count tabular">
          {shown}/{columns.length}
        </span>
      </button>
      {open ? (
        <div className="menu column-chooser-menu" role="group" aria-label="Columns shown">
          {columns.map((column) => (
            <label key={column.id} className="column-chooser-item">
              <input
                type="checkbox"
                checked={!hidden.has(column.id)}
                disabled={column.required === true}
                onChange={() => onToggle(column.id)}
              />
              {column.label}
            </label>
          ))}
        </div>
      ) : null}
    </div>
  );
}
