import type { Config } from './config.ts';

/** Where our own pages live, for CTA links in messages. */
export class Links {
  private readonly config: Config;
  private readonly origin: () => string;
  constructor(config: Config, origin: () => string) {
    this.config = config;
    this.origin = origin;
  }

  get baseUrl(): string {
    return this.config.publicBaseUrl ?? this.origin();
  }

  /**
   * A LIFF page (path like `/wallet`). In production a liff.line.me link so it opens inside
   * LINE with the member signed in (the LIFF endpoint URL is the server's root, so member
   * pages and the console are both under it); in sandbox mode the app served by this server.
   */
  liff(path: string): string {
    const clean = path.startsWith('/') ? path : `/${path}`;
    // A target written with the app's own prefix (`/app`, `/app/wallet`) is not prefixed again.
    const inApp = clean === '/app' || clean.startsWith('/app/') || clean.startsWith('/app?');
    const appPath = inApp ? clean : `/app${clean === '/' ? '' : clean}`;
    if (!this.config.sandbox) return `https://liff.line.me/${this.config.liffId}${appPath}`;
    return `${this.baseUrl}${appPath}`;
  }
}
