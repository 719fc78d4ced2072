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
  // a blueprint quota (bank/blueprint.py matches): standards, chapters and difficulty, all that are given
  function matches(quota, q) {
    if (!inScope({ type: q.type, standards: quota.standards, chapters: quota.chapters }, q)) return false;
    return quota.difficulty === undefined || [].concat(quota.difficulty).indexOf(q.difficulty) >= 0;
  }

  function draw(bank, seed) {
    var bp = bank.blueprint, rnd = prng(seed), items = [], used = {};
    bp.sections.forEach(function (section) {
      var picked = [];
      (section.quotas || []).forEach(function (quota) {  // quotas first, in the order written (as bank/paper.py)
        shuffle(bank.questions.filter(function (q) { return inScope(section, q) && matches(quota, q) && !used[q.id]; }), rnd)
          .slice(0, quota.count).forEach(function (q) { used[q.id] = true; picked.push(q); });
      });
      var pool = shuffle(bank.questions.filter(function (q) { return inScope(section, q) && !used[q.id]; }), rnd);
      picked = picked.concat(pool.slice(0, section.count - picked.length));
      if (section.quotas && section.quotas.length && bp.shuffle) picked = shuffle(picked, rnd);
      picked.forEach(function (q) {
        used[q.id] = true;
        var letters = q.letters || q.options.map(function (o) { return o[0]; });
        items.push({ id: q.id, v: q.v, type: q.type, points: section.points,
                     order: bp.shuffle && q.type !== "判断" ? shuffle(letters, rnd) : letters });
      });
    });
    var now = Date.now();
    return { bankVersion: bank.version, seed: seed, startedAt: now, endsAt: now + bp.duration * 60000,
             items: items, answers: {}, flags: {}, touched: {}, current: 0, submitted: false, notice: "" };
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
    removed.forEach(function (it) { delete exam.answers[it.id]; delete exam.flags[it.id]; if (exam.touched) delete exam.touched[it.id]; });
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

  var bank = null, timer = null, screen = 0, finishing = null, current = null;
  var WARN_MS = 5 * 60000;

  // Save and take over what another tab saved for the same attempt (answers merged question by question).
  function adopt(exam, merged) {
    if (merged && merged !== exam && S.sameAttempt(merged, exam)) {
      ["answers", "flags", "touched", "warned", "submitted", "submittedAt", "timeUp", "result"].forEach(function (k) {
        if (merged[k] !== undefined) exam[k] = merged[k];
      });
    }
    return exam;
  }
  function save(exam) { return adopt(exam, S.setExam(exam)); }
  function failed() { clearInterval(timer); mount.textContent = Q.FAILED; }
  // The site was rebuilt under the page (a new version took over): reload it, once a minute at most; the saved
  // attempt is continued against the new bank (reconcile), nothing answered is lost. True if reloading.
  function reloadOnce(err) {
    var mark = "zhifa-exam-reloaded";
    if (!(err && err.bankChanged) || Date.now() - Number(sessionStorage.getItem(mark) || 0) <= 60000) return false;
    sessionStorage.setItem(mark, String(Date.now()));
    window.location.reload();
    return true;
  }
  function clockTime(ms) {
    var d = new Date(ms);
    return (d.getHours() < 10 ? "0" : "") + d.getHours() + ":" + (d.getMinutes() < 10 ? "0" : "") + d.getMinutes();
  }
  function button(text, cls) {
    var b = el("button", cls, text);
    b.type = "button";
    return b;
  }

  function startScreen(last, justSubmitted) {
    clearInterval(timer);
    screen += 1;
    current = null;
    mount.textContent = "";
    mount.classList.remove("zf-exam-running");
    var bp = bank.blueprint;
    var asked = new URLSearchParams(window.location.search).get("seed");
    var fixed = asked !== null && /^[0-9]{1,10}$/.test(asked) && Number(asked) < 4294967296 ? Number(asked) : null;
    var go = button(fixed !== null ? "开始考试（试卷编号 " + fixed + "）" : last ? "再考一次（重新抽题）" : "开始考试", "zf-exam-begin");
    go.addEventListener("click", function () {
      var open = S.load().exam;  // an attempt started meanwhile in another tab is continued, not replaced
      if (open && !open.submitted && open.bankVersion === bank.version && Date.now() < open.endsAt) { running(open, true); return; }
      var exam = draw(bank, fixed !== null ? fixed : Math.floor(Math.random() * 4294967296));
      save(exam);
      running(exam, true);
    });
    if (last) {  // the score comes first, 再考一次 right under it
      result(last, go, justSubmitted);
      return;
    }
    var box = el("div", "zf-exam-start");
    var parts = bp.sections.map(function (s) { return s.type + " " + s.count + " 题 × " + s.points + " 分"; }).join("，");
    var rules = el("p", "zf-exam-rules", "共 " + bp.sections.reduce(function (n, s) { return n + s.count; }, 0) + " 题（" + parts
      + "），满分 " + bp.total + " 分，" + bp.pass + " 分及格，限时 " + bp.duration + " 分钟。多选题全部选对才得分。只抽取已审核的试题。");
    box.appendChild(el("h2", "", bp.name));
    box.appendChild(rules);
    if (fixed !== null) box.appendChild(el("p", "zf-exam-seed", "试卷编号 " + fixed + "：与按此编号打印的试卷相同（题库版本 " + bank.version + "）。"));
    box.appendChild(el("p", "zf-exam-tip", "作答中可以随时刷新或关闭页面，回来后接着答，倒计时不会重置；剩 5 分钟时会提醒，时间到自动交卷。"));
    box.appendChild(go);
    mount.appendChild(box);
  }

  function running(exam, focus) {
    var map = {}, mine = ++screen, prefetched = false;
    current = exam;
    mount.textContent = "";
    mount.classList.add("zf-exam-running");
    if (exam.notice) {
      var n = el("p", "zf-exam-notice", exam.notice);
      n.setAttribute("role", "alert");
      mount.appendChild(n);
    }
    var bar = el("div", "zf-exam-bar");
    bar.setAttribute("role", "region");
    bar.setAttribute("aria-label", "考试状态");
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
    var toSheet = button("答题卡", "zf-exam-to-sheet");
    bar.appendChild(toSheet);
    var submit = button("交卷", "zf-exam-submit");
    bar.appendChild(submit);
    var warning = el("p", "zf-exam-warning");
    warning.setAttribute("role", "alert");
    warning.hidden = true;
    bar.appendChild(warning);
    mount.appendChild(bar);
    var stage = el("div", "zf-exam-stage");
    mount.appendChild(stage);
    var nav = el("div", "zf-exam-nav");
    var prev = button("上一题", "zf-exam-prev"), next = button("下一题", "zf-exam-next");
    var flagLabel = el("label", "zf-exam-flag"), flag = document.createElement("input");
    flag.type = "checkbox";
    flagLabel.appendChild(flag);
    flagLabel.appendChild(document.createTextNode(" 标记本题"));
    nav.appendChild(prev); nav.appendChild(flagLabel); nav.appendChild(next);
    mount.appendChild(nav);
    var sheet = el("section", "zf-exam-sheet");
    sheet.setAttribute("aria-labelledby", "zf-exam-sheet-title");
    var sheetTitle = el("h2", "", "答题卡");
    sheetTitle.id = "zf-exam-sheet-title";
    sheetTitle.tabIndex = -1;
    sheet.appendChild(sheetTitle);
    sheet.appendChild(Q.legend("zf-exam-legend", "zf-exam-swatch",
      [["is-answered", "已答"], ["", "未答"], ["is-flagged", "已标记"], ["is-current", "当前题"]]));
    var grid = el("ol", "zf-exam-grid");
    sheet.appendChild(grid);
    mount.appendChild(sheet);
    var confirmBox = el("dialog", "zf-exam-confirm");
    confirmBox.setAttribute("aria-labelledby", "zf-exam-confirm-title");
    mount.appendChild(confirmBox);
    var card = null;

    function paintSheet() {
      var hadFocus = grid.contains(document.activeElement) ? document.activeElement.getAttribute("data-k") : null;
      grid.textContent = "";
      var answered = 0, flagged = 0;
      exam.items.forEach(function (it, k) {
        var done = (exam.answers[it.id] || []).length > 0, flg = !!exam.flags[it.id];
        if (done) answered += 1;
        if (flg) flagged += 1;
        var li = el("li");
        var b = button(String(k + 1), "zf-sheet-cell" + (done ? " is-answered" : "") + (flg ? " is-flagged" : "") + (k === exam.current ? " is-current" : ""));
        b.setAttribute("data-k", String(k));
        b.setAttribute("aria-label", "第 " + (k + 1) + " 题" + (done ? "，已答" : "，未答") + (flg ? "，已标记" : ""));
        if (k === exam.current) b.setAttribute("aria-current", "step");
        b.addEventListener("click", function () { go(k, true); });
        li.appendChild(b);
        grid.appendChild(li);
      });
      if (hadFocus !== null) { var f = grid.querySelector("[data-k='" + hadFocus + "']"); if (f) f.focus(); }
      counts.textContent = "";
      counts.appendChild(el("span", "", "已答 " + answered));
      counts.appendChild(el("span", "zf-exam-left", " · 未答 " + (exam.items.length - answered)));
      counts.appendChild(el("span", "", " · 标记 " + flagged));
      return exam.items.length - answered;
    }
    function go(k, focus) {
      exam.current = Math.max(0, Math.min(exam.items.length - 1, k));
      save(exam);
      show(focus);
    }
    function show(focus) {
      var it = exam.items[exam.current];
      if (!it) { stage.textContent = ""; paintSheet(); return; }
      if (!map[it.id]) {  // body not fetched yet: fetch its part, then show (unless the trainee moved on)
        bank.bodies([it.id]).then(function (got) {
          map[it.id] = got[it.id];
          if (mine === screen && exam.items[exam.current] === it) show(focus);
        }, function (err) {  // a lost connection costs this question's view, not the paper: the clock and sheet stay
          if (mine !== screen || exam.items[exam.current] !== it) return;
          // the site was rebuilt under the page (a new version took over): reload once; the saved attempt is
          // continued against the new bank (reconcile), nothing answered is lost
          if (reloadOnce(err)) return;
          stage.textContent = "";
          var note = el("p", "zf-exam-notice zf-exam-retry", "第 " + (exam.current + 1) + " 题加载失败（网络中断或站点刚刚更新）。已答的题目都已保存。");
          note.setAttribute("role", "alert");
          var again = button("重新加载本题", "zf-exam-retry-button");
          again.addEventListener("click", function () {  // a stale bank needs the page itself reloaded
            if (err && err.bankChanged) window.location.reload(); else show(true);
          });
          note.appendChild(again);
          stage.appendChild(note);
          paintSheet();
        });
        return;
      }
      if (!prefetched) {  // after the first question is up: the rest of the paper, so moving on and scoring need no wait
        prefetched = true;
        bank.bodies(ids(exam)).then(function (got) { Object.assign(map, got); }, function () { /* fetched again on demand */ });
      }
      stage.textContent = "";
      card = Q.card(map[it.id], { number: exam.current + 1, order: it.order, mode: "exam", scope: "-exam",
        chosen: exam.answers[it.id] || [],
        onChange: function (chosen) {
          exam.answers[it.id] = chosen;
          exam.touched = exam.touched || {};
          exam.touched[it.id] = Date.now();
          save(exam); paintSheet();
        } });
      var ol = el("ul", "zf-pq zf-exam-q");
      ol.appendChild(card.el);
      stage.appendChild(ol);
      flag.checked = !!exam.flags[it.id];
      prev.disabled = exam.current === 0;
      next.disabled = exam.current >= exam.items.length - 1;
      paintSheet();
      if (focus === true) card.focus();
      else if (focus === "button") {  // 上一题/下一题 keep the focus; the new question is brought into view
        if (document.activeElement === document.body || (document.activeElement && document.activeElement.disabled)) card.focus();
        else Q.reveal(stage.querySelector(".zf-q-stem") || stage);
      }
    }
    prev.addEventListener("click", function () { go(exam.current - 1, "button"); });
    next.addEventListener("click", function () { go(exam.current + 1, "button"); });
    toSheet.addEventListener("click", function () { sheetTitle.focus({ preventScroll: true }); Q.reveal(sheet, true); });
    flag.addEventListener("change", function () {
      var it = exam.items[exam.current];
      if (flag.checked) exam.flags[it.id] = true; else delete exam.flags[it.id];
      exam.touched = exam.touched || {};
      exam.touched[it.id] = Date.now();
      save(exam); paintSheet();
    });
    submit.addEventListener("click", function () {
      var left = paintSheet(), flagged = Object.keys(exam.flags).length;
      confirmBox.textContent = "";
      var title = el("h2", "", "确定交卷吗？");
      title.id = "zf-exam-confirm-title";
      confirmBox.appendChild(title);
      confirmBox.appendChild(el("p", "", left ? "还有 " + left + " 题未答" + (flagged ? "，" + flagged + " 题已标记" : "") + "。交卷后不能再修改答案，未答的题不得分。"
        : (flagged ? flagged + " 题已标记，" : "") + "全部题目都已作答。交卷后不能再修改答案。"));
      var actions = el("p", "zf-exam-confirm-actions");
      var no = button("继续作答", "zf-exam-confirm-no"), yes = button("确定交卷", "zf-exam-confirm-yes");
      actions.appendChild(no); actions.appendChild(yes);
      confirmBox.appendChild(actions);
      yes.addEventListener("click", function () { confirmBox.close(); finish(exam, interrupted); });
      no.addEventListener("click", function () { confirmBox.close(); });
      confirmBox.showModal();
      no.focus();
    });
    confirmBox.addEventListener("close", function () { if (mine === screen) submit.focus(); });
    function tick() {
      var left = exam.endsAt - Date.now();
      clock.textContent = "剩余 " + fmt(left);
      var late = left <= WARN_MS;
      bar.classList.toggle("is-late", late);
      if (late && left > 0 && warning.hidden) {
        warning.hidden = false;
        warning.textContent = "还剩不到 5 分钟：请检查未答和标记的题目，时间到将自动交卷。";
        if (!exam.warned) { exam.warned = true; save(exam); }
      }
      if (left <= 0) finish(exam, interrupted);  // after a failed scoring fetch: tried again every second
    }
    // scoring needs the paper's bodies: if they cannot be fetched, the paper stays open with its answers
    function interrupted(err) {
      if (mine !== screen || reloadOnce(err)) return;
      warning.hidden = false;
      warning.textContent = "交卷时题库加载失败（网络中断或站点刚刚更新）：所有答案都已保存。"
        + (Date.now() >= exam.endsAt ? "恢复连接后自动交卷。" : "请检查网络后再点“交卷”。");
      clearInterval(timer);
      timer = setInterval(tick, 1000);
    }
    running.sync = function (stored) {  // another tab saved this attempt
      if (!exam.items.length) return;
      var before = JSON.stringify(exam.answers[exam.items[exam.current].id] || []);
      adopt(exam, S.mergeExam(exam, stored));  // in memory only: the stored copy already holds both tabs' work
      if (exam.submitted) { startScreen(exam, false); return; }
      if (JSON.stringify(exam.answers[exam.items[exam.current].id] || []) !== before) show(false); else paintSheet();
    };
    clearInterval(timer);
    timer = setInterval(tick, 1000);
    tick();
    show(focus ? true : false);
  }

  function finish(exam, interrupted) {
    clearInterval(timer);
    if (finishing === exam) return;  // the submit button and the countdown may both get here
    finishing = exam;
    save(exam);  // take in what another tab answered; if it submitted already, show that result
    if (exam.submitted) { finishing = null; startScreen(exam, true); return; }
    var timeUp = Date.now() >= exam.endsAt;
    bank.bodies(ids(exam)).then(function (map) {
      finishing = null;
      exam.submitted = true;
      exam.submittedAt = timeUp ? Math.min(Date.now(), exam.endsAt) : Date.now();
      if (timeUp) exam.timeUp = { closed: Date.now() - exam.endsAt > 2000 };
      exam.result = score(exam, map);
      save(exam);
      S.addExamRecord(exam, bank.blueprint.pass);  // 成绩记录 keeps every attempt; 再考一次 starts a new one
      // the 错题本 and history take the questions answered, once each (the key guards against a second tab);
      // a question left unanswered was never seen and is not a mistake to practise
      exam.items.forEach(function (it) {
        var picked = exam.answers[it.id] || [];
        if (picked.length) S.record(it.id, Q.same(picked, map[it.id].answer), "exam:" + exam.seed + ":" + exam.startedAt + ":" + it.id);
      });
      startScreen(exam, true);
    }, function (err) { finishing = null; if (interrupted) interrupted(err); else failed(); });
  }

  function result(exam, go, justSubmitted) {
    var mine = screen;
    var wait = el("p", "zf-exam-wait", "正在评分……");
    mount.appendChild(wait);
    bank.bodies(ids(exam)).then(function (map) {
      if (mine === screen) showResult(exam, go, justSubmitted, map);  // not if the trainee has started a new paper
    }, failed);
  }

  function showResult(exam, go, justSubmitted, map) {
    mount.textContent = "";
    var r = score(exam, map), bp = bank.blueprint;
    var box = el("section", "zf-exam-result");
    box.setAttribute("aria-labelledby", "zf-exam-result-title");
    var passed = r.got >= bp.pass;
    var h = el("h2", "", justSubmitted ? "考试成绩" : "上次考试成绩");
    h.id = "zf-exam-result-title";
    h.tabIndex = -1;
    box.appendChild(h);
    if (exam.timeUp) {
      var up = el("p", "zf-exam-notice zf-exam-timeup", exam.timeUp.closed
        ? "时间到，已自动交卷：考试已于 " + clockTime(exam.endsAt) + " 结束（当时页面未打开），按结束时保存的作答评分。"
        : "时间到，已自动交卷。");
      up.setAttribute("role", "alert");
      box.appendChild(up);
    }
    var answered = exam.items.filter(function (it) { return (exam.answers[it.id] || []).length; }).length;
    var right = exam.items.length - r.wrong.length;
    box.appendChild(el("p", "zf-exam-score " + (passed ? "is-pass" : "is-fail"),
      "得分 " + r.got + " / " + r.total + "，" + (passed ? "及格" : "不及格") + "（" + bp.pass + " 分及格）"));
    box.appendChild(el("p", "zf-exam-summary", "共 " + exam.items.length + " 题：答对 " + right + " 题，答错 " + (answered - right)
      + " 题，未答 " + (exam.items.length - answered) + " 题。试卷编号 " + exam.seed + "。"));
    var actions = el("p", "zf-exam-actions");
    actions.appendChild(go);
    box.appendChild(actions);
    var exp = el("p", "zf-exam-export");
    var nameLabel = el("label", "", "姓名 ");
    var nameInput = document.createElement("input");
    nameInput.type = "text";
    nameInput.className = "zf-exam-name";
    nameInput.autocomplete = "name";
    nameLabel.appendChild(nameInput);
    exp.appendChild(nameLabel);
    exp.appendChild(document.createTextNode(" "));
    var unitLabel = el("label", "", "单位 ");  // the gradebook lists trainees by unit
    var unitInput = document.createElement("input");
    unitInput.type = "text";
    unitInput.className = "zf-exam-unit";
    unitInput.autocomplete = "organization";
    unitLabel.appendChild(unitInput);
    exp.appendChild(unitLabel);
    exp.appendChild(document.createTextNode(" "));
    var dl = button("导出成绩文件（交给培训师）", "zf-exam-download");
    dl.addEventListener("click", function () {
      // version 2: each item with the version of the question the trainee saw, so the file stays
      // scorable after rebuilds that leave those questions unchanged
      // score: as this page showed it; the trainer's report re-scores and lists a file whose score differs
      var data = { format: "zhifa-attempt", version: 2, name: nameInput.value.trim(), unit: unitInput.value.trim(),
                   seed: exam.seed, score: r.got,
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
    var head = el("tr"); ["题型", "得分", "满分"].forEach(function (x) { head.appendChild(el("th", "", x)); }); t.appendChild(head);
    Object.keys(r.byType).forEach(function (k) {
      var tr = el("tr"); [k, r.byType[k].got, r.byType[k].total].forEach(function (v) { tr.appendChild(el("td", "", String(v))); }); t.appendChild(tr);
    });
    box.appendChild(t);
    var c = el("table", "zf-table zf-exam-chapters");
    var h2 = el("tr"); ["章节", "答对", "题数"].forEach(function (x) { h2.appendChild(el("th", "", x)); }); c.appendChild(h2);
    var order = bank.chapters.map(function (ch) { return ch.standard + ch.label; }), group = null;
    Object.keys(r.byChapter).sort(function (a, b) { return order.indexOf(a) - order.indexOf(b); }).forEach(function (k) {
      var ch = bank.chapters[order.indexOf(k)], label = ch ? ch.label : k;
      if (ch && ch.standard !== group) {  // the standard's name once, above its chapters
        group = ch.standard;
        var gr = el("tr", "zf-exam-group"), th = el("th", "", group);
        th.colSpan = 3; th.scope = "colgroup";
        gr.appendChild(th); c.appendChild(gr);
      }
      var tr = el("tr"); [label, r.byChapter[k].right, r.byChapter[k].count].forEach(function (v) { tr.appendChild(el("td", "", String(v))); }); c.appendChild(tr);
    });
    box.appendChild(c);
    // 试题回顾: every question with its number, its answer (or 未作答) and the explanation; 错题 alone on request
    box.appendChild(el("h3", "", "试题回顾"));
    var views = el("div", "zf-mode zf-exam-review-views");
    views.setAttribute("role", "group");
    views.setAttribute("aria-label", "回顾范围");
    var vWrong = button("错题和未答（" + r.wrong.length + "）", "zf-exam-view-wrong");
    var vAll = button("全部试题（" + exam.items.length + "）", "zf-exam-view-all");
    views.appendChild(vWrong); views.appendChild(vAll);
    box.appendChild(views);
    var wrongList = el("ol", "zf-pq zf-exam-review"), allList = el("ol", "zf-pq zf-exam-all");
    var wrongIds = {};
    r.wrong.forEach(function (w) { wrongIds[w.item.id] = true; });
    exam.items.forEach(function (it, k) {
      var picked = exam.answers[it.id] || [];
      [allList].concat(wrongIds[it.id] ? [wrongList] : []).forEach(function (list) {
        var cd = Q.card(map[it.id], { number: k + 1, order: it.order, mode: "exam", scope: "-review-" + list.className.slice(-3), chosen: picked });
        cd.review(picked);
        list.appendChild(cd.el);
      });
    });
    if (!r.wrong.length) wrongList.appendChild(el("li", "zf-exam-allright", "全部答对，没有错题。"));
    box.appendChild(wrongList);
    box.appendChild(allList);
    function view(all) {
      vAll.setAttribute("aria-pressed", String(all)); vWrong.setAttribute("aria-pressed", String(!all));
      allList.hidden = !all; wrongList.hidden = all;
    }
    vWrong.addEventListener("click", function () { view(false); });
    vAll.addEventListener("click", function () { view(true); });
    view(!r.wrong.length);
    mount.appendChild(box);
    if (justSubmitted) { h.focus({ preventScroll: true }); Q.reveal(mount, true); }
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
    S.onChange(function (state) {  // another tab started, answered or submitted
      var other = state.exam;
      if (!other || finishing) return;
      if (current && S.sameAttempt(current, other)) { if (running.sync) running.sync(other); return; }
      if (!current && !other.submitted && other.bankVersion === bank.version && Date.now() < other.endsAt) running(other);
    });
  }).catch(failed);

})();
