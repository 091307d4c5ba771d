import { crc32, deflateSync } from 'node:zlib';

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

/**
 * A real PNG of `width` × `height` made of vertical bands, one colour each (e.g. one band per
 * rich-menu column), for upload tests. `noise` fills it with random bytes instead, to make a
 * file that does not compress (for the 1 MB limit).
 */
export function makePng(width: number, height: number, options: { bands?: [number, number, number][]; noise?: boolean } = {}): Buffer {
  const bands = options.bands ?? [[6, 199, 85]];
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x += 1) {
    const [r, g, b] = bands[Math.min(bands.length - 1, Math.floor((x * bands.length) / width))]!;
    row[1 + x * 3] = r;
    row[2 + x * 3] = g;
    row[3 + x * 3] = b;
  }
  const raw = Buffer.alloc(row.length * height);
  for (let y = 0; y < height; y += 1) row.copy(raw, y * row.length);
  if (options.noise) {
    for (let i = 0; i < raw.length; i += 1) if (i % row.length !== 0) raw[i] = (Math.random() * 256) | 0;
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 1 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
