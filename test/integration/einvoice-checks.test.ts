// A doctored hybrid e-invoice, end to end through the real backend: Factur-X PDFs drawn by the
// fixtures are ingested (pdf.js reads the page and the attached factur-x.xml), receivables are built
// and every shipped rule runs. Only the invoice whose printed total differs from its XML total gets
// the consistency.xml_page finding, pointing at the total printed on the page.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBackend, inProcessClient } from '../../src/backend/backend';
import { initWorkspace } from '../../src/backend/workspace';
import { doctoredPrice, facturXPdf } from '../fixtures/einvoice/factur-x';
import { RESIN_INVOICE } from '../fixtures/einvoice/invoices';
import { PASS, value } from './helpers/checks-fixtures';
import { fakeClock, sequentialIds, tempDir } from './helpers/temp';

const HONEST = 'FR-2026-0417-facturx.pdf';
const DOCTORED = 'FR-2026-0417-doctored.pdf';

describe('e-invoices in the checks', () => {
  it('finds the doctored Factur-X whose page total differs from its XML, and nothing on the honest one', async () => {
    const created = initWorkspace(join(tempDir(), 'ws'), { clock: fakeClock(), ids: sequentialIds() });
    if (!created.ok) throw new Error(created.error.message);
    const backend = createBackend(created.value, 'cli', { startIntake: true });
    const api = inProcessClient(backend);
    try {
      value(await api.profiles.create({ name: 'Ana', role: 'risk_officer', passphrase: PASS }));
      const honest = await facturXPdf(RESIN_INVOICE);
      // Same invoice number on both would make them duplicates of each other: the doctored copy is
      // a different invoice of the same seller, its page raised from 1,062.00 to 1,162.00 a tonne.
      const forged = { ...RESIN_INVOICE, number: 'FR-2026-0418' };
      const doctored = await facturXPdf(forged, { printed: doctoredPrice(forged, 1162) });
      const ingest = value(
        await api.documents.ingest({
          files: [
            { name: HONEST, data: honest.toString('base64') },
            { name: DOCTORED, data: doctored.toString('base64') },
          ],
        }),
      );
      expect(ingest.rejected).toEqual([]);
      await backend.intake.idle();

      const docs = value(await api.documents.list({}));
      expect(docs.map((d) => [d.fileName, d.status, d.kind])).toEqual(
        expect.arrayContaining([
          [HONEST, 'extracted', 'invoice'],
          [DOCTORED, 'extracted', 'invoice'],
        ]),
      );

      value(await api.checks.run({ asOf: '2026-03-25' }));
      const findings = value(await api.findings.list({})).filter((f) => f.ruleId === 'consistency.xml_page');
      expect(findings).toHaveLength(1);
      const [finding] = findings;
      expect(finding).toMatchObject({ severity: 'fail', category: 'document_consistency', invoiceNumber: 'FR-2026-0418' });
      expect(finding!.message).toContain("The printed page shows total amount EUR 59,369.00 but the invoice's XML says EUR 54,419.00 (EUR 4,950.00 more on the page)");
      const [page, xml] = finding!.evidence;
      expect(page).toMatchObject({ field: 'total_amount', page: 1, value: 59369, label: 'Printed on the page', fileName: DOCTORED });
      // The box is where the page prints the total: the right-hand summary block, under the table.
      expect(page!.bbox!.x).toBeGreaterThan(0.7);
      expect(page!.bbox!.y).toBeGreaterThan(0.3);
      expect(xml).toMatchObject({ field: 'total_amount', page: null, value: 54419, label: 'In the invoice XML' });

      // The review screen's data: the XML's total, with what the page printed beside it.
      const detail = value(await api.documents.get({ id: finding!.evidence[0]!.documentId }));
      const total = detail.fields.find((f) => f.name === 'total_amount');
      expect(total).toMatchObject({ value: 54419, method: 'embedded_xml', confidence: 1, pageReading: { value: 59369, page: 1 } });
      expect(total?.xmlPath).toMatch(/ram:GrandTotalAmount$/);
    } finally {
      await backend.close();
    }
  });
});
