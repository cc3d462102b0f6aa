import type { Api } from '../../../shared/api';
import type { CounterpartyKind, ImportReport } from '../../../shared/checks';

/** What importing one CSV file did, or why it could not be read. */
export type ImportOutcome = {
  readonly fileName: string;
  readonly kind: CounterpartyKind;
  readonly report: ImportReport | null;
  readonly error: string | null;
};

/** True when a drag carries files a person could drop (text, or plain files of any type). */
export const dragHasFiles = (event: { readonly dataTransfer: DataTransfer }): boolean => event.dataTransfer.types.includes('Files');

// The name says it most often (suppliers.csv); otherwise the header's columns give it away.
/** Which register a CSV is for: by its file name, then its header, else the tab that is open. */
export function guessKind(fileName: string, text: string, fallback: CounterpartyKind): CounterpartyKind {
  const name = fileName.toLowerCase();
  if (/escrow/.test(name)) return 'escrow';
  if (/buyer|debtor|obligor/.test(name)) return 'buyer';
  if (/supplier|seller|originator/.test(name)) return 'supplier';
  const header = (text.split(/\r?\n/, 1)[0] ?? '').toLowerCase();
  if (/iban|vehicle/.test(header)) return 'escrow';
  if (/insur|tci|credit|rating|probability/.test(header)) return 'buyer';
  if (/capacity|industry|product|quantity/.test(header)) return 'supplier';
  return fallback;
}

/** Column names of a CSV's header line (quotes removed), for telling people what to import. */
export function headerColumns(csv: string): string[] {
  const line = csv.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  return line
    .split(',')
    .map((column) => column.trim().replace(/^"|"$/g, ''))
    .filter(Boolean);
}

/** Reads each file as text and imports it into the register it belongs to, one call per file. */
export async function importCsvFiles(api: Api, files: readonly File[], fallback: CounterpartyKind): Promise<ImportOutcome[]> {
  const outcomes: ImportOutcome[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await file.text();
    } catch {
      outcomes.push({ fileName: file.name, kind: fallback, report: null, error: 'The file could not be read.' });
      continue;
    }
    const kind = guessKind(file.name, text, fallback);
    if (!/\.(csv|txt)$/i.test(file.name) && file.type !== 'text/csv') {
      outcomes.push({ fileName: file.name, kind, report: null, error: 'Only CSV files can be imported here.' });
      continue;
    }
    const result = await api.counterparties.import({ kind, csv: text });
    outcomes.push(
      result.ok
        ? { fileName: file.name, kind, report: result.value, error: null }
        : { fileName: file.name, kind, report: null, error: result.error.message },
    );
  }
  return outcomes;
}
