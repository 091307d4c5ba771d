import type { Plugin } from 'vite';

/**
 * `<link rel="modulepreload">` for the wallet page's chunk (and a preload of its CSS) in
 * index.html, so a phone fetches it alongside the start chunk instead of after the start chunk
 * has been evaluated and the router has asked for the page (one round trip less before the
 * wallet shows; issue 16 item 13). The page's script policy allows no inline script, so the
 * link cannot depend on the address: every page of index.html gets it. It is the wallet, home and
 * coupon-detail pages' shared chunk, ~5 kB gzipped with its CSS; the console and the landing page
 * pay that once (the file is cached immutable).
 */
export function preloadWalletChunk(chunkName = 'wallet'): Plugin {
  return {
    name: 'preload-wallet-chunk',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!ctx.bundle || !ctx.filename.endsWith('index.html') || ctx.filename.endsWith('sandbox.html')) return html;
        const chunk = Object.values(ctx.bundle).find((item) => item.type === 'chunk' && item.name === chunkName && !item.isEntry);
        if (!chunk || chunk.type !== 'chunk') throw new Error(`preload-wallet-chunk: no '${chunkName}' chunk (liff-app/build/start-chunks.ts renamed it?)`);
        const css = [...(chunk.viteMetadata?.importedCss ?? [])];
        return [
          { tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${chunk.fileName}` }, injectTo: 'head' as const },
          ...css.map((file) => ({ tag: 'link', attrs: { rel: 'preload', as: 'style', crossorigin: true, href: `/${file}` }, injectTo: 'head' as const })),
        ];
      },
    },
  };
}
