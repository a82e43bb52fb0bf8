import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, type Plugin } from 'vite';
import { precompressDir } from './server/lib/precompress.ts';

const fromHere = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The client SPA. `npm run build:client` writes dist/client, which the server serves. */
export default defineConfig({
  root: fromHere('./client'),
  plugins: [svelte(), precompressed()],
  build: {
    outDir: fromHere('./dist/client'),
    emptyOutDir: true,
  },
  server: {
    // The dev server forwards the API and the realtime channel to the Node process.
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/socket.io': { target: 'http://127.0.0.1:3000', ws: true },
    },
  },
});

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
