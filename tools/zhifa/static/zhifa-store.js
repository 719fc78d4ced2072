// Progress in browser storage: one versioned record, keyed by question ID, migrated forward when the
// schema changes, so nothing a trainee did is lost across reloads and site rebuilds. Every write reads the
// stored record first and changes only its own part, so two open tabs never undo each other's work; an exam
// attempt is merged answer by answer (the later answer to a question wins). ES2020, no framework.
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

  // One graded answer. Callers grade a question once (the card locks after grading); `key` (optional)
  // makes a second call for the same grading a no-op, e.g. an exam submitted in two tabs.
  function record(id, ok, key) {
    var state = load();
    if (key && state.history.some(function (h) { return h.key === key; })) return state.questions[id];
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
    var entry = { id: id, ok: ok, at: q.last };
    if (key) entry.key = key;
    state.history.push(entry);
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

  function sameAttempt(a, b) {
    return !!a && !!b && a.seed === b.seed && a.startedAt === b.startedAt;
  }

  // Merge two copies of one attempt: per question, the answer (or flag) changed last wins; once submitted,
  // an attempt stays submitted with the answers it was scored on.
  function mergeExam(mine, stored) {
    if (!sameAttempt(mine, stored)) return mine;
    if (stored.submitted && !mine.submitted) return stored;
    if (mine.submitted) return mine;
    var out = Object.assign({}, mine);
    out.answers = {}; out.flags = {}; out.touched = {};
    var ids = {};
    [mine, stored].forEach(function (e) {
      Object.keys(e.answers || {}).concat(Object.keys(e.flags || {}), Object.keys(e.touched || {}))
        .forEach(function (id) { ids[id] = true; });
    });
    Object.keys(ids).forEach(function (id) {
      var a = (mine.touched || {})[id] || 0, b = (stored.touched || {})[id] || 0;
      var src = b > a ? stored : mine;
      if (src.answers && src.answers[id]) out.answers[id] = src.answers[id];
      if (src.flags && src.flags[id]) out.flags[id] = true;
      out.touched[id] = Math.max(a, b);
    });
    out.warned = mine.warned || stored.warned;
    return out;
  }

  // Save an attempt; returns the attempt as stored (merged with what another tab saved meanwhile).
  function setExam(exam) {
    var state = load();
    state.exam = exam ? mergeExam(exam, state.exam) : exam;
    save(state);
    return state.exam;
  }

  // The practice centre's session (mode, its questions and the position), restored after a reload.
  function setPractice(practice) {
    var state = load();
    state.practice = practice;
    save(state);
  }

  // fn(state) whenever another tab changed the progress
  function onChange(fn) {
    window.addEventListener("storage", function (ev) { if (ev.key === KEY) fn(load()); });
  }

  window.ZhifaStore = { load: load, save: save, record: record, toggleFavorite: toggleFavorite,
                        setExam: setExam, mergeExam: mergeExam, sameAttempt: sameAttempt, setPractice: setPractice,
                        onChange: onChange, SCHEMA: SCHEMA, WRONGBOOK_STREAK: WRONGBOOK_STREAK, KEY: KEY };
})();
