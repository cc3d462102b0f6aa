import type { ReactElement } from 'react';

const initials = (name: string): string =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? '')
    .join('');

/** Initials in a circle; decorative, the name is always written beside it. */
export function Avatar({ name, size = 'md' }: { readonly name: string; readonly size?: 'sm' | 'md' | 'lg' }): ReactElement {
  return (
    <span className={`avatar avatar-${size}`} aria-hidden="true">
      {initials(name)}
    </span>
  );
}
