// 课堂竞赛 (以赛促训): a projector view for the trainer. One question at a time in large type, a countdown,
// reveal of the answer and 解析, a team score tally and a final ranking; driven from the keyboard:
// → or N next, R or space reveal, P pause, 1–9 add a point to a team (with Shift: take one away), F finish.
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
      var pool = bank.questions.filter(function (q) { return !source.value || q.docs.indexOf(source.value) >= 0; });
      if (!source.value && window.ZhifaExam) {
        pool = window.ZhifaExam.draw(bank, Math.floor(Math.random() * 4294967296)).items.map(function (it) { return bank.byId[it.id]; });
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
    mount.appendChild(el("p", "zf-class-keys", "键盘：→ 或 N 下一题，R 或空格 显示答案，P 暂停/继续，1–9 给对应队加分（Shift 减分），F 结束并排名。"));
  }

  function show() {
    clearInterval(timer);
    mount.textContent = "";
    var q = game.questions[game.at];
    game.revealed = false;
    game.left = game.seconds;
    var stage = el("div", "zf-class-stage");
    stage.appendChild(el("p", "zf-class-pos", "第 " + (game.at + 1) + " / " + game.questions.length + " 题 · " + q.type));
    var clock = el("p", "zf-class-clock");
    clock.setAttribute("role", "timer");
    stage.appendChild(clock);
    if (q.material) stage.appendChild(el("p", "zf-class-material", q.material));
    stage.appendChild(el("p", "zf-class-stem", q.stem));
    var opts = el("ol", "zf-class-options");
    if (q.type !== "判断") q.options.forEach(function (o) { opts.appendChild(el("li", "", o[1])); });
    else ["正确", "错误"].forEach(function (o) { opts.appendChild(el("li", "zf-class-tf", o)); });
    stage.appendChild(opts);
    var answer = el("div", "zf-class-answer");
    answer.hidden = true;
    answer.setAttribute("aria-live", "polite");
    answer.appendChild(el("p", "zf-class-key", "答案：" + q.answer.join("")));
    var exp = el("p", "zf-class-explanation");
    exp.appendChild(document.createTextNode("解析："));
    q.explanation.forEach(function (s) { exp.appendChild(s.u ? Q.linkTo(s) : document.createTextNode(s.t)); });
    answer.appendChild(exp);
    stage.appendChild(answer);
    mount.appendChild(stage);
    mount.appendChild(scoreboard());
    function tick() {
      clock.textContent = game.paused ? "已暂停 · " + game.left + " 秒" : "剩余 " + game.left + " 秒";
      if (!game.paused && game.left > 0) game.left -= 1;
      if (game.left === 0 && !game.revealed) reveal();
    }
    game.reveal = function () { game.revealed = true; answer.hidden = false; };
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
    mount.appendChild(el("h2", "zf-class-title", "最终排名"));
    var ol = el("ol", "zf-class-ranking");
    game.teams.slice().sort(function (a, b) { return b.score - a.score; }).forEach(function (t) {
      ol.appendChild(el("li", "", t.name + "：" + t.score + " 分"));
    });
    mount.appendChild(ol);
    var again = el("button", "zf-class-again", "再来一轮"); again.type = "button";
    again.addEventListener("click", function () { game = null; setup(); });
    mount.appendChild(again);
    game.over = true;
  }

  document.addEventListener("keydown", function (ev) {
    if (!game || game.over || ev.target.tagName === "INPUT" || ev.target.tagName === "SELECT") return;
    var key = ev.key;
    if (key === "ArrowRight" || key === "n" || key === "N") {
      if (game.at < game.questions.length - 1) { game.at += 1; show(); } else finish();
    } else if (key === "r" || key === "R" || key === " ") { ev.preventDefault(); game.reveal(); }
    else if (key === "p" || key === "P") { game.paused = !game.paused; }
    else if (key === "f" || key === "F") { finish(); }
    else if (/^Digit[1-9]$/.test(ev.code)) {
      var team = game.teams[Number(ev.code.slice(5)) - 1];
      if (!team) return;
      team.score += ev.shiftKey ? -1 : 1;
      var cells = mount.querySelectorAll(".zf-class-team-score");
      cells[game.teams.indexOf(team)].textContent = String(team.score);
    }
  });

  Q.openBank(mount.getAttribute("data-bank")).then(function (data) {
    bank = data;
    setup();
  }).catch(function () { mount.textContent = Q.FAILED; });
})();
