import type { ReactElement } from 'react';

const glyphs = {
  key: (
    <>
      <circle cx="8" cy="15" r="4" />
      <path d="m10.8 12.2 8.7-8.7M16 7l2.5 2.5M14 9l2 2" />
    </>
  ),
  lock: (
    <>
      <rect x="5" y="11" width="14" height="10" rx="2" />
      <path d="M8 11V8a4 4 0 0 1 8 0v3" />
    </>
  ),
  clock: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 7v5l3 2" />
    </>
  ),
  alert: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 7v6M12 16.5v.5" />
    </>
  ),
  gift: (
    <>
      <rect x="3" y="8" width="18" height="5" rx="1" />
      <path d="M5 13v7a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1v-7M12 8v13M12 8S10.5 3 8 3.5C5.5 4 6 8 12 8zM12 8s1.5-5 4-4.5C18.5 4 18 8 12 8z" />
    </>
  ),
  ticket: <path d="M3 8a2 2 0 0 0 2-2h14a2 2 0 0 0 2 2v2a2 2 0 0 0 0 4v2a2 2 0 0 0-2 2H5a2 2 0 0 0-2-2v-2a2 2 0 0 0 0-4zM14 6v2M14 11v2M14 16v2" />,
  check: <path d="m5 12 5 5 9-10" />,
  x: <path d="M6 6l12 12M18 6 6 18" />,
  box: (
    <>
      <path d="M3 7.5 12 3l9 4.5v9L12 21l-9-4.5z" />
      <path d="m3 7.5 9 4.5 9-4.5M12 12v9" />
    </>
  ),
  arrow: <path d="M5 12h14M13 6l6 6-6 6" />,
} satisfies Record<string, ReactElement>;

export type ClaimGlyphName = keyof typeof glyphs;

export function ClaimGlyph({ name, size = 24, className, strokeWidth = 1.9 }: { name: ClaimGlyphName; size?: number; className?: string; strokeWidth?: number }) {
  return (
    <svg
      className={className}
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={strokeWidth}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {glyphs[name]}
    </svg>
  );
}

/** A birthday cake in colour (drawn, not the 🎂 emoji, so it looks the same on every phone). */
export function CakeArt({ size = 32 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 48 48" aria-hidden="true" focusable="false">
      <ellipse cx="24" cy="42.5" rx="20" ry="3" fill="#f6c6d8" />
      <rect x="7" y="27" width="34" height="15" rx="3.5" fill="#e5487a" />
      <path d="M7 31c2.8 3.4 5.7 3.4 8.5 0 2.8 3.4 5.7 3.4 8.5 0 2.8 3.4 5.7 3.4 8.5 0 2.8 3.4 5.7 3.4 8.5 0" fill="none" stroke="#fff" strokeWidth="2.6" strokeLinecap="round" />
      <rect x="12" y="18" width="24" height="10.5" rx="3" fill="#ffd3e2" />
      <path d="M12 21.2c2 2.6 4 2.6 6 0 2 2.6 4 2.6 6 0 2 2.6 4 2.6 6 0 2 2.6 4 2.6 6 0" fill="none" stroke="#fff" strokeWidth="2.2" strokeLinecap="round" />
      <circle cx="13.5" cy="36.5" r="1.3" fill="#ffd98a" />
      <circle cx="24" cy="37.5" r="1.3" fill="#a7e8c4" />
      <circle cx="34.5" cy="36.5" r="1.3" fill="#b9d4ff" />
      <rect x="16.8" y="10.5" width="2.8" height="8" rx="1" fill="#7ab8ff" />
      <rect x="22.6" y="9.5" width="2.8" height="9" rx="1" fill="#06c755" />
      <rect x="28.4" y="10.5" width="2.8" height="8" rx="1" fill="#ffc94d" />
      <path d="M18.2 4.5c1.6 1.9 1.8 3.6 0 4.9-1.8-1.3-1.6-3 0-4.9zM24 3.5c1.6 1.9 1.8 3.6 0 4.9-1.8-1.3-1.6-3 0-4.9zM29.8 4.5c1.6 1.9 1.8 3.6 0 4.9-1.8-1.3-1.6-3 0-4.9z" fill="#ff9f1c" />
    </svg>
  );
}
