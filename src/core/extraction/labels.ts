/**
 * The label vocabulary of trade documents in every language Quayside reads (see vocabulary/), compiled
 * into the dictionaries the label matcher uses. Keys name what a label announces; the field rules
 * decide which keys feed which canonical field and how strongly.
 */
import type { LabelDictionary } from './label-match';
import { labelDictionary } from './label-match';
import type { ColumnKey, LabelKey } from './vocabulary/types';
import { COLUMN_KEY_ORDER, LABEL_KEY_ORDER, mergedEntries } from './vocabulary/index';

export type { ColumnKey, LabelKey } from './vocabulary/types';

/** Every label the extractor knows, compiled once. */
export const LABELS: LabelDictionary<LabelKey> = labelDictionary(mergedEntries(LABEL_KEY_ORDER, (v) => v.labels));

/** Column headers of line-item and cargo tables. */
export const COLUMNS: LabelDictionary<ColumnKey> = labelDictionary(mergedEntries(COLUMN_KEY_ORDER, (v) => v.columns));
