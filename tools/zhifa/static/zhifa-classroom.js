// 课堂竞赛 (以赛促训): a projector view for the trainer. Once a round starts it covers the whole window (no site
// header or sidebar; 全屏 asks the browser for full screen): one question at a time in type sized to the screen,
// a large countdown, reveal of the answer and 解析, the team scoreboard always in view (the question scrolls and
// shrinks, never the board) and a final ranking. Keys: → or N next, ← previous, R or space reveal, P pause,
// 1–9 (top row or numpad) add a point to a team (with Shift or after − : take one away), F finish; a presenter
// clicker's PageDown reveals, then goes on, its PageUp goes back.
(function () {
  "use strict";
  var mount = document.querySelector("[data-zf-classroom]");
  if (!mount) return;
  var Q = window.ZhifaQuiz, el = Q.el;
  var bank = null, game = null, timer = null;

  function setup() {
    mount.textContent = "";
    var form = el("form", "zf-class-setup");
    function field(label, input) { var l = el("label", "zf-class-field", label + " "); l.appendChild(input); form.appendChild(l); return input; }
    var source = document.createElement("select");
    var opt = el("option", "", "按考试蓝图随机抽题"); opt.value = ""; source.appendChild(opt);
    bank.chapters.forEach(function (c) { var o = el("option", "", c.standard + c.label); o.value = c.doc; source.appendChild(o); });
    field("题目来源", source);
    var count = document.createElement("input"); count.type = "number"; count.min = "1"; count.value = "10";
    field("题数", count);
    var seconds = document.createElement("input"); seconds.type = "number"; seconds.min = "5"; seconds.value = "30";
    field("每题秒数", seconds);
    var teams = document.createElement("input"); teams.type = "text"; teams.value = "甲队，乙队，丙队";
    field("参赛队（用逗号分隔）", teams);
    var go = el("button", "zf-class-start", "开始竞赛"); go.type = "submit"; form.appendChild(go);
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var pool = bank.questions.filter(function (q) { return q.reviewed && (!source.value || q.docs.indexOf(source.value) >= 0); });
      if (!source.value && window.ZhifaExam) {
        pool = mix(window.ZhifaExam.draw(bank, Math.floor(Math.random() * 4294967296)).items, Math.max(1, Number(count.value) || 10))
          .map(function (it) { return bank.byId[it.id]; });
      } else {
        pool = pool.slice();
        for (var i = pool.length - 1; i > 0; i--) { var j = Math.floor(Math.random() * (i + 1)); var t = pool[i]; pool[i] = pool[j]; pool[j] = t; }
      }
      var names = teams.value.split(/[,，、\s]+/).filter(Boolean).slice(0, 9);
      var chosen = pool.slice(0, Math.max(1, Number(count.value) || 10)).map(function (q) { return q.id; });
      go.disabled = true;
      bank.bodies(chosen).then(function (map) {  // only the drawn questions' bodies are fetched
        game = { questions: chosen.map(function (id) { return map[id]; }), at: 0, seconds: Math.max(5, Number(seconds.value) || 30),
                 teams: names.map(function (n) { return { name: n, score: 0 }; }), revealed: false, paused: false, left: 0 };
        show();
      }, function () { mount.textContent = Q.FAILED; });
    });
    mount.appendChild(form);
    mount.appendChild(el("p", "zf-class-keys", "开始后画面占满窗口（点“全屏”可让浏览器全屏）。键盘：→ 或 N 下一题，← 上一题，R 或空格 显示答案，P 暂停/继续，"
      + "1–9（含小键盘）给对应队加分（按住 Shift 或先按 − 则减分），F 结束并排名；翻页笔：下翻页先显示答案、再下一题，上翻页回上一题。"));
  }

  // The blueprint's mix for a round of n: from a drawn paper, each part's share of n (largest remainders), the
  // parts' questions then shuffled together, so a round of 10 is not ten 单选.
  function mix(items, n) {
    var parts = [], total = items.length;
    items.forEach(function (it) {
      var part = parts.filter(function (p) { return p.type === it.type; })[0];
      if (!part) { part = { type: it.type, items: [] }; parts.push(part); }
      part.items.push(it);
    });
    n = Math.min(n, total);
    parts.forEach(function (p) { p.exact = n * p.items.length / total; p.take = Math.floor(p.exact); });
    var left = n - parts.reduce(function (a, p) { return a + p.take; }, 0);
    parts.slice().sort(function (a, b) { return (b.exact - b.take) - (a.exact - a.take); }).slice(0, left)
      .forEach(function (p) { p.take += 1; });
    var out = [];
    parts.forEach(function (p) { out = out.concat(p.items.slice(0, p.take)); });
    for (var i = out.length - 1; i > 0; i--) { var j = Math.floor(Math.random() * (i + 1)); var t = out[i]; out[i] = out[j]; out[j] = t; }
    return out;
  }

  // Projector mode: the round covers the window; the site's chrome stays out of sight until the round ends.
  function projector(on) {
    document.body.classList.toggle("zf-projector", on);
    mount.classList.toggle("zf-class-running", on);
  }
  function fullScreen() {
    var root = document.documentElement;
    if (document.fullscreenElement) document.exitFullscreen();
    else if (root.requestFullscreen) root.requestFullscreen().catch(function () {});
  }
  // Shrink the question's type until it fits above the scoreboard (long 案例 material), never below a floor.
  function fit(body) {
    var size = parseFloat(window.getComputedStyle(body).fontSize), floor = Math.max(14, window.innerHeight / 48);
    while (body.scrollHeight > body.clientHeight + 1 && size > floor) {
      size -= 1;
      body.style.fontSize = size + "px";
    }
  }

  function show() {
    clearInterval(timer);
    mount.textContent = "";
    projector(true);
    var q = game.questions[game.at];
    game.revealed = false;
    game.left = game.seconds;
    var stage = el("div", "zf-class-stage");
    var top = el("div", "zf-class-top");
    top.appendChild(el("p", "zf-class-pos", "第 " + (game.at + 1) + " / " + game.questions.length + " 题 · " + q.type));
    var clock = el("p", "zf-class-clock");
    clock.setAttribute("role", "timer");
    top.appendChild(clock);
    var full = el("button", "zf-class-full", "全屏"); full.type = "button";
    full.addEventListener("click", fullScreen);
    top.appendChild(full);
    stage.appendChild(top);
    var body = el("div", "zf-class-body");
    body.tabIndex = 0;  // scrollable by keyboard when long
    stage.appendChild(body);
    if (q.material) body.appendChild(el("p", "zf-class-material", q.material));
    body.appendChild(el("p", "zf-class-stem", q.stem));
    var opts = el("ol", "zf-class-options");
    if (q.type !== "判断") q.options.forEach(function (o) { opts.appendChild(el("li", "", o[1])); });
    else ["正确", "错误"].forEach(function (o) { opts.appendChild(el("li", "zf-class-tf", o)); });
    body.appendChild(opts);
    var answer = el("div", "zf-class-answer");
    answer.hidden = true;
    answer.setAttribute("aria-live", "polite");
    answer.appendChild(el("p", "zf-class-key", "答案：" + q.answer.join("")));
    var exp = el("p", "zf-class-explanation");
    exp.appendChild(document.createTextNode("解析："));
    q.explanation.forEach(function (s) { exp.appendChild(s.u ? Q.linkTo(s) : document.createTextNode(s.t)); });
    answer.appendChild(exp);
    body.appendChild(answer);
    mount.appendChild(stage);
    mount.appendChild(scoreboard());
    fit(body);
    function tick() {
      clock.textContent = game.paused ? "已暂停 · " + game.left + " 秒" : "剩余 " + game.left + " 秒";
      clock.classList.toggle("is-ending", !game.paused && game.left <= 5);
      if (!game.paused && game.left > 0) game.left -= 1;
      if (game.left === 0 && !game.revealed) reveal();
    }
    game.reveal = function () { game.revealed = true; answer.hidden = false; fit(body); };
    function reveal() { game.reveal(); }
    timer = setInterval(tick, 1000);
    tick();
  }

  function scoreboard() {
    var board = el("div", "zf-class-board");
    board.setAttribute("aria-label", "计分板");
    game.teams.forEach(function (t, k) {
      var cell = el("div", "zf-class-team");
      cell.appendChild(el("span", "zf-class-team-name", (k + 1) + " " + t.name));
      var score = el("span", "zf-class-team-score", String(t.score));
      cell.appendChild(score);
      var plus = el("button", "zf-class-plus", "+1"); plus.type = "button";
      var minus = el("button", "zf-class-minus", "−1"); minus.type = "button";
      plus.addEventListener("click", function () { t.score += 1; score.textContent = String(t.score); });
      minus.addEventListener("click", function () { t.score -= 1; score.textContent = String(t.score); });
      cell.appendChild(plus); cell.appendChild(minus);
      board.appendChild(cell);
    });
    return board;
  }

  function finish() {
    clearInterval(timer);
    mount.textContent = "";
    projector(true);
    mount.appendChild(el("h2", "zf-class-title", "最终排名"));
    var ol = el("ol", "zf-class-ranking");
    game.teams.slice().sort(function (a, b) { return b.score - a.score; }).forEach(function (t) {
      ol.appendChild(el("li", "", t.name + "：" + t.score + " 分"));
    });
    mount.appendChild(ol);
    var again = el("button", "zf-class-again", "再来一轮"); again.type = "button";
    again.addEventListener("click", function () {
      game = null;
      projector(false);
      if (document.fullscreenElement) document.exitFullscreen();
      setup();
    });
    mount.appendChild(again);
    game.over = true;
  }

  function team(k, take) {
    var t = game.teams[k - 1];
    if (!t) return;
    t.score += take ? -1 : 1;
    mount.querySelectorAll(".zf-class-team-score")[k - 1].textContent = String(t.score);
  }
  function next() { if (game.at < game.questions.length - 1) { game.at += 1; show(); } else finish(); }
  function previous() { if (game.at > 0) { game.at -= 1; show(); } }

  var minus = false;  // − pressed: the next team key takes a point away (numpads have no easy Shift)
  document.addEventListener("keydown", function (ev) {
    if (!game || game.over || ev.target.tagName === "INPUT" || ev.target.tagName === "SELECT") return;
    var key = ev.key, code = ev.code || "";
    // numpad digits by their code, whatever NumLock makes the key (without it Numpad3 sends PageDown)
    var digit = /^(Digit|Numpad)[1-9]$/.test(code) ? Number(code.slice(-1)) : 0;
    if (digit) { ev.preventDefault(); team(digit, ev.shiftKey || minus); minus = false; return; }
    minus = false;
    if (key === "-" || code === "NumpadSubtract") { minus = true; return; }
    if (key === "PageDown") {  // a clicker's "next": first the answer, then the next question
      ev.preventDefault();
      if (!game.revealed) game.reveal(); else next();
    } else if (key === "PageUp" || key === "ArrowLeft") { ev.preventDefault(); previous(); }
    else if (key === "ArrowRight" || key === "n" || key === "N") next();
    else if (key === "r" || key === "R" || key === " ") { ev.preventDefault(); game.reveal(); }
    else if (key === "p" || key === "P") { game.paused = !game.paused; }
    else if (key === "f" || key === "F") { finish(); }
  });

  Q.openBank(mount.getAttribute("data-bank")).then(function (data) {
    bank = data;
    setup();
  }).catch(function () { mount.textContent = Q.FAILED; });
})();
