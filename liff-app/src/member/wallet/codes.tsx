import { CODE128 } from 'jsbarcode/bin/barcodes/CODE128/index.js';
import { create } from 'qrcode';
import { useMemo } from 'react';
import { groupDigits, spokenDigits } from './format.ts';

/**
 * A QR code drawn as one SVG path from the `qrcode` module matrix: crisp at any pixel density,
 * no innerHTML. Error correction M and a quiet zone of 4 modules, as phone and POS scanners
 * expect.
 */
export function QrSvg({ value, label, size = 232 }: { value: string; label: string; size?: number }) {
  const { path, count } = useMemo(() => {
    const qr = create(value, { errorCorrectionLevel: 'M' });
    const n = qr.modules.size;
    let d = '';
    for (let y = 0; y < n; y += 1) {
      for (let x = 0; x < n; x += 1) {
        if (qr.modules.get(x, y)) d += `M${x + 4} ${y + 4}h1v1h-1z`;
      }
    }
    return { path: d, count: n + 8 };
  }, [value]);
  return (
    <svg className="qr-svg" role="img" aria-label={label} data-qr-value={value} width={size} height={size} viewBox={`0 0 ${count} ${count}`} shapeRendering="crispEdges">
      <rect width={count} height={count} fill="#fff" />
      <path d={path} fill="#111827" />
    </svg>
  );
}

/**
 * A Code 128 barcode of the coupon code for POS scanners: jsbarcode's encoder (automatic
 * A/B/C code sets, so all-digit codes get the short C set), drawn as SVG rectangles with a
 * 10-module quiet zone either side.
 */
export function Code128({ value, label }: { value: string; label: string }) {
  const bars = useMemo(() => {
    const encoder = new CODE128(value, {});
    if (!encoder.valid()) return null;
    const bits = encoder.encode().data;
    const runs: { x: number; w: number }[] = [];
    for (let i = 0; i < bits.length; i += 1) {
      if (bits[i] !== '1') continue;
      const last = runs[runs.length - 1];
      if (last && last.x + last.w === i) last.w += 1;
      else runs.push({ x: i, w: 1 });
    }
    return { runs, modules: bits.length };
  }, [value]);
  if (!bars) return null;
  const QUIET = 10;
  const width = bars.modules + QUIET * 2;
  const HEIGHT = 36;
  return (
    <svg className="barcode-svg" role="img" aria-label={label} data-barcode-value={value} viewBox={`0 0 ${width} ${HEIGHT}`} style={{ maxWidth: width * 2.2 }} shapeRendering="crispEdges">
      <rect width={width} height={HEIGHT} fill="#fff" />
      {bars.runs.map((r) => (
        <rect key={r.x} x={r.x + QUIET} width={r.w} height={HEIGHT} fill="#111827" />
      ))}
    </svg>
  );
}

/**
 * The rotating number under the barcode (member card and coupon screen), for a cashier to type:
 * three groups of six on one line at 375 px, read out by a screen reader digit by digit.
 */
export function RotatingNumber({ value, data }: { value: string; data: Record<`data-${string}`, string> }) {
  return (
    <span className="code-block__value code-block__value--rotating" {...data}>
      <span aria-hidden="true">
        {groupDigits(value).map((g, i) => (
          <span key={i} className="code-block__group">
            {g}
          </span>
        ))}
      </span>
      <span className="visually-hidden">{spokenDigits(value)}</span>
    </span>
  );
}
