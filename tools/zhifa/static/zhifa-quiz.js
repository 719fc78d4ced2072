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
  function card(q, opts) {
    opts = opts || {};
    var li = el("li", "zf-q");
    li.setAttribute("data-id", q.id);
    if (q.material) li.appendChild(el("p", "zf-q-material", "【案例材料】" + q.material));
    li.appendChild(el("p", "zf-q-stem", (opts.number ? opts.number + ". " : "") + "【" + q.type + "】" + q.stem));
    var set = el("fieldset", "zf-q-options");
    set.appendChild(el("legend", "zf-q-legend", "选项"));
    var multi = q.type === "多选";
    var byLetter = {};
    q.options.forEach(function (o) { byLetter[o[0]] = o[1]; });
    var order = opts.order || q.options.map(function (o) { return o[0]; });
    var inputs = order.map(function (letter, k) {
      var label = el("label", "zf-q-option");
      var input = document.createElement("input");
      input.type = multi ? "checkbox" : "radio";
      input.name = "zf-q-" + q.id + (opts.scope || "");
      input.value = letter;
      input.checked = (opts.chosen || []).indexOf(letter) >= 0;
      label.appendChild(input);
      var shown = q.type === "判断" ? byLetter[letter] : String.fromCharCode(65 + k) + ". " + byLetter[letter];
      label.appendChild(document.createTextNode(" " + shown));
      set.appendChild(label);
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
    box.hidden = true;
    li.appendChild(box);

    function display(letters) {  // answer letters as the trainee sees them (after shuffling)
      if (q.type === "判断") return letters.join("");
      return order.map(function (l, k) { return letters.indexOf(l) >= 0 ? String.fromCharCode(65 + k) : ""; }).join("");
    }
    function chosen() {
      return inputs.filter(function (i) { return i.checked; }).map(function (i) { return i.value; });
    }
    function show(picked) {
      box.textContent = "";
      var right = picked !== null && same(picked, q.answer);
      var verdict = picked === null ? "正确答案：" + display(q.answer)
        : (right ? "回答正确。" : "回答错误。正确答案：" + display(q.answer) + "，你的答案：" + display(picked));
      box.appendChild(el("p", "zf-q-verdict" + (picked === null ? "" : right ? " zf-q-right" : " zf-q-wrong"), verdict));
      explain(q, box);
      box.hidden = false;
      li.classList.toggle("zf-q-is-right", right);
      li.classList.toggle("zf-q-is-wrong", picked !== null && !right);
      return right;
    }
    function grade() {
      var picked = chosen();
      if (!picked.length) return;
      var ok = show(picked);
      if (opts.onAnswer) opts.onAnswer(ok, picked);
    }
    if (opts.mode === "exam") {
      inputs.forEach(function (i) { i.addEventListener("change", function () { if (opts.onChange) opts.onChange(chosen()); }); });
    } else if (multi) {
      submit.addEventListener("click", grade);
    } else {
      inputs.forEach(function (i) { i.addEventListener("change", grade); });
    }
    return {
      el: li,
      recite: function (on) {
        inputs.forEach(function (i) { i.disabled = on; i.checked = on && q.answer.indexOf(i.value) >= 0; });
        if (submit) submit.disabled = on;
        if (on) show(null);
        else { box.hidden = true; inputs.forEach(function (i) { i.checked = false; }); li.classList.remove("zf-q-is-right", "zf-q-is-wrong"); }
      },
      review: function (picked) { inputs.forEach(function (i) { i.disabled = true; }); return show(picked); }
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
                  docs: row[3].map(function (k) { return bank.docs[k]; }),
                  part: chapter + "-" + Math.floor((seen[chapter] - 1) / bank.part_size) };
        index[q.id] = q;
        return q;
      });
      function part(name) {
        if (!pending[name]) {
          pending[name] = getJSON(base + name + ".json?v=" + bank.version).then(function (data) {
            if (data.version !== bank.version) throw new Error("bank changed");
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

  window.ZhifaQuiz = { card: card, el: el, linkTo: linkTo, same: same, root: root, openBank: openBank, FAILED: FAILED };
})();
