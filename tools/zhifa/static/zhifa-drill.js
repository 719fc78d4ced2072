// 练习中心: 今日复习 (the 错题本 by spaced repetition), 顺序练习, 随机练习, 专项练习 (规范 / 章 / 流程 / 题型 / 难度),
// 错题本 (by chapter, with miss counts), 收藏, 易错题, an answer card to jump to any question (未做题 filter),
// 答题记录 and progress per chapter, font size and auto-advance settings, export and import of all progress,
// in 答题模式 or 背题模式. Everything comes from the published bank and the progress store; the bank index
// is loaded first and a question's body only when it is shown. ES2020.
(function () {
  "use strict";
  var mount = document.querySelector("[data-zf-drill]");
  if (!mount) return;
  var Q = window.ZhifaQuiz, S = window.ZhifaStore, el = Q.el;
  var bank = null, map = {}, session = null, recite = false, bodies = {}, advance = null;
  var AUTO_NEXT_MS = 900;  // time to see "回答正确" before moving on

  function button(text, cls, onClick) {
    var b = el("button", cls, text);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }
  var DIFFICULTY = { 1: "★ 容易", 2: "★★ 较易", 3: "★★★ 中等", 4: "★★★★ 较难", 5: "★★★★★ 难" };
  var MISSED_MAX = 50;
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
    paintSheet();
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
    if (filter.difficulty) parts.push("难度：" + DIFFICULTY[filter.difficulty]);
    return parts.join("，") || "全部";
  }

  function showQuestion(focus) {
    var stage = mount.querySelector(".zf-drill-stage");
    stage.textContent = "";
    if (!session.ids.length) {
      var msg = session.name === "错题本" ? "错题本是空的：答错的题会自动收进来，连续答对 " + S.WRONGBOOK_STREAK + " 次后移出。"
        : session.name === "今日复习" ? "今天没有要复习的错题。答错的题第二天起按间隔重复安排复习。"
        : session.name === "易错题" ? "还没有答错过的题：这里按答错次数列出你最常错的题。"
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
    var card = Q.card(q, { onAnswer: function (ok) {
      S.record(id, ok);
      paintProgress(); paintToday(); paintSheet(); paintWrongbook();
      var here = session, at = session.at;
      clearTimeout(advance);
      if (ok && S.load().settings.autoNext && at < session.ids.length - 1) {
        advance = setTimeout(function () { if (session === here && session.at === at) move(1); }, AUTO_NEXT_MS);
      }
    } });
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

  function move(step) { jump(session.at + step); }
  function jump(k) {
    clearTimeout(advance);
    session.at = Math.max(0, Math.min(session.ids.length - 1, k));
    if (session.name === "顺序练习") { var st = S.load(); st.seq = session.at; S.save(st); }
    keep();
    showQuestion(true);
    paintSheet();
  }

  // 答题卡: every question of the session as a numbered cell (green: last answer right, red: wrong, plain:
  // never answered); a tap opens that question. 未做题 shows only the questions never answered.
  var sheetFilter = "all";
  function paintSheet() {
    var box = mount.querySelector(".zf-drill-sheet");
    if (!box || !session) return;
    var state = S.load(), grid = box.querySelector(".zf-drill-grid"), undone = 0;
    grid.textContent = "";
    session.ids.forEach(function (id, k) {
      var q = state.questions[id], cls = q ? (q.streak > 0 ? " is-right" : " is-wrong") : "";
      if (!q) undone += 1;
      if (sheetFilter === "undone" && q) return;
      var li = el("li");
      var b = button(String(k + 1), "zf-drill-cell" + cls + (k === session.at ? " is-current" : ""), function () {
        jump(k);
      });
      b.setAttribute("data-k", String(k));
      b.setAttribute("aria-label", "第 " + (k + 1) + " 题，" + (!q ? "未做" : q.streak > 0 ? "上次答对" : "上次答错"));
      if (k === session.at) b.setAttribute("aria-current", "step");
      li.appendChild(b);
      grid.appendChild(li);
    });
    if (!grid.children.length) grid.appendChild(el("li", "zf-drill-grid-empty", sheetFilter === "undone" ? "本组题目都做过了。" : "没有题目。"));
    box.querySelector(".zf-drill-sheet-count").textContent = "第 " + (session.ids.length ? session.at + 1 : 0) + " / "
      + session.ids.length + " 题 · 未做 " + undone + " 题";
    box.querySelector(".zf-drill-filter-undone").textContent = "未做题（" + undone + "）";
    box.querySelectorAll(".zf-drill-filter button").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-filter") === sheetFilter));
    });
  }

  // 今日复习: how many 错题本 questions spaced repetition brings back today
  function paintToday() {
    var b = mount.querySelector(".zf-drill-review");
    if (!b) return;
    var due = S.dueToday(S.load()).filter(function (id) { return map[id]; }).length;
    b.querySelector(".zf-drill-review-n").textContent = String(due);
    b.classList.toggle("is-none", !due);
  }

  // 错题本 by chapter: each question with how often it was missed; take one out, practise a chapter, or clear all
  function paintWrongbook() {
    var box = mount.querySelector(".zf-drill-wrongbook");
    if (!box) return;
    var state = S.load();
    var ids = bank.questions.filter(function (q) { return state.questions[q.id] && state.questions[q.id].inWrongbook; });
    var list = box.querySelector(".zf-drill-wrongbook-list");
    list.textContent = "";
    box.querySelector(".zf-drill-wrongbook-clear").hidden = !ids.length;
    if (!ids.length) { list.appendChild(el("p", "zf-drill-wb-empty", "错题本是空的。")); return; }
    var groups = [], byDoc = {};
    ids.forEach(function (q) {
      var doc = q.docs[0] || "";
      if (!byDoc[doc]) { byDoc[doc] = []; groups.push(doc); }
      byDoc[doc].push(q.id);
    });
    var order = bank.chapters.map(function (c) { return c.doc; });
    groups.sort(function (a, b) { return order.indexOf(a) - order.indexOf(b); });
    bank.bodies(ids.map(function (q) { return q.id; })).then(function (got) {
      Object.assign(bodies, got);
      list.textContent = "";
      groups.forEach(function (doc) {
        var c = bank.chapters.filter(function (x) { return x.doc === doc; })[0];
        var mine = byDoc[doc].sort(function (a, b) { return state.questions[b].wrong - state.questions[a].wrong; });
        var sec = el("section", "zf-drill-wb-chapter");
        var head = el("div", "zf-drill-wb-head");
        head.appendChild(el("h4", "", (c ? c.standard + " " + c.label : "其他") + "（" + mine.length + " 题）"));
        head.appendChild(button("练本章错题", "zf-drill-wb-go", function () { start("错题本", mine, null, 0, true); }));
        sec.appendChild(head);
        var ul = el("ul", "zf-drill-wb-list");
        mine.forEach(function (id) {
          var li = el("li", "zf-drill-wb-item");
          li.setAttribute("data-id", id);
          var stem = got[id].stem;
          li.appendChild(el("span", "zf-drill-wb-stem", stem.length > 36 ? stem.slice(0, 36) + "…" : stem));
          li.appendChild(el("span", "zf-drill-wb-miss", "错 " + state.questions[id].wrong + " 次"));
          var rm = button("移出", "zf-drill-wb-remove", function () {
            S.removeFromWrongbook([id]);
            paintWrongbook(); paintToday(); paintProgress();
          });
          rm.setAttribute("aria-label", "移出错题本：" + stem.slice(0, 20));
          li.appendChild(rm);
          ul.appendChild(li);
        });
        sec.appendChild(ul);
        list.appendChild(sec);
      });
    }, function () { list.textContent = Q.FAILED; });
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

  function sheetBox() {
    var box = el("details", "zf-drill-sheet");
    var sum = el("summary");
    sum.appendChild(el("span", "zf-drill-sheet-title", "答题卡"));
    sum.appendChild(el("span", "zf-drill-sheet-count"));
    box.appendChild(sum);
    var filters = el("div", "zf-mode zf-drill-filter");
    filters.setAttribute("role", "group");
    filters.setAttribute("aria-label", "答题卡显示");
    [["all", "全部", "zf-drill-filter-all"], ["undone", "未做题", "zf-drill-filter-undone"]].forEach(function (f) {
      var b = button(f[1], f[2], function () { sheetFilter = f[0]; paintSheet(); });
      b.setAttribute("data-filter", f[0]);
      filters.appendChild(b);
    });
    box.appendChild(filters);
    box.appendChild(Q.legend("zf-drill-legend", "zf-drill-swatch",
      [["is-right", "上次答对"], ["is-wrong", "上次答错"], ["", "未做"], ["is-current", "当前题"]]));
    box.appendChild(el("ol", "zf-drill-grid"));
    return box;
  }

  function wrongbookBox() {
    var box = el("section", "zf-drill-wrongbook");
    box.setAttribute("aria-labelledby", "zf-drill-wrongbook-title");
    var h = el("h3", "", "错题本（按章）");
    h.id = "zf-drill-wrongbook-title";
    box.appendChild(h);
    box.appendChild(el("div", "zf-drill-wrongbook-list"));
    var clear = button("清空错题本", "zf-drill-wrongbook-clear", function () {
      if (!clear.classList.contains("is-armed")) {  // a second tap confirms: no accidental loss
        clear.classList.add("is-armed");
        clear.textContent = "确定清空？再点一次";
        return;
      }
      clear.classList.remove("is-armed");
      clear.textContent = "清空错题本";
      var st = S.load();
      S.removeFromWrongbook(Object.keys(st.questions).filter(function (id) { return st.questions[id].inWrongbook; }));
      paintWrongbook(); paintToday(); paintProgress();
    });
    box.appendChild(clear);
    return box;
  }

  function settingsBox() {
    var box = el("section", "zf-drill-settings");
    box.appendChild(el("h3", "", "设置"));
    var st = S.load().settings;
    var font = select("字号", [["", "标准"], ["large", "大"], ["xlarge", "特大"]], "zf-pick-font");
    font.select.value = st.font || "";
    font.select.addEventListener("change", function () { S.setSetting("font", font.select.value); });
    box.appendChild(font.wrap);
    var auto = el("label", "zf-drill-autonext");
    var cb = document.createElement("input");
    cb.type = "checkbox";
    cb.checked = !!st.autoNext;
    cb.addEventListener("change", function () { S.setSetting("autoNext", cb.checked); });
    auto.appendChild(cb);
    auto.appendChild(document.createTextNode(" 答对后自动跳到下一题"));
    box.appendChild(auto);
    var n = S.load().exams.length;
    var rec = el("a", "zf-drill-records", "成绩记录（" + n + " 次模拟考试）");
    rec.href = "exam.html#zf-records";
    var p = el("p");
    p.appendChild(rec);
    box.appendChild(p);
    return box;
  }

  function backupBox() {
    var box = el("section", "zf-drill-backup");
    box.appendChild(el("h3", "", "备份与换设备"));
    box.appendChild(el("p", "", "练习记录、错题本、收藏和成绩记录只保存在本浏览器中。换手机或换浏览器前先导出，在新设备上导入即可（与新设备上已有的记录合并，不会覆盖）。"));
    var row = el("p", "zf-drill-backup-actions");
    var out = button("导出全部进度", "zf-drill-export", function () {
      var d = new Date(), name = "执法练习进度-" + d.getFullYear() + String(d.getMonth() + 1).padStart(2, "0")
        + String(d.getDate()).padStart(2, "0") + ".json";
      var a = document.createElement("a");
      a.href = URL.createObjectURL(new Blob([JSON.stringify(S.exportData())], { type: "application/json" }));
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
    });
    row.appendChild(out);
    var pick = el("label", "zf-drill-import");
    pick.appendChild(document.createTextNode("导入进度文件 "));
    var file = document.createElement("input");
    file.type = "file";
    file.accept = ".json,application/json";
    file.className = "zf-drill-import-file";
    pick.appendChild(file);
    row.appendChild(pick);
    box.appendChild(row);
    var msg = el("p", "zf-drill-backup-msg");
    msg.setAttribute("role", "status");
    box.appendChild(msg);
    file.addEventListener("change", function () {
      if (!file.files.length) return;
      file.files[0].text().then(function (text) {
        var r = S.importData(text);
        if (r.ok) { render(); mount.querySelector(".zf-drill-backup-msg").textContent = r.message; }
        else msg.textContent = r.message;
      });
    });
    return box;
  }

  function render() {  // also after an import: everything is drawn again from the store
    mount.textContent = "";
    session = null;
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
    mode("易错题", "zf-drill-missed", function () {  // the officer's own most-missed questions, most misses first
      var st = S.load(), q = st.questions;
      return all.filter(function (id) { return q[id] && q[id].wrong > 0; }).sort(function (a, b) {
        return q[b].wrong - q[a].wrong || q[b].wrong / (q[b].right + q[b].wrong) - q[a].wrong / (q[a].right + q[a].wrong);
      }).slice(0, MISSED_MAX);
    });
    var today = el("div", "zf-drill-today");
    var review = button("", "zf-drill-review", function () { start("今日复习", S.dueToday(S.load()), null, 0, true); });
    review.setAttribute("data-mode", "今日复习");
    review.appendChild(el("span", "zf-drill-review-label", "今日复习"));
    review.appendChild(el("span", "zf-drill-review-n", "0"));
    review.appendChild(el("span", "zf-drill-review-unit", "题"));
    today.appendChild(review);
    today.appendChild(el("p", "zf-drill-review-note", "错题按间隔重复安排复习：答错的题第二天复习，之后每答对一次，间隔拉长。"));
    mount.appendChild(today);
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
    var levels = {};
    bank.questions.forEach(function (q) { if (q.difficulty) levels[q.difficulty] = (levels[q.difficulty] || 0) + 1; });
    var sDi = select("难度", [["", "全部"]].concat(Object.keys(levels).sort().map(function (d) {
      return [d, DIFFICULTY[d] + "（" + levels[d] + " 题）"];
    })), "zf-pick-difficulty");
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
    [sStd, sCh, sPr, sTy, sDi].forEach(function (x) { special.appendChild(x.wrap); });
    var go = button("开始专项练习", "zf-drill-special-go", function () {
      var filter = { standard: sStd.select.value, chapter: sCh.select.value, procedure: sPr.select.value, type: sTy.select.value,
                     difficulty: sDi.select.value };
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
          && (!filter.type || q.type === filter.type)
          && (!filter.difficulty || String(q.difficulty) === filter.difficulty);
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
    mount.appendChild(sheetBox());
    var progress = el("section", "zf-drill-progress");
    progress.setAttribute("aria-label", "练习进度");
    mount.appendChild(progress);
    mount.appendChild(wrongbookBox());
    mount.appendChild(settingsBox());
    mount.appendChild(backupBox());
    paintProgress();
    paintToday();
    paintWrongbook();
    var saved = S.load().practice;  // the session open before the reload, if it still fits the bank
    if (saved && saved.name && saved.name !== "顺序练习" && Array.isArray(saved.ids)) {
      if (saved.filter) {
        sStd.select.value = saved.filter.standard || ""; chapters();
        sCh.select.value = saved.filter.chapter || ""; sPr.select.value = saved.filter.procedure || "";
        sTy.select.value = saved.filter.type || ""; sDi.select.value = saved.filter.difficulty || "";
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
