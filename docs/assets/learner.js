// The learner's side of the course, kept entirely in this browser's localStorage; nothing is sent anywhere.
// - Module pages: note that the lesson was opened (and when), for the record's dates of study.
// - Scenario pages: note the day of each answer submitted, for the same dates.
// - Progress, module and record pages: fill in each module's progress from what mkdocs-quiz stored.
// - The record: check the attendance codes typed against their digests, and show the evaluation's answers.
// - The evaluation page: keep each answer as it is given.
(function () {
  "use strict";

  // mkdocs-quiz stores {quizId: {answered, correct, selectedValues}} under this prefix + the page's pathname.
  var QUIZ_PREFIX = "quiz_progress_";
  var OPENED_PREFIX = "cle_lesson_opened_"; // + module id: the ISO day the lesson was first opened
  var CODES_KEY = "cle_attendance_codes"; // {"module:position": {entry, ok}}
  var STUDY_KEY = "cle_study_days"; // {first, last}: ISO days of study
  var EVALUATION_KEY = "cle_evaluation"; // {question key: answer}

  function readJson(key, fallback) {
    try {
      var parsed = JSON.parse(window.localStorage.getItem(key) || "null");
      return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? parsed : fallback;
    } catch (error) {
      return fallback; // storage disabled or corrupt: as if nothing were stored
    }
  }

  function writeJson(key, value) {
    try {
      window.localStorage.setItem(key, JSON.stringify(value));
    } catch (error) {
      // Storage disabled or full: the page still works, it just cannot remember.
    }
  }

  function today() {
    var now = new Date();
    return now.getFullYear() + "-" + String(now.getMonth() + 1).padStart(2, "0") + "-" + String(now.getDate()).padStart(2, "0");
  }

  function noteStudyDay() {
    var days = readJson(STUDY_KEY, {});
    var day = today();
    if (!days.first || day < days.first) days.first = day;
    if (!days.last || day > days.last) days.last = day;
    writeJson(STUDY_KEY, days);
  }

  function storedQuizzes(pathname) {
    // The same page is reachable as ".../" and ".../index.html"; mkdocs-quiz keys by whichever was visited.
    var variants = [pathname];
    if (pathname.endsWith("/")) variants.push(pathname + "index.html");
    else if (pathname.endsWith("/index.html")) variants.push(pathname.slice(0, -"index.html".length));
    var quizzes = {};
    variants.forEach(function (variant) {
      Object.assign(quizzes, readJson(QUIZ_PREFIX + variant, {}));
    });
    return quizzes;
  }

  function lessonOpened(moduleId) {
    try {
      return window.localStorage.getItem(OPENED_PREFIX + moduleId);
    } catch (error) {
      return null;
    }
  }

  function codesRight(moduleId, count) {
    var codes = readJson(CODES_KEY, {});
    var right = 0;
    for (var position = 1; position <= count; position += 1) {
      var stored = codes[moduleId + ":" + position];
      if (stored && stored.ok === true) right += 1;
    }
    return right;
  }

  // A module is complete when its lesson was opened, its codes were entered correctly and every scenario was
  // answered (and, if the course sets a pass mark, enough of them correctly).
  function countProgress(link) {
    var questions = parseInt(link.getAttribute("data-cle-questions"), 10) || 0;
    var quizzes = storedQuizzes(new URL(link.getAttribute("href"), window.location.href).pathname);
    var answered = 0;
    var correct = 0;
    Object.keys(quizzes).forEach(function (id) {
      var quiz = quizzes[id];
      if (quiz && quiz.answered === true) answered += 1;
      if (quiz && quiz.correct === true) correct += 1;
    });
    answered = Math.min(answered, questions);
    correct = Math.min(correct, answered);
    var moduleId = link.getAttribute("data-cle-module") || "";
    var codes = parseInt(link.getAttribute("data-cle-codes"), 10) || 0;
    var passMark = parseFloat(link.getAttribute("data-cle-pass"));
    var opened = lessonOpened(moduleId);
    var right = codesRight(moduleId, codes);
    var passed = isNaN(passMark) || (questions > 0 && correct / questions >= passMark);
    return {
      questions: questions,
      answered: answered,
      correct: correct,
      category: link.getAttribute("data-cle-category") || "general",
      minutes: parseInt(link.getAttribute("data-cle-minutes"), 10) || 0,
      // Tenths of a credit hour, the module's share from the time model: whole numbers, so sums stay exact.
      tenths50: Math.round(parseFloat(link.getAttribute("data-cle-credit50")) * 10) || 0,
      tenths60: Math.round(parseFloat(link.getAttribute("data-cle-credit60")) * 10) || 0,
      opened: opened,
      codes: codes,
      codesRight: right,
      complete: questions > 0 && answered === questions && Boolean(opened) && right === codes && passed,
    };
  }

  function setText(root, selector, text) {
    root.querySelectorAll(selector).forEach(function (element) {
      element.textContent = text;
    });
  }

  function hours(tenths) {
    return (tenths / 10).toFixed(1);
  }

  function fillProgress(links) {
    var totals = { completed: 0, answered: 0, correct: 0, minutes: 0, tenths50: 0, tenths60: 0, byCategory: {} };
    links.forEach(function (link) {
      var progress = countProgress(link);
      var row = link.closest("tr");
      setText(row, '[data-cle-cell="answered"]', String(progress.answered));
      setText(row, '[data-cle-cell="correct"]', String(progress.correct));
      setText(row, '[data-cle-cell="completed"]', progress.complete ? "Yes" : "No");
      setText(row, '[data-cle-cell="opened"]', progress.opened || "not yet");
      setText(row, '[data-cle-cell="codes"]', progress.codesRight + " of " + progress.codes + " right");
      var score = progress.answered
        ? progress.correct + " of " + progress.answered + " (" + Math.round((progress.correct / progress.answered) * 100) + "%)"
        : "none answered";
      setText(row, '[data-cle-cell="score"]', score);
      totals.answered += progress.answered;
      totals.correct += progress.correct;
      if (progress.complete) {
        var category = totals.byCategory[progress.category] || { tenths50: 0, tenths60: 0 };
        category.tenths50 += progress.tenths50;
        category.tenths60 += progress.tenths60;
        totals.byCategory[progress.category] = category;
        totals.completed += 1;
        totals.minutes += progress.minutes;
        totals.tenths50 += progress.tenths50;
        totals.tenths60 += progress.tenths60;
      }
    });
    setText(document, '[data-cle-total="completed"]', String(totals.completed));
    setText(document, '[data-cle-total="answered"]', String(totals.answered));
    setText(document, '[data-cle-total="correct"]', String(totals.correct));
    setText(document, '[data-cle-total="minutes"]', String(totals.minutes));
    setText(document, '[data-cle-total="hours50"]', hours(totals.tenths50));
    setText(document, '[data-cle-total="hours60"]', hours(totals.tenths60));
    ["general", "ethics"].forEach(function (name) {
      var category = totals.byCategory[name] || { tenths50: 0, tenths60: 0 };
      setText(document, '[data-cle-total="' + name + '-hours50"]', hours(category.tenths50));
      setText(document, '[data-cle-total="' + name + '-hours60"]', hours(category.tenths60));
    });
  }

  // The record holds each code's SHA-256 digest, never the code: the same digest as clekit.attendance.code_digest.
  function normalizeEntry(text) {
    return text.replace(/[\s-]+/g, "").toUpperCase();
  }

  function digest(text) {
    if (!(window.crypto && window.crypto.subtle)) return Promise.resolve(null);
    return window.crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)).then(function (buffer) {
      return Array.prototype.map
        .call(new Uint8Array(buffer), function (byte) {
          return byte.toString(16).padStart(2, "0");
        })
        .join("");
    });
  }

  function checkCode(input, refresh) {
    var moduleId = input.getAttribute("data-cle-code-module");
    var position = input.getAttribute("data-cle-code-position");
    var entry = normalizeEntry(input.value);
    var status = input.closest("tr").querySelector("[data-cle-code-status]");
    var printed = input.parentNode.querySelector("[data-cle-code-print]");
    if (printed) printed.textContent = entry;
    var codes = readJson(CODES_KEY, {});
    if (!entry) {
      delete codes[moduleId + ":" + position];
      writeJson(CODES_KEY, codes);
      status.textContent = "not entered";
      refresh();
      return;
    }
    digest(moduleId + ":" + position + ":" + entry).then(function (found) {
      if (found === null) {
        status.textContent = "cannot be checked in this browser; the provider checks it";
        return;
      }
      var ok = found === input.getAttribute("data-cle-code-digest");
      codes = readJson(CODES_KEY, {});
      codes[moduleId + ":" + position] = { entry: entry, ok: ok };
      writeJson(CODES_KEY, codes);
      status.textContent = ok ? "right" : "not right: check the code in the lesson";
      noteStudyDay();
      refresh();
    });
  }

  function fillCodes(refresh) {
    var codes = readJson(CODES_KEY, {});
    document.querySelectorAll("input[data-cle-code-digest]").forEach(function (input) {
      var stored = codes[input.getAttribute("data-cle-code-module") + ":" + input.getAttribute("data-cle-code-position")];
      var status = input.closest("tr").querySelector("[data-cle-code-status]");
      var printed = input.parentNode.querySelector("[data-cle-code-print]");
      if (stored && typeof stored.entry === "string") {
        input.value = stored.entry;
        if (printed) printed.textContent = stored.entry;
        status.textContent = stored.ok ? "right" : "not right: check the code in the lesson";
      } else {
        status.textContent = "not entered";
      }
      input.addEventListener("change", function () {
        checkCode(input, refresh);
      });
    });
  }

  function fillRecord() {
    document.querySelectorAll("time[data-cle-today]").forEach(function (element) {
      var now = new Date();
      element.setAttribute("datetime", today());
      element.textContent = now.toLocaleDateString(undefined, { year: "numeric", month: "long", day: "numeric" });
    });
    var days = readJson(STUDY_KEY, {});
    setText(document, '[data-cle-study="first"]', days.first || "not started");
    setText(document, '[data-cle-study="last"]', days.last || "not started");
    var answers = readJson(EVALUATION_KEY, {});
    document.querySelectorAll("[data-cle-evaluation-answer]").forEach(function (element) {
      var answer = answers[element.getAttribute("data-cle-evaluation-answer")];
      element.textContent = answer ? String(answer) : "not answered";
    });
    // Each scenario by title, with how it was answered, from what mkdocs-quiz stored on its page (found through
    // the module's scenarios link in the table above, whose address MkDocs made relative to this page).
    document.querySelectorAll("[data-cle-scenarios]").forEach(function (list) {
      var moduleId = list.getAttribute("data-cle-scenarios");
      var link = Array.prototype.filter.call(document.querySelectorAll("a[data-cle-questions]"), function (anchor) {
        return anchor.getAttribute("data-cle-module") === moduleId;
      })[0];
      if (!link) return;
      var quizzes = storedQuizzes(new URL(link.getAttribute("href"), window.location.href).pathname);
      list.querySelectorAll("[data-cle-quiz]").forEach(function (item) {
        var quiz = quizzes[item.getAttribute("data-cle-quiz")];
        var status = !quiz || quiz.answered !== true ? "not answered" : quiz.correct === true ? "correct" : "not correct";
        setText(item, "[data-cle-quiz-status]", status);
      });
    });
    var name = document.querySelector("input[data-cle-name]");
    var printed = document.querySelector("[data-cle-name-print]");
    if (name && printed) {
      var mirror = function () {
        printed.textContent = name.value.trim();
      };
      name.addEventListener("input", mirror);
      mirror();
    }
    document.querySelectorAll("button[data-cle-print]").forEach(function (button) {
      button.addEventListener("click", function () {
        window.print();
      });
    });
  }

  function keepEvaluation(form) {
    var answers = readJson(EVALUATION_KEY, {});
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || !(field.name in answers)) return;
      if (field.type === "radio") field.checked = field.value === String(answers[field.name]);
      else field.value = answers[field.name];
    });
    form.addEventListener("input", function (event) {
      var field = event.target;
      if (!field.name) return;
      var stored = readJson(EVALUATION_KEY, {});
      stored[field.name] = field.value;
      writeJson(EVALUATION_KEY, stored);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault(); // nothing to send: the answers are already kept
    });
  }

  // The line under a scenario's buttons that says why a submit did nothing; read out when it changes.
  function quizHint(quiz) {
    var hint = quiz.querySelector(".cle-quiz-hint");
    if (!hint) {
      hint = document.createElement("p");
      hint.className = "cle-quiz-hint";
      hint.setAttribute("role", "status");
      quiz.querySelector("form").appendChild(hint);
    }
    return hint;
  }

  function revealEveryOption(quiz) {
    var keys = [];
    Array.prototype.forEach.call(quiz.querySelectorAll('input[name="answer"]'), function (input, position) {
      var option = input.parentElement;
      var isKey = input.hasAttribute("data-correct");
      if (isKey) keys.push(String.fromCharCode(65 + position));
      option.classList.add(isKey ? "cle-key" : "cle-not-key");
      var feedback = option.querySelector(".answer-feedback");
      if (!feedback) return;
      if (!feedback.querySelector(".cle-verdict")) {
        var verdict = document.createElement("strong");
        verdict.className = "cle-verdict";
        verdict.textContent = (isKey ? "Key" : "Not the key") + (input.checked ? " (your answer). " : ". ");
        feedback.insertBefore(verdict, feedback.firstChild);
      }
      feedback.classList.remove("hidden");
    });
    quiz.classList.add("cle-answered");
    // mkdocs-quiz's box repeated the chosen option's feedback; it now only says how the answer went.
    var summary = quiz.querySelector(".quiz-feedback");
    if (summary) {
      var chosen = Array.prototype.filter.call(quiz.querySelectorAll('input[name="answer"]'), function (input) {
        return input.checked;
      });
      var right = chosen.length > 0 && chosen.every(function (input) { return input.hasAttribute("data-correct"); }) &&
        chosen.length === keys.length;
      // Its coloured item (right or wrong) stays; only the words change.
      var content = summary.querySelectorAll(".quiz-feedback-item-content");
      var target = content.length === 1 ? content[0] : summary;
      target.textContent = right
        ? "Correct. The feedback on every option is shown beside it."
        : "Not correct: the key is " + keys.join(", ") + ". The feedback on every option is shown beside it.";
    }
  }

  function hideEveryOption(quiz) {
    if (!quiz) return;
    Array.prototype.forEach.call(quiz.querySelectorAll(".answer-feedback"), function (feedback) {
      feedback.classList.add("hidden");
      var verdict = feedback.querySelector(".cle-verdict");
      if (verdict) verdict.parentNode.removeChild(verdict);
      feedback.parentElement.classList.remove("cle-key", "cle-not-key");
    });
    quiz.classList.remove("cle-answered");
  }

  // A table wider than the page would hide figures off to the side (Material scrolls it within the page): it is
  // shown as a stack of rows instead, each cell labelled with its column's heading. Checked again on resizing.
  function fitTables() {
    Array.prototype.forEach.call(document.querySelectorAll(".md-typeset table"), function (table) {
      var headings = Array.prototype.map.call(table.querySelectorAll("thead th"), function (heading) {
        return heading.textContent.trim();
      });
      Array.prototype.forEach.call(table.querySelectorAll("tbody tr"), function (row) {
        Array.prototype.forEach.call(row.children, function (cell, column) {
          if (headings[column] && !cell.hasAttribute("data-cle-label")) {
            cell.setAttribute("data-cle-label", headings[column]);
          }
        });
      });
      table.classList.remove("cle-stacked");
      setTableRoles(table, false);
      // Material wraps each table in a scrolling frame from its own deferred script, which may not have run yet:
      // before it has, the frame is the table's parent, whose width is the page's (measuring the table against
      // itself would never find it too wide, and whether a phone stacked a table would depend on timing).
      var frame = table.closest(".md-typeset__scrollwrap") || table.parentElement || table;
      if (table.scrollWidth > frame.clientWidth + 1) {
        table.classList.add("cle-stacked");
        // CSS display:block takes a table's meaning away from screen readers; the roles give it back.
        setTableRoles(table, true);
      }
    });
  }

  function setTableRoles(table, on) {
    var roles = [
      [table, "table"],
      [table.querySelectorAll("thead, tbody"), "rowgroup"],
      [table.querySelectorAll("tr"), "row"],
      [table.querySelectorAll("thead th"), "columnheader"],
      [table.querySelectorAll("tbody th"), "rowheader"],
      [table.querySelectorAll("td"), "cell"]
    ];
    roles.forEach(function (pair) {
      var elements = pair[0].length === undefined ? [pair[0]] : Array.prototype.slice.call(pair[0]);
      elements.forEach(function (element) {
        if (on) element.setAttribute("role", pair[1]);
        else element.removeAttribute("role");
      });
    });
  }

  // The state-law survey's table: a filter and sortable columns, added here so that a reader without scripts
  // sees the whole table and no control that does nothing.
  function enhanceSurvey(root) {
    var table = root.querySelector("table");
    var body = table && table.tBodies[0];
    if (!body || root.querySelector("input")) return;
    var rows = Array.prototype.slice.call(body.rows);
    var label = document.createElement("label");
    label.htmlFor = "cle-survey-filter";
    label.textContent = "Filter by jurisdiction or any cell";
    var input = document.createElement("input");
    input.type = "search";
    input.id = "cle-survey-filter";
    input.autocomplete = "off";
    var status = document.createElement("p");
    status.setAttribute("role", "status");
    var controls = document.createElement("div");
    controls.className = "cle-survey-controls";
    controls.appendChild(label);
    controls.appendChild(input);
    controls.appendChild(status);
    root.insertBefore(controls, root.firstChild);
    // Each row's cells, joined by a line break: a row's own text runs its cells together ("None" and "Wise"
    // would read "nonewise" and match "new").
    var rowText = function (row) {
      return Array.prototype.map
        .call(row.cells, function (cell) {
          return cell.textContent;
        })
        .join("\n")
        .toLowerCase();
    };
    var filter = function () {
      var words = input.value.trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (row) {
        row.hidden = words !== "" && rowText(row).indexOf(words) === -1;
        if (!row.hidden) shown += 1;
      });
      status.textContent = "Showing " + shown + " of " + rows.length + " jurisdictions.";
    };
    input.addEventListener("input", filter);
    filter();
    var headings = Array.prototype.slice.call(table.tHead.rows[0].cells);
    headings.forEach(function (heading, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = heading.textContent;
      heading.textContent = "";
      heading.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = heading.getAttribute("aria-sort") !== "ascending";
        headings.forEach(function (other) {
          other.removeAttribute("aria-sort");
        });
        heading.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        // A stable sort by the column's text; the first column breaks ties, so equal cells keep a fixed order.
        rows.sort(function (a, b) {
          var order = a.cells[column].textContent.localeCompare(b.cells[column].textContent, "en", { numeric: true });
          if (order === 0) order = a.cells[0].textContent.localeCompare(b.cells[0].textContent, "en");
          return ascending ? order : -order;
        });
        rows.forEach(function (row) {
          body.appendChild(row);
        });
      });
    });
  }

  function start() {
    // A lesson page carries its attendance codes, each tagged with the module's id.
    var lesson = document.querySelector(".cle-attendance[data-cle-module]");
    if (lesson) {
      var key = OPENED_PREFIX + lesson.getAttribute("data-cle-module");
      try {
        if (!window.localStorage.getItem(key)) window.localStorage.setItem(key, today());
      } catch (error) {
        // Storage disabled: the record will show the lesson as not opened.
      }
      noteStudyDay();
    }
    // Scenario pages: an empty submit is stopped before mkdocs-quiz sees it (it would mark the item answered and
    // wrong); a real one is a day of study, and afterwards every option's feedback shows beside the option.
    document.addEventListener(
      "submit",
      function (event) {
        var quiz = event.target.closest && event.target.closest(".quiz");
        if (!quiz) return;
        if (!quiz.querySelector('input[name="answer"]:checked')) {
          event.preventDefault();
          event.stopImmediatePropagation();
          quizHint(quiz).textContent = "Choose an option first: nothing was submitted.";
          return;
        }
        quizHint(quiz).textContent = "";
        noteStudyDay();
        // mkdocs-quiz handles the submit next and stops it there: reveal once its handler has run.
        window.setTimeout(function () {
          revealEveryOption(quiz);
        }, 0);
      },
      true
    );
    document.addEventListener(
      "click",
      function (event) {
        var reset = event.target.closest && event.target.closest(".quiz-reset-button");
        if (!reset) return;
        window.setTimeout(function () {
          hideEveryOption(reset.closest(".quiz"));
        }, 0);
      },
      true
    );
    // The hint line of each scenario exists from the start: a live region is read out when it changes, not when
    // it is created.
    Array.prototype.forEach.call(document.querySelectorAll(".quiz"), quizHint);
    // Items answered on an earlier visit: mkdocs-quiz restores them in its own DOMContentLoaded handler, which runs
    // after this deferred script; "load" comes after every such handler.
    var revealRestored = function () {
      Array.prototype.forEach.call(document.querySelectorAll(".quiz"), function (quiz) {
        var summary = quiz.querySelector(".quiz-feedback");
        if (summary && !summary.classList.contains("hidden") && summary.textContent.trim()) revealEveryOption(quiz);
      });
    };
    if (document.readyState === "complete") revealRestored();
    else window.addEventListener("load", revealRestored);
    Array.prototype.forEach.call(document.querySelectorAll("[data-cle-survey]"), enhanceSurvey);
    fitTables();
    if (document.readyState !== "complete") window.addEventListener("load", fitTables);
    var resizing = null;
    window.addEventListener("resize", function () {
      window.clearTimeout(resizing);
      resizing = window.setTimeout(fitTables, 150);
    });
    var form = document.querySelector("form[data-cle-evaluation]");
    if (form) keepEvaluation(form);
    var links = Array.prototype.slice.call(document.querySelectorAll("a[data-cle-questions]"));
    if (!links.length) return;
    var refresh = function () {
      fillProgress(links);
    };
    fillCodes(refresh);
    refresh();
    fillRecord();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
