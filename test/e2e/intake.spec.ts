import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { RISK_OFFICER, createFirstProfile, openScreen, screensDir, shoot } from './steps';

const samples = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', 'resources', 'samples');
const INVOICE = 'r01-invoice.pdf';
// An image-only scan (JPEG inside a PDF, no text layer): every word comes from OCR.
const SCANNED_BL = 'r01-bl-scan.pdf';
const INVOICE_NUMBER = 'SPR/EX/2026/0142';
const CORRECTED_NUMBER = 'SPR/EX/2026/0142-R';

// OCR on a two-core machine takes a while; these waits are generous on purpose.
const READ_TIMEOUT = 180_000;

/** A PDF header followed by nothing a PDF reader can use: intake accepts it, reading must fail. */
const CORRUPT_PDF = Buffer.concat([
  Buffer.from('%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R\n', 'latin1'),
  Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 131 + 17) % 256)),
]);

/** A sample document as a file-picker payload (Playwright takes paths or payloads, not a mix). */
const sampleFile = async (name: string): Promise<{ name: string; mimeType: string; buffer: Buffer }> => ({
  name,
  mimeType: 'application/pdf',
  buffer: await readFile(join(samples, name)),
});

const grid = (page: Page): Locator => page.locator('.documents-grid');
const row = (page: Page, fileName: string): Locator =>
  grid(page).getByRole('row').filter({ has: page.getByText(fileName, { exact: true }) });
const fieldButton = (page: Page, label: string): Locator =>
  page.getByRole('list', { name: 'Extracted fields' }).getByRole('button', { name: new RegExp(`^${label}:`) });
const fieldItem = (page: Page, name: string): Locator => page.locator(`.field-item[data-field="${name}"]`);

/** Waits until the review screen shows the page drawn (pdf.js or the decoded image). */
async function expectPageDrawn(page: Page): Promise<void> {
  await expect(page.locator('.viewer-page[data-rendered="true"]')).toBeVisible({ timeout: 30_000 });
}

test('intake: add files, watch them being read, review and correct a field, and find the correction in the audit trail', async ({
  page,
}) => {
  test.setTimeout(420_000);
  const shots = screensDir();
  await mkdir(shots, { recursive: true });

  await createFirstProfile(page, RISK_OFFICER);
  await openScreen(page, 'Documents');
  await expect(page.getByText('Everything happens on this laptop')).toBeVisible();
  await shoot(page, join(shots, 'light-documents-empty.png'));

  // The file picker, as the "Add documents…" button and Ctrl/Cmd+O open it.
  await page.locator('input[type="file"]').setInputFiles([
    await sampleFile(INVOICE),
    await sampleFile(SCANNED_BL),
    { name: 'broken.pdf', mimeType: 'application/pdf', buffer: CORRUPT_PDF },
    { name: 'notes.pdf', mimeType: 'application/pdf', buffer: Buffer.from('Meeting notes, not a PDF at all.\n') },
  ]);

  // What intake did with each file: three added, one refused with the backend's sentence.
  const summary = page.getByRole('region', { name: 'Intake result' });
  await expect(summary).toContainText('Added 3 of 4 files · 1 file refused');
  await expect(summary.getByRole('listitem').filter({ hasText: 'notes.pdf' })).toContainText(/notes\.pdf: .+/);

  // Per-document progress while the scan is read (OCR takes seconds per page).
  await expect(row(page, SCANNED_BL).getByRole('progressbar')).toBeVisible({ timeout: 30_000 });
  await expect(row(page, SCANNED_BL).getByRole('button', { name: `Cancel reading ${SCANNED_BL}` })).toBeVisible();
  await shoot(page, join(shots, 'light-documents-progress.png'));

  // The born-digital invoice, read from its text layer.
  const invoice = row(page, INVOICE);
  await expect(invoice).toContainText('Invoice', { timeout: READ_TIMEOUT });
  await expect(invoice).toContainText('103,455.00');
  await expect(invoice).toContainText('USD');
  await expect(invoice).toContainText('Text layer');

  // The scanned bill of lading, read by OCR.
  const bl = row(page, SCANNED_BL);
  await expect(bl).toContainText('Bill of lading', { timeout: READ_TIMEOUT });
  await expect(bl).toContainText('OCR');
  await expect(bl.getByRole('progressbar')).toHaveCount(0);

  // The corrupt file: failed, with a sentence a person can act on, and a Retry.
  const broken = row(page, 'broken.pdf');
  await expect(broken).toContainText('Failed', { timeout: READ_TIMEOUT });
  await expect(broken.locator('.cell-error')).toHaveText(/\w.{10,}/);
  await expect(broken.getByRole('button', { name: 'Retry broken.pdf' })).toBeVisible();
  await expect(page.getByTestId('documents-count')).toHaveText(/^3 documents · 1 failed$/);
  await shoot(page, join(shots, 'light-documents-grid.png'));

  // The status filter narrows the list to the failed document and its error.
  await page.getByLabel('Status').selectOption('failed');
  await expect(grid(page).getByRole('row').filter({ hasText: '.pdf' })).toHaveCount(1);
  await expect(broken).toBeVisible();
  await shoot(page, join(shots, 'light-documents-error.png'));
  await page.getByLabel('Status').selectOption('');

  // Search runs over all read text, OCR included: only the B/L has a consignee box.
  await page.getByLabel('Search document text').fill('consignee');
  await expect(bl).toBeVisible();
  await expect(invoice).toHaveCount(0);
  await page.getByLabel('Search document text').fill('');
  await expect(invoice).toBeVisible();

  // The same bytes again are recognised, not added twice.
  await page.locator('input[type="file"]').setInputFiles([join(samples, INVOICE)]);
  await expect(summary).toContainText('Nothing new added · 1 file already in this workspace');
  await expect(summary).toContainText(`${INVOICE}: same bytes as ${INVOICE} — not added twice.`);
  await expect(page.getByTestId('documents-count')).toHaveText(/^3 documents/);

  // Review: the invoice's page and its fields.
  await invoice.getByText(INVOICE, { exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: INVOICE })).toBeVisible();
  await expectPageDrawn(page);
  await expect(fieldButton(page, 'Invoice number')).toContainText(INVOICE_NUMBER);

  // A field picked in the list lights up its box on the page …
  await fieldButton(page, 'Invoice number').click();
  const numberBox = page.getByRole('button', { name: 'Invoice number box on page 1' });
  await expect(numberBox).toHaveAttribute('aria-pressed', 'true');
  await expect(numberBox).toBeInViewport();
  await expect(numberBox).toHaveClass(/is-selected/);
  // … and a box picked on the page selects its field.
  await page.getByRole('button', { name: 'Total amount box on page 1' }).click();
  await expect(fieldButton(page, 'Total amount')).toHaveAttribute('aria-pressed', 'true');
  await expect(numberBox).toHaveAttribute('aria-pressed', 'false');
  // The keyboard walks the fields.
  await page.keyboard.press('k');
  await expect(fieldButton(page, 'Currency')).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(fieldButton(page, 'Total amount')).toHaveAttribute('aria-pressed', 'true');
  await shoot(page, join(shots, 'light-review.png'));

  // A value the backend refuses keeps the editor open with the backend's sentence.
  await page.getByRole('button', { name: 'Edit Due date' }).click();
  const dueInput = page.getByLabel('New value for Due date');
  await expect(dueInput).toBeFocused();
  await dueInput.fill('2026-02-30');
  await dueInput.press('Enter');
  await expect(fieldItem(page, 'due_date').getByRole('alert')).toContainText('yyyy-mm-dd');
  await expect(dueInput).toHaveAttribute('aria-invalid', 'true');
  await shoot(page, join(shots, 'light-review-invalid.png'));
  await dueInput.press('Escape');
  await expect(dueInput).toHaveCount(0);
  await expect(fieldButton(page, 'Due date')).toContainText('2026-05-15');

  // Correct the invoice number: select it, Enter edits, Enter saves.
  await fieldButton(page, 'Invoice number').click();
  await page.keyboard.press('Enter');
  const numberInput = page.getByLabel('New value for Invoice number');
  await expect(numberInput).toHaveValue(INVOICE_NUMBER);
  await numberInput.fill(CORRECTED_NUMBER);
  await numberInput.press('Enter');
  await expect(numberInput).toHaveCount(0);
  await expect(fieldButton(page, 'Invoice number')).toContainText(CORRECTED_NUMBER);
  const correction = fieldItem(page, 'invoice_number').locator('.field-correction');
  await expect(correction).toContainText(`Corrected by ${RISK_OFFICER.name} at `);
  await expect(correction).toContainText(`(was: ${INVOICE_NUMBER})`);
  await expect(fieldItem(page, 'invoice_number')).toContainText('Manual');

  // `r` marks the document reviewed.
  await page.keyboard.press('r');
  await expect(page.getByText(`Reviewed by ${RISK_OFFICER.name}`)).toBeVisible();
  await shoot(page, join(shots, 'light-review-corrected.png'));

  await page.keyboard.press('ControlOrMeta+Shift+L');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await fieldButton(page, 'Invoice number').click();
  await shoot(page, join(shots, 'dark-review.png'));

  // `[` and `]` walk the list in its order (the position says which way there is a neighbour).
  const position = page.getByTestId('review-position');
  await expect(position).toHaveText(/^\d of 3$/);
  const first = (await position.textContent())?.startsWith('1 ') ?? false;
  await page.keyboard.press(first ? ']' : '[');
  await expect(page.getByRole('heading', { level: 1, name: INVOICE })).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1, name: /\.pdf$/ })).toBeVisible();
  await page.keyboard.press(first ? '[' : ']');
  await expect(page.getByRole('heading', { level: 1, name: INVOICE })).toBeVisible();

  // The scanned B/L: OCR fields with their boxes on the image-only page.
  await page.getByRole('link', { name: 'Documents' }).first().click();
  await expect(row(page, SCANNED_BL)).toBeVisible();
  await shoot(page, join(shots, 'dark-documents-grid.png'));
  await row(page, SCANNED_BL).getByText(SCANNED_BL, { exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: SCANNED_BL })).toBeVisible();
  await expectPageDrawn(page);
  await fieldButton(page, 'Vessel').click();
  await expect(page.getByRole('button', { name: 'Vessel box on page 1' })).toHaveAttribute('aria-pressed', 'true');
  await shoot(page, join(shots, 'dark-review-scan.png'));

  // The shortcuts overlay lists the review keys.
  await page.keyboard.press('?');
  const shortcuts = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(shortcuts.getByText('Mark the document reviewed')).toBeVisible();
  await shoot(page, join(shots, 'dark-shortcuts.png'));
  await page.keyboard.press('Escape');

  // The audit trail has the correction, old → new.
  await page.keyboard.press('ControlOrMeta+Shift+L');
  await openScreen(page, 'Audit');
  const entry = page.getByRole('row').filter({ hasText: 'document.field_corrected' });
  await expect(entry).toHaveCount(1);
  await entry.getByRole('gridcell').first().click();
  const details = page.getByRole('complementary', { name: 'Entry details' }).getByLabel('Details JSON');
  await expect(details).toContainText(`"${INVOICE_NUMBER}"`);
  await expect(details).toContainText(`"${CORRECTED_NUMBER}"`);
  await expect(details).toContainText('"invoice_number"');
  await shoot(page, join(shots, 'light-audit-correction.png'));
});

test('dropping files on the Documents screen adds them; the same bytes twice become one document', async ({ page }) => {
  test.setTimeout(240_000);
  await createFirstProfile(page, RISK_OFFICER);
  await openScreen(page, 'Documents');

  const bytes = await readFile(join(samples, 'r02-bl.pdf'));
  const drop = await page.evaluateHandle((base64) => {
    const data = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([data], 'r02-bl.pdf', { type: 'application/pdf' }));
    transfer.items.add(new File([data], 'r02-bl copy.pdf', { type: 'application/pdf' }));
    return transfer;
  }, bytes.toString('base64'));
  const target = page.locator('.documents-page');
  await target.dispatchEvent('dragenter', { dataTransfer: drop });
  await expect(page.getByText('Drop to add documents')).toBeVisible();
  await shoot(page, join(screensDir(), 'light-documents-drop.png'));
  await target.dispatchEvent('drop', { dataTransfer: drop });
  await expect(page.getByText('Drop to add documents')).toBeHidden();

  const summary = page.getByRole('region', { name: 'Intake result' });
  await expect(summary).toContainText('Added 1 of 2 files · 1 file already in this workspace');
  await expect(summary).toContainText('r02-bl copy.pdf: same bytes as r02-bl.pdf — not added twice.');
  const bl = row(page, 'r02-bl.pdf');
  await expect(bl).toContainText('Bill of lading', { timeout: READ_TIMEOUT });
  await expect(page.getByTestId('documents-count')).toHaveText(/^1 document$/);

  // Enter on a focused row opens the review.
  await bl.getByRole('gridcell').first().click({ position: { x: 4, y: 4 } });
  await expect(page.getByRole('heading', { level: 1, name: 'r02-bl.pdf' })).toBeVisible();
  await page.getByRole('link', { name: 'Documents' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Documents' })).toBeVisible();
  await bl.getByRole('gridcell').nth(2).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'r02-bl.pdf' })).toBeVisible();
  await expectPageDrawn(page);
});

test('scans turned on their side or upside down are shown upright, with their boxes in place', async ({ page }) => {
  test.setTimeout(420_000);
  await createFirstProfile(page, RISK_OFFICER);
  await openScreen(page, 'Documents');
  // A JPEG turned a quarter (the image path) and a scanned PDF turned half a turn (the pdf.js path).
  const jpeg = 'r05-bl-scan.jpg';
  const upsideDown = 'r04-invoice-scan.pdf';
  await page.locator('input[type="file"]').setInputFiles([
    { name: jpeg, mimeType: 'image/jpeg', buffer: await readFile(join(samples, jpeg)) },
    await sampleFile(upsideDown),
  ]);
  await expect(row(page, jpeg)).toContainText('Bill of lading', { timeout: READ_TIMEOUT * 2 });
  await expect(row(page, upsideDown)).toContainText('Invoice', { timeout: READ_TIMEOUT * 2 });

  for (const [fileName, field, shot] of [
    [jpeg, 'B/L number', 'light-review-rotated-image.png'],
    [upsideDown, 'Invoice number', 'light-review-rotated-pdf.png'],
  ] as const) {
    await row(page, fileName).getByText(fileName, { exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: fileName })).toBeVisible();
    await expectPageDrawn(page);
    // Upright: an A4 page is taller than it is wide, whichever way it was scanned.
    const size = await page.locator('.viewer-page').boundingBox();
    expect(size && size.height > size.width).toBe(true);
    await fieldButton(page, field).click();
    await expect(page.getByRole('button', { name: `${field} box on page 1` })).toHaveAttribute('aria-pressed', 'true');
    await shoot(page, join(screensDir(), shot));
    await page.getByRole('link', { name: 'Documents' }).first().click();
  }
});
