// Progress in browser storage: one versioned record, keyed by question ID, migrated forward when the
// schema changes, so nothing a trainee did is lost across reloads and site rebuilds. Every write reads the
// stored record first and changes only its own part, so two open tabs never undo each other's work; an exam
// attempt is merged answer by answer (the later answer to a question wins). The 错题本 is reviewed by spaced
// repetition: each question in it keeps an FSRS card (ts-fsrs from npm, copied into the site at build time) that a
// wrong answer rates Again and a right one Good. Every handed-in mock exam is kept in `exams` (成绩记录). The whole
// record can be exported to a file and merged into another browser's. ES2020, no framework.
(function () {
  "use strict";
  var KEY = "zhifa-progress";
  var SCHEMA = 3;
  var WRONGBOOK_STREAK = 2;  // right answers in a row that take a question out of the 错题本
  var HISTORY_MAX = 1000;

  function empty() {
    return { schema: SCHEMA, questions: {}, favorites: {}, history: [], exam: null, exams: [], srs: {}, settings: {} };
  }

  // 成绩记录 entry of a handed-in attempt: what the trend and the table show, nothing that needs the bank.
  function examRecord(exam, pass) {
    var r = exam.result || {}, answered = 0, wrong = (r.wrong || []).length;
    (exam.items || []).forEach(function (it) { if ((exam.answers[it.id] || []).length) answered += 1; });
    var byType = {};
    Object.keys(r.byType || {}).forEach(function (k) { byType[k] = { got: r.byType[k].got, total: r.byType[k].total }; });
    return { seed: exam.seed, startedAt: exam.startedAt, submittedAt: exam.submittedAt || exam.startedAt,
             used: Math.max(0, (exam.submittedAt || exam.startedAt) - exam.startedAt), got: r.got || 0, total: r.total || 0,
             pass: pass || null, passed: pass ? (r.got || 0) >= pass : null, timeUp: !!exam.timeUp,
             count: (exam.items || []).length, right: (exam.items || []).length - wrong, unanswered: (exam.items || []).length - answered,
             byType: byType, byChapter: r.byChapter || {}, bankVersion: exam.bankVersion };
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
    },
    // v2 -> v3: 成绩记录, review cards and settings added; a handed-in attempt becomes the first 成绩记录 entry.
    // The 错题本 is kept as it was; its questions have no card yet and so are due for review at once.
    2: function (old) {
      var next = Object.assign(empty(), old);
      next.schema = 3;
      if (old.exam && old.exam.submitted && old.exam.result) next.exams = [examRecord(old.exam)];
      return next;
    }
  };

  function load() {
    var raw = null;
    try { raw = JSON.parse(window.localStorage.getItem(KEY) || "null"); } catch (e) { raw = null; }
    if (!raw || typeof raw !== "object") return empty();
    return migrate(raw);
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
    if (q.inWrongbook || state.srs[id]) schedule(state, id, ok, q.last);
    var entry = { id: id, ok: ok, at: q.last };
    if (key) entry.key = key;
    state.history.push(entry);
    if (state.history.length > HISTORY_MAX) state.history = state.history.slice(-HISTORY_MAX);
    save(state);
    return q;
  }

  // Spaced repetition of the 错题本 with FSRS (day-sized steps: a wrong answer is due again the next day, each
  // right answer in review spaces it further). Without the library (an old browser) a question stays due.
  var scheduler = null;
  function fsrs() {
    if (!scheduler && window.FSRS) scheduler = window.FSRS.fsrs({ enable_fuzz: false, enable_short_term: false });
    return scheduler;
  }
  function schedule(state, id, ok, now) {
    var f = fsrs();
    if (!f) return;
    var card = state.srs[id] || window.FSRS.createEmptyCard(new Date(now));
    var next = f.next(card, new Date(now), ok ? window.FSRS.Rating.Good : window.FSRS.Rating.Again).card;
    state.srs[id] = JSON.parse(JSON.stringify(next));  // dates as ISO strings, as stored
  }
  function endOfDay(now) {
    var d = new Date(now);
    d.setHours(23, 59, 59, 999);
    return d.getTime();
  }
  // When a 错题本 question is next due (ms); one without a card (added before reviews existed) is due now.
  function dueAt(state, id) {
    var card = state.srs[id];
    return card && card.due ? new Date(card.due).getTime() : 0;
  }
  // 今日复习: the 错题本 questions due by the end of today, the longest overdue first.
  function dueToday(state, now) {
    var limit = endOfDay(now || Date.now());
    return Object.keys(state.questions).filter(function (id) {
      return state.questions[id].inWrongbook && dueAt(state, id) <= limit;
    }).sort(function (a, b) { return dueAt(state, a) - dueAt(state, b) || (a < b ? -1 : 1); });
  }

  // 错题本: take one question out, or all of them; the counters stay (they are the practice record).
  function removeFromWrongbook(ids) {
    var state = load(), now = Date.now();
    ids.forEach(function (id) {
      var q = state.questions[id];
      if (q && q.inWrongbook) { q.inWrongbook = false; q.streak = 0; q.changed = now; }
    });
    save(state);
  }

  // 成绩记录: one entry per handed-in attempt (never replaced by the next one).
  function addExamRecord(exam, pass) {
    var state = load(), rec = examRecord(exam, pass);
    if (!state.exams.some(function (e) { return e.seed === rec.seed && e.startedAt === rec.startedAt; })) {
      state.exams.push(rec);
      state.exams.sort(function (a, b) { return a.submittedAt - b.submittedAt; });
      save(state);
      window.dispatchEvent(new CustomEvent("zhifa-exams"));  // this tab's 成绩记录 repaints (storage events reach only others)
    }
    return rec;
  }

  // Settings: font size ("" | "large" | "xlarge") and moving on after a right answer.
  function setSetting(key, value) {
    var state = load();
    state.settings[key] = value;
    state.settings.changed = Date.now();
    save(state);
    applySettings(state);
  }
  function applySettings(state) {
    var font = (state || load()).settings.font || "";
    if (font) document.documentElement.setAttribute("data-zf-font", font);
    else document.documentElement.removeAttribute("data-zf-font");
  }

  // Export: the whole record in a file. Import: merge a file into this browser's record, losing nothing of
  // either side (see merge); the file may come from an older release (it is migrated first).
  var EXPORT_FORMAT = "zhifa-progress";
  function exportData() {
    return { format: EXPORT_FORMAT, version: 1, exportedAt: Date.now(), progress: load() };
  }
  function migrate(raw) {
    var version = raw.schema || raw.v || 1;
    while (version < SCHEMA && MIGRATIONS[version]) {
      raw = MIGRATIONS[version](raw);
      version = raw.schema;
    }
    var state = Object.assign(empty(), raw);
    state.schema = SCHEMA;
    return state;
  }
  function later(a, b) {  // of two records of one question, the one changed last
    var ta = Math.max(a.last || 0, a.changed || 0), tb = Math.max(b.last || 0, b.changed || 0);
    return tb > ta ? b : a;
  }
  // Per question the counts are the larger of the two (importing the same file twice changes nothing) and the
  // 错题本 state comes from the copy changed last; favourites, history and 成绩记录 are united; a review card
  // comes from the copy reviewed last; settings and the open practice session from the side changed last.
  function merge(mine, other) {
    var out = Object.assign(empty(), mine);
    out.questions = Object.assign({}, mine.questions);
    Object.keys(other.questions || {}).forEach(function (id) {
      var a = mine.questions[id], b = other.questions[id];
      if (!a) { out.questions[id] = b; return; }
      var l = later(a, b);
      out.questions[id] = Object.assign({}, l, { right: Math.max(a.right, b.right), wrong: Math.max(a.wrong, b.wrong) });
    });
    out.favorites = Object.assign({}, other.favorites || {}, mine.favorites);
    var seen = {}, history = [];
    (mine.history || []).concat(other.history || []).forEach(function (h) {
      var k = h.key || h.id + "@" + h.at + ":" + h.ok;
      if (!seen[k]) { seen[k] = true; history.push(h); }
    });
    history.sort(function (a, b) { return a.at - b.at; });
    out.history = history.slice(-HISTORY_MAX);
    out.srs = Object.assign({}, mine.srs);
    Object.keys(other.srs || {}).forEach(function (id) {
      var a = mine.srs[id], b = other.srs[id];
      if (!a || new Date(b.last_review || 0) > new Date(a.last_review || 0)) out.srs[id] = b;
    });
    var exams = (mine.exams || []).slice();
    (other.exams || []).forEach(function (e) {
      if (!exams.some(function (x) { return x.seed === e.seed && x.startedAt === e.startedAt; })) exams.push(e);
    });
    out.exams = exams.sort(function (a, b) { return a.submittedAt - b.submittedAt; });
    if ((other.settings || {}).changed > ((mine.settings || {}).changed || 0)) out.settings = other.settings;
    if (!mine.practice && other.practice) out.practice = other.practice;
    out.seq = Math.max(mine.seq || 0, other.seq || 0);
    if (!mine.exam || (other.exam && startedLater(other.exam, mine.exam))) out.exam = other.exam || mine.exam;
    return out;
  }
  function startedLater(a, b) { return (a.startedAt || 0) > (b.startedAt || 0); }
  // An imported record keeps only plain own data: maps without keys that would reach an object's prototype,
  // lists where lists belong.
  function safeMap(m) {
    var out = {};
    if (m && typeof m === "object" && !Array.isArray(m)) {
      Object.keys(m).forEach(function (k) { if (k !== "__proto__" && k !== "constructor" && k !== "prototype") out[k] = m[k]; });
    }
    return out;
  }
  function clean(state) {
    ["questions", "favorites", "srs", "settings"].forEach(function (k) { state[k] = safeMap(state[k]); });
    Object.keys(state.questions).forEach(function (id) {
      var q = state.questions[id];
      if (!q || typeof q !== "object" || typeof q.right !== "number" || typeof q.wrong !== "number") throw new Error("bad record " + id);
    });
    ["history", "exams"].forEach(function (k) { if (!Array.isArray(state[k])) state[k] = []; });
    return state;
  }
  // Returns {ok, message}: what was taken in, or why the file was refused.
  function importData(text) {
    var data = null;
    try { data = JSON.parse(text); } catch (e) { data = null; }
    if (!data || data.format !== EXPORT_FORMAT || !data.progress || typeof data.progress !== "object") {
      return { ok: false, message: "无法导入：这不是本站导出的进度文件（应为“导出全部进度”得到的 .json 文件）。" };
    }
    var state = null;
    try { state = merge(load(), clean(migrate(data.progress))); } catch (e) { state = null; }
    if (!state) return { ok: false, message: "无法导入：文件内容不完整或已损坏，请重新导出后再试。" };
    save(state);
    applySettings(state);
    var wrongbook = Object.keys(state.questions).filter(function (id) { return state.questions[id].inWrongbook; }).length;
    return { ok: true, message: "已导入并合并：练习过 " + Object.keys(state.questions).length + " 题，错题本 " + wrongbook
      + " 题，收藏 " + Object.keys(state.favorites).length + " 题，成绩记录 " + state.exams.length + " 次。" };
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
                        onChange: onChange, SCHEMA: SCHEMA, WRONGBOOK_STREAK: WRONGBOOK_STREAK, KEY: KEY,
                        dueToday: dueToday, dueAt: dueAt, removeFromWrongbook: removeFromWrongbook,
                        addExamRecord: addExamRecord, setSetting: setSetting, applySettings: applySettings,
                        exportData: exportData, importData: importData, merge: merge };
  applySettings();
})();
