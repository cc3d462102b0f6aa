import type { ReactElement, ReactNode } from 'react';
import { Icon } from './Icon';

export type AlertTone = 'danger' | 'success' | 'info' | 'warning';

/** An inline message; errors and outcomes are announced to screen readers as they appear. */
export function Alert({
  tone,
  title,
  children,
}: {
  readonly tone: AlertTone;
  readonly title?: ReactNode;
  readonly children?: ReactNode;
}): ReactElement {
  return (
    <div className={`alert alert-${tone}`} role={tone === 'danger' ? 'alert' : 'status'}>
      <Icon name={tone === 'success' ? 'check' : 'alert'} size={16} />
      <div className="alert-body">
        {title ? <div className="alert-title">{title}</div> : null}
        {children ? <div className="alert-text">{children}</div> : null}
      </div>
    </div>
  );
}
