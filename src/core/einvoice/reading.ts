/** What reading an e-invoice's XML gives. */
import type { EInvoiceInfo, ExtractedField, FieldName } from '../../shared/documents';

export type EInvoiceReading = {
  /** What the XML is; `attachment` is filled by whoever took it out of a PDF. */
  readonly info: EInvoiceInfo;
  /** The canonical invoice fields it carries, each with its XML path (method `xml` or `embedded_xml`, confidence 1). */
  readonly fields: Partial<Record<FieldName, ExtractedField>>;
  /** Elements present but unreadable (a malformed amount or date), as sentences. */
  readonly problems: readonly string[];
};
