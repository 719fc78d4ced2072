// 本章练习: the chapter's reviewed questions, answered in the page; answers go to the shared progress
// store (so a wrong answer here lands in the 错题本 of the practice centre).
(function () {
  "use strict";
  var Q = window.ZhifaQuiz;
  document.querySelectorAll("[data-zf-practice]").forEach(function (container) {
    var data = container.parentNode.querySelector("script.zf-practice-data");
    if (!data) return;
    var questions = JSON.parse(data.textContent);
    var mode = Q.el("div", "zf-mode");
    mode.setAttribute("role", "group");
    mode.setAttribute("aria-label", "练习模式");
    var answerBtn = Q.el("button", "zf-mode-answer", "答题模式");
    var reciteBtn = Q.el("button", "zf-mode-recite", "背题模式");
    [answerBtn, reciteBtn].forEach(function (b) { b.type = "button"; mode.appendChild(b); });
    container.appendChild(mode);
    var list = Q.el("ol", "zf-pq");
    container.appendChild(list);
    var cards = questions.map(function (q) {
      var c = Q.card(q, { onAnswer: function (ok) { if (window.ZhifaStore) window.ZhifaStore.record(q.id, ok); } });
      list.appendChild(c.el);
      return c;
    });
    function setMode(recite) {
      answerBtn.setAttribute("aria-pressed", String(!recite));
      reciteBtn.setAttribute("aria-pressed", String(recite));
      cards.forEach(function (c) { c.recite(recite); });
    }
    answerBtn.addEventListener("click", function () { setMode(false); });
    reciteBtn.addEventListener("click", function () { setMode(true); });
    setMode(false);
  });
})();
