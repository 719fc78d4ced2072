// Search page: exact jumps by article number or ID first, then Pagefind's full-text results.
// ES2020 at most (intranet browsers run old Chromium kernels); all text is inserted as text.
(function () {
  "use strict";
  var DIGITS = "零一二三四五六七八九";

  function chinese(n) {  // same rule as zhifa.numbering.chinese
    if (n < 10) return DIGITS[n];
    if (n < 20) return "十" + (n % 10 ? DIGITS[n % 10] : "");
    if (n < 100) return DIGITS[Math.floor(n / 10)] + "十" + (n % 10 ? DIGITS[n % 10] : "");
    var rest = n % 100, head = DIGITS[Math.floor(n / 100)] + "百";
    if (rest === 0) return head;
    if (rest < 10) return head + "零" + DIGITS[rest];
    return head + (rest < 20 ? "一" : "") + chinese(rest);
  }

  // "第12条", "十二条", "《行政处罚法》第五十四条", "行政处罚法54条" -> {source, number}
  function parseNumber(q) {
    var m = q.replace(/\s+/g, "").match(/^《?([^》第]*?)》?第?([0-9]{1,3}|[零一二三四五六七八九十百]+)条$/);
    if (!m) return null;
    var num = /^[0-9]+$/.test(m[2]) ? chinese(parseInt(m[2], 10)) : m[2];
    return { source: m[1], number: "第" + num + "条" };
  }

  function matches(entries, q) {
    var id = q.trim().toUpperCase();
    var byId = entries.filter(function (e) { return e.id === id; });
    if (byId.length) return byId;
    var p = parseNumber(q);
    if (!p) return [];
    return entries.filter(function (e) {
      return e.number === p.number && (!p.source || e.source.indexOf(p.source) >= 0);
    });
  }

  function showJumps(list, base) {
    var box = document.getElementById("zf-jump");
    box.textContent = "";
    if (!list.length) { box.hidden = true; return; }
    var h = document.createElement("h2");
    h.textContent = "条号直达";
    box.appendChild(h);
    var ul = document.createElement("ul");
    list.forEach(function (e) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = base + e.url;
      a.className = "zf-jump-link";
      a.textContent = (e.source ? "《" + e.source + "》" : "") + e.number + " " + e.title +
        (e.status && e.status !== "现行" ? "（" + e.status + "）" : "");
      li.appendChild(a);
      ul.appendChild(li);
    });
    box.appendChild(ul);
    box.hidden = false;
  }

  var root = document.documentElement.getAttribute("data-content_root") || "./";
  var ui = new PagefindUI({
    element: "#zf-search",
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    translations: { placeholder: "搜索条款、术语、文书或条号……", zero_results: "没有找到“[SEARCH_TERM]”的结果" }
  });
  var lookup = fetch(root + "zhifa-lookup.json").then(function (r) { return r.json(); })
    .catch(function () { return []; });

  function update(q) {
    lookup.then(function (entries) { showJumps(q ? matches(entries, q) : [], root); });
  }

  var q = new URLSearchParams(window.location.search).get("q");
  if (q) { ui.triggerSearch(q); update(q); }
  document.getElementById("zf-search").addEventListener("input", function (ev) {
    if (ev.target && ev.target.matches("input")) update(ev.target.value);
  });
})();
