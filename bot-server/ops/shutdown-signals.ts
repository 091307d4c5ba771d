import { resolve } from 'node:path';

/**
 * SIGTERM / SIGINT caught from the first moment of the server process, not only once it has
 * started. Until a process has a listener for a signal, Node leaves the default action in place
 * and the signal kills the process outright (exit code null, nothing closed): a supervisor's
 * SIGTERM during startup — or right after the banner, before the handlers were installed — did
 * exactly that. A signal that arrives before the server is up is remembered and handed to the
 * shutdown handler as soon as `onShutdownSignal` installs it.
 *
 * Importing this module first in the entry points (main.ts, start.ts) installs the listeners
 * before the rest of the server's modules are even loaded — only when one of them is the
 * process's entry, so a test or script that imports main.ts keeps Node's default behaviour.
 * A second signal of the same kind is left to the default action (a second Ctrl-C kills).
 */
export type ShutdownSignal = 'SIGTERM' | 'SIGINT';

let installed = false;
let received: ShutdownSignal | undefined;
let handler: ((signal: ShutdownSignal) => void) | undefined;

/** Installs the listeners (idempotent). */
export function catchShutdownSignals(): void {
  if (installed) return;
  installed = true;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      if (received) return;
      received = signal;
      handler?.(signal);
    });
  }
}

/** The shutdown to run on the first signal: at once if one already arrived. */
export function onShutdownSignal(fn: (signal: ShutdownSignal) => void): void {
  catchShutdownSignals();
  handler = fn;
  if (received) fn(received);
}

/** The signal received so far, if any (a long startup step may stop early). */
export function shutdownRequested(): ShutdownSignal | undefined {
  return received;
}

const ENTRIES = ['../main.ts', '../start.ts'].map((p) => resolve(import.meta.dirname, p));
if (process.argv[1] && ENTRIES.includes(resolve(process.argv[1]))) catchShutdownSignals();
