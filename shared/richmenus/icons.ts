import type { TRichMenuIcon } from '../api/richmenus.ts';

/** A circle as SVG path data (two arcs), so every icon is one `d` string. */
const circle = (cx: number, cy: number, r: number) => `M${cx - r} ${cy}a${r} ${r} 0 1 0 ${2 * r} 0a${r} ${r} 0 1 0 ${-2 * r} 0`;
const rect = (x: number, y: number, w: number, h: number) => `M${x} ${y}h${w}v${h}h${-w}z`;

/**
 * The rich menu's built-in icons: 24×24 line icons (stroke 2, round caps), the app's own
 * (liff-app/src/components/Icon.tsx) where it has one, as SVG path data so the server's
 * renderer (a Path2D) and the console's preview (an <svg>) draw the same shape.
 */
export const RICH_MENU_ICON_PATHS: Record<TRichMenuIcon, string> = {
  ticket: 'M3 7.5A1.5 1.5 0 0 1 4.5 6h15A1.5 1.5 0 0 1 21 7.5V10a2 2 0 0 0 0 4v2.5a1.5 1.5 0 0 1-1.5 1.5h-15A1.5 1.5 0 0 1 3 16.5V14a2 2 0 0 0 0-4zM15 7v2M15 11v2M15 15v2',
  gift: `${rect(3, 8, 18, 4)}M5 12v8a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1v-8M12 8v13M12 8S10.5 3 8 3.5 6.5 8 12 8zM12 8s1.5-5 4-4.5S17.5 8 12 8z`,
  store: 'M4 10v10h16V10M3 10l2-6h14l2 6M3 10a3 3 0 0 0 6 0 3 3 0 0 0 6 0 3 3 0 0 0 6 0M10 20v-5h4v5',
  coin: `${circle(12, 12, 9)}M9.5 9.5a2.5 2 0 0 1 5 0c0 2.5-5 2-5 5a2.5 2 0 0 0 5 0M12 6v1.5M12 16.5V18`,
  card: `${rect(2.5, 5, 19, 14)}M2.5 10h19M6 15h4`,
  crown: 'M3 8l4.5 4L12 5l4.5 7L21 8l-2 11H5zM5 19h14',
  flag: 'M5 21V4M5 4h12l-2.5 4L17 12H5',
  user: `${circle(12, 8, 4)}M4 21a8 8 0 0 1 16 0`,
  home: 'M3 10.5 12 3l9 7.5V20a1 1 0 0 1-1 1h-5v-6h-6v6H4a1 1 0 0 1-1-1z',
  chat: 'M4 5h16v11H9l-5 4z',
  star: 'M12 3l2.8 5.7 6.2.9-4.5 4.4 1.1 6.2L12 17.3 6.4 20.2l1.1-6.2L3 9.6l6.2-.9z',
  cup: 'M5 8h12v5a6 6 0 0 1-12 0zM17 10h1.5a2.5 2.5 0 0 1 0 5H17M8 3v2M11 3v2M14 3v2',
  bag: 'M5 8h14l-1 13H6zM9 8V6a3 3 0 0 1 6 0v2',
  info: `${circle(12, 12, 9)}M12 11v6M12 7.5v.5`,
};
