/** Data quality: fields read below the confidence threshold and not yet confirmed by a person. */
import { fieldEvidence } from '../evidence';
import type { FieldName } from '../../../shared/documents';
import type { DocumentFacts, FindingDraft, ReceivableRule } from '../types';

const NONE: readonly FindingDraft[] = [];

// for-in over the record (V8's enum cache keeps it fast) and no allocation on the clean path.
const lowFields = (doc: DocumentFacts, min: number): FieldName[] | null => {
  let out: FieldName[] | null = null;
  for (const name in doc.fields) {
    const field = doc.fields[name as FieldName];
    if (field !== undefined && !field.confirmed && field.confidence < min) (out ??= []).push(name as FieldName);
  }
  return out;
};

export const lowConfidence: ReceivableRule = {
  id: 'data_quality.low_confidence',
  title: 'Low-confidence fields confirmed',
  category: 'data_quality',
  reference: null,
  severity: 'warn',
  scope: 'receivable',
  check: (r, ctx) => {
    const min = ctx.policy.dataQuality.minConfidence;
    let out: FindingDraft[] | null = null;
    for (let i = -1; i < r.bls.length; i += 1) {
      const doc = i < 0 ? r.invoice : r.bls[i]!;
      const fields = lowFields(doc, min);
      if (fields === null) continue;
      const listed = fields.map((f) => `${f} (${Math.round((doc.fields[f]?.confidence ?? 0) * 100)} %)`).join(', ');
      (out ??= []).push({
        receivableId: r.id,
        key: doc.documentId,
        message: `${doc.fileName}: ${fields.length} field${fields.length === 1 ? '' : 's'} read below ${Math.round(min * 100)} % confidence and not confirmed: ${listed}.`,
        evidence: fields.map((f) => fieldEvidence(doc, f, f)),
      });
    }
    return out ?? NONE;
  },
};

export const DATA_QUALITY_RULES = [lowConfidence] as const;
