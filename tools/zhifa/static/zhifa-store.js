// Progress in browser storage: one versioned record, keyed by question ID, migrated forward when the
// schema changes, so nothing a trainee did is lost across reloads and site rebuilds. ES2020, no framework.
(function () {
  "use strict";
  var KEY = "zhifa-progress";
  var SCHEMA = 2;
  var WRONGBOOK_STREAK = 2;  // right answers in a row that take a question out of the 错题本
  var HISTORY_MAX = 1000;

  function empty() {
    return { schema: SCHEMA, questions: {}, favorites: {}, history: [], exam: null };
  }

  // Each step turns schema N into N + 1. v1 (the first release) kept only right/wrong per question.
  var MIGRATIONS = {
    1: function (old) {
      var next = empty();
      Object.keys(old.done || {}).forEach(function (id) {
        var ok = !!old.done[id];
        next.questions[id] = { right: ok ? 1 : 0, wrong: ok ? 0 : 1, streak: ok ? 1 : 0, inWrongbook: !ok, last: 0 };
      });
      return next;
    }
  };

  function load() {
    var raw = null;
    try { raw = JSON.parse(window.localStorage.getItem(KEY) || "null"); } catch (e) { raw = null; }
    if (!raw || typeof raw !== "object") return empty();
    var version = raw.schema || raw.v || 1;
    while (version < SCHEMA && MIGRATIONS[version]) {
      raw = MIGRATIONS[version](raw);
      version = raw.schema;
    }
    var state = Object.assign(empty(), raw);
    state.schema = SCHEMA;
    return state;
  }

  function save(state) {
    try { window.localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* storage full or disabled */ }
  }

  function record(id, ok) {
    var state = load();
    var q = state.questions[id] || { right: 0, wrong: 0, streak: 0, inWrongbook: false, last: 0 };
    if (ok) {
      q.right += 1;
      q.streak += 1;
      if (q.inWrongbook && q.streak >= WRONGBOOK_STREAK) q.inWrongbook = false;
    } else {
      q.wrong += 1;
      q.streak = 0;
      q.inWrongbook = true;
    }
    q.last = Date.now();
    state.questions[id] = q;
    state.history.push({ id: id, ok: ok, at: q.last });
    if (state.history.length > HISTORY_MAX) state.history = state.history.slice(-HISTORY_MAX);
    save(state);
    return q;
  }

  function toggleFavorite(id) {
    var state = load();
    if (state.favorites[id]) delete state.favorites[id]; else state.favorites[id] = Date.now();
    save(state);
    return !!state.favorites[id];
  }

  function setExam(exam) {
    var state = load();
    state.exam = exam;
    save(state);
  }

  window.ZhifaStore = { load: load, save: save, record: record, toggleFavorite: toggleFavorite,
                        setExam: setExam, SCHEMA: SCHEMA, WRONGBOOK_STREAK: WRONGBOOK_STREAK, KEY: KEY };
})();
