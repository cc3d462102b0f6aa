import type { ReactElement } from 'react';

/** Quayside's mark: a quay with two stacks of containers. */
export function BrandMark({ size = 20 }: { readonly size?: number }): ReactElement {
  return (
    <span className="brand-mark" aria-hidden="true">
      <svg viewBox="0 0 24 24" width={size} height={size}>
        <path d="M3 17h18l-2.5 4h-13z" fill="currentColor" />
        <path d="M7 15V8h4v7M13 15V4h4v11" fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round" />
      </svg>
    </span>
  );
}
