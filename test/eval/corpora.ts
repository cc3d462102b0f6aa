/**
 * The corpora the extraction evaluation scores, each turned into one list of labelled documents:
 * - `samples`: the bundled sample documents (resources/samples, manifest `expected`);
 * - `hand`: hand-written evaluation documents (test/fixtures/eval, `heldOut` marks the ones written
 *   after the rules were tuned);
 * - `corpus`: the development corpus of real public documents (`../shared/corpus`, read in place and
 *   never copied into the repository), a quarter of it kept as our own held-out set;
 * - `generated`: documents from the seeded layout generator, on a fresh seed each run.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DocumentKind, FieldValue } from '../../src/shared/documents';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export type CorpusName = 'samples' | 'hand' | 'corpus' | 'generated';
export type Rendition = 'born_digital' | 'scan';

export type EvalDoc = {
  readonly id: string;
  readonly corpus: CorpusName;
  /** Part of the corpus kept out of development: scored, but its failures are not printed. */
  readonly heldOut: boolean;
  readonly file: string;
  /** Or the bytes themselves (generated documents are never written to disk). */
  readonly bytes?: Uint8Array;
  readonly kind: DocumentKind;
  /** What the corpus calls the paper when it is not one of our kinds one-to-one (a receipt). */
  readonly paper: string;
  readonly rendition: Rendition;
  readonly language: string;
  readonly expected: Readonly<Record<string, FieldValue>>;
};

/** Where the shared development corpus is: QUAYSIDE_CORPUS, else `../shared/corpus` beside the repository. */
export const corpusDir = (): string => process.env.QUAYSIDE_CORPUS ?? path.resolve(ROOT, '..', 'shared', 'corpus');

/**
 * The corpus's own held-out quarter: chosen by a hash of the file's path before any rule was tuned
 * on the corpus, so the choice cannot follow the results.
 */
export const corpusHeldOut = (file: string): boolean => (createHash('sha256').update(file).digest()[0] ?? 0) % 4 === 0;

/** Receipts are paid invoices: read as invoices (a receipt is no B/L and carries the invoice's fields). */
const KIND_OF_PAPER: Readonly<Record<string, DocumentKind>> = { invoice: 'invoice', receipt: 'invoice', bill_of_lading: 'bill_of_lading', other: 'other' };

/** The bundled samples. */
export function sampleDocs(): EvalDoc[] {
  const dir = path.join(ROOT, 'resources/samples');
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
    documents: { file: string; kind: DocumentKind; rendition: string; expected?: Record<string, FieldValue> }[];
  };
  return manifest.documents.map((d) => ({
    id: d.file,
    corpus: 'samples',
    heldOut: false,
    file: path.join(dir, d.file),
    kind: d.kind,
    paper: d.kind,
    rendition: d.rendition === 'born_digital' ? 'born_digital' : 'scan',
    language: 'en',
    // The canonical fields of the kind only: other kinds' expectations describe what they show.
    expected: d.kind === 'other' ? {} : (d.expected ?? {}),
  }));
}

/** The hand-written evaluation documents. */
export function handDocs(): EvalDoc[] {
  const dir = path.join(ROOT, 'test/fixtures/eval');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => n.endsWith('.expected.json'))
    .sort()
    .map((f) => {
      const spec = JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as {
        file: string;
        kind: DocumentKind;
        rendition: Rendition;
        heldOut?: boolean;
        language?: string;
        expected: Record<string, FieldValue>;
      };
      return {
        id: spec.file,
        corpus: 'hand' as const,
        heldOut: spec.heldOut === true,
        file: path.join(dir, spec.file),
        kind: spec.kind,
        paper: spec.kind,
        rendition: spec.rendition,
        language: spec.language ?? 'en',
        expected: spec.kind === 'other' ? {} : spec.expected,
      };
    });
}

type TruthRecord = {
  readonly file: string;
  readonly kind: string;
  readonly text_layer?: boolean;
  readonly rendition?: string;
  readonly language?: string;
  readonly fields: Record<string, FieldValue>;
};

const renditionOf = (t: TruthRecord): Rendition =>
  t.rendition ? (t.rendition === 'born_digital' ? 'born_digital' : 'scan') : t.text_layer ? 'born_digital' : 'scan';

/** The shared development corpus, or nothing when it is not beside the repository. */
export function corpusDocs(): EvalDoc[] {
  const dir = corpusDir();
  const truth = path.join(dir, 'truth.jsonl');
  if (!existsSync(truth)) return [];
  return readFileSync(truth, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as TruthRecord)
    .map((t) => ({
      id: t.file.replace(/^docs\//, ''),
      corpus: 'corpus' as const,
      heldOut: corpusHeldOut(t.file),
      file: path.join(dir, t.file),
      kind: KIND_OF_PAPER[t.kind] ?? 'other',
      paper: t.kind,
      rendition: renditionOf(t),
      language: t.language ?? '?',
      expected: KIND_OF_PAPER[t.kind] === 'other' ? {} : t.fields,
    }));
}

/** Truth records with their bytes (the generator's output) as evaluation documents. */
export function truthDocs(corpus: CorpusName, records: readonly (TruthRecord & { readonly bytes: Uint8Array })[], heldOut: (file: string) => boolean): EvalDoc[] {
  return records.map((t) => ({
    id: t.file,
    corpus,
    heldOut: heldOut(t.file),
    file: t.file,
    bytes: t.bytes,
    kind: KIND_OF_PAPER[t.kind] ?? 'other',
    paper: t.kind,
    rendition: renditionOf(t),
    language: t.language ?? '?',
    expected: KIND_OF_PAPER[t.kind] === 'other' ? {} : t.fields,
  }));
}
