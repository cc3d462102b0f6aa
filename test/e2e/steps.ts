import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from '@playwright/test';
import type { Page } from '@playwright/test';

/**
 * The workstation journey as reusable steps over a Playwright `Page`, so the same script drives the
 * UI in Chromium against the test host and inside the packaged Electron app.
 */

export type Person = { readonly name: string; readonly role: string; readonly passphrase: string };

export const RISK_OFFICER: Person = { name: 'Ana Ferreira', role: 'Risk officer', passphrase: 'harbour-lights-42' };
export const ANALYST: Person = { name: 'Ben Okafor', role: 'Analyst', passphrase: 'container-yard-7' };

export type Theme = 'light' | 'dark';

/** Every screen with the heading and an empty-state sentence it must show. */
export const SCREENS = [
  { slug: 'documents', label: 'Documents', text: 'Everything happens on this laptop' },
  { slug: 'receivables', label: 'Receivables', text: 'No receivables yet — ingest invoices and bills of lading on Documents' },
  { slug: 'findings', label: 'Findings', text: 'Findings appear here after Run checks' },
  { slug: 'counterparties', label: 'Counterparties', text: 'Suppliers are the sellers on the invoices' },
  { slug: 'verifications', label: 'Verifications', text: 'arrives with the On-site verification capability' },
  { slug: 'pools', label: 'Pools', text: 'arrives with the Pools & tranches capability' },
  { slug: 'packages', label: 'Packages', text: 'arrives with the Signed pool packages capability' },
  { slug: 'audit', label: 'Audit', text: 'Every change in this workspace' },
  { slug: 'settings', label: 'Settings', text: 'The open workspace, how Quayside looks' },
] as const;

export type ScreenSlug = (typeof SCREENS)[number]['slug'];

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

/** Where screenshots of a run go (people look at them): `test-results/<folder>/<theme>-<screen>.png`. */
export const screensDir = (folder = 'screens'): string => join(repoRoot, 'test-results', folder);

/** A screenshot with the mouse parked in a corner, so no hover state leaks into the picture. */
export async function shoot(page: Page, path: string): Promise<void> {
  const size = page.viewportSize() ?? { width: 1440, height: 900 };
  await page.mouse.move(size.width - 1, size.height - 1);
  await page.screenshot({ path });
}

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

/** Opens a screen from the left navigation and waits for its heading. */
export async function openScreen(page: Page, label: string): Promise<void> {
  await nav(page).getByRole('link', { name: label, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: label, exact: true })).toBeVisible();
}

/** First run: the welcome screen explains Quayside and creates the first (signed-in) profile. */
export async function createFirstProfile(page: Page, person: Person, shotsDir?: string): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome to Quayside' })).toBeVisible();
  await expect(page.getByText('The three risks it exists to catch')).toBeVisible();
  if (shotsDir) await shoot(page, join(shotsDir, 'light-welcome.png'));

  const form = page.getByRole('region', { name: 'Create the first profile' });
  await form.getByLabel('Name').fill(person.name);
  await form.getByLabel('Role').selectOption({ label: person.role });
  await expect(form.getByText('adds people to the workspace')).toBeVisible();

  // The backend's own rule, shown under the field it concerns.
  await form.getByLabel('Passphrase', { exact: true }).fill('short');
  await form.getByLabel('Confirm passphrase').fill('short');
  await form.getByRole('button', { name: 'Create profile' }).click();
  await expect(form.getByText('A passphrase needs at least 8 characters.')).toBeVisible();
  await expect(form.getByLabel('Passphrase', { exact: true })).toHaveAttribute('aria-invalid', 'true');

  // The confirmation is the form's own check.
  await form.getByLabel('Passphrase', { exact: true }).fill(person.passphrase);
  await form.getByLabel('Confirm passphrase').fill(`${person.passphrase}x`);
  await form.getByRole('button', { name: 'Create profile' }).click();
  await expect(form.getByText('The two passphrases differ.')).toBeVisible();

  await form.getByLabel('Confirm passphrase').fill(person.passphrase);
  await form.getByRole('button', { name: 'Create profile' }).click();
  await expectSignedInAs(page, person);
}

/**
 * The top bar's profile switcher names the active person and role. Signing in derives the key from
 * the passphrase (scrypt, deliberately slow) and records it in the audit trail, so a VM running slow
 * gets longer than the usual wait (a CI run once took more than 10 s on a 30,000-receivable workspace).
 */
export async function expectSignedInAs(page: Page, person: Person): Promise<void> {
  const switcher = page.getByRole('button', { name: new RegExp(`^Signed in as ${person.name}`) });
  await expect(switcher).toBeVisible({ timeout: 30_000 });
  await expect(switcher).toContainText(person.role);
}

/** Visits every screen from the navigation and checks its heading and empty-state text. */
export async function visitEveryScreen(page: Page): Promise<void> {
  for (const screen of SCREENS) {
    await openScreen(page, screen.label);
    await expect(page.getByText(screen.text, { exact: false }).first()).toBeVisible();
    await expect(nav(page).getByRole('link', { name: screen.label, exact: true })).toHaveAttribute('aria-current', 'page');
  }
  // Empty screens hold no rows of any kind: nothing that could pass for data.
  await openScreen(page, 'Documents');
  await expect(page.getByRole('grid')).toHaveCount(0);
  await expect(page.getByRole('table')).toHaveCount(0);
}

/** Ctrl/Cmd+1…9, `/` and `?` do what the shortcuts overlay says. */
export async function useKeyboardShortcuts(page: Page, shotsDir?: string): Promise<void> {
  await page.keyboard.press('ControlOrMeta+8');
  await expect(page.getByRole('heading', { level: 1, name: 'Audit' })).toBeVisible();
  await page.keyboard.press('ControlOrMeta+9');
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await page.keyboard.press('ControlOrMeta+2');
  await expect(page.getByRole('heading', { level: 1, name: 'Receivables' })).toBeVisible();
  await page.keyboard.press('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Audit' })).toBeVisible();
  await expect(page.getByLabel('Filter entries')).toBeFocused();
  await page.getByLabel('Filter entries').blur();
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText('Toggle light and dark theme')).toBeVisible();
  if (shotsDir) await shoot(page, join(shotsDir, 'light-shortcuts.png'));
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
}

/** The Audit grid shows the person's `profile.created` entry; selecting it opens the full entry. */
export async function expectProfileCreatedInAudit(page: Page, person: Person): Promise<void> {
  await openScreen(page, 'Audit');
  const row = page.getByRole('row').filter({ hasText: 'profile.created' }).filter({ hasText: person.name });
  await expect(row).toHaveCount(1);
  await expect(page.getByTestId('audit-count')).toHaveText(/^\d+ of \d+ entries/);

  await row.getByRole('gridcell').first().click();
  const panel = page.getByRole('complementary', { name: 'Entry details' });
  await expect(panel.getByRole('heading', { name: 'profile.created' })).toBeVisible();
  await expect(panel.getByLabel('Details JSON')).toContainText(`"name": "${person.name}"`);
  await expect(panel.getByTestId('entry-hash')).toHaveText(/^[0-9a-f]{64}$/);

  // The text filter narrows the list to what matches, and says how many.
  await page.getByLabel('Filter entries').fill(person.name);
  await expect(page.getByTestId('audit-count')).toHaveText(/^(\d+) of (\d+) entries/);
  await expect(page.getByRole('row').filter({ hasText: 'workspace.created' })).toHaveCount(0);
  await page.getByLabel('Filter entries').fill('');
  await page.getByLabel('Action').selectOption('profile.created');
  await expect(page.getByRole('row').filter({ hasText: 'session.' })).toHaveCount(0);
  await expect(row).toHaveCount(1);
  await page.getByLabel('Action').selectOption('');
  await expect(page.getByRole('row').filter({ hasText: 'workspace.created' })).toHaveCount(1);
}

/** Verify chain reports the chain intact, with the entry count and head hash. */
export async function verifyChainIntact(page: Page): Promise<void> {
  await openScreen(page, 'Audit');
  await page.getByRole('button', { name: 'Verify chain' }).click();
  await expect(page.getByText(/^Chain intact: \d+ entries, head [0-9a-f]{16}…, signed by audit key [0-9a-f]{16}$/)).toBeVisible();
}

/** Chooses a theme in Settings → Appearance and checks the page repainted. */
export async function chooseTheme(page: Page, theme: Theme | 'system'): Promise<void> {
  await openScreen(page, 'Settings');
  await page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: theme, exact: false }).check();
  if (theme !== 'system') await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

/** Screenshots every screen in the current theme; the Audit shot shows a verdict and a selection. */
export async function screenshotEveryScreen(page: Page, theme: Theme, dir: string): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
  await mkdir(dir, { recursive: true });
  for (const screen of SCREENS) {
    await openScreen(page, screen.label);
    if (screen.slug === 'audit') {
      await page.getByRole('button', { name: 'Verify chain' }).click();
      await expect(page.getByText(/^Chain intact/)).toBeVisible();
      await page.getByRole('row').filter({ hasText: 'profile.created' }).first().getByRole('gridcell').first().click();
      await expect(page.getByRole('complementary', { name: 'Entry details' }).getByLabel('Details JSON')).toBeVisible();
    }
    await shoot(page, join(dir, `${theme}-${screen.slug}.png`));
  }
}

/** A risk officer adds someone from Settings → People. */
export async function addPerson(page: Page, person: Person): Promise<void> {
  await openScreen(page, 'Settings');
  const form = page.getByRole('region', { name: 'Add person' });
  await form.getByLabel('Name').fill(person.name);
  await form.getByLabel('Role').selectOption({ label: person.role });
  await form.getByLabel('Passphrase', { exact: true }).fill(person.passphrase);
  await form.getByLabel('Confirm passphrase').fill(person.passphrase);
  await form.getByRole('button', { name: 'Add person' }).click();
  await expect(form.getByText(`${person.name} was added`)).toBeVisible();
  const people = page.getByRole('table', { name: 'People' });
  await expect(people.getByRole('row').filter({ hasText: person.name })).toContainText(person.role);
}

/** Signs out from the profile switcher's menu. */
export async function signOut(page: Page, person: Person): Promise<void> {
  await page.getByRole('button', { name: new RegExp(`^Signed in as ${person.name}`) }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Sign in to / })).toBeVisible();
}

/** Signs in on the sign-in screen; with a wrong passphrase, expects the backend's refusal. */
export async function signIn(page: Page, person: Person, passphrase = person.passphrase): Promise<void> {
  await page.getByRole('radio', { name: person.name }).check();
  await page.getByLabel('Passphrase').fill(passphrase);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (passphrase === person.passphrase) {
    await expectSignedInAs(page, person);
  } else {
    // The backend's sentence, verbatim: the UI must not swallow or reword a refusal.
    await expect(page.getByRole('alert')).toHaveText('That passphrase does not unlock this profile. Check it and try again.');
    await expect(page.getByRole('heading', { level: 1, name: /^Sign in to / })).toBeVisible();
  }
}

/** Switches person from the top bar's menu: a wrong passphrase is refused in the dialog, then the right one. */
export async function switchPerson(page: Page, from: Person, to: Person, shotsDir?: string): Promise<void> {
  await page.getByRole('button', { name: new RegExp(`^Signed in as ${from.name}`) }).click();
  await page.getByRole('menuitem', { name: 'Switch person…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Switch person' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('radio', { name: to.name }).check();
  await dialog.getByLabel('Passphrase').fill('not-the-passphrase');
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('That passphrase does not unlock this profile. Check it and try again.');
  if (shotsDir) await shoot(page, join(shotsDir, 'light-switch-person.png'));
  // Still the previous person until the new one proves who they are.
  await expect(page.getByRole('button', { name: new RegExp(`^Signed in as ${from.name}`) })).toBeAttached();
  await dialog.getByLabel('Passphrase').fill(to.passphrase);
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await expect(dialog).toBeHidden();
  await expectSignedInAs(page, to);
}

/** The whole journey of workstation.spec.ts, shared with the Electron spec. */
export async function runWorkstationJourney(page: Page, shotsDir: string): Promise<void> {
  await mkdir(shotsDir, { recursive: true });
  await createFirstProfile(page, RISK_OFFICER, shotsDir);
  await visitEveryScreen(page);
  await useKeyboardShortcuts(page, shotsDir);
  await expectProfileCreatedInAudit(page, RISK_OFFICER);
  await verifyChainIntact(page);

  await chooseTheme(page, 'light');
  await screenshotEveryScreen(page, 'light', shotsDir);
  // The shortcut flips the theme; the grid follows.
  await page.keyboard.press('ControlOrMeta+Shift+L');
  await screenshotEveryScreen(page, 'dark', shotsDir);

  await addPerson(page, ANALYST);
  await signOut(page, RISK_OFFICER);
  await shoot(page, join(shotsDir, 'dark-sign-in.png'));
  await signIn(page, ANALYST, 'not-the-passphrase');
  await shoot(page, join(shotsDir, 'dark-sign-in-error.png'));
  await signIn(page, ANALYST);

  await openScreen(page, 'Settings');
  await expect(page.getByRole('table', { name: 'People' }).getByRole('row')).toHaveCount(3);
  await expect(page.getByRole('region', { name: 'Add person' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Add person' })).toHaveCount(0);
  await expect(page.getByText('Only a risk officer can add people')).toBeVisible();
  await shoot(page, join(shotsDir, 'dark-settings-analyst.png'));
}
