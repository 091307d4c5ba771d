import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin, ResolvedConfig } from 'vite';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** Text the browser can take compressed; images and fonts are compressed already. */
const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|txt|xml|webmanifest|wasm|map)$/;

/**
 * Writes `name.br` (brotli) and `name.gz` (gzip -9) next to every text file of the
 * build, once, so the server only picks a file (bot-server/http/precompressed.ts) and never
 * compresses per request. A twin that would not be smaller is not written. Built on node:zlib
 * rather than a plugin package: twenty lines, no dependency, both encodings.
 */
export function precompress(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'precompress',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    async writeBundle(_options, bundle) {
      // The entries and what they import statically: every visit downloads them.
      const firstLoad = new Set<string>();
      const visit = (name: string) => {
        const item = bundle[name];
        if (!item || firstLoad.has(name)) return;
        firstLoad.add(name);
        if (item.type === 'chunk') item.imports.forEach(visit);
      };
      Object.values(bundle).forEach((item) => item.type === 'chunk' && item.isEntry && visit(item.fileName));
      await compressDirectory(config.build.outDir, (file) => firstLoad.has(file));
    },
  };
}

/**
 * Brotli's best setting (11) is ~4× slower than 9 for ~7% fewer bytes: worth it for what every
 * visit downloads and for small files, not for the console's large chunks (it would add ~10 s to
 * each build on a busy machine).
 */
function brotliQuality(relativePath: string, size: number, isFirstLoad: (file: string) => boolean): number {
  return isFirstLoad(relativePath) || size < 64_000 ? 11 : 9;
}

export async function compressDirectory(dir: string, isFirstLoad: (file: string) => boolean = () => true): Promise<number> {
  const files = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile() && COMPRESSIBLE.test(entry.name) && !entry.parentPath.includes('.vite'))
    .map((entry) => join(entry.parentPath, entry.name));
  await Promise.all(
    files.map(async (file) => {
      const source = await readFile(file);
      const [br, gzipped] = await Promise.all([
        brotli(source, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: brotliQuality(relative(dir, file).split(sep).join('/'), source.length, isFirstLoad),
            [constants.BROTLI_PARAM_SIZE_HINT]: source.length,
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          },
        }),
        gz(source, { level: 9 }),
      ]);
      await Promise.all([br.length < source.length ? writeFile(`${file}.br`, br) : null, gzipped.length < source.length ? writeFile(`${file}.gz`, gzipped) : null]);
    }),
  );
  return files.length;
}
