import { LINK_KEY_FIELDS_017 } from './017-link-fields-changed';
import { recordingFieldTriggers } from './018-link-keys-changed';
import { LINK_SCORED_FIELDS_020 } from './020-link-ports';
import type { Migration } from './types';

/**
 * Linking weighs the vessel an invoice's shipping block names against the B/L's, and the ports it
 * states against the B/L's ports: the vessel is read on unpaired documents like the other scored
 * fields (the ports already were, for the B/L), so a change of it records its document in
 * `link_fields_changed`. The field triggers are made again with it.
 */
export const LINK_SCORED_FIELDS_021 = [...LINK_SCORED_FIELDS_020, 'vessel'] as const;

export const migration021: Migration = {
  version: 21,
  name: 'link-vessel',
  up: (db) => db.exec(recordingFieldTriggers({ link_keys_changed: LINK_KEY_FIELDS_017, link_fields_changed: LINK_SCORED_FIELDS_021 })),
};
