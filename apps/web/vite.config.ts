/// <reference types="vitest/config" />

import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  resolve: {
    conditions: ['source'],
    // The engine (in the preview worker) pulls in sketches-js, whose unused protobuf format needs this.
    alias: {
      'protobufjs/minimal': fileURLToPath(new URL('./src/preview/protobuf-unused.ts', import.meta.url)),
    },
  },
  ssr: { resolve: { conditions: ['source'] } },
  build: {
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: separate chunks cache across releases.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: 'xyflow', test: /node_modules[\\/](@xyflow|d3-[a-z]+|@dagrejs)[\\/]/ },
            { name: 'charts', test: /node_modules[\\/]uplot[\\/]/ },
            { name: 'vendor', test: /node_modules/ },
          ],
        },
      },
    },
  },
  worker: { format: 'es' },
  server: { host: '127.0.0.1', port: 5173, proxy: { '/api': { target: 'http://127.0.0.1:4800', ws: true } } },
  test: { include: ['src/**/*.test.ts', 'src/**/*.test.tsx'], passWithNoTests: false },
});
