import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures';
import { RISK_OFFICER, createFirstProfile, openScreen, screensDir, shoot } from './steps';

const samples = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', 'resources', 'samples');

test('inbox folder: a file saved into the watched folder appears as a read document', async ({ page }) => {
  test.setTimeout(120_000);
  const inbox = await mkdtemp(join(tmpdir(), 'quayside-e2e-inbox-'));
  try {
    await createFirstProfile(page, RISK_OFFICER);
    await openScreen(page, 'Settings');
    const panel = page.getByRole('region', { name: 'Inbox folder' });
    await expect(panel.getByText('No inbox folder is watched.')).toBeVisible();
    await panel.getByLabel('Folder to watch').fill(join(inbox, 'missing'));
    await panel.getByRole('button', { name: 'Watch folder' }).click();
    await expect(panel.getByRole('alert')).toContainText('cannot read the folder');
    await panel.getByLabel('Folder to watch').fill(inbox);
    await panel.getByRole('button', { name: 'Watch folder' }).click();
    await expect(panel.getByText(inbox, { exact: true })).toBeVisible();
    await expect(panel.getByText(RISK_OFFICER.name)).toBeVisible();
    const shots = screensDir();
    await mkdir(shots, { recursive: true });
    await shoot(page, join(shots, 'light-settings-inbox.png'));

    await copyFile(join(samples, 'r02-bl.pdf'), join(inbox, 'scanner-0001.pdf'));
    await openScreen(page, 'Documents');
    const row = page.locator('.documents-grid').getByRole('row').filter({ has: page.getByText('scanner-0001.pdf', { exact: true }) });
    await expect(row).toBeVisible({ timeout: 60_000 });
    await expect(row.getByText('Bill of lading')).toBeVisible({ timeout: 60_000 });
  } finally {
    await rm(inbox, { recursive: true, force: true });
  }
});
