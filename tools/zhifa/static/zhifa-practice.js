// 本章练习: answer the chapter's questions in the page. ES2020 at most, no framework; every string
// from the data is inserted with textContent, so question text can never act as markup.
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

  function feedbackBody(q, box) {
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

  function answerLabel(q) {
    return q.type === "判断" ? q.answer.join("") : q.answer.join("");
  }

  function render(container, questions) {
    var mode = el("div", "zf-mode");
    mode.setAttribute("role", "group");
    mode.setAttribute("aria-label", "练习模式");
    var answerBtn = el("button", "zf-mode-answer", "答题模式");
    var reciteBtn = el("button", "zf-mode-recite", "背题模式");
    [answerBtn, reciteBtn].forEach(function (b) { b.type = "button"; mode.appendChild(b); });
    container.appendChild(mode);
    var list = el("ol", "zf-pq");
    container.appendChild(list);
    var cards = questions.map(function (q, index) { return card(q, index, list); });

    function setMode(recite) {
      answerBtn.setAttribute("aria-pressed", String(!recite));
      reciteBtn.setAttribute("aria-pressed", String(recite));
      cards.forEach(function (c) { c.recite(recite); });
    }
    answerBtn.addEventListener("click", function () { setMode(false); });
    reciteBtn.addEventListener("click", function () { setMode(true); });
    setMode(false);
  }

  function card(q, index, list) {
    var li = el("li", "zf-q");
    li.setAttribute("data-id", q.id);
    if (q.material) li.appendChild(el("p", "zf-q-material", "【案例材料】" + q.material));
    li.appendChild(el("p", "zf-q-stem", "【" + q.type + "】" + q.stem));
    var set = el("fieldset", "zf-q-options");
    var legend = el("legend", "zf-q-legend", "第 " + (index + 1) + " 题选项");
    set.appendChild(legend);
    var multi = q.type === "多选";
    var inputs = q.options.map(function (opt) {
      var label = el("label", "zf-q-option");
      var input = document.createElement("input");
      input.type = multi ? "checkbox" : "radio";
      input.name = "zf-q-" + q.id;
      input.value = opt[0];
      label.appendChild(input);
      label.appendChild(document.createTextNode(q.type === "判断" ? " " + opt[1] : " " + opt[0] + ". " + opt[1]));
      set.appendChild(label);
      return input;
    });
    li.appendChild(set);
    var submit = null;
    if (multi) {
      submit = el("button", "zf-q-submit", "提交答案");
      submit.type = "button";
      li.appendChild(submit);
    }
    var box = el("div", "zf-q-feedback");
    box.setAttribute("role", "status");
    box.setAttribute("aria-live", "polite");
    box.hidden = true;
    li.appendChild(box);
    list.appendChild(li);

    function chosen() {
      return inputs.filter(function (i) { return i.checked; }).map(function (i) { return i.value; });
    }
    function show(picked) {
      box.textContent = "";
      var right = picked && same(picked, q.answer);
      var verdict = picked === null ? "正确答案：" + answerLabel(q)
        : (right ? "回答正确。" : "回答错误。正确答案：" + answerLabel(q));
      box.appendChild(el("p", right ? "zf-q-verdict zf-q-right" : "zf-q-verdict zf-q-wrong", verdict));
      if (picked === null) box.firstChild.className = "zf-q-verdict";
      feedbackBody(q, box);
      box.hidden = false;
      li.classList.toggle("zf-q-is-right", !!right);
      li.classList.toggle("zf-q-is-wrong", picked !== null && !right);
    }
    function grade() {
      var picked = chosen();
      if (picked.length) show(picked);
    }
    if (multi) submit.addEventListener("click", grade);
    else inputs.forEach(function (i) { i.addEventListener("change", grade); });

    return {
      recite: function (on) {
        inputs.forEach(function (i) { i.disabled = on; i.checked = on && q.answer.indexOf(i.value) >= 0; });
        if (submit) submit.disabled = on;
        if (on) show(null); else { box.hidden = true; inputs.forEach(function (i) { i.checked = false; }); li.classList.remove("zf-q-is-right", "zf-q-is-wrong"); }
      }
    };
  }

  document.querySelectorAll("[data-zf-practice]").forEach(function (container) {
    var data = container.parentNode.querySelector("script.zf-practice-data");
    if (data) render(container, JSON.parse(data.textContent));
  });
})();
