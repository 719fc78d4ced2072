// 模拟考试: a paper drawn from the published bank by the blueprint, an answer sheet with flags, a countdown
// with an absolute end time, auto-submit, score and review. The attempt lives in the progress store, so a
// reload, a closed tab or a rebuilt site loses nothing. The paper is drawn from the bank index; question
// bodies are fetched for the drawn questions only (the current one first). ES2020, no framework.
(function () {
  "use strict";
  var Q = window.ZhifaQuiz, S = window.ZhifaStore, el = Q.el;

  // mulberry32: a small seeded PRNG, so one seed always gives one paper
  function prng(seed) {
    var a = seed >>> 0;
    return function () {
      a = (a + 0x6D2B79F5) >>> 0;
      var t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  function shuffle(list, rnd) {
    var a = list.slice();
    for (var i = a.length - 1; i > 0; i--) { var j = Math.floor(rnd() * (i + 1)); var t = a[i]; a[i] = a[j]; a[j] = t; }
    return a;
  }
  function inScope(section, q) {
    if (q.type !== section.type || !q.reviewed) return false;
    if (section.standards && !q.docs.some(function (d) { return section.standards.indexOf(d.split("/")[1]) >= 0; })) return false;
    if (section.chapters && !q.docs.some(function (d) { return section.chapters.indexOf(d) >= 0; })) return false;
    return true;
  }

  function draw(bank, seed) {
    var bp = bank.blueprint, rnd = prng(seed), items = [], used = {};
    bp.sections.forEach(function (section) {
      var pool = shuffle(bank.questions.filter(function (q) { return inScope(section, q) && !used[q.id]; }), rnd);
      pool.slice(0, section.count).forEach(function (q) {
        used[q.id] = true;
        var letters = q.letters || q.options.map(function (o) { return o[0]; });
        items.push({ id: q.id, v: q.v, type: q.type, points: section.points,
                     order: bp.shuffle && q.type !== "判断" ? shuffle(letters, rnd) : letters });
      });
    });
    var now = Date.now();
    return { bankVersion: bank.version, seed: seed, startedAt: now, endsAt: now + bp.duration * 60000,
             items: items, answers: {}, flags: {}, current: 0, submitted: false, notice: "" };
  }

  window.ZhifaExam = { prng: prng, draw: draw };
  var mount = document.querySelector("[data-zf-exam]");
  if (!mount) return;

  // The bank may have changed under an attempt: keep what still exists, drop the rest, say so.
  function reconcile(exam, bank) {
    if (exam.bankVersion === bank.version) return exam;
    var map = bank.byId, removed = exam.items.filter(function (it) { return !map[it.id]; });
    exam.items = exam.items.filter(function (it) { return map[it.id]; });
    exam.items.forEach(function (it) { it.v = map[it.id].v; });  // from now on the current text is shown
    removed.forEach(function (it) { delete exam.answers[it.id]; delete exam.flags[it.id]; });
    exam.current = Math.min(exam.current, Math.max(exam.items.length - 1, 0));
    exam.notice = "题库已更新：" + (removed.length ? removed.length + " 道题已从题库中移除，已从本次试卷中去掉" : "本卷试题仍在题库中")
      + "；你已作答的其余题目全部保留。";
    exam.bankVersion = bank.version;
    return exam;
  }

  function ids(exam) { return exam.items.map(function (it) { return it.id; }); }

  // score from the bodies of the paper's questions (map: id -> question)
  function score(exam, map) {
    var total = 0, got = 0, byType = {}, byChapter = {}, wrong = [];
    var labels = {};
    bank.chapters.forEach(function (c) { labels[c.doc] = c.standard + c.label; });
    exam.items.forEach(function (it) {
      var q = map[it.id], picked = exam.answers[it.id] || [], ok = Q.same(picked, q.answer);
      total += it.points; if (ok) got += it.points;
      var t = byType[it.type] = byType[it.type] || { got: 0, total: 0 };
      t.total += it.points; if (ok) t.got += it.points;
      var ch = labels[q.docs[0]] || "其他";
      var c = byChapter[ch] = byChapter[ch] || { right: 0, count: 0 };
      c.count += 1; if (ok) c.right += 1;
      if (!ok) wrong.push({ item: it, picked: picked });
    });
    return { got: got, total: total, byType: byType, byChapter: byChapter, wrong: wrong };
  }

  function fmt(ms) {
    var s = Math.max(0, Math.round(ms / 1000)), m = Math.floor(s / 60);
    return (m < 10 ? "0" : "") + m + ":" + (s % 60 < 10 ? "0" : "") + (s % 60);
  }

  var bank = null, timer = null, screen = 0, finishing = null;

  function save(exam) { S.setExam(exam); }
  function failed() { clearInterval(timer); mount.textContent = Q.FAILED; }

  function startScreen(last) {
    clearInterval(timer);
    screen += 1;
    mount.textContent = "";
    var bp = bank.blueprint;
    var box = el("div", "zf-exam-start");
    box.appendChild(el("h2", "", bp.name));
    var parts = bp.sections.map(function (s) { return s.type + " " + s.count + " 题 × " + s.points + " 分"; }).join("，");
    box.appendChild(el("p", "zf-exam-rules", "共 " + bp.sections.reduce(function (n, s) { return n + s.count; }, 0) + " 题（" + parts
      + "），满分 " + bp.total + " 分，" + bp.pass + " 分及格，限时 " + bp.duration + " 分钟。多选题全部选对才得分。只抽取已审核的试题。"));
    var asked = new URLSearchParams(window.location.search).get("seed");
    var fixed = asked !== null && /^[0-9]{1,10}$/.test(asked) && Number(asked) < 4294967296 ? Number(asked) : null;
    if (fixed !== null) box.appendChild(el("p", "zf-exam-seed", "试卷编号 " + fixed + "：与按此编号打印的试卷相同（题库版本 " + bank.version + "）。"));
    var go = el("button", "zf-exam-begin", fixed !== null ? "开始考试（试卷编号 " + fixed + "）" : last ? "再考一次（重新抽题）" : "开始考试");
    go.type = "button";
    go.addEventListener("click", function () {
      var seed = fixed !== null ? fixed : Math.floor(Math.random() * 4294967296);
      var exam = draw(bank, seed);
      save(exam);
      running(exam);
    });
    box.appendChild(go);
    mount.appendChild(box);
    if (last) result(last, true);
  }

  function running(exam) {
    var map = {}, mine = ++screen, prefetched = false;
    mount.textContent = "";
    if (exam.notice) {
      var n = el("p", "zf-exam-notice", exam.notice);
      n.setAttribute("role", "alert");
      mount.appendChild(n);
    }
    var bar = el("div", "zf-exam-bar");
    var clock = el("span", "zf-exam-clock");
    clock.setAttribute("role", "timer");
    clock.setAttribute("aria-label", "剩余时间");
    bar.appendChild(clock);
    var counts = el("span", "zf-exam-counts");
    bar.appendChild(counts);
    var paperNo = el("a", "zf-exam-paper", "试卷编号 " + exam.seed);
    paperNo.href = "?seed=" + exam.seed;
    paperNo.title = "用这个链接可以重现同一份试卷";
    bar.appendChild(paperNo);
    var submit = el("button", "zf-exam-submit", "交卷");
    submit.type = "button";
    bar.appendChild(submit);
    mount.appendChild(bar);
    var stage = el("div", "zf-exam-stage");
    mount.appendChild(stage);
    var nav = el("div", "zf-exam-nav");
    var prev = el("button", "zf-exam-prev", "上一题"), next = el("button", "zf-exam-next", "下一题");
    var flagLabel = el("label", "zf-exam-flag"), flag = document.createElement("input");
    flag.type = "checkbox";
    flagLabel.appendChild(flag);
    flagLabel.appendChild(document.createTextNode(" 标记本题"));
    [prev, next].forEach(function (b) { b.type = "button"; });
    nav.appendChild(prev); nav.appendChild(flagLabel); nav.appendChild(next);
    mount.appendChild(nav);
    var sheet = el("div", "zf-exam-sheet");
    sheet.appendChild(el("h2", "", "答题卡"));
    var grid = el("ol", "zf-exam-grid");
    sheet.appendChild(grid);
    mount.appendChild(sheet);
    var confirmBox = el("div", "zf-exam-confirm");
    confirmBox.hidden = true;
    mount.appendChild(confirmBox);

    function paintSheet() {
      grid.textContent = "";
      var answered = 0, flagged = 0;
      exam.items.forEach(function (it, k) {
        var done = (exam.answers[it.id] || []).length > 0, flg = !!exam.flags[it.id];
        if (done) answered += 1;
        if (flg) flagged += 1;
        var li = el("li");
        var b = el("button", "zf-sheet-cell" + (done ? " is-answered" : "") + (flg ? " is-flagged" : "") + (k === exam.current ? " is-current" : ""), String(k + 1));
        b.type = "button";
        b.setAttribute("aria-label", "第 " + (k + 1) + " 题" + (done ? "，已答" : "，未答") + (flg ? "，已标记" : ""));
        b.addEventListener("click", function () { exam.current = k; save(exam); show(); });
        li.appendChild(b);
        grid.appendChild(li);
      });
      counts.textContent = "已答 " + answered + " · 未答 " + (exam.items.length - answered) + " · 标记 " + flagged;
      return exam.items.length - answered;
    }
    function show() {
      var it = exam.items[exam.current];
      if (!it) { stage.textContent = ""; paintSheet(); return; }
      if (!map[it.id]) {  // body not fetched yet: fetch its part, then show (unless the trainee moved on)
        bank.bodies([it.id]).then(function (got) {
          map[it.id] = got[it.id];
          if (mine === screen && exam.items[exam.current] === it) show();
        }, failed);
        return;
      }
      if (!prefetched) {  // after the first question is up: the rest of the paper, so moving on and scoring need no wait
        prefetched = true;
        bank.bodies(ids(exam)).then(function (got) { Object.assign(map, got); }, function () { /* fetched again on demand */ });
      }
      stage.textContent = "";
      var c = Q.card(map[it.id], { number: exam.current + 1, order: it.order, mode: "exam", scope: "-exam",
        chosen: exam.answers[it.id] || [],
        onChange: function (chosen) { exam.answers[it.id] = chosen; save(exam); paintSheet(); } });
      var ol = el("ul", "zf-pq zf-exam-q");
      ol.appendChild(c.el);
      stage.appendChild(ol);
      flag.checked = !!exam.flags[it.id];
      prev.disabled = exam.current === 0;
      next.disabled = exam.current >= exam.items.length - 1;
      paintSheet();
    }
    prev.addEventListener("click", function () { exam.current -= 1; save(exam); show(); });
    next.addEventListener("click", function () { exam.current += 1; save(exam); show(); });
    flag.addEventListener("change", function () {
      var it = exam.items[exam.current];
      if (flag.checked) exam.flags[it.id] = true; else delete exam.flags[it.id];
      save(exam); paintSheet();
    });
    submit.addEventListener("click", function () {
      var left = paintSheet();
      confirmBox.textContent = "";
      confirmBox.appendChild(el("p", "", left ? "还有 " + left + " 题未答，确定交卷吗？" : "确定交卷吗？"));
      var yes = el("button", "zf-exam-confirm-yes", "确定交卷"), no = el("button", "zf-exam-confirm-no", "继续作答");
      [yes, no].forEach(function (b) { b.type = "button"; confirmBox.appendChild(b); });
      yes.addEventListener("click", function () { finish(exam); });
      no.addEventListener("click", function () { confirmBox.hidden = true; });
      confirmBox.hidden = false;
      yes.focus();
    });
    function tick() {
      var left = exam.endsAt - Date.now();
      clock.textContent = "剩余 " + fmt(left);
      if (left <= 0) finish(exam);
    }
    clearInterval(timer);
    timer = setInterval(tick, 1000);
    tick();
    show();
  }

  function finish(exam) {
    clearInterval(timer);
    if (finishing === exam) return;  // the submit button and the countdown may both get here
    finishing = exam;
    bank.bodies(ids(exam)).then(function (map) {
      finishing = null;
      exam.submitted = true;
      exam.submittedAt = Date.now();
      exam.result = score(exam, map);
      save(exam);
      exam.items.forEach(function (it) {
        S.record(it.id, Q.same(exam.answers[it.id] || [], map[it.id].answer));
      });
      startScreen(exam);
    }, function () { finishing = null; failed(); });
  }

  function result(exam, below) {
    var mine = screen;
    bank.bodies(ids(exam)).then(function (map) {
      if (mine === screen) showResult(exam, below, map);  // not if the trainee has started a new paper
    }, failed);
  }

  function showResult(exam, below, map) {
    var r = score(exam, map), bp = bank.blueprint;
    var box = el("section", "zf-exam-result");
    box.setAttribute("aria-label", "考试成绩");
    var passed = r.got >= bp.pass;
    box.appendChild(el("h2", "", "上次考试成绩"));
    box.appendChild(el("p", "zf-exam-score " + (passed ? "is-pass" : "is-fail"),
      "得分 " + r.got + " / " + r.total + "，" + (passed ? "及格" : "不及格") + "（" + bp.pass + " 分及格）"));
    var exp = el("p", "zf-exam-export");
    var nameLabel = el("label", "", "姓名 ");
    var nameInput = document.createElement("input");
    nameInput.type = "text";
    nameInput.className = "zf-exam-name";
    nameLabel.appendChild(nameInput);
    exp.appendChild(nameLabel);
    exp.appendChild(document.createTextNode(" "));
    var dl = el("button", "zf-exam-download", "导出成绩文件（交给培训师）");
    dl.type = "button";
    dl.addEventListener("click", function () {
      // version 2: each item with the version of the question the trainee saw, so the file stays
      // scorable after rebuilds that leave those questions unchanged
      var data = { format: "zhifa-attempt", version: 2, name: nameInput.value.trim(), seed: exam.seed,
                   bankVersion: exam.bankVersion, blueprint: bp.name, startedAt: exam.startedAt,
                   submittedAt: exam.submittedAt, answers: exam.answers,
                   items: exam.items.map(function (it) { return { id: it.id, v: it.v, order: it.order, points: it.points }; }) };
      var a = document.createElement("a");
      a.href = URL.createObjectURL(new Blob([JSON.stringify(data)], { type: "application/json" }));
      a.download = "成绩-" + (data.name || "学员") + "-" + exam.seed + ".json";
      document.body.appendChild(a);
      a.click();
      a.remove();
    });
    exp.appendChild(dl);
    box.appendChild(exp);
    var t = el("table", "zf-table zf-exam-breakdown");
    var head = el("tr"); ["题型", "得分", "满分"].forEach(function (h) { head.appendChild(el("th", "", h)); }); t.appendChild(head);
    Object.keys(r.byType).forEach(function (k) {
      var tr = el("tr"); [k, r.byType[k].got, r.byType[k].total].forEach(function (v) { tr.appendChild(el("td", "", String(v))); }); t.appendChild(tr);
    });
    box.appendChild(t);
    var c = el("table", "zf-table zf-exam-chapters");
    var h2 = el("tr"); ["章节", "答对", "题数"].forEach(function (h) { h2.appendChild(el("th", "", h)); }); c.appendChild(h2);
    var order = bank.chapters.map(function (c) { return c.standard + c.label; });
    Object.keys(r.byChapter).sort(function (a, b) { return order.indexOf(a) - order.indexOf(b); }).forEach(function (k) {
      var tr = el("tr"); [k, r.byChapter[k].right, r.byChapter[k].count].forEach(function (v) { tr.appendChild(el("td", "", String(v))); }); c.appendChild(tr);
    });
    box.appendChild(c);
    box.appendChild(el("h3", "", r.wrong.length ? "错题回顾（" + r.wrong.length + " 题）" : "全部答对"));
    var ol = el("ol", "zf-pq zf-exam-review");
    r.wrong.forEach(function (w) {
      var card = Q.card(map[w.item.id], { order: w.item.order, mode: "exam", scope: "-review", chosen: w.picked });
      card.review(w.picked);
      ol.appendChild(card.el);
    });
    box.appendChild(ol);
    if (below) mount.appendChild(box); else mount.insertBefore(box, mount.firstChild);
  }

  Q.openBank(mount.getAttribute("data-bank")).then(function (data) {
    bank = data;
    var exam = S.load().exam;
    if (exam && !exam.submitted) {
      exam = reconcile(exam, bank);
      save(exam);
      if (Date.now() >= exam.endsAt) finish(exam); else running(exam);
    } else {
      if (exam && exam.submitted) reconcile(exam, bank);
      startScreen(exam && exam.submitted ? exam : null);
    }
  }).catch(failed);

})();
