import { createClient } from '../shared/api';
import type { Api } from '../shared/api';
import { createHttpTransport } from './http-transport';

declare global {
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- merging into Window needs an interface
  interface Window {
    /** Set by the Electron preload; absent in a plain browser talking to the test host. */
    readonly quayside?: Api;
  }
}

/** The one client the renderer uses: the preload's IPC client in Electron, loopback HTTP otherwise. */
export function createApi(): Api {
  return window.quayside ?? createClient(createHttpTransport());
}
