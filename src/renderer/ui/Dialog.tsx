import { useEffect, useId, useRef } from 'react';
import type { ReactElement, ReactNode } from 'react';
import { Icon } from './Icon';

/**
 * A modal on the native <dialog>: the browser traps focus, closes on Escape and marks the rest of
 * the page inert, which a hand-rolled overlay tends to get wrong.
 */
export function Dialog({
  open,
  title,
  description,
  onClose,
  children,
  width = 'md',
}: {
  readonly open: boolean;
  readonly title: string;
  readonly description?: ReactNode;
  readonly onClose: () => void;
  readonly children: ReactNode;
  readonly width?: 'sm' | 'md';
}): ReactElement {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      // showModal focuses the first control (the close button); a form may name a better start.
      dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className={`dialog dialog-${width}`}
      aria-labelledby={titleId}
      onClose={onClose}
      onClick={(event) => {
        // A click on the backdrop lands on the <dialog> itself, never on its padded content.
        if (event.target === event.currentTarget) onClose();
      }}
    >
      {open ? (
        <div className="dialog-content">
          <header className="dialog-header">
            <div>
              <h2 id={titleId} className="dialog-title">
                {title}
              </h2>
              {description ? <p className="dialog-description">{description}</p> : null}
            </div>
            <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
              <Icon name="close" size={16} />
            </button>
          </header>
          {children}
        </div>
      ) : null}
    </dialog>
  );
}
