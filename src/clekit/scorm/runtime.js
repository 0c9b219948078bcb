/*
 * The course's SCORM runtime, shared by every page of a package (SCORM 1.2 or 2004, from the page's data-scorm).
 *
 * It finds the LMS's API by ADL's discovery walk (this window's parents up to the top, then the opener's),
 * initializes, and on each submitted scenario reports an interaction (id, type, learner response, result,
 * correct response, the objectives it assesses). Completion is "incomplete" until every scenario is answered;
 * only then are the score and the pass or fail against the mastery score sent, because an LMS that sees a score
 * below the mastery score records a failure at once (SCORM 2004 RTE 4.2.21; SCORM 1.2 LMSs at LMSFinish).
 * Answers are kept in suspend data so a learner who leaves resumes where they were. When the page goes away it
 * reports the session time and exit mode and terminates, once. In review or browse mode, without credit, or once
 * the module is recorded as passed or completed, nothing is reported: a result is never taken back. Without an
 * LMS the same state is kept in the browser's storage, as the course site does.
 */
(function () {
  "use strict";

  var body = document.body;
  var version = body.getAttribute("data-scorm") === "2004" ? "2004" : "1.2";
  var packageId = body.getAttribute("data-package") || "";
  var storageKey = "clekit-scorm:" + packageId + ":" + body.getAttribute("data-sco");
  var packagedMastery = parseFloat(body.getAttribute("data-mastery"));
  var items = Array.prototype.slice.call(document.querySelectorAll("form.item"));
  var progress = document.querySelector(".scenarios .progress");
  var notice = document.querySelector(".lms-notice");
  var startedAt = Date.now();

  var CALLS = {
    "1.2": { api: "API", init: "LMSInitialize", get: "LMSGetValue", set: "LMSSetValue", commit: "LMSCommit",
             finish: "LMSFinish", error: "LMSGetLastError", errorText: "LMSGetErrorString" },
    "2004": { api: "API_1484_11", init: "Initialize", get: "GetValue", set: "SetValue", commit: "Commit",
              finish: "Terminate", error: "GetLastError", errorText: "GetErrorString" }
  }[version];
  var ELEMENTS = {
    "1.2": { location: "cmi.core.lesson_location", exit: "cmi.core.exit", sessionTime: "cmi.core.session_time",
             mastery: "cmi.student_data.mastery_score", response: "student_response", time: "time",
             mode: "cmi.core.lesson_mode", credit: "cmi.core.credit" },
    "2004": { location: "cmi.location", exit: "cmi.exit", sessionTime: "cmi.session_time",
              mastery: "cmi.scaled_passing_score", response: "learner_response", time: "timestamp",
              mode: "cmi.mode", credit: "cmi.credit" }
  }[version];

  function tell(message) {
    if (!notice) return;
    notice.textContent = message;
    notice.hidden = false;
  }

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
  if (candidate) {
    if (String(candidate[CALLS.init]("")) === "true") {
      lms = candidate;
    } else {
      tell("The learning system did not start a session (" + lastError(candidate) + "). Your answers are kept " +
           "in this browser only and are not reported: close this module and open it again from the course.");
    }
  }

  function lastError(api) {
    try {
      var code = String(api[CALLS.error]());
      return "error " + code + ": " + String(api[CALLS.errorText](code));
    } catch (error) {
      return "no error code";
    }
  }

  function getValue(element) {
    return lms ? String(lms[CALLS.get](element)) : "";
  }

  var failures = 0;
  function setValue(element, value) {
    if (!lms) return;
    if (String(lms[CALLS.set](element, String(value))) !== "true") failed("could not record " + element);
  }

  function commit() {
    if (!lms) return;
    // One retry: an LMS that commits over the network may fail once and succeed the next time.
    if (String(lms[CALLS.commit]("")) !== "true" && String(lms[CALLS.commit]("")) !== "true") failed("could not save");
  }

  function failed(what) {
    failures += 1;
    tell("The learning system " + what + " (" + lastError(lms) + "). Your answers may not be recorded: tell the " +
         "course provider.");
  }

  // What the LMS already holds decides whether this session may report anything at all.
  var mode = getValue(ELEMENTS.mode);
  var credit = getValue(ELEMENTS.credit);
  var success = getValue("cmi.success_status");
  var recordedStatus = version === "2004"
    ? success === "passed" || success === "failed" ? success : getValue("cmi.completion_status")
    : getValue("cmi.core.lesson_status");
  var reporting = Boolean(lms) && mode !== "review" && mode !== "browse" && credit !== "no-credit" &&
    recordedStatus !== "passed" && recordedStatus !== "completed";
  if (lms && !reporting) {
    tell(recordedStatus === "passed" || recordedStatus === "completed"
      ? "This module is already recorded as complete. You may go through it again; nothing you answer now changes " +
        "your record."
      : "This module is open for review: nothing you answer is recorded.");
  }

  // The state kept between sessions: the release it belongs to, each answered item's response and its
  // interaction's index, and the place to resume.
  var state = { release: packageId, answers: {}, interactions: {}, location: "" };
  var known = {};
  items.forEach(function (form) {
    known[form.getAttribute("data-item")] = Array.prototype.map.call(form.querySelectorAll("input"), function (input) {
      return input.value;
    });
  });

  // Saved state is used only if it is this release's and every answer names an item and options this page has:
  // a new release (new keys) or a corrupted record starts afresh instead of breaking the page.
  function restore(saved) {
    var parsed;
    try {
      parsed = JSON.parse(saved);
    } catch (error) {
      return;
    }
    if (!parsed || parsed.release !== packageId || !parsed.answers || typeof parsed.answers !== "object") return;
    var answers = {};
    var interactions = {};
    Object.keys(parsed.answers).forEach(function (id) {
      var response = parsed.answers[id];
      var options = known[id];
      var valid = options && Array.isArray(response) && response.length > 0 && response.every(function (letter) {
        return options.indexOf(letter) !== -1;
      });
      if (!valid) return;
      answers[id] = response;
      var index = parsed.interactions && parsed.interactions[id];
      if (typeof index === "number" && index >= 0) interactions[id] = index;
    });
    state.answers = answers;
    state.interactions = interactions;
    state.location = typeof parsed.location === "string" && known[parsed.location] ? parsed.location : "";
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
    if (!reporting) return;
    setValue("cmi.suspend_data", serialized);
    setValue(ELEMENTS.location, state.location);
    commit();
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
    return response.slice().sort().join(",") === keyOf(form).slice().sort().join(",");
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

  function decimal(value, places) {
    return String(Number(value.toFixed(places)));
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

  // Until the last scenario is answered the LMS hears only that the module is under way; then the score, and
  // passed or failed, decided on the same rounded figure the LMS receives.
  function reportStatus() {
    var counts = tally();
    var done = counts.answered === counts.total;
    if (version === "2004") {
      setValue("cmi.progress_measure", decimal(counts.total ? counts.answered / counts.total : 0, 4));
    }
    if (!done) {
      setValue(version === "2004" ? "cmi.completion_status" : "cmi.core.lesson_status", "incomplete");
      return;
    }
    var scaled = Number((counts.total ? counts.correct / counts.total : 0).toFixed(4));
    var mastery = masteryScore();
    var passed = mastery === null ? null : scaled >= mastery;
    if (version === "2004") {
      setValue("cmi.score.min", "0");
      setValue("cmi.score.max", counts.total);
      setValue("cmi.score.raw", counts.correct);
      setValue("cmi.score.scaled", decimal(scaled, 4));
      setValue("cmi.completion_status", "completed");
      setValue("cmi.success_status", passed === null ? "unknown" : passed ? "passed" : "failed");
    } else {
      // SCORM 1.2 LMSs compare the raw score with the mastery score, a percentage: raw is one too.
      setValue("cmi.core.score.min", "0");
      setValue("cmi.core.score.max", "100");
      setValue("cmi.core.score.raw", decimal(scaled * 100, 2));
      setValue("cmi.core.lesson_status", passed === null ? "completed" : passed ? "passed" : "failed");
    }
  }

  function showProgress() {
    var counts = tally();
    if (progress) {
      progress.textContent = counts.answered + " of " + counts.total + " scenarios answered, " + counts.correct +
        " correct.";
    }
  }

  // After a submit (or on resume): lock the item, show every option's feedback marked key or not, and the
  // explanation.
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
    var result = form.querySelector(".result");
    if (!response.length) {
      result.textContent = "Choose an option first: nothing was submitted.";
      return;
    }
    var correct = isCorrect(form, response);
    state.answers[id] = response;
    state.location = nextUnanswered();
    reveal(form, response);
    // The controls just used are now disabled: keep the keyboard's place on the result, which is read out.
    result.focus();
    showProgress();
    if (reporting) {
      reportInteraction(form, response, correct);
      reportStatus();
    }
    saveState();
  }

  var finished = false;
  function finish() {
    if (finished || !lms) return;
    finished = true;
    if (reporting) {
      var counts = tally();
      setValue(ELEMENTS.sessionTime, sessionTime(Date.now() - startedAt));
      // "suspend" keeps the attempt open, so the learner resumes; a finished module exits normally.
      setValue(ELEMENTS.exit, counts.answered < counts.total ? "suspend" : version === "2004" ? "normal" : "");
      commit();
    }
    lms[CALLS.finish]("");
  }

  restore(lms ? getValue("cmi.suspend_data") : readStorage());
  items.forEach(function (form) {
    var response = state.answers[form.getAttribute("data-item")];
    if (response) reveal(form, response);
    form.addEventListener("submit", onSubmit);
  });
  // The live regions are made live only now, so that restoring answers does not read every result aloud.
  Array.prototype.forEach.call(document.querySelectorAll(".result"), function (region) {
    region.setAttribute("role", "status");
  });
  showProgress();
  if (reporting && recordedStatus !== "failed" && recordedStatus !== "incomplete") {
    reportStatus();
    commit();
  }
  var resumeAt = state.location && document.getElementById(state.location);
  if (resumeAt) {
    resumeAt.scrollIntoView();
    var first = resumeAt.querySelector("input:not([disabled])");
    if (first) first.focus({ preventScroll: true });
  }
  // Leaving commits; only the page's end terminates (a "leave this page?" prompt may still be cancelled).
  window.addEventListener("beforeunload", function () {
    if (reporting && !finished) commit();
  });
  window.addEventListener("pagehide", finish);
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && finished) {
      tell("This session with the learning system has ended: open the module again from the course to go on.");
    }
  });
})();
