import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

const fromHere = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The client SPA. `npm run build:client` writes dist/client, which the server serves. */
export default defineConfig({
  root: fromHere('./client'),
  plugins: [svelte()],
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
