/*
 * The course's SCORM runtime, shared by every page of a package (SCORM 1.2 or 2004, from the page's data-scorm).
 *
 * It finds the LMS's API by ADL's discovery walk (this window's parents up to the top, then the opener's),
 * initializes, and on each submitted scenario reports an interaction (id, type, learner response, result,
 * correct response, the objective it assesses), the score, completion and success against the mastery score,
 * and the learner's place; answers are kept in suspend data so a learner who leaves resumes where they were.
 * When the page goes away it reports the session time and exit mode and terminates, once. Without an LMS the
 * same state is kept in the browser's storage, as the course site does.
 */
(function () {
  "use strict";

  var body = document.body;
  var version = body.getAttribute("data-scorm") === "2004" ? "2004" : "1.2";
  var storageKey = "clekit-scorm:" + body.getAttribute("data-package") + ":" + body.getAttribute("data-sco");
  var packagedMastery = parseFloat(body.getAttribute("data-mastery"));
  var items = Array.prototype.slice.call(document.querySelectorAll("form.item"));
  var progress = document.querySelector(".scenarios .progress");
  var startedAt = Date.now();

  var CALLS = {
    "1.2": { api: "API", init: "LMSInitialize", get: "LMSGetValue", set: "LMSSetValue", commit: "LMSCommit",
             finish: "LMSFinish" },
    "2004": { api: "API_1484_11", init: "Initialize", get: "GetValue", set: "SetValue", commit: "Commit",
              finish: "Terminate" }
  }[version];
  var ELEMENTS = {
    "1.2": { location: "cmi.core.lesson_location", exit: "cmi.core.exit", sessionTime: "cmi.core.session_time",
             mastery: "cmi.student_data.mastery_score", response: "student_response", time: "time" },
    "2004": { location: "cmi.location", exit: "cmi.exit", sessionTime: "cmi.session_time",
              mastery: "cmi.scaled_passing_score", response: "learner_response", time: "timestamp" }
  }[version];

  // ADL's algorithm: look in each parent up to the top (at most 500 levels), then in the opener and its parents.
  // A parent from another origin cannot be read: the walk stops there.
  function searchUp(start) {
    var win = start;
    for (var level = 0; win && level < 500; level += 1) {
      try {
        if (win[CALLS.api]) return win[CALLS.api];
        if (!win.parent || win.parent === win) return null;
      } catch (error) {
        return null;
      }
      win = win.parent;
    }
    return null;
  }

  function findApi() {
    var api = searchUp(window);
    if (!api && window.opener) api = searchUp(window.opener);
    return api;
  }

  var lms = null;
  var candidate = findApi();
  if (candidate && String(candidate[CALLS.init]("")) === "true") lms = candidate;

  function getValue(element) {
    return lms ? String(lms[CALLS.get](element)) : "";
  }
  function setValue(element, value) {
    if (lms) lms[CALLS.set](element, String(value));
  }

  // The state kept between sessions: each answered item's response and its interaction's index, and the place.
  var state = { answers: {}, interactions: {}, location: "" };

  function loadState() {
    var saved = lms ? getValue("cmi.suspend_data") : readStorage();
    if (!saved) return;
    try {
      var parsed = JSON.parse(saved);
      if (parsed && typeof parsed.answers === "object") {
        state.answers = parsed.answers;
        state.interactions = parsed.interactions || {};
        state.location = parsed.location || "";
      }
    } catch (error) {
      // Suspend data written by another version of the package: start afresh rather than fail.
    }
  }

  function readStorage() {
    try {
      return window.localStorage.getItem(storageKey) || "";
    } catch (error) {
      return "";
    }
  }

  function saveState() {
    var serialized = JSON.stringify(state);
    if (!lms) {
      try {
        window.localStorage.setItem(storageKey, serialized);
      } catch (error) {
        // Storage refused (private mode, quota): the page still works for this visit.
      }
      return;
    }
    setValue("cmi.suspend_data", serialized);
    setValue(ELEMENTS.location, state.location);
    lms[CALLS.commit]("");
  }

  // The LMS's mastery score wins over the one packaged (an LMS may let the provider change it).
  function masteryScore() {
    var fromLms = parseFloat(getValue(ELEMENTS.mastery));
    if (!isNaN(fromLms)) return version === "1.2" ? fromLms / 100 : fromLms;
    return isNaN(packagedMastery) ? null : packagedMastery;
  }

  function keyOf(form) {
    return form.getAttribute("data-key").split(",");
  }

  function isCorrect(form, response) {
    var key = keyOf(form).slice().sort().join(",");
    return response.slice().sort().join(",") === key;
  }

  function tally() {
    var answered = 0;
    var correct = 0;
    items.forEach(function (form) {
      var response = state.answers[form.getAttribute("data-item")];
      if (!response) return;
      answered += 1;
      if (isCorrect(form, response)) correct += 1;
    });
    return { answered: answered, correct: correct, total: items.length };
  }

  function pad(number, width) {
    var text = String(number);
    while (text.length < width) text = "0" + text;
    return text;
  }

  function timestamp(date) {
    var clock = pad(date.getHours(), 2) + ":" + pad(date.getMinutes(), 2) + ":" + pad(date.getSeconds(), 2);
    if (version === "1.2") return clock;
    return date.getFullYear() + "-" + pad(date.getMonth() + 1, 2) + "-" + pad(date.getDate(), 2) + "T" + clock;
  }

  function sessionTime(milliseconds) {
    var centiseconds = Math.round(milliseconds / 10);
    var hours = Math.floor(centiseconds / 360000);
    var minutes = Math.floor((centiseconds % 360000) / 6000);
    var seconds = (centiseconds % 6000) / 100;
    if (version === "2004") return "PT" + hours + "H" + minutes + "M" + seconds.toFixed(2) + "S";
    return pad(hours, 4) + ":" + pad(minutes, 2) + ":" + pad(seconds.toFixed(2), 5);
  }

  function reportInteraction(form, response, correct) {
    var id = form.getAttribute("data-item");
    var index = state.interactions[id];
    // SCORM 1.2 interactions are a journal (write-only); 2004 ones can be updated in place.
    if (index === undefined || version === "1.2") {
      index = parseInt(getValue("cmi.interactions._count"), 10) || 0;
      state.interactions[id] = index;
    }
    var prefix = "cmi.interactions." + index + ".";
    var separator = version === "2004" ? "[,]" : ",";
    setValue(prefix + "id", id);
    setValue(prefix + "type", "choice");
    var objectives = (form.getAttribute("data-objectives") || "").split(" ").filter(Boolean);
    objectives.forEach(function (objective, position) {
      setValue(prefix + "objectives." + position + ".id", objective);
    });
    setValue(prefix + ELEMENTS.time, timestamp(new Date()));
    setValue(prefix + "correct_responses.0.pattern", keyOf(form).join(separator));
    setValue(prefix + "weighting", "1");
    setValue(prefix + ELEMENTS.response, response.join(separator));
    setValue(prefix + "result", correct ? "correct" : version === "2004" ? "incorrect" : "wrong");
    if (version === "2004") {
      var legend = form.querySelector("legend");
      if (legend) setValue(prefix + "description", legend.textContent);
    }
  }

  function reportStatus() {
    var counts = tally();
    var done = counts.answered === counts.total;
    var mastery = masteryScore();
    var scaled = counts.total ? counts.correct / counts.total : 0;
    var passed = mastery === null ? null : scaled >= mastery;
    if (version === "2004") {
      setValue("cmi.score.min", "0");
      setValue("cmi.score.max", counts.total);
      setValue("cmi.score.raw", counts.correct);
      setValue("cmi.score.scaled", scaled.toFixed(4).replace(/\.?0+$/, "") || "0");
      setValue("cmi.completion_status", done ? "completed" : "incomplete");
      setValue("cmi.success_status", !done || passed === null ? "unknown" : passed ? "passed" : "failed");
      setValue("cmi.progress_measure", counts.total ? (counts.answered / counts.total).toFixed(4) : "0");
    } else {
      // SCORM 1.2 LMSs compare the raw score with the mastery score, a percentage: raw is one too.
      setValue("cmi.core.score.min", "0");
      setValue("cmi.core.score.max", "100");
      setValue("cmi.core.score.raw", Math.round(scaled * 100));
      setValue("cmi.core.lesson_status", !done ? "incomplete" : passed === null ? "completed" : passed ? "passed" : "failed");
    }
  }

  function showProgress() {
    var counts = tally();
    if (progress) {
      progress.textContent = counts.answered + " of " + counts.total + " scenarios answered, " + counts.correct + " correct.";
    }
  }

  // After a submit (or on resume): lock the item, show every option's feedback marked key or not, and the explanation.
  function reveal(form, response) {
    var key = keyOf(form);
    Array.prototype.forEach.call(form.querySelectorAll("li.option"), function (option) {
      var identifier = option.getAttribute("data-option");
      var input = option.querySelector("input");
      input.checked = response.indexOf(identifier) !== -1;
      input.disabled = true;
      var isKey = key.indexOf(identifier) !== -1;
      option.classList.add(isKey ? "is-key" : "is-not-key");
      if (input.checked) option.classList.add("is-chosen");
      var verdict = option.querySelector(".verdict");
      verdict.textContent = (isKey ? "Key" : "Not the key") + (input.checked ? " (your answer)." : ".");
      option.querySelector(".feedback").hidden = false;
    });
    form.querySelector("button[type=submit]").disabled = true;
    form.querySelector(".explanation").hidden = false;
    form.querySelector(".result").textContent = isCorrect(form, response)
      ? "Correct."
      : "Not correct: the key is " + key.map(function (letter) { return letter.toUpperCase(); }).join(", ") + ".";
  }

  function nextUnanswered() {
    for (var position = 0; position < items.length; position += 1) {
      if (!state.answers[items[position].getAttribute("data-item")]) return items[position].id;
    }
    return "";
  }

  function onSubmit(event) {
    event.preventDefault();
    var form = event.currentTarget;
    var id = form.getAttribute("data-item");
    if (state.answers[id]) return;
    var response = Array.prototype.filter
      .call(form.querySelectorAll("input"), function (input) { return input.checked; })
      .map(function (input) { return input.value; });
    if (!response.length) {
      form.querySelector(".result").textContent = "Choose an option first: nothing was submitted.";
      return;
    }
    var correct = isCorrect(form, response);
    state.answers[id] = response;
    state.location = nextUnanswered();
    reveal(form, response);
    showProgress();
    if (lms) {
      reportInteraction(form, response, correct);
      reportStatus();
    }
    saveState();
  }

  var finished = false;
  function finish() {
    if (finished || !lms) return;
    finished = true;
    var counts = tally();
    setValue(ELEMENTS.sessionTime, sessionTime(Date.now() - startedAt));
    // "suspend" tells the LMS to keep the attempt open, so the learner resumes; a finished module exits normally.
    setValue(ELEMENTS.exit, counts.answered < counts.total ? "suspend" : version === "2004" ? "normal" : "");
    lms[CALLS.commit]("");
    lms[CALLS.finish]("");
  }

  loadState();
  items.forEach(function (form) {
    var response = state.answers[form.getAttribute("data-item")];
    if (response) reveal(form, response);
    form.addEventListener("submit", onSubmit);
  });
  showProgress();
  if (lms) {
    reportStatus();
    lms[CALLS.commit]("");
  }
  if (state.location) {
    var place = document.getElementById(state.location);
    if (place) place.scrollIntoView();
  }
  window.addEventListener("pagehide", finish);
  window.addEventListener("beforeunload", finish);
})();
