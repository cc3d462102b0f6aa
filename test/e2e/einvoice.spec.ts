import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { doctoredPrice, facturXPdf } from '../fixtures/einvoice/factur-x';
import { RESIN_INVOICE, SOY_INVOICE } from '../fixtures/einvoice/invoices';
import { ublInvoice } from '../fixtures/einvoice/ubl';
import { expect, test } from './fixtures';
import { RISK_OFFICER, createFirstProfile, openScreen, screensDir, shoot } from './steps';

// The three e-invoices of the journey, made by the fixtures: a Factur-X PDF (page + factur-x.xml), a
// Peppol BIS 3 UBL invoice as a bare XML file, and a Factur-X whose page was edited after issue.
const FACTUR_X = 'FR-2026-0417.pdf';
const UBL = 'VDA-26-00981.xml';
const DOCTORED = 'FR-2026-0418.pdf';
const FORGED = { ...RESIN_INVOICE, number: 'FR-2026-0418' };

const grid = (page: Page): Locator => page.locator('.documents-grid');
const row = (page: Page, fileName: string): Locator => grid(page).getByRole('row').filter({ has: page.getByText(fileName, { exact: true }) });
const fieldButton = (page: Page, label: string): Locator =>
  page.getByRole('list', { name: 'Extracted fields' }).getByRole('button', { name: new RegExp(`^${label}:`) });
const fieldItem = (page: Page, name: string): Locator => page.locator(`.field-item[data-field="${name}"]`);

/** Drops files on the Documents screen, as a person drags them from a folder. */
async function dropFiles(page: Page, files: readonly { name: string; type: string; bytes: Buffer }[]): Promise<void> {
  const transfer = await page.evaluateHandle((payload) => {
    const data = new DataTransfer();
    for (const file of payload) data.items.add(new File([Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0))], file.name, { type: file.type }));
    return data;
  }, files.map((f) => ({ name: f.name, type: f.type, base64: f.bytes.toString('base64') })));
  const target = page.locator('.documents-page');
  await target.dispatchEvent('dragenter', { dataTransfer: transfer });
  await expect(page.getByText('Drop to add documents')).toBeVisible();
  await target.dispatchEvent('drop', { dataTransfer: transfer });
}

async function openDocument(page: Page, fileName: string): Promise<void> {
  await page.getByRole('link', { name: 'Documents' }).first().click();
  await row(page, fileName).getByText(fileName, { exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: fileName })).toBeVisible();
}

test('e-invoices: a Factur-X PDF and a UBL file show their XML fields; a doctored Factur-X shows page and XML disagreeing, and the checks fail it', async ({ page }) => {
  test.setTimeout(300_000);
  const shots = screensDir();
  await mkdir(shots, { recursive: true });
  await createFirstProfile(page, RISK_OFFICER);
  await openScreen(page, 'Documents');

  await dropFiles(page, [
    { name: FACTUR_X, type: 'application/pdf', bytes: await facturXPdf(RESIN_INVOICE) },
    { name: UBL, type: 'application/xml', bytes: Buffer.from(ublInvoice(SOY_INVOICE), 'utf8') },
    { name: DOCTORED, type: 'application/pdf', bytes: await facturXPdf(FORGED, { printed: doctoredPrice(FORGED, 1162) }) },
  ]);
  const summary = page.getByRole('region', { name: 'Intake result' });
  await expect(summary).toContainText('Added all 3 files');
  for (const name of [FACTUR_X, UBL, DOCTORED]) await expect(row(page, name)).toContainText('Invoice', { timeout: 60_000 });
  // The XML file has no pages: the list says it is data.
  await expect(row(page, UBL).locator('.method-xml')).toHaveText('XML');
  await expect(row(page, UBL)).toContainText('49,260.00');
  await expect(row(page, FACTUR_X)).toContainText('54,419.00');
  await shoot(page, join(shots, 'light-einvoice-documents.png'));

  // The Factur-X: its page drawn, its fields from the embedded XML, and the page agreeing.
  await openDocument(page, FACTUR_X);
  await expect(page.locator('.viewer-page[data-rendered="true"]')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('status').filter({ hasText: 'carries its invoice as data too (factur-x.xml' })).toContainText('shows the same');
  await expect(fieldButton(page, 'Total amount')).toContainText('54,419.00');
  await expect(fieldItem(page, 'total_amount').locator('.method-embedded-xml')).toHaveText('Embedded XML');
  await expect(fieldItem(page, 'total_amount')).toContainText('The page shows the same');
  await expect(fieldItem(page, 'total_amount').locator('.field-xml-path')).toHaveAttribute('title', /ram:GrandTotalAmount$/);
  await expect(fieldItem(page, 'payment_account').locator('.method-embedded-xml')).toBeVisible();
  await expect(page.locator('.field-disagree')).toHaveCount(0);
  // An XML value is shown where the page prints it.
  await fieldButton(page, 'Total amount').click();
  await expect(page.getByRole('button', { name: 'Total amount box on page 1' })).toHaveAttribute('aria-pressed', 'true');
  await shoot(page, join(shots, 'light-einvoice-factur-x.png'));

  // The UBL file: no page to draw; what it is, its key facts and the XML itself instead.
  await openDocument(page, UBL);
  const panel = page.getByRole('region', { name: 'E-invoice' });
  await expect(panel.getByRole('heading', { name: 'Machine-readable e-invoice' })).toBeVisible();
  await expect(panel).toContainText('Peppol BIS Billing 3.0');
  await expect(panel.getByLabel('E-invoice XML')).toContainText('<cbc:ID>VDA-26-00981</cbc:ID>');
  await expect(page.getByText('XML e-invoice, no pages')).toBeVisible();
  await expect(fieldButton(page, 'Seller')).toContainText('Van Dijk Agri Trading B.V.');
  await expect(fieldItem(page, 'seller').locator('.method-xml')).toHaveText('XML');
  await expect(fieldItem(page, 'total_amount').locator('.method-xml')).toHaveText('XML');
  await expect(page.locator('canvas')).toHaveCount(0);
  await shoot(page, join(shots, 'light-einvoice-ubl.png'));

  // The doctored Factur-X: the page says one total, the XML another.
  await openDocument(page, DOCTORED);
  await expect(page.locator('.viewer-page[data-rendered="true"]')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('alert').filter({ hasText: 'disagree' })).toContainText('total amount');
  const disagreement = fieldItem(page, 'total_amount').getByTestId('disagree-total_amount');
  await expect(disagreement).toHaveText('Page says 59,369.00, XML says 54,419.00');
  await expect(fieldButton(page, 'Total amount')).toHaveAccessibleName(/but the page says 59,369\.00/);
  await fieldButton(page, 'Total amount').click();
  const box = page.getByRole('button', { name: 'Total amount box on page 1' });
  await expect(box).toHaveClass(/is-disagree/);
  await expect(box).toBeInViewport();
  await shoot(page, join(shots, 'light-einvoice-doctored.png'));
  await page.keyboard.press('ControlOrMeta+Shift+L');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await shoot(page, join(shots, 'dark-einvoice-doctored.png'));
  await page.keyboard.press('ControlOrMeta+Shift+L');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');

  // The checks: only the doctored invoice gets the page-versus-XML finding, a fail with both totals.
  await openScreen(page, 'Receivables');
  await page.getByLabel('Evaluate as of').fill('2026-03-25');
  await page.getByRole('button', { name: 'Run checks' }).click();
  await expect(page.getByTestId('checks-summary')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('receivables-grid').getByRole('row').filter({ hasText: 'FR-2026-0418' }).getByRole('gridcell').first().click();
  const why = page.getByRole('region', { name: 'Why' });
  const finding = why.getByTestId('finding').filter({ hasText: 'E-invoice XML matches its printed page' });
  await expect(finding).toHaveCount(1);
  await expect(finding.locator('.severity-fail')).toBeVisible();
  await expect(finding).toContainText("The printed page shows total amount EUR 59,369.00 but the invoice's XML says EUR 54,419.00");
  await shoot(page, join(shots, 'light-einvoice-finding.png'));

  // Its evidence opens the doctored page with the printed total outlined.
  await finding.getByTestId('evidence').filter({ hasText: 'Printed on the page' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: DOCTORED })).toBeVisible();
  await expect(page.locator('[data-evidence-box]')).toBeInViewport({ timeout: 30_000 });

  // The honest Factur-X carries no such finding.
  await openScreen(page, 'Receivables');
  await page.getByTestId('receivables-grid').getByRole('row').filter({ hasText: 'FR-2026-0417' }).getByRole('gridcell').first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Invoice FR-2026-0417' })).toBeVisible();
  await expect(why.getByTestId('finding').filter({ hasText: 'E-invoice XML matches its printed page' })).toHaveCount(0);
});
