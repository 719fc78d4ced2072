// Renders Mermaid definitions to SVG in one headless Chromium session (the system's, never a download).
// Mermaid CLI's renderMermaid opens a fresh page and loads its bundle and Mermaid (8 MB) for every chart, ~2 s
// each; here one page loads Mermaid once and renders all charts in turn, with the same steps and options as
// renderMermaid (initialize, render into #container, background, XMLSerializer). Our charts are flowcharts, so
// the page holds Mermaid alone (not the CLI's ELK, KaTeX and ZenUML bundle): the SVG is byte for byte what
// renderMermaid draws (tests/test_chart_render.py), with less memory and a quicker start.
// The browser starts at once; the charts arrive on stdin: {"key": "definition", ...}; stdout: {"key": "<svg>"}.
import fs from "node:fs";
import path from "node:path";
import url from "node:url";
import { createRequire } from "node:module";
import puppeteer from "puppeteer";

// the Mermaid that Mermaid CLI loads (mermaid.js beside the package's entry point)
const cliRoot = path.dirname(path.dirname(url.fileURLToPath(import.meta.resolve("@mermaid-js/mermaid-cli"))));
const fromCli = createRequire(path.join(cliRoot, "package.json"));
const mermaidJs = path.join(path.dirname(fromCli.resolve("mermaid")), "mermaid.js");
// one page by default: a second (its own renderer process) costs ~200 MB for little gain on two busy cores
const PAGES = Math.max(1, Number(process.env.ZHIFA_CHART_PAGES || 1));
// Mermaid's options (securityLevel strict; handDrawnSeed fixed: Mermaid draws some shapes with Rough.js,
// which is random unless seeded, so the same chart gives the same bytes on every machine)
const CONFIG = JSON.parse(fs.readFileSync(new URL("mermaid-config.json", import.meta.url), "utf8"));

const browserReady = puppeteer.launch({
  executablePath: process.env.ZHIFA_CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"],
});

async function openPage(context) {
  const page = await context.newPage();
  page.on("console", (msg) => console.warn(msg.text()));
  await page.setContent('<!doctype html><html><body><div id="container"></div></body></html>');
  await page.$eval("body", (body) => { body.style.background = "transparent"; });
  await page.addScriptTag({ path: mermaidJs });
  await page.evaluate(async () => {
    await Promise.all(Array.from(document.fonts, (font) => font.load()));
  });
  return page;
}

async function renderOn(page, key, definition) {
  return await page.$eval("#container", async (container, definition, config, svgId) => {
    const { mermaid } = globalThis;
    mermaid.initialize({ startOnLoad: false, ...config });
    const { svg: svgText } = await mermaid.render(svgId, definition, container);
    container.innerHTML = svgText;
    const svg = container.getElementsByTagName("svg")[0];
    svg.style.backgroundColor = "transparent";
    return new XMLSerializer().serializeToString(svg);
  }, definition, CONFIG, "zf-chart-" + key);
}

const pagesReady = browserReady.then((browser) =>
  Promise.all(Array.from({ length: PAGES }, async (_, i) => openPage(i ? await browser.createBrowserContext() : browser))));
pagesReady.catch(() => {}); // reported below, once the input is read

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const text = Buffer.concat(chunks).toString("utf8").trim();
const input = text ? JSON.parse(text) : {};
const browser = await browserReady;
const out = {};
try {
  const entries = Object.entries(input);
  if (entries.length) {
    const pages = await pagesReady;
    let next = 0;
    await Promise.all(pages.map(async (page) => {
      while (next < entries.length) {
        const [key, definition] = entries[next++];
        out[key] = await renderOn(page, key, definition);
      }
    }));
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(out));
