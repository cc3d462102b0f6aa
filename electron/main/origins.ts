import { APP_ORIGIN } from '../../src/shared/security';

/**
 * The origin of a URL as `scheme://host[:port]`, or null when it has none.
 * `URL#origin` is the string "null" for schemes Node does not know (such as `app:`), so the origin is
 * assembled from protocol and host instead.
 */
export function originOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.host === '') return null;
  return `${parsed.protocol}//${parsed.host}`;
}

/** Which origins may show pages and call the backend. */
export type OriginPolicy = {
  readonly trustedOrigins: readonly string[];
  /** True when `url` belongs to one of the trusted origins. */
  readonly isTrustedUrl: (url: string) => boolean;
};

/**
 * The app origin, plus the electron-vite dev server when one is given. The caller passes the dev URL
 * only for unpackaged runs, so an environment variable can never point a shipped app at a website.
 */
export function createOriginPolicy(devServerUrl?: string): OriginPolicy {
  const devOrigin = devServerUrl ? originOf(devServerUrl) : null;
  const trustedOrigins = devOrigin ? [APP_ORIGIN, devOrigin] : [APP_ORIGIN];
  return {
    trustedOrigins,
    isTrustedUrl: (url) => {
      const origin = originOf(url);
      return origin !== null && trustedOrigins.includes(origin);
    },
  };
}
