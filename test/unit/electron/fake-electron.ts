/**
 * A small stand-in for the `electron` module: just the surface the shell uses, recording every call
 * so tests can assert on it. Tests install it with
 *   vi.mock('electron', async () => (await import('./fake-electron')).electronModule);
 * and inspect `fake` (the same module instance) afterwards.
 */

type Listener = (...args: unknown[]) => unknown;

/** A preventable event like Electron's, with the non-deprecated `details` fields merged in. */
export type FakeEvent = { defaultPrevented: boolean; preventDefault: () => void } & Record<string, unknown>;

/** A fresh event object carrying `fields` (e.g. `{ url }`). */
export const fakeEvent = (fields: Record<string, unknown> = {}): FakeEvent => {
  const event: FakeEvent = {
    ...fields,
    defaultPrevented: false,
    preventDefault: () => {
      event.defaultPrevented = true;
    },
  };
  return event;
};

class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(name: string, listener: Listener): this {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
    return this;
  }
  once(name: string, listener: Listener): this {
    const wrapped: Listener = (...args) => {
      this.off(name, wrapped);
      return listener(...args);
    };
    return this.on(name, wrapped);
  }
  off(name: string, listener: Listener): this {
    this.listeners.set(name, (this.listeners.get(name) ?? []).filter((l) => l !== listener));
    return this;
  }
  removeListener(name: string, listener: Listener): this {
    return this.off(name, listener);
  }
  /** Fires `name` the way Electron would; returns the listeners' results. */
  emit(name: string, ...args: unknown[]): unknown[] {
    return (this.listeners.get(name) ?? []).map((listener) => listener(...args));
  }
  count(name: string): number {
    return this.listeners.get(name)?.length ?? 0;
  }
}

let nextId = 1;

export type FakeFrame = {
  frameTreeNodeId: number;
  parent: FakeFrame | null;
  url: string;
};

export class FakeWebContents extends Emitter {
  readonly id = nextId++;
  readonly mainFrame: FakeFrame = { frameTreeNodeId: nextId++, parent: null, url: 'app://quayside/index.html' };
  readonly sent: { channel: string; payload: unknown }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  destroyed = false;
  reloads = 0;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  reload(): void {
    this.reloads += 1;
  }
}

export class FakeBrowserWindow extends Emitter {
  readonly webContents = new FakeWebContents();
  readonly loaded: string[] = [];
  shown = false;
  focused = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    fake.windows.push(this);
  }
  show(): void {
    this.shown = true;
  }
  focus(): void {
    this.focused = true;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    return Promise.resolve();
  }
}

type PermissionRequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void) => void;

type DownloadListener = (event: { preventDefault: () => void }, item: FakeDownloadItem) => void;

export class FakeDownloadItem {
  saveDialogOptions: Record<string, unknown> | null = null;
  constructor(
    readonly url: string,
    readonly filename: string,
  ) {}
  getURL(): string {
    return this.url;
  }
  getFilename(): string {
    return this.filename;
  }
  setSaveDialogOptions(options: Record<string, unknown>): void {
    this.saveDialogOptions = options;
  }
}

export class FakeSession {
  readonly downloadListeners: DownloadListener[] = [];
  on(name: string, listener: DownloadListener): this {
    if (name === 'will-download') this.downloadListeners.push(listener);
    return this;
  }
  /** Simulates a download starting; true when a listener prevented it. */
  download(item: FakeDownloadItem): boolean {
    let prevented = false;
    for (const listener of this.downloadListeners) listener({ preventDefault: () => (prevented = true) }, item);
    return prevented;
  }
  permissionRequestHandler: PermissionRequestHandler | null = null;
  permissionCheckHandler: ((...args: unknown[]) => boolean) | null = null;
  devicePermissionHandler: ((...args: unknown[]) => boolean) | null = null;
  beforeRequest: ((details: { url: string }, callback: (response: { cancel?: boolean }) => void) => void) | null = null;
  readonly webRequest = {
    onBeforeRequest: (listener: NonNullable<FakeSession['beforeRequest']>) => {
      this.beforeRequest = listener;
    },
  };
  setPermissionRequestHandler(handler: PermissionRequestHandler): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: (...args: unknown[]) => boolean): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: (...args: unknown[]) => boolean): void {
    this.devicePermissionHandler = handler;
  }
}

type MessageBoxCall = { options: Record<string, unknown>; response: number };

const createFake = () => ({
  calls: [] as string[],
  ipcHandlers: new Map<string, Listener>(),
  ipcRenderer: new Emitter(),
  invoked: [] as { channel: string; input: unknown }[],
  invokeResult: ((channel: string) => Promise.resolve({ ok: true, value: channel })) as (
    channel: string,
    input: unknown,
  ) => Promise<unknown>,
  exposed: new Map<string, unknown>(),
  windows: [] as FakeBrowserWindow[],
  schemes: [] as unknown[],
  protocolHandlers: new Map<string, Listener>(),
  session: new FakeSession(),
  app: new Emitter(),
  appState: { isPackaged: false, gotLock: true, quitCalls: 0, exitCodes: [] as number[] },
  messageBoxes: [] as MessageBoxCall[],
  /** Responses (button indexes) for the next message boxes, in order; default 0. */
  messageBoxResponses: [] as number[],
  /** Folders the next open dialogs return, in order; null means cancelled. */
  openDialogResults: [] as (string | null)[],
  openDialogs: [] as Record<string, unknown>[],
  errorBoxes: [] as { title: string; content: string }[],
  openedPaths: [] as string[],
  menuTemplate: null as unknown,
  reset(): void {
    this.calls.length = 0;
    this.ipcHandlers.clear();
    this.ipcRenderer = new Emitter();
    this.invoked.length = 0;
    this.invokeResult = (channel) => Promise.resolve({ ok: true, value: channel });
    this.exposed.clear();
    this.windows.length = 0;
    this.schemes.length = 0;
    this.protocolHandlers.clear();
    this.session = new FakeSession();
    this.app = new Emitter();
    this.appState = { isPackaged: false, gotLock: true, quitCalls: 0, exitCodes: [] };
    this.messageBoxes.length = 0;
    this.messageBoxResponses.length = 0;
    this.openDialogResults.length = 0;
    this.openDialogs.length = 0;
    this.errorBoxes.length = 0;
    this.openedPaths.length = 0;
    this.menuTemplate = null;
  },
});

export type FakeState = ReturnType<typeof createFake>;

// One instance per process, even across vi.resetModules(), so a test that reloads the composition
// root still inspects the same recordings.
const FAKE_KEY = Symbol.for('quayside.test.fake-electron');
const store = globalThis as unknown as Record<symbol, FakeState | undefined>;

/** Everything the fake records; `reset()` between tests. */
export const fake: FakeState = (store[FAKE_KEY] ??= createFake());

const lastArg = (args: unknown[]): Record<string, unknown> => args[args.length - 1] as Record<string, unknown>;

/** The module object handed to `vi.mock('electron', …)`. */
export const electronModule = {
  app: {
    get isPackaged() {
      return fake.appState.isPackaged;
    },
    on: (name: string, listener: Listener) => fake.app.on(name, listener),
    whenReady: () => {
      fake.calls.push('app.whenReady');
      return Promise.resolve();
    },
    enableSandbox: () => fake.calls.push('app.enableSandbox'),
    requestSingleInstanceLock: () => fake.appState.gotLock,
    quit: () => {
      fake.appState.quitCalls += 1;
    },
    exit: (code: number) => fake.appState.exitCodes.push(code),
    getAppPath: () => '/app',
  },
  BrowserWindow: FakeBrowserWindow,
  ipcMain: {
    handle: (channel: string, listener: Listener) => {
      if (fake.ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      fake.ipcHandlers.set(channel, listener);
    },
    removeHandler: (channel: string) => fake.ipcHandlers.delete(channel),
  },
  ipcRenderer: {
    invoke: (channel: string, input: unknown) => {
      fake.invoked.push({ channel, input });
      return fake.invokeResult(channel, input);
    },
    on: (channel: string, listener: Listener) => fake.ipcRenderer.on(channel, listener),
    removeListener: (channel: string, listener: Listener) => fake.ipcRenderer.off(channel, listener),
  },
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => fake.exposed.set(key, api),
  },
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown[]) => {
      fake.calls.push('protocol.registerSchemesAsPrivileged');
      fake.schemes.push(...schemes);
    },
    handle: (scheme: string, handler: Listener) => {
      fake.calls.push('protocol.handle');
      fake.protocolHandlers.set(scheme, handler);
    },
  },
  session: {
    get defaultSession() {
      return fake.session;
    },
  },
  dialog: {
    showMessageBox: (...args: unknown[]) => {
      const response = fake.messageBoxResponses.shift() ?? 0;
      fake.messageBoxes.push({ options: lastArg(args), response });
      return Promise.resolve({ response, checkboxChecked: false });
    },
    showOpenDialog: (...args: unknown[]) => {
      fake.openDialogs.push(lastArg(args));
      const next = fake.openDialogResults.shift() ?? null;
      return Promise.resolve(next === null ? { canceled: true, filePaths: [] } : { canceled: false, filePaths: [next] });
    },
    showErrorBox: (title: string, content: string) => fake.errorBoxes.push({ title, content }),
  },
  shell: {
    openPath: (path: string) => {
      fake.openedPaths.push(path);
      return Promise.resolve('');
    },
  },
  Menu: {
    buildFromTemplate: (template: unknown) => template,
    setApplicationMenu: (menu: unknown) => {
      fake.menuTemplate = menu;
    },
  },
};
