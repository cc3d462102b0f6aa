import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { RISK_OFFICER, addPerson, createFirstProfile, openScreen, screensDir, shoot, switchPerson } from './steps';
import type { Person } from './steps';

const samples = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', 'resources', 'samples');
const SECOND_RISK_OFFICER: Person = { name: 'Chidi Mensah', role: 'Risk officer', passphrase: 'quay-crane-2026' };

// Born-digital PDFs read from their text layer in a second; one PNG scan keeps OCR in the journey.
const DOCUMENTS: readonly { readonly name: string; readonly mimeType: string }[] = [
  { name: 'r06-invoice.pdf', mimeType: 'application/pdf' },
  { name: 'r10-invoice.pdf', mimeType: 'application/pdf' },
  { name: 'r02-bl.pdf', mimeType: 'application/pdf' },
  { name: 'r07-bl.pdf', mimeType: 'application/pdf' },
  { name: 'r07-invoice-scan.png', mimeType: 'image/png' },
];
// R06: the invoice asks for payment to the supplier's own account, not the pool's escrow account.
const ESCROW_INVOICE = 'EX2603-0904';
const ESCROW_FILE = 'r06-invoice.pdf';
const WAIVER_REASON = 'Supplier confirmed in writing that the buyer pays into escrow; notice of assignment on file.';
const READ_TIMEOUT = 240_000;

const receivablesGrid = (page: Page): Locator => page.getByTestId('receivables-grid');
const receivableRow = (page: Page, text: string): Locator => receivablesGrid(page).getByRole('row').filter({ hasText: text });

async function sampleFiles(names: readonly { name: string; mimeType: string }[]) {
  return Promise.all(names.map(async ({ name, mimeType }) => ({ name, mimeType, buffer: await readFile(join(samples, name)) })));
}

test('checks: counterparties, documents, run checks, the why panel, evidence, and a four-eyes waiver', async ({ page }) => {
  test.setTimeout(600_000);
  const shots = screensDir();
  await mkdir(shots, { recursive: true });

  // Two risk officers: one asks for the waiver, the other confirms it.
  await createFirstProfile(page, RISK_OFFICER);
  await addPerson(page, SECOND_RISK_OFFICER);

  await openScreen(page, 'Receivables');
  await expect(page.getByText('No receivables yet — ingest invoices and bills of lading on Documents, then Run checks.')).toBeVisible();
  await shoot(page, join(shots, 'light-receivables-empty.png'));

  // Counterparties from the sample CSVs: suppliers, buyers and the pool's escrow accounts.
  await openScreen(page, 'Counterparties');
  await page.getByTestId('counterparties-import-input').setInputFiles(
    ['suppliers.csv', 'buyers.csv', 'escrow.csv'].map((name) => join(samples, 'counterparties', name)),
  );
  const report = page.getByTestId('import-report');
  await expect(report.getByTestId('import-file')).toHaveCount(3);
  await expect(report.getByTestId('import-rejected')).toHaveCount(0);
  await expect(page.getByTestId('counterparties-count')).toContainText('4');
  await expect(page.getByRole('grid').getByText('Saigon Polytech Resins Joint Stock Company')).toBeVisible();
  await shoot(page, join(shots, 'light-counterparties-suppliers.png'));
  // A supplier by hand: the backend's message lands under the field it names.
  await page.getByTestId('counterparties-new').click();
  const form = page.getByTestId('supplier-form');
  await form.getByTestId('counterparty-save').click();
  await expect(form).toContainText('Enter the legal name.');
  await form.getByLabel('Legal name').fill('Mekong Delta Polymers Co., Ltd.');
  await form.getByLabel('Aliases').fill('Mekong Delta Polymers');
  await form.getByLabel('Country').fill('vn');
  await form.getByTestId('counterparty-save').click();
  await expect(form).toHaveCount(0);
  await expect(page.getByRole('grid').getByText('Mekong Delta Polymers Co., Ltd.')).toBeVisible();
  await page.getByTestId('counterparties-tab-buyer').click();
  await expect(page.getByRole('grid').getByText('Rheinfeld Kunststofftechnik GmbH')).toBeVisible();
  await shoot(page, join(shots, 'light-counterparties-buyers.png'));

  // The policy in force, as risk officers see it in Settings.
  await openScreen(page, 'Settings');
  await expect(page.getByTestId('policy-version')).toContainText('1');
  await page.getByTestId('policy-panel').scrollIntoViewIfNeeded();
  await shoot(page, join(shots, 'light-settings-policy.png'));

  // Documents: invoices and bills of lading, read on this machine.
  await openScreen(page, 'Documents');
  await page.locator('input[type="file"]').setInputFiles(await sampleFiles(DOCUMENTS));
  await expect(page.getByTestId('documents-count')).toHaveText(`${DOCUMENTS.length} documents`, { timeout: READ_TIMEOUT });

  // Run checks: progress, then what the run found.
  await openScreen(page, 'Receivables');
  // The samples date from early 2026: judge them as of a funding date then, not today.
  await page.getByLabel('Evaluate as of').fill('2026-03-31');
  await page.getByRole('button', { name: 'Run checks' }).click();
  const summary = page.getByTestId('checks-summary');
  await expect(summary).toBeVisible({ timeout: 60_000 });
  await expect(summary).toContainText(/Checked \d+ of \d+ receivables/);
  await expect(summary).toContainText(/\d+ eligible · \d+ ineligible/);
  await expect(summary).toContainText(/\d[\d,]* ms/);
  await expect(summary).toContainText('as of 2026-03-31');

  const escrowRow = receivableRow(page, ESCROW_INVOICE);
  await expect(escrowRow).toBeVisible();
  await expect(escrowRow.locator('.count-fail:not(.is-zero)')).toBeVisible();
  await expect(receivablesGrid(page).getByRole('row').filter({ hasText: /EX2603-0952|0061\/2026/ })).not.toHaveCount(0);
  await expect(page.getByTestId('receivables-count')).toHaveText(/^\d+ receivables?$/);
  await shoot(page, join(shots, 'light-receivables-grid.png'));

  // Run again with nothing changed: the stored results stand, and the panel says so.
  await page.getByRole('button', { name: 'Run checks' }).click();
  await expect(summary).toContainText(/Nothing changed since the last run: the results of \d+ receivables? are current/, { timeout: 30_000 });
  await expect(summary).toContainText(/\d+ eligible · \d+ ineligible/);
  await expect(escrowRow.locator('.count-fail:not(.is-zero)')).toBeVisible();
  await shoot(page, join(shots, 'light-checks-current.png'));

  // Status chips filter; grouping puts a header with count and total over each group.
  await page.getByRole('group', { name: 'Status' }).getByRole('button', { name: /^Ineligible/ }).click();
  await expect(page.getByTestId('receivables-count')).toHaveText(/^\d+ of \d+ receivables$/);
  await expect(escrowRow).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.getByLabel('Group by').selectOption('supplier');
  const group = receivablesGrid(page).getByTestId('group-row').filter({ hasText: 'Chao Phraya Polyolefins' });
  await expect(group).toContainText(/\d+ receivables?/);
  await expect(group).toContainText(/[\d,]+\.\d\d (USD|EUR)/);
  await shoot(page, join(shots, 'light-receivables-grouped.png'));
  await group.getByRole('button', { name: /^Collapse / }).click();
  await expect(escrowRow).toHaveCount(0);
  await group.getByRole('button', { name: /^Expand / }).click();
  await expect(escrowRow).toBeVisible();
  await page.getByLabel('Group by').selectOption('none');

  // The column chooser hides a column and remembers it.
  await page.getByRole('button', { name: /^Columns/ }).click();
  await page.getByRole('group', { name: 'Columns shown' }).getByLabel('Goods').uncheck();
  await expect(receivablesGrid(page).getByRole('columnheader', { name: 'Goods' })).toHaveCount(0);
  await page.keyboard.press('Escape');
  expect(await page.evaluate(() => window.localStorage.getItem('quayside.receivables.hiddenColumns'))).toContain('goods');

  // Export what is shown.
  const download = page.waitForEvent('download', { timeout: 15_000 });
  await page.getByRole('button', { name: 'Export CSV' }).click();
  expect((await download).suggestedFilename()).toMatch(/\.csv$/);

  // The failing receivable's why panel.
  await escrowRow.getByRole('gridcell').first().click();
  await expect(page.getByRole('heading', { level: 1, name: `Invoice ${ESCROW_INVOICE}` })).toBeVisible();
  const why = page.getByRole('region', { name: 'Why' });
  const finding = why.getByTestId('finding').filter({ has: page.locator('.severity-fail') }).filter({ hasText: /escrow/i }).first();
  await expect(finding).toBeVisible();
  await expect(finding.locator('.finding-meta')).toContainText(/policy v\d+/);
  await expect(finding.locator('.finding-meta')).toContainText(/inputs [0-9a-f]{10}/);
  await expect(page.getByRole('region', { name: 'Parties' })).toContainText('Chao Phraya Polyolefins');
  await shoot(page, join(shots, 'light-why-panel.png'));

  // Its evidence opens the invoice with the page drawn and the box highlighted.
  const evidence = finding.getByTestId('evidence').filter({ hasText: ESCROW_FILE }).first();
  await evidence.click();
  await expect(page.getByRole('heading', { level: 1, name: ESCROW_FILE })).toBeVisible();
  await expect(page.locator('.viewer-page[data-rendered="true"]')).toBeVisible({ timeout: 30_000 });
  const highlighted = page.locator('[data-evidence-box], .field-box.is-selected').first();
  await expect(highlighted).toBeVisible();
  await expect(highlighted).toBeInViewport();
  await shoot(page, join(shots, 'light-evidence.png'));

  // Back to the receivable, then ask to waive: a reason of at least ten characters.
  await page.getByRole('link', { name: 'Back to receivable' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Invoice ${ESCROW_INVOICE}` })).toBeVisible();
  await expect(finding).toBeVisible();
  await finding.getByRole('button', { name: 'Waive…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Waive finding' });
  await dialog.getByLabel('Reason').fill('too short');
  await expect(dialog.getByRole('button', { name: 'Ask to waive' })).toBeDisabled();
  await dialog.getByLabel('Reason').fill(WAIVER_REASON);
  await dialog.getByRole('button', { name: 'Ask to waive' }).click();
  await expect(dialog).toBeHidden();
  const waiver = finding.getByTestId('waiver');
  await expect(waiver).toContainText('Waiver pending — needs a second risk officer');
  await expect(waiver).toContainText(`Asked by ${RISK_OFFICER.name}`);
  // The person who asked cannot be the one who confirms.
  await expect(waiver).toContainText('you cannot confirm it');
  await expect(waiver.getByRole('button', { name: 'Confirm waiver' })).toHaveCount(0);
  await shoot(page, join(shots, 'light-waiver-pending.png'));

  // The second risk officer confirms.
  await switchPerson(page, RISK_OFFICER, SECOND_RISK_OFFICER);
  await expect(waiver.getByRole('button', { name: 'Confirm waiver' })).toBeVisible();
  await expect(waiver.getByRole('button', { name: 'Reject' })).toBeVisible();
  await waiver.getByRole('button', { name: 'Confirm waiver' }).click();
  await expect(waiver).toContainText('Waived');
  await expect(waiver).toContainText(`Asked by ${RISK_OFFICER.name}`);
  await expect(waiver).toContainText(`confirmed by ${SECOND_RISK_OFFICER.name}`);
  await expect(waiver).toContainText(WAIVER_REASON);
  await expect(finding).toHaveClass(/is-waived/);
  await shoot(page, join(shots, 'light-waiver-confirmed.png'));
  // The receivable's status follows: the header shows it with the counts after the waiver.
  await page.getByRole('heading', { level: 1, name: `Invoice ${ESCROW_INVOICE}` }).scrollIntoViewIfNeeded();
  await expect(page.getByTestId('receivable-detail').locator('.receivable-meta .count-waived')).toHaveText('+1 waived');
  await shoot(page, join(shots, 'light-receivable-after-waiver.png'));

  await page.keyboard.press('ControlOrMeta+Shift+L');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await shoot(page, join(shots, 'dark-why-panel.png'));
  await page.keyboard.press('ControlOrMeta+Shift+L');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');

  // Findings across all receivables, grouped by rule; a row opens its receivable's why panel.
  await openScreen(page, 'Findings');
  const findingsGrid = page.getByTestId('findings-grid');
  await page.getByLabel('Group by').selectOption('rule');
  await expect(findingsGrid.getByTestId('group-row').first()).toBeVisible();
  await expect(page.getByTestId('findings-count')).toHaveText(/^\d+ of \d+ findings$/);
  await shoot(page, join(shots, 'light-findings-grouped.png'));
  await page.getByLabel('Show waived').check();
  const waivedRow = findingsGrid.getByRole('row').filter({ hasText: 'Waived' }).filter({ hasText: ESCROW_INVOICE });
  await expect(waivedRow).toHaveCount(1);
  await waivedRow.getByRole('gridcell').nth(1).click();
  await expect(page.getByRole('heading', { level: 1, name: `Invoice ${ESCROW_INVOICE}` })).toBeVisible();
  await expect(why.locator('.finding.is-focused')).toBeVisible();

  await page.keyboard.press('ControlOrMeta+Shift+L');
  await openScreen(page, 'Receivables');
  await expect(receivableRow(page, ESCROW_INVOICE)).toBeVisible();
  await shoot(page, join(shots, 'dark-receivables-grid.png'));
  await page.keyboard.press('ControlOrMeta+Shift+L');
});
