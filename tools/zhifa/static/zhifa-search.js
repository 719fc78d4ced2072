// Site search. zhifa-search.json holds every object and page (what it is, its number and name, where it
// stands, its text) and the vocabulary: the user dictionary (glossary terms, titles, law names) and the
// words jieba found in the content at build time (zhifa/model/segment.py). Documents and queries are cut
// here by one function with that vocabulary: words by dictionary lookup (a query by forward maximum
// matching), CJK bigrams for what no word covers, numbers by one rule (5日 = 五日, 第12条 = 第十二条, and
// 五日 never inside 十五日). MiniSearch (npm, copied into _static at build time) indexes and scores (BM25);
// the ranking on top puts an exact name or number first, then weighs by kind. The questions
// (zhifa-search-bank.json) are fetched only when the reader asks to search the bank too.
// ES2020 at most (intranet browsers run old Chromium kernels); every string from the index is inserted as
// text, never as markup. The engine also runs in node (tests/test_search_relevance.py).
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module.exports) module.exports = api;
  else {
    root.ZhifaSearch = api;
    if (typeof document !== "undefined" && document.getElementById("zf-search-form")) api.page(root.MiniSearch);
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";
  var DIGITS = "零一二三四五六七八九";
  var NUMERAL = "零〇一二三四五六七八九十百千万两";
  var UNITS = "工作日|小时|周岁|日|天|条|章|节|款|项|步|年|月|元|人|倍|次|岁";
  var ORDINAL = { "条": 1, "章": 1, "节": 1, "款": 1, "项": 1, "步": 1 };
  var CANON_UNIT = { "天": "日", "工作日": "日", "周岁": "岁" };
  var CJK = /[\u3400-\u9fff]+/g;
  var ASCII = /[a-z0-9]+(?:-[a-z0-9]+)*/g;
  var MAX_WORD = 12;
  // ranking: the order of kinds among exact name matches (a term's definition answers a term; a clause or
  // chapter before the procedure, template and law article of the same name), and their weight otherwise
  var EXACT = ["glossary", "article", "chapter", "procedure", "template", "step", "phrase", "other", "case",
    "law_article", "standard", "page", "question"];
  // a name that holds the query as typed: clauses and chapters first, in reading order, then the other kinds
  var GROUP = { article: 0, chapter: 0, law_article: 1, procedure: 2, step: 2, phrase: 2, glossary: 3, other: 4,
    template: 5, case: 6, standard: 7, page: 7, question: 8 };
  var WEIGHT = { article: 1, chapter: 1, law_article: 0.8, procedure: 0.7, step: 0.6, phrase: 0.6, glossary: 0.6,
    other: 0.55, template: 0.5, case: 0.45, standard: 0.35, page: 0.3, question: 0.3 };
  var PHRASE = 1.5;  // the query's words side by side in the text, as typed
  // words of a question that say nothing about what is sought (听证要提前几天通知 → 听证 提前 通知)
  var ASKING = new Set(["什么", "怎么", "怎样", "如何", "多少", "多久", "哪些", "哪个", "是否", "能否", "能不能",
    "可不可以", "可以", "需要", "应该", "还能", "几天", "几个", "谁来", "情况"]);
  // how a question asks for a deadline or a list of cases, in the words the standards use for them
  var ASKED = [[/多少天|多少日|几天|几日|多长时间|多久/g, " 期限 "], [/什么情况下?|哪些情况|什么情形|哪些情形/g, " 情形 "],
    [/最多|最高|上限/g, " 以下 "],
    [/能不能|可不可以|能否|是否|还能|吗|呢|？|\?/g, " "]];
  var JOINING = /[、·・]/g;  // list commas inside a name (查封、扣押; 双随机、一公开) do not cut words
  var BOOST = { t: 4 };  // a name says more than the text (its own index, counted 1)

  function chinese(n) {  // as zhifa.model.numbering.chinese, extended to thousands and 万 for amounts
    if (n === 0) return "零";
    if (n >= 100000000) return String(n);
    if (n >= 10000) {
      var rest = n % 10000;
      return chinese(Math.floor(n / 10000)) + "万" + (rest === 0 ? "" : (rest < 1000 ? "零" : "") + below(rest, true));
    }
    return below(n, false);
  }
  function below(n, inner) {  // 1..9999; "inner": after a higher unit, 10..19 read 一十…
    var units = [[1000, "千"], [100, "百"], [10, "十"]], out = "", zero = false, started = false;
    for (var k = 0; k < units.length; k++) {
      var d = Math.floor(n / units[k][0]) % 10;
      if (d) {
        if (zero) out += "零";
        if (!(d === 1 && units[k][1] === "十" && !started && !inner)) out += DIGITS[d];
        out += units[k][1];
        zero = false; started = true;
      } else if (started) zero = true;
    }
    if (n % 10) out += (zero ? "零" : "") + DIGITS[n % 10];
    return out;
  }

  // NFKC (full-width letters and digits), lower case, Arabic numbers as Chinese numerals (not inside IDs).
  function normalize(s) {
    s = String(s || "").normalize("NFKC").toLowerCase();
    return s.replace(/(^|[^a-z0-9-])(\d{1,8})(?![a-z0-9-])/g, function (m, pre, d) { return pre + chinese(parseInt(d, 10)); });
  }

  var NUMBER = new RegExp("(第?)([" + NUMERAL + "]+)(个?)(" + UNITS + ")", "g");
  var NUMBER_TOKEN = new RegExp("^第?[" + NUMERAL + "]+(" + UNITS + ")$");
  function numberToken(numeral, unit) {
    numeral = numeral.replace(/两/g, "二").replace(/〇/g, "零");
    return (ORDINAL[unit] ? "第" : "") + numeral + (CANON_UNIT[unit] || unit);
  }
  // Numbers out of the text as whole tokens; what is left is cut by the caller.
  function numbers(s, out) {
    return s.replace(NUMBER, function (m, nth, numeral, ge, unit) {
      out.push(numberToken(numeral, unit));
      if (unit === "工作日") out.push("工作日");
      return " ";
    });
  }

  function Vocabulary(dict, words) {
    this.user = new Set(dict);
    this.words = new Set(dict.concat(words));
    this.starts = new Set();  // the first two characters of every word longer than two
    this.words.forEach(function (w) { if (w.length > 2) this.starts.add(w.substr(0, 2)); }, this);
    this.df = new Map();  // in how many documents each word occurs (typo suggestions)
    this.bigrams = new Set();
  }

  // A document's tokens: numbers, IDs, every vocabulary word it contains, and the bigrams of what no word
  // covers: a query is cut into words first, and its fallback bigrams also find the words they begin.
  Vocabulary.prototype.document = function (text) {
    var out = [], s = numbers(normalize(text), out).replace(JOINING, ""), words = this.words, seen = new Set();
    var starts = this.starts, bigrams = this.bigrams;
    (s.match(ASCII) || []).forEach(function (w) { out.push(w); });
    (s.match(CJK) || []).forEach(function (run) {
      var covered = new Uint8Array(run.length), i, len;
      for (i = 0; i < run.length - 1; i++) {
        var bigram = run.substr(i, 2);
        bigrams.add(bigram);
        if (words.has(bigram)) { out.push(bigram); seen.add(bigram); covered[i] = covered[i + 1] = 1; }
        if (!starts.has(bigram)) continue;  // no longer word starts here
        for (len = 3; len <= MAX_WORD && i + len <= run.length; len++) {
          var w = run.substr(i, len);
          if (words.has(w)) { out.push(w); seen.add(w); covered.fill(1, i, i + len); }
        }
      }
      for (i = 0; i < run.length - 1; i++) {
        if (!(covered[i] && covered[i + 1])) out.push(run.substr(i, 2));
      }
    });
    seen.forEach(function (w) { this.df.set(w, (this.df.get(w) || 0) + 1); }, this);
    return out;
  };

  // A query's tokens: numbers, IDs, dictionary words by forward maximum matching, bigrams of the
  // stretches no word covers (a lone character between words is left out: 听证会 → 听证).
  // ``rest`` receives those stretches (for typo suggestions).
  Vocabulary.prototype.query = function (text, rest) {
    var asked = false, q = normalize(text);
    ASKED.forEach(function (r) { q = q.replace(r[0], function (m) { asked = true; return r[1]; }); });
    var out = [], s = numbers(q, out).replace(/[^\u3400-\u9fffa-z0-9-\s]/g, ""), words = this.words;
    (s.match(ASCII) || []).forEach(function (w) { out.push(w); });
    (s.match(CJK) || []).forEach(function (run) {
      var i = 0, loose = "";
      function flush() {
        if (loose.length >= 2) {
          for (var k = 0; k < loose.length - 1; k++) out.push(loose.substr(k, 2));
          if (rest) rest.push(loose);
        } else if (loose && run.length === 1) out.push(loose);
        loose = "";
      }
      while (i < run.length) {
        var found = 0;
        for (var len = Math.min(MAX_WORD, run.length - i); len >= 2; len--) {
          if (words.has(run.substr(i, len))) { found = len; break; }
        }
        if (found) { flush(); out.push(run.substr(i, found)); i += found; } else { loose += run[i]; i += 1; }
      }
      flush();
    });
    var kept = out.filter(function (t, k) { return out.indexOf(t) === k && !ASKING.has(t); });
    if (kept.length < out.length) asked = true;
    kept = kept.length ? kept : out.filter(function (t, k) { return out.indexOf(t) === k; });
    kept.asked = asked;
    return kept;
  };

  // A one-character typo: the dictionary word of the same length that differs in one character,
  // the user dictionary (terms, titles) first, then the word found in most documents.
  Vocabulary.prototype.suggest = function (piece) {
    var best = null, bestKey = null, self = this;
    if (this.user.has(piece)) return null;
    function consider(w) {
      if (w.length !== piece.length || w === piece) return;
      var diff = 0;
      for (var k = 0; k < w.length && diff < 2; k++) if (w[k] !== piece[k]) diff += 1;
      if (diff !== 1 || !self.df.get(w)) return;
      var key = [1, self.df.get(w)];
      if (!best || key[0] > bestKey[0] || (key[0] === bestKey[0] && key[1] > bestKey[1])) { best = w; bestKey = key; }
    }
    this.user.forEach(consider);  // only the dictionary's terms and names: a question word is never "corrected"
    return best;
  };

  // The form a name or a query is compared in for an exact match: numbers canonical, punctuation gone.
  function canon(s) {
    return normalize(s).replace(NUMBER, function (m, nth, numeral, ge, unit) { return numberToken(numeral, unit); })
      .replace(/[^\u3400-\u9fffa-z0-9-]/g, "");
  }

  // Two MiniSearch indexes: names (number, name, ID), ready at once from zhifa-search.json, and the texts
  // (zhifa-search-text.json), added after the first results are on screen. A text's words count at most
  // twice: indexing every repetition took about three times as long.
  function Engine(data, MiniSearch) {
    var vocab = this.vocab = new Vocabulary(data.dict || [], data.words || []);
    this.docs = [];
    this.standards = data.standards || [];
    this.full = true;  // every document's text is indexed
    var options = function (fields, boost) {
      return {
        idField: "n",
        fields: fields,
        tokenize: function (text, field) { var t = vocab.document(text); return field === "b" ? twice(t) : t; },
        processTerm: function (t) { return t; },
        searchOptions: { boost: boost, prefix: function (t) { return t.length === 1; } }
      };
    };
    this.names = new MiniSearch(options(["t"], BOOST));  // where a hit stands is shown, not searched
    this.texts = new MiniSearch(options(["b"], { b: 1 }));
    this.add(data.docs || []);
  }

  function twice(tokens) {  // each token once, a repeated one twice: the text's repetitions capped at two
    var seen = new Set(), out = [];
    tokens.forEach(function (t) {
      if (!seen.has(t)) { seen.add(t); out.push(t); } else if (seen.has(t) && !seen.has(t + "\u0000")) { seen.add(t + "\u0000"); out.push(t); }
    });
    return out;
  }

  Engine.prototype.add = function (docs) {
    var start = this.docs.length, rows = [], texts = [];
    docs.forEach(function (d, k) {
      d.n = start + k;
      d.keys = [d.name, d.num, (d.num || "") + (d.name || ""), d.head, d.id].filter(Boolean).map(canon);
      d.title = canon(d.name || d.head);
      d.flat = d.title;
      this.docs.push(d);
      rows.push({ n: d.n, t: [d.num, d.name, d.id].join(" ") });
      if (typeof d.text === "string") texts.push(d); else this.full = false;
    }, this);
    this.names.addAll(rows);
    this.addTexts(texts);
  };

  // The texts of documents already added (d.text set), as one batch.
  Engine.prototype.addTexts = function (docs) {
    this.texts.addAll(docs.map(function (d) {
      d.flat = canon(d.head + d.text);
      return { n: d.n, b: d.text };
    }));
  };

  // zhifa-search-text.json's texts (in the order of the documents) in batches, yielding to the page between
  // them; ``done`` runs once every text is indexed.
  Engine.prototype.loadTexts = function (texts, done) {
    var self = this, k = 0, BATCH = 400;
    (function next() {
      var batch = self.docs.slice(k, k + BATCH).filter(function (d) { return typeof d.text !== "string"; });
      batch.forEach(function (d) { d.text = texts[d.n] || ""; });
      self.addTexts(batch);
      k += BATCH;
      if (k < texts.length) setTimeout(next, 0);
      else { self.full = true; done(); }
    })();
  };

  // {hits: [doc], tokens: [...], suggestion: "听证" or ""}; ``filter(doc)`` keeps a doc.
  Engine.prototype.search = function (query, filter) {
    var rest = [], tokens = this.vocab.query(query, rest);
    var hits = this.rank(query, tokens, filter), suggestion = "";
    var vocab = this.vocab;
    if (!this.full) return { hits: hits, tokens: tokens, suggestion: "" };  // typos are judged on the texts
    function absent(p) {  // how many of the stretch's bigrams occur nowhere in the index
      var n = 0;
      for (var k = 0; k < p.length - 1; k++) if (!vocab.bigrams.has(p.substr(k, 2))) n += 1;
      return n;
    }
    var unknown = rest.filter(function (p) { return absent(p) > 0; });
    if (unknown.length) {
      var fixed = normalize(query).replace(/\s+/g, " ").trim(), changed = false;
      var runs = fixed.replace(/[^\u3400-\u9fff]+/g, " ").split(" ");
      unknown.forEach(function (p) {
        var run = runs.filter(function (r) { return r.indexOf(p) >= 0; })[0] || p;
        var w = vocab.suggest(run), from = run;
        if (!w) { w = vocab.suggest(p); from = p; }
        if (w) { fixed = fixed.split(from).join(w); changed = true; }
      });
      if (changed && fixed !== query) {
        suggestion = fixed;
        tokens = this.vocab.query(fixed);
        hits = this.rank(fixed, tokens, filter);
      } else if (unknown.some(function (p) { return p.length >= 3 && absent(p) * 2 > p.length - 1; })) {
        hits = [];  // a stretch of three or more characters mostly never seen together: nothing is about it
      }
    }
    return { hits: hits, tokens: tokens, suggestion: suggestion };
  };

  Engine.prototype.rank = function (query, tokens, filter) {
    if (!tokens.length) return [];
    var docs = this.docs, whole = canon(query);
    // 听证会 asks for 听证: a query that is one word once its stray characters are left out names it exactly
    var words = this.vocab.words;
    var named = tokens.length === 1 && !tokens.asked && words.has(tokens[0]) ? tokens[0] : whole;
    var phrase = canon(tokens.join("")).length > 2 && canon(query).indexOf(canon(tokens.join(""))) >= 0 ? canon(tokens.join("")) : "";
    var how = {
      tokenize: function () { return tokens; },
      combineWith: "OR",
      // a bigram of the fallback also finds the words it begins (亮证 in 亮证执法): texts keep no bigram inside a word
      prefix: function (t) { return t.length === 1 || (!words.has(t) && !NUMBER_TOKEN.test(t) && /^[\u3400-\u9fff]+$/.test(t)); },
      // a number or a dictionary word says more than a bigram of the fallback
      boostTerm: function (t) { return NUMBER_TOKEN.test(t) ? 3 : words.has(t) ? (t.length > 2 ? 1.5 : 1) : 0.6; }
    };
    // In the texts, a word found in more than a quarter of the documents (违法, 处罚) is left out while the
    // query has rarer ones: it hardly tells documents apart and was most of a long question's time.
    var df = this.vocab.df, common = this.docs.length / 4;
    var rare = tokens.filter(function (t) { return !(df.get(t) > common); });
    if (!rare.length) rare = tokens;
    var inText = { tokenize: function () { return rare; } };
    Object.keys(how).forEach(function (k) { if (k !== "tokenize") inText[k] = how[k]; });
    var merged = new Map();
    [[this.names, how], [this.texts, inText]].forEach(function (pair) {
      pair[0].search(query, pair[1]).forEach(function (r) {
        var m = merged.get(r.id);
        if (!m) merged.set(r.id, { id: r.id, score: r.score, terms: new Set(r.queryTerms) });
        else { m.score += r.score; r.queryTerms.forEach(function (t) { m.terms.add(t); }); }
      });
    });
    var found = Array.from(merged.values());
    var inName = tokens.asked || named.length < 2 ? "" : named;
    var hits = found.map(function (r) {
      var d = docs[r.id];
      var tier = d.keys.indexOf(whole) >= 0 || d.keys.indexOf(named) >= 0 ? 0 : inName && d.title.indexOf(inName) >= 0 ? 1 : 2;
      var n = 0;
      rare.forEach(function (t) { if (r.terms.has(t)) n += 1; });
      var covered = n ? n / rare.length : 0.5 / rare.length;  // all the (telling) words of the query before some
      var score = r.score * covered * covered * (WEIGHT[d.role] || 0.5) * (phrase && d.flat.indexOf(phrase) >= 0 ? PHRASE : 1);
      var kind = tier === 0 ? EXACT.indexOf(d.role) : tier === 1 ? GROUP[d.role] : 0;
      return { d: d, tier: tier, kind: kind, score: score };
    }).filter(function (h) { return !filter || filter(h.d); });
    hits.sort(function (a, b) {
      if (a.tier !== b.tier) return a.tier - b.tier;
      if (a.tier < 2) return a.kind - b.kind || a.d.n - b.d.n;
      return b.score - a.score || a.d.n - b.d.n;
    });
    return hits.map(function (h) { return h.d; });
  };

  // ------------------------------------------------------------------ the search page

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }

  // A token as it may stand in the text: 查封扣押 as 查封、扣押, 五日 as 五个工作日 (a pattern of literal characters).
  function pattern(token) {
    var chars = Array.from(token).map(function (c) { return c.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&"); });
    var body = chars.join("[、·・\\s]?");
    if (NUMBER_TOKEN.test(token)) {  // a number stands whole: 五日 is not the end of 十五日
      if (/日$/.test(token)) body = chars.slice(0, -1).join("") + "个?(?:工作)?[日天]";
      body = "(?<![" + NUMERAL + "])" + body;
    }
    return new RegExp(body, "g");
  }

  // A text excerpt around the first token found, tokens wrapped in <mark> elements.
  function excerpt(text, tokens) {
    var frag = document.createDocumentFragment();
    var lower = text.toLowerCase(), spans = [];
    tokens.forEach(function (t) {
      var re = pattern(t), m;
      while ((m = re.exec(lower)) !== null && spans.length < 200) spans.push([m.index, m.index + m[0].length]);
    });
    spans.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var at = spans.length ? spans[0][0] : 0;
    var start = Math.max(0, at - 30), end = Math.min(text.length, at + 80), pos = start;
    if (start > 0) frag.appendChild(document.createTextNode("……"));
    spans.forEach(function (sp) {
      if (sp[0] < pos || sp[1] > end) return;
      frag.appendChild(document.createTextNode(text.slice(pos, sp[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(sp[0], sp[1]);
      frag.appendChild(mark);
      pos = sp[1];
    });
    frag.appendChild(document.createTextNode(text.slice(pos, end) + (end < text.length ? "……" : "")));
    return frag;
  }

  var GROUPS = {  // the kind filter: its value → the roles it keeps
    clause: ["article", "chapter", "standard"], procedure: ["procedure", "step", "phrase"], glossary: ["glossary"],
    template: ["template"], "case": ["case"], law: ["law_article"], question: ["question"]
  };

  function page(MiniSearch) {
    var LIMIT = 50;
    var root = document.documentElement.getAttribute("data-content_root") || "./";
    var input = document.getElementById("zf-q");
    var withBank = document.getElementById("zf-bank");
    var kind = document.getElementById("zf-kind");
    var std = document.getElementById("zf-std");
    var status = document.getElementById("zf-search-status");
    var box = document.getElementById("zf-results");
    var params = new URLSearchParams(window.location.search);
    input.value = params.get("q") || "";
    withBank.checked = params.get("bank") === "1";
    var engine = null, bankState = "", bankCount = 0;

    function note() {
      if (!withBank.checked) return "（未搜索题库中的试题）";
      return bankState === "done" ? "（已同时搜索题库中的 " + bankCount + " 道试题）" : "（正在加载题库……）";
    }
    function keep(d) {
      if (d.role === "question" && !withBank.checked) return false;
      if (kind.value && (GROUPS[kind.value] || []).indexOf(d.role) < 0) return false;
      if (std.value && d.std !== std.value) return false;
      return true;
    }
    function show() {
      if (!engine) return;
      box.textContent = "";
      var query = input.value.trim();
      var old = document.getElementById("zf-suggest");
      if (old) old.parentNode.removeChild(old);
      if (!query) { status.textContent = ""; return; }
      var result = engine.search(query, keep), hits = result.hits;
      if (result.suggestion) {
        var p = el("p", "zf-suggest");
        p.id = "zf-suggest";
        p.appendChild(document.createTextNode("您要找的是："));
        var a = el("a", "zf-suggest-link", result.suggestion);
        a.href = "?q=" + encodeURIComponent(result.suggestion);
        p.appendChild(a);
        p.appendChild(document.createTextNode("（以下是“" + result.suggestion + "”的结果）"));
        status.parentNode.insertBefore(p, status);
      }
      // until the texts are indexed the list shows what the names find; the status is set only for the full search
      status.textContent = !engine.full ? "" :
        (hits.length ? "找到 " + hits.length + " 条结果" : "没有找到“" + query + "”") + note();
      box.setAttribute("data-state", engine.full ? "full" : "names");
      document.getElementById("zf-search-loading").hidden = engine.full;
      hits.slice(0, LIMIT).forEach(function (d) {
        var li = el("li", "zf-result");
        li.setAttribute("data-role", d.role);
        var a = el("a", "zf-result-link", d.head);
        a.href = root + d.url;
        li.appendChild(a);
        li.appendChild(el("div", "zf-result-where", [d.type].concat(d.where || []).join(" · ")));
        var p = el("p", "zf-result-text");
        p.appendChild(excerpt(typeof d.text === "string" ? d.text : "", result.tokens));
        li.appendChild(p);
        box.appendChild(li);
      });
      if (hits.length > LIMIT && engine.full) status.textContent += "，显示前 " + LIMIT + " 条，请增加关键词缩小范围";
    }
    function remember() {
      var q = "?q=" + encodeURIComponent(input.value) + (withBank.checked ? "&bank=1" : "") +
        (kind.value ? "&kind=" + kind.value : "") + (std.value ? "&std=" + encodeURIComponent(std.value) : "");
      history.replaceState(null, "", q);
    }
    function load(url) {
      return fetch(url).then(function (r) {
        if (!r.ok) throw new Error(url);
        return r.json();
      });
    }
    function needBank() {
      if (!withBank.checked || bankState || !engine.full) return;
      bankState = "loading";
      load(root + "zhifa-search-bank.json").then(function (data) {
        engine.add(data.docs);
        bankCount = data.docs.length;
        bankState = "done";
        show();
      }).catch(function () {
        bankState = "";
        status.textContent = "题库索引加载失败，请通过站点服务器（http://）访问本站。";
      });
    }

    load(root + "zhifa-search.json").then(function (data) {
      engine = new Engine(data, MiniSearch);
      engine.standards.forEach(function (s) {
        var o = el("option", "", s);
        o.value = s;
        std.appendChild(o);
      });
      kind.value = params.get("kind") || "";
      std.value = params.get("std") || "";
      if (kind.value === "question") withBank.checked = true;
      show();
      load(root + "zhifa-search-text.json").then(function (texts) {
        engine.loadTexts(texts, function () { show(); needBank(); });
      }).catch(function () {
        status.textContent = "全文索引加载失败，请通过站点服务器（http://）访问本站。";
      });
      input.addEventListener("input", show);
      [withBank, kind, std].forEach(function (c) {
        c.addEventListener("change", function () {
          if (c === kind && kind.value === "question") withBank.checked = true;
          remember(); show(); needBank();
        });
      });
      document.getElementById("zf-search-form").addEventListener("submit", function (ev) {
        ev.preventDefault();
        remember();
        show();
      });
    }).catch(function () {
      status.textContent = "搜索索引加载失败，请通过站点服务器（http://）访问本站。";
    });
  }

  return { Engine: Engine, Vocabulary: Vocabulary, normalize: normalize, canon: canon, chinese: chinese, page: page };
});
