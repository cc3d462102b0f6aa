import type { Session, WebContents } from 'electron';
import type { OriginPolicy } from './origins';

/**
 * Locks down one web contents (windows, devtools, anything Electron creates): no pop-ups, no
 * navigation or redirect away from the app's own origin, no `<webview>`.
 * Quayside is offline and has no links to follow, so there is nothing to hand to the OS browser.
 */
export function hardenWebContents(contents: WebContents, policy: OriginPolicy): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));

  contents.on('will-navigate', (event) => {
    if (!policy.isTrustedUrl(event.url)) event.preventDefault();
  });
  // Subframes do not raise will-navigate; the CSP already forbids frames, this is the second lock.
  contents.on('will-frame-navigate', (event) => {
    if (!policy.isTrustedUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!policy.isTrustedUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
}

// Schemes a page may load from without touching the network.
const LOCAL_SCHEMES = new Set(['app:', 'data:', 'blob:', 'devtools:']);

/**
 * True when a request stays on the machine: the app protocol, inline data, or (in development) the
 * electron-vite server including its hot-reload websocket.
 */
export function isAllowedRequestUrl(url: string, policy: OriginPolicy): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (LOCAL_SCHEMES.has(parsed.protocol)) return true;
  if (parsed.protocol === 'ws:' || parsed.protocol === 'wss:') {
    return policy.isTrustedUrl(`${parsed.protocol === 'ws:' ? 'http:' : 'https:'}//${parsed.host}/`);
  }
  return policy.isTrustedUrl(url);
}

/**
 * Session-wide defaults: every permission (camera, notifications, clipboard-read, HID, …) is refused
 * and checked as refused, and any request that would leave the machine is cancelled.
 */
export function hardenSession(session: Session, policy: OriginPolicy): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRequestUrl(details.url, policy) });
  });
  // Exports (CSV, XLSX, fingerprint files) are made in the page as blob: URLs; the person always
  // chooses where they go. Nothing else may download.
  session.on('will-download', (event, item) => {
    if (!isExportUrl(item.getURL())) {
      event.preventDefault();
      return;
    }
    item.setSaveDialogOptions({ title: 'Save export', defaultPath: item.getFilename() });
  });
}

/** True for the blob: URLs the page makes for an export; anything else must not download. */
export const isExportUrl = (url: string): boolean => url.startsWith('blob:');
