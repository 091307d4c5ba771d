const PALETTE = ['#F5A97F', '#8BC6EC', '#B5A2E8', '#F28FAD', '#7FD1AE', '#F9C74F', '#90A4AE'];

function colourFor(seed: string): string {
  let hash = 0;
  for (const char of seed) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length]!;
}

interface AvatarProps {
  name: string;
  pictureUrl: string | null;
  /** Stable seed for the placeholder colour (the user id). */
  seed?: string;
  size?: number;
  /** The official account's placeholder is LINE green. */
  official?: boolean;
}

export function Avatar({ name, pictureUrl, seed, size = 40, official = false }: AvatarProps) {
  const style = { width: size, height: size, fontSize: Math.round(size * 0.42) };
  if (pictureUrl) return <img className="sb-avatar" src={pictureUrl} alt="" style={style} />;
  const background = official ? '#06C755' : colourFor(seed ?? name);
  return (
    <span className="sb-avatar sb-avatar--placeholder" style={{ ...style, background }} aria-hidden="true">
      {Array.from(name.trim())[0] ?? '?'}
    </span>
  );
}
