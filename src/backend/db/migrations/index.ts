import { migration001 } from './001-initial';
import { migration002 } from './002-audit-indexes';
import { migration003 } from './003-documents';
import type { Migration } from './types';

/** Every migration, in order. Append only; never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003];

export type { Migration } from './types';
