import { LINK_KEY_FIELDS_017, LINK_SCORED_FIELDS_017 } from './017-link-fields-changed';
import { recordingFieldTriggers } from './018-link-keys-changed';
import type { Migration } from './types';

/**
 * Linking weighs the invoice's Incoterm place against the B/L's ports ('CIP Mersin' and a discharge
 * at MERSIN): those fields are read on unpaired documents like the other scored fields, so a change
 * of one records its document in `link_fields_changed`. The field triggers are made again with them.
 */
export const LINK_SCORED_FIELDS_020 = [...LINK_SCORED_FIELDS_017, 'incoterm_place', 'port_of_loading', 'port_of_discharge'] as const;

export const migration020: Migration = {
  version: 20,
  name: 'link-ports',
  up: (db) => db.exec(recordingFieldTriggers({ link_keys_changed: LINK_KEY_FIELDS_017, link_fields_changed: LINK_SCORED_FIELDS_020 })),
};
