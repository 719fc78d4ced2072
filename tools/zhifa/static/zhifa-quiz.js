// One question as an interactive card, shared by 本章练习, the practice centre and the mock exam.
// Every string from the bank is inserted with textContent: question text can never act as markup.
(function () {
  "use strict";
  var root = document.documentElement.getAttribute("data-content_root") || "./";

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // The key under an answer sheet (考试答题卡, 练习题号): entries are [state class, label]; swatch is the
  // swatch's own class, styled like the sheet's cells.
  function legend(cls, swatch, entries) {
    var p = el("p", cls);
    entries.forEach(function (x) {
      var k = el("span", "zf-exam-key");
      k.appendChild(el("span", swatch + " " + x[0]));
      k.appendChild(document.createTextNode(x[1]));
      p.appendChild(k);
    });
    return p;
  }

  // Scroll the page so that node is in view (top: to its top, below any sticky bar; else only if it is off-screen).
  // window scrolling rather than scrollIntoView, which on a phone also shifts Furo's nested scroll containers.
  function reveal(node, top) {
    var r = node.getBoundingClientRect(), h = window.innerHeight, bar = document.querySelector(".zf-exam-bar");
    var above = 8, below = 8;
    if (bar && getComputedStyle(bar).position === "sticky") above += bar.getBoundingClientRect().height;
    if (bar && getComputedStyle(bar).position === "fixed") below += bar.getBoundingClientRect().height;
    var header = document.querySelector(".mobile-header");
    if (header && getComputedStyle(header).display !== "none") above += header.getBoundingClientRect().height;
    var by = top || r.top < above ? r.top - above : r.bottom > h - below ? Math.min(r.top - above, r.bottom - (h - below)) : 0;
    if (by) window.scrollBy({ top: by, behavior: "instant" });
  }

  function linkTo(seg) {
    var a = el("a", "zf-q-link", seg.t);
    a.href = root + seg.u;
    return a;
  }

  function same(a, b) {
    return a.length === b.length && a.slice().sort().join() === b.slice().sort().join();
  }

  function explain(q, box) {
    var exp = el("p", "zf-q-explanation");
    exp.appendChild(document.createTextNode("解析："));
    q.explanation.forEach(function (s) { exp.appendChild(s.u ? linkTo(s) : document.createTextNode(s.t)); });
    box.appendChild(exp);
    var cl = el("p", "zf-q-clauses");
    cl.appendChild(document.createTextNode("考查条款："));
    q.clauses.forEach(function (c, k) {
      if (k) cl.appendChild(document.createTextNode("、"));
      cl.appendChild(linkTo(c));
    });
    box.appendChild(cl);
  }

  // opts: {number, order (option letters in display order), mode: "instant"|"exam",
  //        onAnswer(ok, chosen) for instant, onChange(chosen) for exam, chosen (initial)}
  // In instant mode a question is graded once: then its options are locked, the right option(s) marked green
  // and a wrong choice red, and onAnswer is not called again. Arrow keys only move the choice; a tap, a click,
  // Space or Enter grades a single-choice question, 提交答案 a multiple-choice one.
  function card(q, opts) {
    opts = opts || {};
    var li = el("li", "zf-q");
    li.setAttribute("data-id", q.id);
    if (q.material) li.appendChild(el("p", "zf-q-material", "【案例材料】" + q.material));
    var stem = el("p", "zf-q-stem", (opts.number ? opts.number + ". " : "") + "【" + q.type + "】" + q.stem);
    stem.tabIndex = -1;
    li.appendChild(stem);
    var set = el("fieldset", "zf-q-options");
    var multi = q.type === "多选";
    set.appendChild(el("legend", "zf-q-legend", multi ? "选项（可多选）" : "选项"));
    var byLetter = {};
    q.options.forEach(function (o) { byLetter[o[0]] = o[1]; });
    var order = opts.order || q.options.map(function (o) { return o[0]; });
    var labels = [];
    var inputs = order.map(function (letter, k) {
      var label = el("label", "zf-q-option");
      var input = document.createElement("input");
      input.type = multi ? "checkbox" : "radio";
      input.name = "zf-q-" + q.id + (opts.scope || "");
      input.value = letter;
      input.checked = (opts.chosen || []).indexOf(letter) >= 0;
      label.appendChild(input);
      var shown = q.type === "判断" ? byLetter[letter] : String.fromCharCode(65 + k) + ". " + byLetter[letter];
      label.appendChild(el("span", "zf-q-option-text", shown));
      set.appendChild(label);
      labels.push(label);
      return input;
    });
    li.appendChild(set);
    var submit = null;
    if (multi && opts.mode !== "exam") {
      submit = el("button", "zf-q-submit", "提交答案");
      submit.type = "button";
      li.appendChild(submit);
    }
    var box = el("div", "zf-q-feedback");
    box.setAttribute("role", "status");
    box.setAttribute("aria-live", "polite");
    box.tabIndex = -1;
    box.hidden = true;
    li.appendChild(box);
    var graded = false;

    function display(letters) {  // answer letters as the trainee sees them (after shuffling)
      if (q.type === "判断") return letters.join("");
      return order.map(function (l, k) { return letters.indexOf(l) >= 0 ? String.fromCharCode(65 + k) : ""; }).join("");
    }
    function chosen() {
      return inputs.filter(function (i) { return i.checked; }).map(function (i) { return i.value; });
    }
    function mark(picked) {  // the key green, a wrong choice red, each also said in words
      inputs.forEach(function (input, k) {
        var label = labels[k], key = q.answer.indexOf(input.value) >= 0, was = (picked || []).indexOf(input.value) >= 0;
        label.classList.toggle("is-key", key);
        label.classList.toggle("is-picked-wrong", was && !key);
        var tag = label.querySelector(".zf-q-tag");
        if (tag) tag.remove();
        if (key || (was && !key)) label.appendChild(el("span", "zf-q-tag", key ? (was ? "✓ 你的选择正确" : "✓ 正确答案") : "✗ 你的选择"));
      });
    }
    function unmark() {
      labels.forEach(function (label) {
        label.classList.remove("is-key", "is-picked-wrong");
        var tag = label.querySelector(".zf-q-tag");
        if (tag) tag.remove();
      });
    }
    function show(picked) {  // picked: null in 背题模式; [] for a question left unanswered
      box.textContent = "";
      var unanswered = picked !== null && !picked.length;
      var right = picked !== null && !unanswered && same(picked, q.answer);
      var verdict = picked === null ? "正确答案：" + display(q.answer)
        : unanswered ? "未作答。正确答案：" + display(q.answer)
        : (right ? "回答正确。" : "回答错误。正确答案：" + display(q.answer) + "，你的答案：" + display(picked));
      box.appendChild(el("p", "zf-q-verdict" + (picked === null ? "" : right ? " zf-q-right" : " zf-q-wrong"), verdict));
      explain(q, box);
      box.hidden = false;
      mark(picked);
      li.classList.toggle("zf-q-is-right", right);
      li.classList.toggle("zf-q-is-wrong", picked !== null && !unanswered && !right);
      li.classList.toggle("zf-q-is-unanswered", unanswered);
      return right;
    }
    function lock() {
      inputs.forEach(function (i) { i.disabled = true; });
      if (submit) submit.disabled = true;
      li.classList.add("zf-q-is-locked");
    }
    function grade() {
      if (graded) return;
      var picked = chosen();
      if (!picked.length) return;
      graded = true;
      var hadFocus = li.contains(document.activeElement);
      lock();
      var ok = show(picked);
      if (hadFocus) box.focus({ preventScroll: true });
      reveal(box.querySelector(".zf-q-verdict"));
      if (opts.onAnswer) opts.onAnswer(ok, picked);
    }
    var arrowing = false;  // a change made by the arrow keys only moves the choice
    inputs.forEach(function (i) {
      i.addEventListener("keydown", function (ev) {
        if (/^Arrow/.test(ev.key)) arrowing = true;
        else if (ev.key === "Enter" && opts.mode !== "exam") { ev.preventDefault(); grade(); }
      });
      i.addEventListener("keyup", function (ev) {
        arrowing = false;
        if (ev.key === " " && !multi && opts.mode !== "exam" && i.checked) grade();
      });
    });
    if (opts.mode === "exam") {
      inputs.forEach(function (i) { i.addEventListener("change", function () { if (opts.onChange) opts.onChange(chosen()); }); });
    } else if (multi) {
      submit.addEventListener("click", grade);
    } else {
      inputs.forEach(function (i) {
        i.addEventListener("change", function () { if (arrowing) { arrowing = false; return; } grade(); });
      });
    }
    return {
      el: li,
      focus: function (from) { stem.focus({ preventScroll: true }); reveal(from || li, true); },  // from: show from there down
      recite: function (on) {
        graded = on;
        inputs.forEach(function (i) { i.disabled = on; i.checked = on && q.answer.indexOf(i.value) >= 0; });
        if (submit) submit.disabled = on;
        if (on) show(null);
        else {
          box.hidden = true; unmark(); li.classList.remove("zf-q-is-right", "zf-q-is-wrong", "zf-q-is-locked", "zf-q-is-unanswered");
        }
      },
      review: function (picked) { graded = true; lock(); return show(picked); }
    };
  }

  // The published bank is split: an index (one compact row per question, enough to draw a paper or pick a
  // 专项练习) and small per-chapter parts with the question bodies, fetched only when a question is shown
  // or scored. openBank resolves to the index with questions as {id, type, reviewed, docs, letters, v, part} and
  // bodies(ids) -> Promise of {id: full question}, which rejects if the site changed under the page.
  function getJSON(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.json();
    });
  }
  function openBank(url) {
    return getJSON(root + url).then(function (bank) {
      var base = root + url.replace(/[^/]*$/, "") + bank.parts, loaded = {}, pending = {}, index = {}, seen = {};
      bank.questions = bank.questions.map(function (row) {
        var chapter = row[3].length ? String(row[3][0]) : "x";  // the part naming of drill.py's split()
        seen[chapter] = (seen[chapter] || 0) + 1;
        var q = { id: row[0], type: row[1], reviewed: row[2] === 1, letters: Array.isArray(row[4]) ? row[4] : row[4].split(""), v: row[5],
                  difficulty: row[6] || 0,
                  docs: row[3].map(function (k) { return bank.docs[k]; }),
                  part: chapter + "-" + Math.floor((seen[chapter] - 1) / bank.part_size) };
        index[q.id] = q;
        return q;
      });
      function part(name) {
        if (!pending[name]) {
          pending[name] = getJSON(base + name + ".json?v=" + bank.version).then(function (data) {
            if (data.version !== bank.version) { var e = new Error("bank changed"); e.bankChanged = true; throw e; }
            data.questions.forEach(function (q) { loaded[q.id] = q; });
          }, function (err) { delete pending[name]; throw err; });
        }
        return pending[name];
      }
      bank.byId = index;
      bank.bodies = function (ids) {
        var names = {};
        ids.forEach(function (id) { if (index[id] && !loaded[id]) names[index[id].part] = true; });
        return Promise.all(Object.keys(names).map(part)).then(function () {
          var out = {};
          ids.forEach(function (id) {
            if (!loaded[id]) throw new Error("missing " + id);
            out[id] = loaded[id];
          });
          return out;
        });
      };
      return bank;
    });
  }
  var FAILED = "题库加载失败：请刷新页面重试（站点可能刚刚更新），并通过站点服务器（http://）访问本站。";

  window.ZhifaQuiz = { card: card, el: el, legend: legend, reveal: reveal, linkTo: linkTo, same: same, root: root, openBank: openBank, FAILED: FAILED };
})();
