import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, type Plugin } from 'vite';
import { precompressDir } from './server/lib/precompress.ts';

const fromHere = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The client, built twice from the same components: for the browser (`vite build`: dist/client,
 * hashed chunks, one per page, and a manifest the server reads to preload a page's chunk) and
 * for the server (`vite build --ssr src/entry-server.ts`: dist/ssr, the page renderer).
 */
export default defineConfig(({ isSsrBuild }) => ({
  root: fromHere('./client'),
  plugins: [svelte(), precompressed()],
  build: isSsrBuild
    ? { outDir: fromHere('./dist/ssr'), emptyOutDir: true, target: 'node20', copyPublicDir: false }
    : {
        outDir: fromHere('./dist/client'),
        emptyOutDir: true,
        manifest: true,
        // One stylesheet, linked from every page's head: a server-rendered page is styled
        // before any script runs (no flash), and it is cached once for every page.
        cssCodeSplit: false,
      },
  server: {
    // The dev server forwards the API and the realtime channel to the Node process.
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/socket.io': { target: 'http://127.0.0.1:3000', ws: true },
    },
  },
}));

/** Writes `.br` and `.gz` beside each built client file; the server sends them as they are. */
function precompressed(): Plugin {
  return {
    name: 'minga-precompress',
    apply: 'build',
    async closeBundle() {
      const { build, consumer } = this.environment.config;
      if (consumer !== 'client' || build.ssr || build.write === false) return;
      await precompressDir(build.outDir);
    },
  };
}
