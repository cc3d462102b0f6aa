import { migration001 } from './001-initial';
import { migration002 } from './002-audit-indexes';
import { migration003 } from './003-documents';
import { migration004 } from './004-receivables';
import { migration005 } from './005-check-caches';
import { migration006 } from './006-status-by';
import { migration007 } from './007-fingerprint-scheme';
import { migration008 } from './008-document-parts';
import { migration009 } from './009-einvoices';
import { migration010 } from './010-document-facts';
import { migration011 } from './011-audit-signatures';
import { migration012 } from './012-document-interruptions';
import { migration013 } from './013-audit-key-ids';
import { migration014 } from './014-checks-epoch';
import { migration015 } from './015-link-fields-epoch';
import { migration016 } from './016-link-invoice-number';
import { migration017 } from './017-link-fields-changed';
import { migration018 } from './018-link-keys-changed';
import { migration019 } from './019-facts-fingerprint';
import { migration020 } from './020-link-ports';
import { migration021 } from './021-link-vessel';
import { migration022 } from './022-checks-changes';
import type { Migration } from './types';

/** Every migration, in order. Append only; never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006, migration007, migration008, migration009, migration010, migration011, migration012,
  migration013, migration014, migration015, migration016, migration017, migration018, migration019, migration020, migration021,
  migration022];

export type { Migration } from './types';
