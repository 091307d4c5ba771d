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
