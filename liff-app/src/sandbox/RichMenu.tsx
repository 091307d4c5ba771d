import { useEffect, useState, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { RichMenuArea, ShownRichMenu } from './api.ts';

/**
 * The point tapped on the image, scaled from its rendered size back to the menu's own pixels,
 * and the area it falls in (the first one listed, where areas overlap); -1 when none.
 */
export function areaAt(menu: Pick<ShownRichMenu, 'size' | 'areas'>, x: number, y: number, renderedWidth: number, renderedHeight: number): number {
  if (renderedWidth <= 0 || renderedHeight <= 0) return -1;
  const px = (x / renderedWidth) * menu.size.width;
  const py = (y / renderedHeight) * menu.size.height;
  return menu.areas.findIndex(({ bounds: b }) => px >= b.x && px < b.x + b.width && py >= b.y && py < b.y + b.height);
}

function describeArea(area: RichMenuArea, index: number, t: TFunction): string {
  const a = area.action;
  const what = a.label ?? a.displayText ?? a.text ?? (a.type === 'uri' ? a.uri : a.type === 'richmenuswitch' ? t('sandbox.richMenu.switchTo', { alias: a.richMenuAliasId }) : a.data);
  return what ? t('sandbox.richMenu.areaWith', { n: index + 1, what }) : t('sandbox.richMenu.area', { n: index + 1 });
}

interface RichMenuProps {
  menu: ShownRichMenu;
  disabled: boolean;
  onTap: (areaIndex: number) => void;
}

/**
 * LINE's rich menu at the foot of the chat: the uploaded image scaled to the phone's width, and
 * under it the chat bar with the menu's chatBarText that opens and closes it. The menu opens by
 * default when `selected` is true, and again whenever another menu replaces it.
 */
export function RichMenu({ menu, disabled, onTap }: RichMenuProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(menu.selected);
  useEffect(() => setOpen(menu.selected), [menu.richMenuId, menu.selected]);

  const tap = (event: MouseEvent<HTMLElement>, fallbackIndex: number) => {
    if (disabled) return;
    // A pointer tap maps its point on the scaled image to the menu's areas; Enter/Space on an area's button (detail 0) uses that area.
    if (event.detail === 0) {
      if (fallbackIndex >= 0) onTap(fallbackIndex);
      return;
    }
    const rect = event.currentTarget.closest('.sb-richmenu-image')!.getBoundingClientRect();
    const index = areaAt(menu, event.clientX - rect.left, event.clientY - rect.top, rect.width, rect.height);
    if (index >= 0) onTap(index);
  };

  return (
    <section className="sb-richmenu" aria-label={t('sandbox.richMenu.region')} data-rich-menu-id={menu.richMenuId}>
      {open ? (
        <div
          className="sb-richmenu-image"
          style={{ aspectRatio: `${menu.size.width} / ${menu.size.height}` }}
          onClick={(event) => tap(event, -1)}
        >
          <img src={menu.imageUrl} alt={menu.name} draggable={false} />
          {menu.areas.map((area, index) => (
            <button
              key={index}
              type="button"
              className="sb-richmenu-area"
              disabled={disabled}
              aria-label={describeArea(area, index, t)}
              style={{
                left: `${(area.bounds.x / menu.size.width) * 100}%`,
                top: `${(area.bounds.y / menu.size.height) * 100}%`,
                width: `${(area.bounds.width / menu.size.width) * 100}%`,
                height: `${(area.bounds.height / menu.size.height) * 100}%`,
              }}
              onClick={(event) => {
                event.stopPropagation();
                tap(event, index);
              }}
            />
          ))}
        </div>
      ) : null}
      <button type="button" className="sb-richmenu-bar" aria-expanded={open} onClick={() => setOpen((value) => !value)}>
        <span>{menu.chatBarText}</span>
        <span className={`sb-richmenu-caret${open ? ' sb-richmenu-caret--open' : ''}`} aria-hidden="true" />
      </button>
    </section>
  );
}
