import type { CSSProperties } from 'react';
import { Actionable, safeUri } from './actions.tsx';
import { aspectRatio, aspectRatioNumber, borderWidth, cornerRadius, imageSize, length, spacing, textSize } from './tokens.ts';
import type {
  FlexBox,
  FlexButton,
  FlexComponent,
  FlexIcon,
  FlexImage,
  FlexSeparator,
  FlexSpan,
  FlexText,
  FlexVideo,
  LinearGradient,
} from './types.ts';

type Layout = FlexBox['layout'];

/** Components that grow to share a horizontal box by default (flex 1); in a vertical box they take their content's height (flex 0). */
const GROWS_IN_ROW = new Set(['box', 'text', 'image', 'button']);

const GRAVITY: Record<string, CSSProperties['alignSelf']> = { top: 'flex-start', center: 'center', bottom: 'flex-end' };
const ALIGN: Record<string, CSSProperties['justifyContent']> = { start: 'flex-start', center: 'center', end: 'flex-end' };

/** How a child sits in its parent box: its share of the main axis, the gap before it, its offsets. */
function itemStyle(node: FlexComponent, parent: Layout, gapBefore: string | undefined): CSSProperties {
  const row = parent !== 'vertical';
  const style: CSSProperties = {};
  // JSON from outside may hold nulls; FlexNode draws those as unsupported.
  if (typeof node !== 'object' || node === null) return style;

  const margin = 'margin' in node && node.margin !== undefined ? spacing(node.margin) : gapBefore;
  if (margin) style[row ? 'marginInlineStart' : 'marginTop'] = margin;

  if (node.type !== 'separator' && node.type !== 'span' && node.type !== 'spacer' && node.type !== 'icon' && node.type !== 'video') {
    const hasWidth = node.type === 'box' && node.width !== undefined;
    const grow = node.flex ?? (node.type === 'filler' || (row && GROWS_IN_ROW.has(node.type) && !hasWidth) ? 1 : 0);
    style.flex = grow > 0 ? `${grow} 1 0px` : '0 1 auto';
  }
  if (row && 'gravity' in node && node.gravity) style.alignSelf = GRAVITY[node.gravity];

  const placed = node as Pick<FlexBox, 'position' | 'offsetTop' | 'offsetBottom' | 'offsetStart' | 'offsetEnd'>;
  if (placed.position === 'absolute') style.position = 'absolute';
  style.top = length(placed.offsetTop);
  style.bottom = length(placed.offsetBottom);
  style.insetInlineStart = length(placed.offsetStart);
  style.insetInlineEnd = length(placed.offsetEnd);
  return style;
}

export function Unsupported({ type }: { type: unknown }) {
  return <div className="lf-unsupported">[unsupported: {typeof type === 'string' && type ? type : 'unknown'}]</div>;
}

interface NodeProps {
  node: FlexComponent;
  parent: Layout;
  style: CSSProperties;
}

/** One Flex component, placed in a box of the given layout. */
export function FlexNode({ node, parent, style }: NodeProps) {
  switch (node?.type) {
    case 'box':
      return <BoxView box={node} style={style} />;
    case 'text':
      return <TextView text={node} style={style} />;
    case 'image':
      return <ImageView image={node} style={style} />;
    case 'video':
      return <VideoView video={node} style={style} />;
    case 'button':
      return <ButtonView button={node} style={style} />;
    case 'icon':
      return <IconView icon={node} style={style} />;
    case 'separator':
      return <SeparatorView separator={node} vertical={parent !== 'vertical'} style={style} />;
    case 'filler':
      return <div className="lf-filler" style={style} />;
    case 'spacer': {
      const size = spacing(node.size ?? 'md');
      return <div className="lf-spacer" style={{ ...style, [parent === 'vertical' ? 'height' : 'width']: size }} />;
    }
    case 'span':
      return <TextView text={{ type: 'text', contents: [node] }} style={style} />;
    default:
      return <Unsupported type={(node as { type?: unknown } | null)?.type} />;
  }
}

function background(gradient: LinearGradient | undefined): string | undefined {
  if (gradient?.type !== 'linearGradient') return undefined;
  const stops = [gradient.startColor, gradient.centerColor && `${gradient.centerColor} ${gradient.centerPosition ?? '50%'}`, gradient.endColor];
  return `linear-gradient(${gradient.angle ?? '0deg'}, ${stops.filter(Boolean).join(', ')})`;
}

interface BoxViewProps {
  box: FlexBox;
  style?: CSSProperties;
  /** A block (header, body, footer) pads its box unless the box says otherwise. */
  defaultPadding?: string;
  className?: string;
}

export function BoxView({ box, style, defaultPadding, className }: BoxViewProps) {
  const layout: Layout = box.layout === 'horizontal' || box.layout === 'baseline' ? box.layout : 'vertical';
  const padAll = spacing(box.paddingAll) ?? defaultPadding;
  const border = borderWidth(box.borderWidth);
  const boxStyle: CSSProperties = {
    ...style,
    paddingTop: spacing(box.paddingTop) ?? padAll,
    paddingBottom: spacing(box.paddingBottom) ?? padAll,
    paddingInlineStart: spacing(box.paddingStart) ?? padAll,
    paddingInlineEnd: spacing(box.paddingEnd) ?? padAll,
    backgroundColor: box.backgroundColor,
    backgroundImage: background(box.background),
    borderRadius: cornerRadius(box.cornerRadius),
    width: length(box.width),
    maxWidth: length(box.maxWidth),
    height: length(box.height),
    maxHeight: length(box.maxHeight),
    justifyContent: box.justifyContent,
    alignItems: layout === 'baseline' ? undefined : box.alignItems,
  };
  if (border || box.borderColor) {
    boxStyle.borderStyle = 'solid';
    boxStyle.borderWidth = border ?? '1px';
    boxStyle.borderColor = box.borderColor ?? '#000000';
  }
  const gap = spacing(box.spacing);
  const contents = Array.isArray(box.contents) ? box.contents : [];

  return (
    <Actionable action={box.action} className={`lf-box lf-box--${layout}${className ? ` ${className}` : ''}`} style={boxStyle}>
      {contents.map((child, index) => (
        <FlexNode key={index} node={child} parent={layout} style={itemStyle(child, layout, index > 0 ? gap : undefined)} />
      ))}
    </Actionable>
  );
}

function fontStyle(node: FlexText | FlexSpan): CSSProperties {
  return {
    fontSize: textSize(node.size),
    color: node.color,
    fontWeight: node.weight === 'bold' ? 700 : node.weight === 'regular' ? 400 : undefined,
    fontStyle: node.style === 'italic' ? 'italic' : undefined,
    textDecoration: node.decoration && node.decoration !== 'none' ? node.decoration : undefined,
  };
}

function TextView({ text, style }: { text: FlexText; style: CSSProperties }) {
  const spans = Array.isArray(text.contents) && text.contents.length > 0 ? text.contents : undefined;
  const wrap = text.wrap === true;
  const lines = wrap && text.maxLines && text.maxLines > 0 ? text.maxLines : undefined;
  const textStyle: CSSProperties = {
    ...style,
    ...fontStyle(text),
    fontSize: textSize(text.size) ?? textSize('md'),
    textAlign: text.align === 'center' ? 'center' : text.align === 'end' ? 'end' : undefined,
    lineHeight: text.lineSpacing ? `calc(1.4em + ${length(text.lineSpacing) ?? '0px'})` : undefined,
    WebkitLineClamp: lines,
  };
  const className = `lf-text${wrap ? ' lf-text--wrap' : ''}${lines ? ' lf-text--clamp' : ''}`;
  return (
    <Actionable action={text.action} className={className} style={textStyle}>
      {spans
        ? spans.map((span, index) => (
            <span key={index} style={fontStyle(span)}>
              {span.text}
            </span>
          ))
        : text.text}
    </Actionable>
  );
}

function ImageView({ image, style }: { image: FlexImage; style: CSSProperties }) {
  const outer: CSSProperties = { ...style, justifyContent: ALIGN[image.align ?? 'center'] };
  const frame: CSSProperties = {
    width: imageSize(image.size ?? 'md'),
    aspectRatio: aspectRatio(image.aspectRatio),
    backgroundColor: image.backgroundColor,
  };
  return (
    <Actionable action={image.action} className="lf-image" style={outer}>
      <div className="lf-image-frame" style={frame}>
        {image.url ? <img src={image.url} alt="" loading="lazy" draggable={false} className={image.aspectMode === 'cover' ? 'lf-cover' : 'lf-fit'} /> : null}
      </div>
    </Actionable>
  );
}

function VideoView({ video, style }: { video: FlexVideo; style: CSSProperties }) {
  const href = safeUri(video.url);
  const frame = (
    <div className="lf-image-frame lf-video" style={{ width: '100%', aspectRatio: aspectRatio(video.aspectRatio) }}>
      {video.previewUrl ? <img src={video.previewUrl} alt="" loading="lazy" className="lf-cover" /> : null}
      <span className="lf-video-play" aria-hidden="true" />
    </div>
  );
  return href ? (
    <a className="lf-image" style={style} href={href} target="_blank" rel="noopener" aria-label="播放影片">
      {frame}
    </a>
  ) : (
    <div className="lf-image" style={style}>
      {frame}
    </div>
  );
}

function ButtonView({ button, style }: { button: FlexButton; style: CSSProperties }) {
  const variant = button.style === 'primary' || button.style === 'secondary' ? button.style : 'link';
  const colors: CSSProperties = variant === 'link' ? { color: button.color } : { backgroundColor: button.color };
  return (
    <Actionable
      asButton
      action={button.action}
      className={`lf-button lf-button--${variant} lf-button--${button.height === 'sm' ? 'sm' : 'md'}`}
      style={{ ...style, ...colors }}
    >
      <span className="lf-button-label">{button.action?.label ?? ''}</span>
    </Actionable>
  );
}

function IconView({ icon, style }: { icon: FlexIcon; style: CSSProperties }) {
  const height = textSize(icon.size) ?? textSize('md')!;
  const width = `calc(${height} * ${aspectRatioNumber(icon.aspectRatio)})`;
  return <img className="lf-icon" src={icon.url} alt="" style={{ ...style, height, width }} draggable={false} />;
}

function SeparatorView({ separator, vertical, style }: { separator: FlexSeparator; vertical: boolean; style: CSSProperties }) {
  return <div className={`lf-separator lf-separator--${vertical ? 'v' : 'h'}`} style={{ ...style, borderColor: separator.color }} role="separator" />;
}
