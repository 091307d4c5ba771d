import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

/**
 * The member pages, each in its own chunk, so a phone opening /app/wallet downloads the wallet
 * and not the staff scanner, the claim centre or the profile form. The page the address names is
 * fetched as the app starts, alongside sign-in, rather than after it
 * (test/unit/start-path-budget.test.ts keeps the first load within budget).
 */

const preloaders: { pattern: string[]; load: () => Promise<unknown> }[] = [];

/** A page loaded on first use; `path` is its full address (`/app/wallet/:id`), for the preload. */
export function lazyPage<M extends Record<string, unknown>, K extends keyof M>(path: string, load: () => Promise<M>, name: K): LazyExoticComponent<ComponentType> {
  let loading: Promise<M> | undefined;
  const once = () => (loading ??= load());
  preloaders.push({ pattern: path.split('/').filter(Boolean), load: once });
  return lazy(async () => ({ default: (await once())[name] as ComponentType }));
}

function matches(pattern: string[], segments: string[]): boolean {
  return pattern.length === segments.length && pattern.every((part, i) => part.startsWith(':') || part === segments[i]);
}

/** Starts fetching the chunk of the page at `pathname`, if one is registered. */
export function preloadPage(pathname: string): void {
  const segments = pathname.split('/').filter(Boolean);
  for (const page of preloaders) if (matches(page.pattern, segments)) void page.load().catch(() => undefined);
}
