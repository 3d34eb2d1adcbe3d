// Bundles the pages into the gateway's wwwroot (no CDN at run time: Leaflet, Chart.js and the rest are
// copied from node_modules into the bundle). Run by the gateway's build (GridGovernance.Api.csproj) or by hand:
//   npm ci && node build.mjs
import { build } from "esbuild";
import { copyFile, mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const wwwroot = join(here, "..", "GridGovernance.Api", "wwwroot");
const out = join(wwwroot, "app");
const pages = ["command-centre", "worker", "officer", "statistics", "ranking", "home"];

await mkdir(out, { recursive: true });
await build({
  entryPoints: Object.fromEntries(pages.map(p => [p, join(here, "src", "pages", `${p}.js`)])),
  outdir: out,
  bundle: true,
  format: "esm",
  splitting: true,
  minify: true,
  sourcemap: "linked",
  target: ["es2022"],
  chunkNames: "chunks/[name]-[hash]",
  logLevel: "warning",
});
// The worker page's service worker must sit at the site root to control /worker.html.
await build({
  entryPoints: [join(here, "src", "worker-sw.js")],
  outfile: join(wwwroot, "worker-sw.js"),
  bundle: true,
  format: "iife",
  minify: true,
  target: ["es2022"],
  logLevel: "warning",
});
await mkdir(join(out, "images"), { recursive: true });
await copyFile(join(here, "node_modules", "leaflet", "dist", "leaflet.css"), join(out, "leaflet.css"));
await writeFile(join(out, ".bundled"), new Date().toISOString() + "\n");
