import type { CSSProperties } from 'react';
import { BoxView, FlexNode, Unsupported } from './components.tsx';
import { BUBBLE_WIDTH } from './tokens.ts';
import type { BlockStyle, FlexBox, FlexBubble, FlexCarousel, FlexContainer } from './types.ts';

type BlockName = 'header' | 'hero' | 'body' | 'footer';

/** LINE's padding for each block's box when the box sets none of its own. */
const BLOCK_PADDING: Record<BlockName, string | undefined> = { header: '20px', hero: undefined, body: '20px', footer: '10px' };

function Block({ name, content, style, first }: { name: BlockName; content: NonNullable<FlexBubble[BlockName]>; style: BlockStyle | undefined; first: boolean }) {
  const blockStyle: CSSProperties = { backgroundColor: style?.backgroundColor };
  if (style?.separator && !first) blockStyle.borderTop = `1px solid ${style.separatorColor ?? '#E6E6E6'}`;
  return (
    <div className={`lf-block lf-block--${name}`} style={blockStyle}>
      {content.type === 'box' ? (
        <BoxView box={content as FlexBox} defaultPadding={BLOCK_PADDING[name]} className="lf-block-box" />
      ) : (
        <FlexNode node={content} parent="vertical" style={{}} />
      )}
    </div>
  );
}

export function BubbleView({ bubble, inCarousel = false }: { bubble: FlexBubble; inCarousel?: boolean }) {
  const size = bubble.size && bubble.size in BUBBLE_WIDTH ? bubble.size : 'mega';
  const width = BUBBLE_WIDTH[size]!;
  const blocks = (['header', 'hero', 'body', 'footer'] as const).filter((name) => bubble[name]);
  return (
    <div
      className={`lf-bubble lf-bubble--${size}`}
      data-testid="flex-bubble"
      dir={bubble.direction === 'rtl' ? 'rtl' : 'ltr'}
      // A carousel bubble is never wider than 80% of the screen, as in LINE.
      style={{ width: inCarousel ? `min(${width}px, 80vw)` : `${width}px` }}
    >
      {blocks.map((name, index) => (
        <Block key={name} name={name} content={bubble[name]!} style={bubble.styles?.[name]} first={index === 0} />
      ))}
    </div>
  );
}

function CarouselView({ carousel }: { carousel: FlexCarousel }) {
  const bubbles = Array.isArray(carousel.contents) ? carousel.contents : [];
  return (
    <div className="lf-carousel" role="list">
      {bubbles.map((bubble, index) => (
        <div className="lf-carousel-item" role="listitem" key={index}>
          {bubble?.type === 'bubble' ? <BubbleView bubble={bubble} inCarousel /> : <Unsupported type={(bubble as { type?: unknown })?.type} />}
        </div>
      ))}
    </div>
  );
}

/** A Flex container (the `contents` of a flex message): one bubble or a carousel of them. */
export function ContainerView({ container }: { container: FlexContainer }) {
  switch (container?.type) {
    case 'bubble':
      return <BubbleView bubble={container} />;
    case 'carousel':
      return <CarouselView carousel={container} />;
    default:
      return <Unsupported type={(container as { type?: unknown } | undefined)?.type} />;
  }
}
