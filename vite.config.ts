import { defineConfig } from 'vite';

// The renderer is built once and served by either host (Electron's app:// protocol or the
// browser host), so asset URLs are absolute to the origin root.
export default defineConfig({
  root: 'renderer',
  base: '/',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: false,
    modulePreload: { polyfill: false },
  },
});
