import type { ReactElement } from 'react';

const paths = {
  home: <path d="M3 10.5 12 3l9 7.5V20a1 1 0 0 1-1 1h-5v-6h-6v6H4a1 1 0 0 1-1-1z" />,
  ticket: <><path d="M3 7.5A1.5 1.5 0 0 1 4.5 6h15A1.5 1.5 0 0 1 21 7.5V10a2 2 0 0 0 0 4v2.5a1.5 1.5 0 0 1-1.5 1.5h-15A1.5 1.5 0 0 1 3 16.5V14a2 2 0 0 0 0-4z" /><path d="M15 7v2M15 11v2M15 15v2" /></>,
  gift: <><rect x="3" y="8" width="18" height="4" rx="1" /><path d="M5 12v8a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1v-8M12 8v13M12 8S10.5 3 8 3.5 6.5 8 12 8zM12 8s1.5-5 4-4.5S17.5 8 12 8z" /></>,
  user: <><circle cx="12" cy="8" r="4" /><path d="M4 21a8 8 0 0 1 16 0" /></>,
  store: <><path d="M4 10v10h16V10M3 10l2-6h14l2 6M3 10a3 3 0 0 0 6 0 3 3 0 0 0 6 0 3 3 0 0 0 6 0" /><path d="M10 20v-5h4v5" /></>,
  scan: <><path d="M4 8V5a1 1 0 0 1 1-1h3M16 4h3a1 1 0 0 1 1 1v3M20 16v3a1 1 0 0 1-1 1h-3M8 20H5a1 1 0 0 1-1-1v-3" /><path d="M7 12h10" /></>,
  settings: <><path d="M4 6h10M18 6h2M4 12h4M12 12h8M4 18h12M20 18h0" /><circle cx="16" cy="6" r="2" /><circle cx="10" cy="12" r="2" /><circle cx="18" cy="18" r="2" /></>,
  chevronRight: <path d="m9 5 7 7-7 7" />,
  chevronLeft: <path d="m15 5-7 7 7 7" />,
  globe: <><circle cx="12" cy="12" r="9" /><path d="M3 12h18M12 3a14 14 0 0 1 0 18M12 3a14 14 0 0 0 0 18" /></>,
  lock: <><rect x="5" y="11" width="14" height="10" rx="2" /><path d="M8 11V8a4 4 0 0 1 8 0v3" /></>,
  chat: <path d="M4 5h16v11H9l-5 4z" />,
  chart: <path d="M4 20V10M10 20V4M16 20v-7M22 20H2" />,
  users: <><circle cx="9" cy="8" r="3.5" /><path d="M2.5 20a6.5 6.5 0 0 1 13 0M16 4.5a3.5 3.5 0 0 1 0 7M18 14a6.5 6.5 0 0 1 3.5 6" /></>,
  shield: <path d="M12 3 4 6v6c0 5 3.5 8 8 9 4.5-1 8-4 8-9V6z" />,
  list: <path d="M8 6h13M8 12h13M8 18h13M3 6h.01M3 12h.01M3 18h.01" />,
  search: <><circle cx="11" cy="11" r="7" /><path d="m20 20-3.5-3.5" /></>,
  check: <path d="m5 12 5 5 9-10" />,
  plus: <path d="M12 5v14M5 12h14" />,
  logout: <path d="M15 4h4a1 1 0 0 1 1 1v14a1 1 0 0 1-1 1h-4M10 17l-5-5 5-5M5 12h11" />,
  alert: <><circle cx="12" cy="12" r="9" /><path d="M12 7v6M12 16.5v.5" /></>,
  key: <><circle cx="8" cy="15" r="4" /><path d="m10.8 12.2 8.7-8.7M16 7l2.5 2.5M14 9l2 2" /></>,
  clock: <><circle cx="12" cy="12" r="9" /><path d="M12 7v5l3 2" /></>,
  x: <path d="M6 6l12 12M18 6 6 18" />,
  minus: <path d="M5 12h14" />,
  undo: <path d="M9 14 4 9l5-5M4 9h10.5a5.5 5.5 0 0 1 0 11H11" />,
  send: <path d="M21 3 10 14M21 3l-7 18-4-7-7-4z" />,
  sun: <><circle cx="12" cy="12" r="4" /><path d="M12 2.5v2M12 19.5v2M4.6 4.6 6 6M18 18l1.4 1.4M2.5 12h2M19.5 12h2M4.6 19.4 6 18M18 6l1.4-1.4" /></>,
  camera: <><path d="M4 8a2 2 0 0 1 2-2h1.5l1.5-2h6l1.5 2H18a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2z" /><circle cx="12" cy="12.5" r="3.5" /></>,
  percent: <path d="M19 5 5 19M7 9a2 2 0 1 0 0-4 2 2 0 0 0 0 4zM17 19a2 2 0 1 0 0-4 2 2 0 0 0 0 4z" />,
  cash: <><rect x="2.5" y="6" width="19" height="12" rx="2" /><circle cx="12" cy="12" r="2.5" /><path d="M6 9.5v5M18 9.5v5" /></>,
  cup: <path d="M5 8h12v5a6 6 0 0 1-12 0zM17 10h1.5a2.5 2.5 0 0 1 0 5H17M8 3v2M11 3v2M14 3v2" />,
  /** The claim centre's ticket stub (notched ends, perforation off-centre). */
  ticketStub: <path d="M3 8a2 2 0 0 0 2-2h14a2 2 0 0 0 2 2v2a2 2 0 0 0 0 4v2a2 2 0 0 0-2 2H5a2 2 0 0 0-2-2v-2a2 2 0 0 0 0-4zM14 6v2M14 11v2M14 16v2" />,
  download: <path d="M12 4v11M7 10l5 5 5-5M5 20h14" />,
  upload: <path d="M12 20V9M7 14l5-5 5 5M5 4h14" />,
  refresh: <path d="M20 11a8 8 0 1 0-2.3 5.7M20 4v7h-7" />,
  archive: <path d="M3 5h18v4H3zM5 9v10h14V9M10 13h4" />,
  copy: <path d="M9 9h11v11H9zM5 15H4V4h11v1" />,
  external: <path d="M14 4h6v6M20 4l-9 9M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5" />,
  /** The claim centre's bundle gift (taller lid than `gift`). */
  giftBundle: <><rect x="3" y="8" width="18" height="5" rx="1" /><path d="M5 13v7a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1v-7M12 8v13M12 8S10.5 3 8 3.5C5.5 4 6 8 12 8zM12 8s1.5-5 4-4.5C18.5 4 18 8 12 8z" /></>,
} satisfies Record<string, ReactElement>;

/** Drawn in their own colours (fills, a second colour), not in the line style of `paths`. */
const art = {
  /** LINE's paper plane, filled, on the chat composer's send button. */
  sendFilled: {
    viewBox: '0 0 24 24',
    body: <path fill="currentColor" d="M3.4 20.4 21.85 12.5a.55.55 0 0 0 0-1L3.4 3.6a.5.5 0 0 0-.7.6L5 11.1l9 .9-9 .9-2.3 6.9a.5.5 0 0 0 .7.6Z" />,
  },
  /** The shield LINE shows beside an official account's name. */
  officialBadge: {
    viewBox: '0 0 24 24',
    body: (
      <>
        <path fill="#06C755" d="M12 2 4 5v6c0 5 3.4 9.4 8 11 4.6-1.6 8-6 8-11V5l-8-3Z" />
        <path fill="none" stroke="#fff" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" d="m8.5 12 2.5 2.5 4.5-5" />
      </>
    ),
  },
  /** A birthday cake in colour (drawn, not the 🎂 emoji, so it looks the same on every phone). */
  cake: {
    viewBox: '0 0 48 48',
    body: (
      <>
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
      </>
    ),
  },
} satisfies Record<string, { viewBox: string; body: ReactElement }>;

export type IconName = keyof typeof paths | keyof typeof art;

/** The one icon set of the app, the console and the sandbox: decorative (aria-hidden), sized in px. */
export function Icon({ name, size = 24, className, strokeWidth = 1.8 }: { name: IconName; size?: number; className?: string; strokeWidth?: number }) {
  const own = (art as Record<string, { viewBox: string; body: ReactElement }>)[name];
  if (own) {
    return (
      <svg className={className} width={size} height={size} viewBox={own.viewBox} aria-hidden="true" focusable="false">
        {own.body}
      </svg>
    );
  }
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
      {paths[name as keyof typeof paths]}
    </svg>
  );
}
