// Renders Mermaid definitions to SVG in one headless Chromium session (the system's, never a download).
// stdin: {"key": "definition", ...}   stdout: {"key": "<svg ...>", ...}
import puppeteer from "puppeteer";
import { renderMermaid } from "@mermaid-js/mermaid-cli";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString("utf8"));

const browser = await puppeteer.launch({
  executablePath: process.env.ZHIFA_CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"],
});
const out = {};
try {
  for (const [key, definition] of Object.entries(input)) {
    const { data } = await renderMermaid(browser, definition, "svg", {
      svgId: "zf-chart-" + key,
      backgroundColor: "transparent",
      mermaidConfig: { securityLevel: "strict", flowchart: { htmlLabels: false, useMaxWidth: true },
                       themeVariables: { fontFamily: "\"Noto Sans CJK SC\", \"Microsoft YaHei\", sans-serif" } },
    });
    out[key] = Buffer.from(data).toString("utf8");
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(out));
