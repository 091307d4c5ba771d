import { useRef, useState, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TRichMenuArea, TRichMenuBounds, TRichMenuDesign } from '../../../../shared/api/richmenus.ts';
import { RICH_MENU_ICON_PATHS } from '../../../../shared/richmenus/icons.ts';
import { dragRect, MAX_AREAS } from './draft.ts';

/** Space between drawn tiles, as the server's renderer draws it (bot-server/richmenus/render.ts). */
const GAP = 6;

/** One grid cell as the server draws it: tile, icon over label, centred; sizes from the cell's shorter side. */
function Cell({ bounds, area, menuBackground }: { bounds: TRichMenuBounds; area: TRichMenuArea; menuBackground: string }) {
  const { x, y, width, height } = bounds;
  const hasLabel = area.label.trim().length > 0;
  const unit = Math.min(width, height);
  const iconSize = Math.round(unit * (hasLabel ? 0.36 : 0.5));
  const labelSize = Math.min(unit * 0.16, 110);
  const gap = area.icon && hasLabel ? unit * 0.06 : 0;
  const block = (area.icon ? iconSize : 0) + (hasLabel ? labelSize * 1.3 : 0) + gap;
  const top = y + (height - block) / 2;
  const labelY = top + (area.icon ? iconSize + gap : 0) + (labelSize * 1.3) / 2;
  return (
    <g>
      <rect x={x} y={y} width={width} height={height} fill={menuBackground} />
      <rect x={x + GAP / 2} y={y + GAP / 2} width={Math.max(0, width - GAP)} height={Math.max(0, height - GAP)} fill={area.background} />
      {area.icon ? (
        <path
          d={RICH_MENU_ICON_PATHS[area.icon]}
          transform={`translate(${x + (width - iconSize) / 2} ${top}) scale(${iconSize / 24})`}
          fill="none"
          stroke={area.color}
          strokeWidth={2}
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      ) : null}
      {hasLabel ? (
        <text x={x + width / 2} y={labelY} fill={area.color} fontSize={labelSize} fontWeight={700} textAnchor="middle" dominantBaseline="central">
          {area.label}
        </text>
      ) : null}
    </g>
  );
}

interface PreviewProps {
  menu: TRichMenuDesign;
  canvas: { width: number; height: number } | null;
  bounds: TRichMenuBounds[];
  /** The picture under the areas: the server's render, or the uploaded image; null draws the grid here. */
  imageUrl: string | null;
  selected: number;
  onSelect: (index: number) => void;
  /** Drawing areas on an uploaded image (drag a rectangle). */
  onDraw?: ((bounds: TRichMenuBounds) => void) | undefined;
  brandName: string;
}

/**
 * The menu as a member's phone shows it (360 px wide, the image at its exact proportions, the
 * chat bar under it), each area a button that selects it in the designer. On an uploaded image
 * a drag draws a new area, snapped to whole pixels.
 */
export function PhonePreview({ menu, canvas, bounds, imageUrl, selected, onSelect, onDraw, brandName }: PreviewProps) {
  const { t } = useTranslation();
  const surface = useRef<HTMLDivElement>(null);
  const [drag, setDrag] = useState<{ from: { x: number; y: number }; to: { x: number; y: number } } | null>(null);
  const [open, setOpen] = useState(true);

  const toImage = (event: PointerEvent<HTMLElement>) => {
    const rect = surface.current!.getBoundingClientRect();
    return { x: ((event.clientX - rect.left) / rect.width) * canvas!.width, y: ((event.clientY - rect.top) / rect.height) * canvas!.height };
  };
  const drawing = Boolean(onDraw && canvas && menu.areas.length < MAX_AREAS);
  const live = drag && canvas ? dragRect(drag.from, drag.to, canvas) : null;

  return (
    <div className="rm-phone" data-testid="rm-preview">
      <div className="rm-phone__chat" aria-hidden="true">
        <span className="rm-phone__brand">{brandName}</span>
      </div>
      {canvas && open ? (
        <div
          ref={surface}
          className={`rm-phone__menu ${drawing ? 'rm-phone__menu--draw' : ''}`}
          style={{ aspectRatio: `${canvas.width} / ${canvas.height}` }}
          onPointerDown={
            drawing
              ? (event) => {
                  if ((event.target as HTMLElement).closest('.rm-area')) return;
                  event.currentTarget.setPointerCapture(event.pointerId);
                  const p = toImage(event);
                  setDrag({ from: p, to: p });
                }
              : undefined
          }
          onPointerMove={drag ? (event) => setDrag({ ...drag, to: toImage(event) }) : undefined}
          onPointerUp={
            drag
              ? () => {
                  const rect = dragRect(drag.from, drag.to, canvas);
                  setDrag(null);
                  if (rect.width >= 10 && rect.height >= 10) onDraw?.(rect);
                }
              : undefined
          }
        >
          {imageUrl ? (
            <img src={imageUrl} alt="" draggable={false} />
          ) : (
            <svg viewBox={`0 0 ${canvas.width} ${canvas.height}`} preserveAspectRatio="none" aria-hidden="true" focusable="false">
              <rect x={0} y={0} width={canvas.width} height={canvas.height} fill={menu.background} />
              {bounds.map((b, i) => (menu.areas[i] ? <Cell key={i} bounds={b} area={menu.areas[i]} menuBackground={menu.background} /> : null))}
            </svg>
          )}
          {bounds.map((b, i) => (
            <button
              key={i}
              type="button"
              className={`rm-area ${i === selected ? 'rm-area--selected' : ''} ${imageUrl && menu.layout.kind === 'image' ? 'rm-area--outlined' : ''}`}
              aria-pressed={i === selected}
              aria-label={t('rmenu.editor.areaTitle', { n: i + 1, label: menu.areas[i]?.label || '—' })}
              style={{
                left: `${(b.x / canvas.width) * 100}%`,
                top: `${(b.y / canvas.height) * 100}%`,
                width: `${(b.width / canvas.width) * 100}%`,
                height: `${(b.height / canvas.height) * 100}%`,
              }}
              onClick={() => onSelect(i)}
            >
              {menu.layout.kind === 'image' ? <span className="rm-area__n">{i + 1}</span> : null}
            </button>
          ))}
          {live ? (
            <span
              className="rm-area rm-area--drawing"
              style={{ left: `${(live.x / canvas.width) * 100}%`, top: `${(live.y / canvas.height) * 100}%`, width: `${(live.width / canvas.width) * 100}%`, height: `${(live.height / canvas.height) * 100}%` }}
            />
          ) : null}
        </div>
      ) : null}
      <button type="button" className="rm-phone__bar" aria-expanded={open} onClick={() => setOpen((v) => !v)}>
        <span>{menu.chatBarText || '—'}</span>
        <span className={`rm-phone__caret ${open ? 'rm-phone__caret--open' : ''}`} aria-hidden="true" />
      </button>
    </div>
  );
}
