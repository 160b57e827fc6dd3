import { defineConfig } from "tsup";

export default defineConfig({
  // The Parquet worker is its own entry: worker-pool.ts starts dist/parquet-worker.js, found next to
  // the bundled module through import.meta.url.
  entry: { index: "src/index.ts", "parquet-worker": "src/parquet/parquet-worker.ts" },
  format: ["esm"],
  target: "node20",
  dts: true,
  sourcemap: true,
  clean: true,
});
