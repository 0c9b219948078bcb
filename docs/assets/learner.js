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
      minutes: parseInt(link.getAttribute("data-cle-minutes"), 10) || 0,
      // Tenths of a credit hour, the module's share from the time model: whole numbers, so sums stay exact.
      tenths50: Math.round(parseFloat(link.getAttribute("data-cle-credit50")) * 10) || 0,
      tenths60: Math.round(parseFloat(link.getAttribute("data-cle-credit60")) * 10) || 0,
      complete: questions > 0 && answered === questions,
    };
  }

  function setText(root, selector, text) {
    root.querySelectorAll(selector).forEach(function (element) {
      element.textContent = text;
    });
  }

  // Module minutes and credit shares come from clekit.time_model, already rounded so that they add up: the record
  // only sums them, and so agrees with the orientation's table.
  function hours(tenths) {
    return (tenths / 10).toFixed(1);
  }

  function fillProgress(links) {
    var totals = { completed: 0, answered: 0, correct: 0, minutes: 0, tenths50: 0, tenths60: 0 };
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
