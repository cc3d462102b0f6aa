import type { Api } from '../../../shared/api';
import type { CounterpartyKind, ImportReport } from '../../../shared/checks';
import { decodeCsvBytes } from '../../../core/csv';

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

/** Bytes as base64, in chunks (a spread of millions of bytes into one call would overflow the stack). */
function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * Sends each file's bytes to be imported into the register it belongs to, one call per file. The
 * backend decodes them (UTF-8, UTF-16, Windows-1252) and refuses what it cannot tell; the kind is
 * guessed here from the name, or from a header read the same way.
 */
export async function importCsvFiles(api: Api, files: readonly File[], fallback: CounterpartyKind): Promise<ImportOutcome[]> {
  const outcomes: ImportOutcome[] = [];
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await file.arrayBuffer());
    } catch {
      outcomes.push({ fileName: file.name, kind: fallback, report: null, error: 'The file could not be read.' });
      continue;
    }
    const decoded = decodeCsvBytes(bytes);
    const kind = guessKind(file.name, decoded.ok ? decoded.text.slice(0, 4096) : '', fallback);
    if (!/\.(csv|txt)$/i.test(file.name) && file.type !== 'text/csv') {
      outcomes.push({ fileName: file.name, kind, report: null, error: 'Only CSV files can be imported here.' });
      continue;
    }
    if (bytes.length === 0) {
      outcomes.push({ fileName: file.name, kind, report: null, error: 'The file is empty.' });
      continue;
    }
    const result = await api.counterparties.import({ kind, data: toBase64(bytes) });
    outcomes.push(
      result.ok
        ? { fileName: file.name, kind, report: result.value, error: null }
        : { fileName: file.name, kind, report: null, error: result.error.message },
    );
  }
  return outcomes;
}
