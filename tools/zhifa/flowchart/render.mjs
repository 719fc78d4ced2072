// Renders Mermaid definitions to SVG in one headless Chromium session (the system's, never a download).
// Mermaid CLI's renderMermaid opens a fresh page and loads its bundle and Mermaid (8 MB) for every chart, ~2 s
// each; here one page loads Mermaid once and renders all charts in turn, with the same steps and options as
// renderMermaid (initialize, render into #container, background, XMLSerializer). Our charts are flowcharts, so
// the page holds Mermaid alone (not the CLI's ELK, KaTeX and ZenUML bundle): the SVG is byte for byte what
// renderMermaid draws (tests/test_chart_render.py), with less memory and a quicker start.
// Memory (the build's peak is summed over every process): the page loads mermaid.js by its file URL, so node
// never holds it or sends it over the wire; Chromium runs as one process (no zygote, no renderer, GPU or
// utility processes of its own) with a small young generation. Together about half of a default launch.
// The browser starts at once; the charts arrive on stdin: {"key": "definition", ...}; stdout: one line
// ["key", "<svg>"] per chart as soon as it is drawn (node keeps none of them).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import url from "node:url";
import { createRequire } from "node:module";
import puppeteer from "puppeteer";

// the Mermaid that Mermaid CLI loads (mermaid.js beside the package's entry point)
const cliRoot = path.dirname(path.dirname(url.fileURLToPath(import.meta.resolve("@mermaid-js/mermaid-cli"))));
const fromCli = createRequire(path.join(cliRoot, "package.json"));
const mermaidJs = path.join(path.dirname(fromCli.resolve("mermaid")), "mermaid.js");
// Mermaid's options (securityLevel strict; handDrawnSeed fixed: Mermaid draws some shapes with Rough.js,
// which is random unless seeded, so the same chart gives the same bytes on every machine)
const CONFIG = JSON.parse(fs.readFileSync(new URL("mermaid-config.json", import.meta.url), "utf8"));

const browserReady = puppeteer.launch({
  executablePath: process.env.ZHIFA_CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--single-process", "--no-zygote",
         "--js-flags=--max-semi-space-size=1"],
});

async function openPage(browser) {
  const page = await browser.newPage();
  page.on("console", (msg) => console.warn(msg.text()));
  // a file:// page like the CLI's own (dist/index.html) that loads Mermaid by URL; written to a folder of our own
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "zhifa-chart-"));
  try {
    const html = path.join(folder, "page.html");
    const script = url.pathToFileURL(mermaidJs).href.replaceAll('"', "%22");
    fs.writeFileSync(html, `<!doctype html><html><head><script charset="utf-8" src="${script}"></script></head>`
      + '<body><div id="container"></div></body></html>');
    await page.goto(url.pathToFileURL(html).href);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
  await page.$eval("body", (body) => { body.style.background = "transparent"; });
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

const pageReady = browserReady.then(openPage);
pageReady.catch(() => {}); // reported below, once the input is read

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const text = Buffer.concat(chunks).toString("utf8").trim();
const input = text ? JSON.parse(text) : {};
const browser = await browserReady;
try {
  const entries = Object.entries(input);
  if (entries.length) {
    const page = await pageReady;
    for (const [key, definition] of entries) {
      const line = JSON.stringify([key, await renderOn(page, key, definition)]) + "\n";
      if (!process.stdout.write(line)) await new Promise((done) => process.stdout.once("drain", done));
    }
  }
} finally {
  await browser.close();
}
