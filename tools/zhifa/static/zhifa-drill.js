// 练习中心: 顺序练习, 随机练习, 专项练习 (规范 / 章 / 流程 / 题型), 错题本, 收藏, 答题记录 and progress per chapter,
// in 答题模式 or 背题模式. Everything comes from the published bank and the progress store; the bank index
// is loaded first and a question's body only when it is shown. ES2020.
(function () {
  "use strict";
  var mount = document.querySelector("[data-zf-drill]");
  if (!mount) return;
  var Q = window.ZhifaQuiz, S = window.ZhifaStore, el = Q.el;
  var bank = null, map = {}, session = null, recite = false, bodies = {};

  function button(text, cls, onClick) {
    var b = el("button", cls, text);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }
  function select(label, options, cls) {
    var wrap = el("label", "zf-drill-select");
    wrap.appendChild(document.createTextNode(label + " "));
    var s = el("select", cls);
    options.forEach(function (o) { var op = el("option", "", o[1]); op.value = o[0]; s.appendChild(op); });
    wrap.appendChild(s);
    return { wrap: wrap, select: s };
  }

  // A session is {name, ids, at, filter}; it is stored on every move, so each mode and its position survive
  // a reload. 顺序练习 keeps its own position (seq) across sessions.
  function start(name, ids, filter, at, focus) {
    session = { name: name, ids: ids.filter(function (id) { return map[id]; }), at: 0, filter: filter || null };
    if (name === "顺序练习") session.at = Math.min(S.load().seq || 0, Math.max(session.ids.length - 1, 0));
    else if (at) session.at = Math.min(at, Math.max(session.ids.length - 1, 0));
    keep();
    paintModes();
    showQuestion(focus);
  }
  function keep() {
    S.setPractice({ name: session.name, ids: session.name === "顺序练习" ? null : session.ids, at: session.at,
                    filter: session.filter });
  }
  function paintModes() {
    mount.querySelectorAll(".zf-drill-modes button, .zf-drill-special-go").forEach(function (b) {
      var on = b.getAttribute("data-mode") === session.name;
      if (b.classList.contains("zf-drill-special-go")) return;
      b.setAttribute("aria-pressed", String(on));
    });
  }

  function describe(filter) {
    var parts = [];
    if (filter.standard) parts.push("规范：" + filter.standard);
    if (filter.chapter) {
      var ch = bank.chapters.filter(function (c) { return c.doc === filter.chapter; })[0];
      parts.push("章：" + (ch ? (filter.standard ? ch.label : ch.standard + ch.label) : filter.chapter));
    }
    if (filter.procedure) parts.push("流程：" + ((bank.procedures.filter(function (p) { return p.id === filter.procedure; })[0] || {}).title || filter.procedure));
    if (filter.type) parts.push("题型：" + filter.type);
    return parts.join("，") || "全部";
  }

  function showQuestion(focus) {
    var stage = mount.querySelector(".zf-drill-stage");
    stage.textContent = "";
    if (!session.ids.length) {
      var msg = session.name === "错题本" ? "错题本是空的：答错的题会自动收进来，连续答对 " + S.WRONGBOOK_STREAK + " 次后移出。"
        : session.name === "收藏" ? "还没有收藏的题目：练习时点“☆ 收藏”即可收进来。"
        : session.name === "专项练习" && session.filter ? "没有同时符合这些条件的试题（" + describe(session.filter) + "）。请放宽一个条件，例如把“流程”或“题型”改为“全部”。"
        : "这里还没有题目。";
      var empty = el("p", "zf-drill-empty", msg);
      empty.tabIndex = -1;
      stage.appendChild(empty);
      if (focus) empty.focus();
      return;
    }
    var id = session.ids[session.at], q = bodies[id], shown = session;
    if (!q) {  // fetch the part holding this question, then show it unless the trainee moved on
      bank.bodies([id]).then(function (got) {
        Object.assign(bodies, got);
        if (session === shown && session.ids[session.at] === id) showQuestion(focus);
      }, function () { stage.textContent = Q.FAILED; });
      return;
    }
    var after = session.ids[session.at + 1];
    if (after && !bodies[after]) bank.bodies([after]).then(function (got) { Object.assign(bodies, got); }, function () {});
    stage.appendChild(el("p", "zf-drill-pos", session.name + (session.name === "专项练习" && session.filter ? "（" + describe(session.filter) + "）" : "")
      + " · 第 " + (session.at + 1) + " / " + session.ids.length + " 题"));
    var card = Q.card(q, { onAnswer: function (ok) { S.record(id, ok); paintProgress(); } });
    var ol = el("ol", "zf-pq zf-drill-q");
    ol.appendChild(card.el);
    stage.appendChild(ol);
    if (recite) card.recite(true);
    var fav = button(S.load().favorites[id] ? "★ 已收藏" : "☆ 收藏", "zf-drill-fav", function () {
      var on = S.toggleFavorite(id);
      fav.textContent = on ? "★ 已收藏" : "☆ 收藏";
      fav.setAttribute("aria-pressed", String(on));
    });
    fav.setAttribute("aria-pressed", String(!!S.load().favorites[id]));
    var nav = el("div", "zf-drill-nav");
    var prev = button("上一题", "zf-drill-prev", function () { move(-1); });
    var next = button("下一题", "zf-drill-next", function () { move(1); });
    prev.disabled = session.at === 0;
    next.disabled = session.at >= session.ids.length - 1;
    [prev, fav, next].forEach(function (b) { nav.appendChild(b); });
    stage.appendChild(nav);
    if (focus) card.focus(stage);
  }

  function move(step) {
    session.at = Math.max(0, Math.min(session.ids.length - 1, session.at + step));
    if (session.name === "顺序练习") { var st = S.load(); st.seq = session.at; S.save(st); }
    keep();
    showQuestion(true);
  }

  function paintProgress() {
    var box = mount.querySelector(".zf-drill-progress");
    if (!box) return;
    box.textContent = "";
    var state = S.load();
    var wrongCount = Object.keys(state.questions).filter(function (id) { return state.questions[id].inWrongbook && map[id]; }).length;
    var favCount = Object.keys(state.favorites).filter(function (id) { return map[id]; }).length;
    box.appendChild(el("p", "zf-drill-summary", "错题本 " + wrongCount + " 题 · 收藏 " + favCount + " 题 · 已练习 "
      + Object.keys(state.questions).filter(function (id) { return map[id]; }).length + " / " + bank.questions.length + " 题"));
    var t = el("table", "zf-table zf-drill-chapters");
    var head = el("tr");
    ["章节", "题数", "已练", "正确率"].forEach(function (h) { head.appendChild(el("th", "", h)); });
    t.appendChild(head);
    var group = null;
    bank.chapters.forEach(function (c) {
      var ids = bank.questions.filter(function (q) { return q.docs.indexOf(c.doc) >= 0; }).map(function (q) { return q.id; });
      if (!ids.length) return;
      if (c.standard !== group) {  // the standard's name once, above its chapters
        group = c.standard;
        var gr = el("tr", "zf-drill-group"), th = el("th", "", group);
        th.colSpan = 4; th.scope = "colgroup";
        gr.appendChild(th); t.appendChild(gr);
      }
      var done = ids.filter(function (id) { return state.questions[id]; });
      var right = done.reduce(function (n, id) { return n + state.questions[id].right; }, 0);
      var all = done.reduce(function (n, id) { return n + state.questions[id].right + state.questions[id].wrong; }, 0);
      var tr = el("tr");
      [c.label, ids.length, done.length, all ? Math.round(100 * right / all) + "%" : "—"].forEach(function (v) {
        tr.appendChild(el("td", "", String(v)));
      });
      t.appendChild(tr);
    });
    box.appendChild(t);
    var hist = state.history.filter(function (h) { return map[h.id]; }).slice(-10).reverse();
    box.appendChild(el("h3", "", "最近的答题记录"));
    var ul = el("ul", "zf-drill-history");
    if (!hist.length) ul.appendChild(el("li", "", "还没有答题记录。"));
    box.appendChild(ul);
    bank.bodies(hist.map(function (h) { return h.id; })).then(function (got) {
      Object.assign(bodies, got);
      hist.forEach(function (h) {
        ul.appendChild(el("li", h.ok ? "is-right" : "is-wrong", (h.ok ? "✓ " : "✗ ") + got[h.id].stem.slice(0, 40)));
      });
    }, function () { ul.appendChild(el("li", "", Q.FAILED)); });
  }


  function shuffled(ids) {
    ids = ids.slice();
    for (var i = ids.length - 1; i > 0; i--) { var j = Math.floor(Math.random() * (i + 1)); var t = ids[i]; ids[i] = ids[j]; ids[j] = t; }
    return ids;
  }

  function render() {
    mount.textContent = "";
    var modes = el("div", "zf-drill-modes");
    modes.setAttribute("role", "group");
    modes.setAttribute("aria-label", "练习方式");
    var all = bank.questions.map(function (q) { return q.id; });
    function mode(name, cls, ids) {
      var b = button(name, cls, function () { start(name, ids(), null, 0, true); });
      b.setAttribute("data-mode", name);
      modes.appendChild(b);
    }
    mode("顺序练习", "zf-drill-seq", function () { return all; });
    mode("随机练习", "zf-drill-random", function () { return shuffled(all); });
    mode("错题本", "zf-drill-wrong", function () {
      var st = S.load();
      return all.filter(function (id) { return st.questions[id] && st.questions[id].inWrongbook; });
    });
    mode("收藏", "zf-drill-favs", function () {
      var st = S.load();
      return all.filter(function (id) { return st.favorites[id]; });
    });
    mount.appendChild(modes);

    // 专项练习: the 章 list shows only the chapters of the chosen 规范 that have questions, with their counts
    var special = el("fieldset", "zf-drill-special");
    special.appendChild(el("legend", "", "专项练习"));
    var standards = [], count = {};
    bank.questions.forEach(function (q) { q.docs.forEach(function (d) { count[d] = (count[d] || 0) + 1; }); });
    bank.chapters.forEach(function (c) {
      if (count[c.doc] && standards.indexOf(c.standard) < 0) standards.push(c.standard);
    });
    var sStd = select("规范", [["", "全部"]].concat(standards.map(function (s) { return [s, s]; })), "zf-pick-standard");
    var sCh = select("章", [["", "全部"]], "zf-pick-chapter");
    var sPr = select("流程", [["", "全部"]].concat(bank.procedures.map(function (p) { return [p.id, p.title]; })), "zf-pick-procedure");
    var sTy = select("题型", [["", "全部"], ["单选", "单选"], ["多选", "多选"], ["判断", "判断"]], "zf-pick-type");
    function chapters() {
      var keepValue = sCh.select.value;
      sCh.select.textContent = "";
      var options = [["", sStd.select.value ? "本规范全部章" : "全部"]];
      bank.chapters.forEach(function (c) {
        if (count[c.doc] && (!sStd.select.value || c.standard === sStd.select.value))
          options.push([c.doc, (sStd.select.value ? c.label : c.standard + c.label) + "（" + count[c.doc] + " 题）"]);
      });
      options.forEach(function (o) { var op = el("option", "", o[1]); op.value = o[0]; sCh.select.appendChild(op); });
      sCh.select.value = options.some(function (o) { return o[0] === keepValue; }) ? keepValue : "";
    }
    sStd.select.addEventListener("change", chapters);
    chapters();
    [sStd, sCh, sPr, sTy].forEach(function (x) { special.appendChild(x.wrap); });
    var go = button("开始专项练习", "zf-drill-special-go", function () {
      var filter = { standard: sStd.select.value, chapter: sCh.select.value, procedure: sPr.select.value, type: sTy.select.value };
      start("专项练习", pick(filter), filter, 0, true);
    });
    go.setAttribute("data-mode", "专项练习");
    special.appendChild(go);
    mount.appendChild(special);
    function pick(filter) {
      var docs = bank.chapters.filter(function (c) { return !filter.standard || c.standard === filter.standard; })
        .map(function (c) { return c.doc; });
      var proc = bank.procedures.filter(function (p) { return p.id === filter.procedure; })[0];
      return bank.questions.filter(function (q) {
        return (!filter.chapter || q.docs.indexOf(filter.chapter) >= 0)
          && q.docs.some(function (d) { return docs.indexOf(d) >= 0; })
          && (!proc || proc.questions.indexOf(q.id) >= 0)
          && (!filter.type || q.type === filter.type);
      }).map(function (q) { return q.id; });
    }

    var toggle = el("div", "zf-mode");
    toggle.setAttribute("role", "group");
    toggle.setAttribute("aria-label", "答题或背题");
    var a = button("答题模式", "zf-mode-answer", function () { setRecite(false); });
    var r = button("背题模式", "zf-mode-recite", function () { setRecite(true); });
    toggle.appendChild(a); toggle.appendChild(r);
    mount.appendChild(toggle);
    function setRecite(on) {
      recite = on;
      a.setAttribute("aria-pressed", String(!on));
      r.setAttribute("aria-pressed", String(on));
      if (session) showQuestion();
    }
    setRecite(false);
    var stage = el("section", "zf-drill-stage");
    stage.setAttribute("aria-label", "当前题目");
    mount.appendChild(stage);
    var progress = el("section", "zf-drill-progress");
    progress.setAttribute("aria-label", "练习进度");
    mount.appendChild(progress);
    paintProgress();
    var saved = S.load().practice;  // the session open before the reload, if it still fits the bank
    if (saved && saved.name && saved.name !== "顺序练习" && Array.isArray(saved.ids)) {
      if (saved.filter) {
        sStd.select.value = saved.filter.standard || ""; chapters();
        sCh.select.value = saved.filter.chapter || ""; sPr.select.value = saved.filter.procedure || "";
        sTy.select.value = saved.filter.type || "";
      }
      start(saved.name, saved.ids, saved.filter, saved.at || 0);
    } else {
      start("顺序练习", all);
    }
  }

  Q.openBank(mount.getAttribute("data-bank")).then(function (data) {
    bank = data;
    map = bank.byId;
    render();
  }).catch(function () { mount.textContent = Q.FAILED; });
})();
