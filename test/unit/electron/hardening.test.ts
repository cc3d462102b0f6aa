import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeDownloadItem, FakeSession, FakeWebContents, fake, fakeEvent } from './fake-electron';
import { hardenSession, hardenWebContents, isAllowedRequestUrl } from '../../../electron/main/hardening';
import { createOriginPolicy, originOf } from '../../../electron/main/origins';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

beforeEach(() => fake.reset());

const hardened = (devServerUrl?: string): FakeWebContents => {
  const contents = new FakeWebContents();
  hardenWebContents(contents as never, createOriginPolicy(devServerUrl));
  return contents;
};

/** Fires a navigation-like event and says whether the shell prevented it. */
const prevented = (contents: FakeWebContents, name: string, url: string): boolean => {
  const event = fakeEvent({ url });
  contents.emit(name, event, url);
  return event.defaultPrevented;
};

describe('web contents hardening', () => {
  it('denies every new window, whatever the URL', () => {
    const contents = hardened();
    for (const url of ['https://example.com/', 'app://quayside/index.html', 'about:blank']) {
      expect(contents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
    }
  });

  const foreign = [
    'https://example.com/',
    'http://localhost:5173/',
    'file:///etc/passwd',
    'app://other/index.html',
    'app://quayside.evil.example/index.html',
    'javascript:alert(1)',
    'data:text/html,<script>1</script>',
    'not a url',
  ];

  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])('%s: blocks foreign URLs, allows the app origin', (name) => {
    const contents = hardened();
    expect(contents.count(name)).toBe(1);
    for (const url of foreign) expect(prevented(contents, name, url), url).toBe(true);
    expect(prevented(contents, name, 'app://quayside/index.html')).toBe(false);
    expect(prevented(contents, name, 'app://quayside/index.html#/audit')).toBe(false);
  });

  it('allows the dev server only when it is configured', () => {
    const contents = hardened('http://localhost:5173');
    expect(prevented(contents, 'will-navigate', 'http://localhost:5173/')).toBe(false);
    expect(prevented(contents, 'will-navigate', 'http://localhost:5174/')).toBe(true);
    expect(prevented(contents, 'will-navigate', 'https://example.com/')).toBe(true);
  });

  it('never attaches a <webview>', () => {
    const contents = hardened();
    const event = fakeEvent();
    contents.emit('will-attach-webview', event, { preload: '/evil.js' }, { src: 'app://quayside/index.html' });
    expect(event.defaultPrevented).toBe(true);
  });
});

describe('session hardening', () => {
  const permissions = ['media', 'geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'openExternal', 'hid', 'unknown'];

  it('refuses every permission request and check', () => {
    const session = new FakeSession();
    hardenSession(session as never, createOriginPolicy());
    for (const permission of permissions) {
      const answers: boolean[] = [];
      session.permissionRequestHandler?.({}, permission, (granted) => answers.push(granted));
      expect(answers, permission).toEqual([false]);
      expect(session.permissionCheckHandler?.({}, permission, 'app://quayside', {}), permission).toBe(false);
    }
    expect(session.devicePermissionHandler?.({ deviceType: 'usb', origin: 'app://quayside' })).toBe(false);
  });

  it('lets the page save its own exports through a Save dialog, and nothing else download', () => {
    const session = new FakeSession();
    hardenSession(session as never, createOriginPolicy());
    const exported = new FakeDownloadItem('blob:app://quayside/5f1c', 'receivables-2026-03-31.xlsx');
    expect(session.download(exported)).toBe(false);
    expect(exported.saveDialogOptions).toEqual({ title: 'Save export', defaultPath: 'receivables-2026-03-31.xlsx' });
    const remote = new FakeDownloadItem('https://example.com/payload.exe', 'payload.exe');
    expect(session.download(remote)).toBe(true);
    expect(remote.saveDialogOptions).toBeNull();
  });

  it('cancels every request that would leave the machine', () => {
    const session = new FakeSession();
    hardenSession(session as never, createOriginPolicy());
    const cancelled = (url: string): boolean | undefined => {
      let answer: boolean | undefined;
      session.beforeRequest?.({ url }, (response) => {
        answer = response.cancel;
      });
      return answer;
    };
    expect(cancelled('https://example.com/x.js')).toBe(true);
    expect(cancelled('http://127.0.0.1:8080/')).toBe(true);
    expect(cancelled('file:///etc/passwd')).toBe(true);
    expect(cancelled('wss://example.com/socket')).toBe(true);
    expect(cancelled('app://quayside/assets/index.js')).toBe(false);
    expect(cancelled('data:image/png;base64,AAAA')).toBe(false);
    expect(cancelled('blob:app://quayside/1234')).toBe(false);
  });

  it('lets the dev server and its hot-reload socket through only when configured', () => {
    const dev = createOriginPolicy('http://localhost:5173/');
    expect(isAllowedRequestUrl('http://localhost:5173/src/main.tsx', dev)).toBe(true);
    expect(isAllowedRequestUrl('ws://localhost:5173/', dev)).toBe(true);
    expect(isAllowedRequestUrl('ws://localhost:9229/', dev)).toBe(false);
    expect(isAllowedRequestUrl('ws://localhost:5173/', createOriginPolicy())).toBe(false);
  });
});

describe('originOf', () => {
  it.each([
    ['app://quayside/index.html', 'app://quayside'],
    ['http://localhost:5173/x?y#z', 'http://localhost:5173'],
    ['file:///etc/passwd', null],
    ['about:blank', null],
    ['', null],
  ])('%s → %s', (url, origin) => expect(originOf(url)).toBe(origin));
});
