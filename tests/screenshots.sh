#!/usr/bin/env bash
# Regenerates docs/screenshots/*.png: the main kinds of page (index, an entity page, a source page, the chronology,
# search results) at desktop (1280 px) and phone (390 px) widths, the first printed page of leaders/abe.html (its
# brief), and, from a hot-topic book (the real book repeated 30 times), a topic split into year pages and a year page.
# Run by hand after a theme change (it is not a test and the test suite never writes docs/):
#
#   bash tests/screenshots.sh
#
# It builds the book into a temp folder, drives Debian's Chromium with the Playwright driver that the
# Microsoft.Playwright NuGet package ships (built into the test project's bin/), and turns the PDF into a PNG with
# pdftoppm (Debian's poppler-utils, installed when missing and run as root).
set -euo pipefail
cd "$(dirname "$0")/.."

chromium=${RJB_CHROMIUM:-/usr/bin/chromium}
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi; }
need() { # need COMMAND PACKAGE
  command -v "$1" >/dev/null 2>&1 && return 0
  echo "screenshots: installing $2" >&2
  as_root apt-get install -y --no-install-recommends "$2" >&2 || { as_root apt-get update >&2 && as_root apt-get install -y --no-install-recommends "$2" >&2; } \
    || { echo "screenshots: $1 is missing; install Debian's $2" >&2; exit 1; }
}
[ -x "$chromium" ] || need chromium chromium
need pdftoppm poppler-utils

echo "screenshots: building the test project (for the Playwright driver)" >&2
dotnet build tests/RussiaJapanBriefing.Tests --nologo -v q >&2
driver=tests/RussiaJapanBriefing.Tests/bin/Debug/net10.0/.playwright
node="$driver/node/linux-x64/node"
[ -x "$node" ] || { echo "screenshots: no Playwright driver at $driver" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "screenshots: building the book" >&2
dotnet run --project src/RussiaJapanBriefing.Cli -- build --no-cache --output "$work/site" >&2
echo "screenshots: building a hot-topic book (30 copies of the real book), whose big topics split into year pages" >&2
dotnet run --project bench/SyntheticBook -- --hot-topic 30 --content content --seeds seeds --out "$work/hot" >&2
dotnet run --project src/RussiaJapanBriefing.Cli -- build --no-cache --seeds "$work/hot/seeds" --content "$work/hot/content" \
  --output "$work/hot-site" --cache "$work/hot-cache" >&2

out=docs/screenshots
mkdir -p "$out"
"$node" - "$(cd "$driver/package" && pwd)" "$work/site" "$(cd "$out" && pwd)" "$chromium" "$work/abe.pdf" "$work/hot-site" <<'JS'
const [packageDir, site, out, executablePath, pdfPath, hotSite] = process.argv.slice(2);
const { chromium } = require(packageDir);
const fs = require('fs');
const path = require('path');
const url = page => page.startsWith('file://') ? page : 'file://' + path.join(site, page);
const firstIn = dir => fs.readdirSync(path.join(site, dir)).filter(f => f.endsWith('.html') && f !== 'index.html').sort()[0];

const entity = fs.existsSync(path.join(site, 'leaders/abe.html')) ? 'leaders/abe.html' : 'leaders/' + firstIn('leaders');
const pages = {
  index: 'index.html',
  entity,
  source: 'sources/' + firstIn('sources'),
  chronology: 'chronology.html',
  search: 'search.html?q=four%20islands',
  'topic-split': 'file://' + path.join(hotSite, 'leaders/abe.html#record-heading'),
  'year-page': 'file://' + path.join(hotSite, 'leaders/abe', fs.readdirSync(path.join(hotSite, 'leaders/abe')).filter(f => /^\d{4}\.html$/.test(f)).sort().pop()),
};
const sizes = {
  desktop: { viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1, maxHeight: 1600 },
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, maxHeight: 800 },
};

(async () => {
  const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'],
  });
  try {
    for (const [sizeName, size] of Object.entries(sizes)) {
      const { maxHeight, ...options } = size;
      const context = await browser.newContext({ ...options, colorScheme: 'light', reducedMotion: 'reduce' });
      const page = await context.newPage();
      for (const [kind, file] of Object.entries(pages)) {
        await page.goto(url(file), { waitUntil: 'load' });
        if (kind === 'search') await page.waitForSelector('#search-results li');
        // A split topic is shown from its year index down, the part that is new.
        const top = kind === 'topic-split' ? await page.evaluate(() => Math.max(0, document.getElementById('record-heading').getBoundingClientRect().top + scrollY - 400)) : 0;
        const height = await page.evaluate(() => document.documentElement.scrollHeight);
        const target = path.join(out, `${kind}-${sizeName}.png`);
        await page.screenshot({
          path: target,
          fullPage: true,
          clip: { x: 0, y: top, width: options.viewport.width, height: Math.min(height - top, maxHeight) },
        });
        console.error(`screenshots: ${target} (${file})`);
      }
      await context.close();
    }
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url(entity), { waitUntil: 'load' });
    await page.pdf({ path: pdfPath, format: 'A4', printBackground: false });
    console.error(`screenshots: printed ${entity} to PDF`);
    await context.close();
  } finally {
    await browser.close();
  }
})().catch(e => { console.error(e); process.exit(1); });
JS

pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$work/abe.pdf" "$out/entity-print"
echo "screenshots: $out/entity-print.png (first printed page)" >&2
ls -l "$out"/*.png >&2
