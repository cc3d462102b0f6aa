import { LINK_FIELDS_015, linkFieldTriggers } from './015-link-fields-epoch';
import type { Migration } from './types';

/**
 * Linking reads the invoice number too: two renditions of one invoice (the same seller and number —
 * a re-issue, a photo of it) claiming one B/L are linked to it both, not left as rivals. A corrected
 * invoice number therefore moves `link_epoch` like the other fields linking reads.
 */
export const LINK_FIELDS_016 = [...LINK_FIELDS_015, 'invoice_number'] as const;

export const migration016: Migration = {
  version: 16,
  name: 'link-invoice-number',
  up: (db) => db.exec(linkFieldTriggers(LINK_FIELDS_016)),
};
