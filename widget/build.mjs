// Builds dist/widget.js: one minified IIFE (es2020), deterministic, so the
// committed bundle can be checked against its source byte for byte.
//   node build.mjs          write dist/widget.js
//   node build.mjs --check  fail if dist/widget.js differs from a fresh build
import { build } from 'esbuild';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'dist', 'widget.js');

export async function bundle() {
  const r = await build({
    entryPoints: [join(here, 'src', 'main.ts')],
    bundle: true,
    format: 'iife',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    charset: 'ascii',
    sourcemap: false,
    write: false,
    logLevel: 'warning',
  });
  return Buffer.from(r.outputFiles[0].contents);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const js = await bundle();
  const gz = gzipSync(js, { level: 9 }).length;
  if (process.argv.includes('--check')) {
    let old = null;
    try {
      old = readFileSync(out);
    } catch {}
    if (!old || !old.equals(js)) {
      console.error('widget/dist/widget.js is stale: run `npm run build` in widget/ and commit the result');
      process.exit(1);
    }
    console.log(`widget/dist/widget.js is up to date (${js.length} bytes, ${gz} gzipped)`);
  } else {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, js);
    console.log(`wrote widget/dist/widget.js: ${js.length} bytes, ${gz} bytes gzipped`);
  }
}
