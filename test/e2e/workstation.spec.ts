import { CONTENT_SECURITY_POLICY } from '../../src/shared/security';
import { expect, test } from './fixtures';
import {
  ANALYST,
  RISK_OFFICER,
  addPerson,
  createFirstProfile,
  openScreen,
  runWorkstationJourney,
  screensDir,
  switchPerson,
} from './steps';

test('first run, every screen, audit, themes, people and sign-in', async ({ page }) => {
  await runWorkstationJourney(page, screensDir());
});

test('switching person from the top bar is audited under the new name', async ({ page }) => {
  await createFirstProfile(page, RISK_OFFICER);
  await addPerson(page, ANALYST);
  await switchPerson(page, RISK_OFFICER, ANALYST, screensDir());
  await openScreen(page, 'Audit');
  await expect(
    page.getByRole('row').filter({ hasText: 'session.signed_in' }).filter({ hasText: ANALYST.name }),
  ).toHaveCount(1);
});

test('the theme follows the OS until the person chooses, and is remembered', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.keyboard.press('ControlOrMeta+Shift+L');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome to Quayside' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test('the page runs under the shared Content-Security-Policy', async ({ page, host }) => {
  const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(meta).toBe(CONTENT_SECURITY_POLICY);
  const response = await page.request.get(host.url);
  expect(response.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  expect(response.headers()['x-content-type-options']).toBe('nosniff');
});
