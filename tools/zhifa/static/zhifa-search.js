// Search page. Matches by containment over zhifa-search.json (every object and page as rendered
// text), which is how Chinese readers expect a term to be found. The questions (zhifa-search-bank.json,
// most of the index on a big bank) are fetched only when the reader ticks "同时搜索题库中的试题".
// ES2020 at most (intranet browsers run old Chromium kernels); every string from the index is
// inserted as text, never as markup.
(function () {
  "use strict";
  var DIGITS = "零一二三四五六七八九";
  var LIMIT = 50;

  function chinese(n) {  // same rule as zhifa.numbering.chinese
    if (n < 10) return DIGITS[n];
    if (n < 20) return "十" + (n % 10 ? DIGITS[n % 10] : "");
    if (n < 100) return DIGITS[Math.floor(n / 10)] + "十" + (n % 10 ? DIGITS[n % 10] : "");
    var rest = n % 100, head = DIGITS[Math.floor(n / 100)] + "百";
    if (rest === 0) return head;
    if (rest < 10) return head + "零" + DIGITS[rest];
    return head + (rest < 20 ? "一" : "") + chinese(rest);
  }

  function norm(s) { return s.replace(/[《》\s]/g, "").toLowerCase(); }

  // One query word: "第12条" / "12条" -> "第十二条"; 《》 and case are ignored.
  function term(word) {
    var w = norm(word);
    var m = w.match(/^(.*?)第?([0-9]{1,3})条$/);
    if (m && parseInt(m[2], 10) > 0) return m[1] + "第" + chinese(parseInt(m[2], 10)) + "条";
    m = w.match(/^(.*?[^第])?([一二三四五六七八九十百零]+条)$/);
    if (m && w.indexOf("第") < 0) return (m[1] || "") + "第" + m[2];
    return w;
  }

  function count(hay, needle) {
    var n = 0, i = hay.indexOf(needle);
    while (i >= 0) { n += 1; i = hay.indexOf(needle, i + needle.length); }
    return n;
  }

  function search(entries, query) {
    var terms = query.split(/\s+/).filter(Boolean).map(term).filter(Boolean);
    if (!terms.length) return [];
    var hits = [];
    entries.forEach(function (e, order) {
      var score = 0;
      for (var k = 0; k < terms.length; k++) {
        var t = terms[k];
        var inHead = e._head.indexOf(t);
        var inText = count(e._text, t);
        if (inHead < 0 && inText === 0 && e._id !== t) return;
        if (e._id === t) score += 1000;
        if (inHead === 0 || (inHead > 0 && e._head.indexOf(t) === e._head.indexOf(e._num))) score += 300;
        if (inHead >= 0) score += 100;
        score += Math.min(inText, 10) * 5;
      }
      hits.push({ e: e, score: score, order: order });
    });
    hits.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    return hits.map(function (h) { return h.e; });
  }

  // A text node excerpt around the first match, with matches wrapped in <mark> elements.
  function excerpt(text, terms) {
    var frag = document.createDocumentFragment();
    var lower = text.toLowerCase(), at = -1, len = 0;
    terms.forEach(function (t) {
      var i = lower.indexOf(t);
      if (i >= 0 && (at < 0 || i < at)) { at = i; len = t.length; }
    });
    var start = Math.max(0, at - 30), end = Math.min(text.length, (at < 0 ? 0 : at + len) + 60);
    var piece = (start > 0 ? "……" : "") + text.slice(start, end) + (end < text.length ? "……" : "");
    var pieceLower = piece.toLowerCase(), pos = 0;
    while (pos < piece.length) {
      var next = -1, nlen = 0;
      terms.forEach(function (t) {
        var i = pieceLower.indexOf(t, pos);
        if (i >= 0 && (next < 0 || i < next)) { next = i; nlen = t.length; }
      });
      if (next < 0) { frag.appendChild(document.createTextNode(piece.slice(pos))); break; }
      frag.appendChild(document.createTextNode(piece.slice(pos, next)));
      var mark = document.createElement("mark");
      mark.textContent = piece.slice(next, next + nlen);
      frag.appendChild(mark);
      pos = next + nlen;
    }
    return frag;
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }

  function render(entries, query, root, bankNote) {
    var box = document.getElementById("zf-results");
    var status = document.getElementById("zf-search-status");
    box.textContent = "";
    if (!query.trim()) { status.textContent = ""; return; }
    var terms = query.split(/\s+/).filter(Boolean).map(term);
    var hits = search(entries, query);
    status.textContent = (hits.length ? "找到 " + hits.length + " 条结果" : "没有找到“" + query + "”") + bankNote;
    hits.slice(0, LIMIT).forEach(function (e) {
      var li = el("li", "zf-result");
      var a = el("a", "zf-result-link", e.head);
      a.href = root + e.url;
      li.appendChild(a);
      li.appendChild(el("div", "zf-result-where", e.type + " · " + e.page));
      var p = el("p", "zf-result-text");
      p.appendChild(excerpt(e.text, terms));
      li.appendChild(p);
      box.appendChild(li);
    });
    if (hits.length > LIMIT) status.textContent += "，显示前 " + LIMIT + " 条，请增加关键词缩小范围";
  }

  function load(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url);
      return r.json();
    }).then(function (entries) {
      entries.forEach(function (e) {
        e._head = norm(e.head); e._text = norm(e.text); e._id = e.id.toLowerCase();
        var m = e._head.match(/第[一二三四五六七八九十百零]+条/);
        e._num = m ? m[0] : "\u0000";
      });
      return entries;
    });
  }

  var root = document.documentElement.getAttribute("data-content_root") || "./";
  var input = document.getElementById("zf-q");
  var withBank = document.getElementById("zf-bank");
  var params = new URLSearchParams(window.location.search);
  input.value = params.get("q") || "";
  withBank.checked = params.get("bank") === "1";
  var core = null, bank = null, bankLoading = null;

  function note() {
    if (!withBank.checked) return "（未搜索题库中的试题）";
    return bank ? "（已同时搜索题库中的 " + bank.length + " 道试题）" : "（正在加载题库……）";
  }
  function show() {
    if (!core) return;
    render(withBank.checked && bank ? core.concat(bank) : core, input.value, root, note());
  }
  function remember() {
    var q = "?q=" + encodeURIComponent(input.value) + (withBank.checked ? "&bank=1" : "");
    history.replaceState(null, "", q);
  }
  function needBank() {
    if (!withBank.checked || bank || bankLoading) return;
    bankLoading = load(root + "zhifa-search-bank.json").then(function (entries) {
      bank = entries; show();
    }).catch(function () {
      bankLoading = null;
      document.getElementById("zf-search-status").textContent = "题库索引加载失败，请通过站点服务器（http://）访问本站。";
    });
  }

  load(root + "zhifa-search.json").then(function (entries) {
    core = entries;
    show();
    needBank();
    input.addEventListener("input", show);
    withBank.addEventListener("change", function () { remember(); show(); needBank(); });
    document.getElementById("zf-search-form").addEventListener("submit", function (ev) {
      ev.preventDefault();
      remember();
      show();
    });
  }).catch(function () {
    document.getElementById("zf-search-status").textContent = "搜索索引加载失败，请通过站点服务器（http://）访问本站。";
  });
})();
