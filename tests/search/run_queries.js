// Runs queries through the site's own search code (the built _static/zhifa-search.js and
// _static/minisearch.js) over the built zhifa-search.json and zhifa-search-text.json, in node. Usage:
//   node run_queries.js SITE_DIR < queries.json  →  [{q, hits: [{id, url, role}], suggestion}] on stdout
"use strict";
const fs = require("fs");
const path = require("path");
const site = process.argv[2];
const MiniSearch = require(path.resolve(site, "_static/minisearch.js"));
const { Engine } = require(path.resolve(site, "_static/zhifa-search.js"));
const data = JSON.parse(fs.readFileSync(path.join(site, "zhifa-search.json"), "utf8"));
const queries = JSON.parse(fs.readFileSync(0, "utf8"));
const texts = JSON.parse(fs.readFileSync(path.join(site, "zhifa-search-text.json"), "utf8"));
data.docs.forEach((d, k) => { d.text = texts[k]; });  // the full index, as the page has it once the texts arrived
const engine = new Engine(data, MiniSearch);
const out = queries.map((q) => {
  const r = engine.search(q, null);
  return {
    q,
    suggestion: r.suggestion,
    tokens: r.tokens,
    hits: r.hits.slice(0, 10).map((d) => ({ id: d.id, url: d.url, role: d.role, head: d.head })),
  };
});
process.stdout.write(JSON.stringify(out));
