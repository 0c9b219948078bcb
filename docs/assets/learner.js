// Fills in the reader's progress on module pages, the progress dashboard and the completion record from the progress
// mkdocs-quiz keeps in this browser's localStorage. It reads only; it sends nothing anywhere.
(function () {
  "use strict";

  // mkdocs-quiz stores {quizId: {answered, correct, selectedValues}} under this prefix + the page's pathname.
  var STORAGE_PREFIX = "quiz_progress_";

  function storedQuizzes(pathname) {
    // The same page is reachable as ".../" and ".../index.html"; mkdocs-quiz keys by whichever was visited.
    var variants = [pathname];
    if (pathname.endsWith("/")) variants.push(pathname + "index.html");
    else if (pathname.endsWith("/index.html")) variants.push(pathname.slice(0, -"index.html".length));
    var quizzes = {};
    variants.forEach(function (variant) {
      try {
        var parsed = JSON.parse(window.localStorage.getItem(STORAGE_PREFIX + variant) || "{}");
        if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) Object.assign(quizzes, parsed);
      } catch (error) {
        // Storage disabled or corrupt: the module simply counts as not started.
      }
    });
    return quizzes;
  }

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
    return {
      questions: questions,
      answered: answered,
      correct: Math.min(correct, answered),
      minutes: parseFloat(link.getAttribute("data-cle-minutes")) || 0,
      complete: questions > 0 && answered === questions,
    };
  }

  function setText(root, selector, text) {
    root.querySelectorAll(selector).forEach(function (element) {
      element.textContent = text;
    });
  }

  // The same rounding as clekit.timing.Estimate: whole minutes up, credit hours down to a tenth.
  function wholeMinutes(minutes) {
    return minutes > 0 ? Math.max(1, Math.ceil(minutes)) : 0;
  }

  function creditHours(minutes, minutesPerHour) {
    return (Math.floor((minutes / minutesPerHour) * 10) / 10).toFixed(1);
  }

  function fillProgress(links) {
    var totals = { completed: 0, answered: 0, correct: 0, minutes: 0 };
    links.forEach(function (link) {
      var progress = countProgress(link);
      var row = link.closest("tr");
      setText(row, '[data-cle-cell="answered"]', String(progress.answered));
      setText(row, '[data-cle-cell="correct"]', String(progress.correct));
      setText(row, '[data-cle-cell="completed"]', progress.complete ? "Yes" : "No");
      setText(row, '[data-cle-cell="score"]', Math.round((progress.correct / progress.questions) * 100) + "%");
      totals.answered += progress.answered;
      totals.correct += progress.correct;
      if (progress.complete) {
        totals.completed += 1;
        totals.minutes += progress.minutes;
      }
    });
    setText(document, '[data-cle-total="completed"]', String(totals.completed));
    setText(document, '[data-cle-total="answered"]', String(totals.answered));
    setText(document, '[data-cle-total="correct"]', String(totals.correct));
    setText(document, '[data-cle-total="minutes"]', String(wholeMinutes(totals.minutes)));
    setText(document, '[data-cle-total="hours50"]', creditHours(totals.minutes, 50));
    setText(document, '[data-cle-total="hours60"]', creditHours(totals.minutes, 60));
  }

  function fillRecord() {
    var today = new Date();
    document.querySelectorAll("time[data-cle-today]").forEach(function (element) {
      var month = String(today.getMonth() + 1).padStart(2, "0");
      var day = String(today.getDate()).padStart(2, "0");
      element.setAttribute("datetime", today.getFullYear() + "-" + month + "-" + day);
      element.textContent = today.toLocaleDateString(undefined, { year: "numeric", month: "long", day: "numeric" });
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

  function start() {
    var links = Array.prototype.slice.call(document.querySelectorAll("a[data-cle-questions]"));
    if (!links.length) return;
    fillProgress(links);
    fillRecord();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
