import type { Alias } from 'vite';

/**
 * The browser bundle renders with Preact through `preact/compat` instead of React DOM: the same
 * components, hooks, Suspense/lazy, context and portals, for ~12 kB gzipped where react-dom
 * is ~67 kB, and a shorter script evaluation on a phone's CPU (issue 16 item 13: the first
 * sign-in's download and Lighthouse's Total Blocking Time). The source, its types and the tests
 * still speak React (`import … from 'react'`); only the build resolves those names to Preact.
 * TanStack Query, React Router, react-i18next and Recharts run on it unchanged (the browser
 * tests cover the member pages, the scanner and the console).
 */
export const preactCompatAliases: Alias[] = [
  { find: /^react$/, replacement: 'preact/compat' },
  { find: /^react-dom$/, replacement: 'preact/compat' },
  { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
  { find: /^react\/jsx-runtime$/, replacement: 'preact/jsx-runtime' },
  { find: /^react\/jsx-dev-runtime$/, replacement: 'preact/jsx-dev-runtime' },
];
