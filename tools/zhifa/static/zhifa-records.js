// 成绩记录: every handed-in mock exam of this browser (kept by zhifa-store.js, never overwritten by 再考一次),
// newest first, with a small inline-SVG trend of the scores and, per attempt, the score by type and chapter.
// Shown below the mock exam ([data-zf-exam]) and wherever a page has [data-zf-records]. ES2020.
(function () {
  "use strict";
  var S = window.ZhifaStore, Q = window.ZhifaQuiz;
  if (!S || !Q) return;
  var el = Q.el, SVG = "http://www.w3.org/2000/svg";

  function two(n) { return (n < 10 ? "0" : "") + n; }
  function when(ms) {
    var d = new Date(ms);
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate()) + " " + two(d.getHours()) + ":" + two(d.getMinutes());
  }
  function used(ms) {
    var m = Math.floor(ms / 60000), s = Math.floor(ms / 1000) % 60;
    return m + " 分 " + two(s) + " 秒";
  }
  function svg(tag, attrs) {
    var n = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { n.setAttribute(k, String(attrs[k])); });
    return n;
  }

  // Scores as percentages of the full mark, oldest to newest, with the pass line dashed.
  function trend(exams) {
    var w = 320, h = 120, left = 30, right = 10, top = 10, bottom = 20;
    var box = svg("svg", { viewBox: "0 0 " + w + " " + h, class: "zf-records-trend", role: "img" });
    var last = exams[exams.length - 1];
    box.setAttribute("aria-label", "成绩趋势：共 " + exams.length + " 次，最近一次 " + last.got + " 分");
    var x = function (k) { return exams.length < 2 ? left + (w - left - right) / 2 : left + k * (w - left - right) / (exams.length - 1); };
    var y = function (pct) { return top + (100 - pct) * (h - top - bottom) / 100; };
    [0, 50, 100].forEach(function (p) {
      box.appendChild(svg("line", { x1: left, x2: w - right, y1: y(p), y2: y(p), class: "zf-records-grid" }));
      var t = svg("text", { x: left - 4, y: y(p) + 4, "text-anchor": "end", class: "zf-records-axis" });
      t.textContent = p;
      box.appendChild(t);
    });
    var pass = last.pass && last.total ? 100 * last.pass / last.total : null;
    if (pass !== null) box.appendChild(svg("line", { x1: left, x2: w - right, y1: y(pass), y2: y(pass), class: "zf-records-pass" }));
    var pts = exams.map(function (e, k) { return [x(k), y(e.total ? 100 * e.got / e.total : 0)]; });
    if (pts.length > 1) box.appendChild(svg("polyline", { points: pts.map(function (p) { return p.join(","); }).join(" "), class: "zf-records-line" }));
    pts.forEach(function (p, k) {
      box.appendChild(svg("circle", { cx: p[0], cy: p[1], r: 4, class: exams[k].passed === false ? "zf-records-dot is-fail" : "zf-records-dot" }));
    });
    return box;
  }

  function paint(section) {
    var exams = S.load().exams;
    section.textContent = "";
    var h = el("h2", "", "成绩记录");
    h.id = "zf-records";
    section.appendChild(h);
    if (!exams.length) {
      section.appendChild(el("p", "zf-records-empty", "还没有考试成绩：交卷后每次的成绩都会记在这里（保存在本浏览器中，可在练习中心导出）。"));
      return;
    }
    var passed = exams.filter(function (e) { return e.passed; }).length;
    var best = Math.max.apply(null, exams.map(function (e) { return e.got; }));
    var avg = Math.round(exams.reduce(function (n, e) { return n + e.got; }, 0) / exams.length);
    section.appendChild(el("p", "zf-records-summary", "共考 " + exams.length + " 次，及格 " + passed + " 次，最高 " + best + " 分，平均 " + avg + " 分。"));
    section.appendChild(trend(exams));
    var list = el("ol", "zf-records-list");
    list.reversed = true;
    exams.slice().reverse().forEach(function (e) {
      var li = el("li", "zf-records-item " + (e.passed ? "is-pass" : e.passed === false ? "is-fail" : ""));
      var d = el("details");
      var s = el("summary");
      s.appendChild(el("span", "zf-records-date", when(e.submittedAt)));
      s.appendChild(el("span", "zf-records-score", e.got + " / " + e.total + " 分"));
      s.appendChild(el("span", "zf-records-verdict", e.passed ? "及格" : e.passed === false ? "不及格" : ""));
      s.appendChild(el("span", "zf-records-used", "用时 " + used(e.used) + (e.timeUp ? "（到时交卷）" : "")));
      d.appendChild(s);
      d.appendChild(el("p", "", "共 " + e.count + " 题：答对 " + e.right + " 题，未答 " + e.unanswered + " 题。试卷编号 " + e.seed + "。"));
      var t = el("table", "zf-table zf-records-types");
      var head = el("tr"); ["题型", "得分", "满分"].forEach(function (x) { head.appendChild(el("th", "", x)); }); t.appendChild(head);
      Object.keys(e.byType).forEach(function (k) {
        var tr = el("tr"); [k, e.byType[k].got, e.byType[k].total].forEach(function (v) { tr.appendChild(el("td", "", String(v))); }); t.appendChild(tr);
      });
      d.appendChild(t);
      var c = el("table", "zf-table zf-records-chapters");
      var h2 = el("tr"); ["章节", "答对", "题数"].forEach(function (x) { h2.appendChild(el("th", "", x)); }); c.appendChild(h2);
      Object.keys(e.byChapter).forEach(function (k) {
        var tr = el("tr"); [k, e.byChapter[k].right, e.byChapter[k].count].forEach(function (v) { tr.appendChild(el("td", "", String(v))); }); c.appendChild(tr);
      });
      d.appendChild(c);
      li.appendChild(d);
      list.appendChild(li);
    });
    section.appendChild(list);
  }

  var places = Array.prototype.slice.call(document.querySelectorAll("[data-zf-records]"));
  var exam = document.querySelector("[data-zf-exam]");
  if (exam) {
    var after = el("section", "zf-records");
    exam.parentNode.insertBefore(after, exam.nextSibling);
    places.push(after);
  }
  if (!places.length) return;
  function all() { places.forEach(paint); }
  all();
  window.addEventListener("zhifa-exams", all);
  S.onChange(all);
})();
