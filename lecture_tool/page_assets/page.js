/* The course page (written by softmax-anim): seek from the chapter list and the transcript,
   highlight the current chapter and line, copy embed code. Hand-written, no dependencies. */
(function () {
  "use strict";

  var video = document.getElementById("lecture");
  var chapters = listOf("chapters");
  var transcript = listOf("transcript");
  var now = document.getElementById("now");
  var notice = document.getElementById("notice");
  var userScrolled = 0;  // when the reader last scrolled the transcript by hand
  var NO_TRACKS = "The captions could not load: browsers load them only from a web server that also " +
    "serves the video, not from a page opened as a file.";
  var NO_SEEK = "This web server does not answer byte-range requests, so the video cannot jump to a chapter " +
    "or a line. Most web servers do; see the README for a local preview.";

  function listOf(id) {
    var list = document.getElementById(id);
    var buttons = list ? Array.prototype.slice.call(list.querySelectorAll("button.seek")) : [];
    return {
      list: list,
      buttons: buttons,
      starts: buttons.map(function (b) { return parseFloat(b.getAttribute("data-start")); }),
      ends: buttons.map(function (b) { return parseFloat(b.getAttribute("data-end")); }),
      current: -1
    };
  }

  // The lecture ------------------------------------------------------------------------------

  if (video) {
    // The chapters track has no UI of its own; "hidden" makes the browser load its cues.
    var tracks = video.querySelectorAll("track");
    for (var i = 0; i < tracks.length; i++) {
      if (tracks[i].kind === "chapters") { tracks[i].track.mode = "hidden"; }
    }
    [chapters, transcript].forEach(function (part) {
      part.buttons.forEach(function (button, k) {
        button.addEventListener("click", function () { seek(part.starts[k]); });
      });
    });
    roving(transcript);
    // Two ways a host can break the player; say so on the page rather than fail silently.
    for (var j = 0; j < tracks.length; j++) {
      if (tracks[j].readyState === 3) { warn(NO_TRACKS); }
      tracks[j].addEventListener("error", function () { warn(NO_TRACKS); });
    }
    ["loadedmetadata", "canplay"].forEach(function (type) { video.addEventListener(type, checkSeekable); });
    checkSeekable();
    ["timeupdate", "seeked", "loadedmetadata"].forEach(function (type) {
      video.addEventListener(type, update);
    });
    if (transcript.list) {
      ["wheel", "touchmove", "keydown"].forEach(function (type) {
        transcript.list.addEventListener(type, function () { userScrolled = Date.now(); }, { passive: true });
      });
    }
  }

  function warn(text) {
    if (!notice || notice.textContent.indexOf(text) >= 0) { return; }
    notice.textContent = (notice.textContent ? notice.textContent + " " : "") + text;
    notice.hidden = false;
  }

  function checkSeekable() {
    if (video.readyState >= 1 && video.duration > 0 &&
        (video.seekable.length === 0 || video.seekable.end(0) === 0)) { warn(NO_SEEK); }
  }

  function seek(time) {
    // A hair past the start: at a cue's exact start the browser still shows the cue ending there.
    video.currentTime = time + 0.001;
    update();
    var playing = video.play();
    if (playing && playing.catch) { playing.catch(function () { /* the reader presses play */ }); }
  }

  /** Index of the entry whose [start, end) holds t, or -1. */
  function find(part, t) {
    for (var k = part.starts.length - 1; k >= 0; k--) {
      if (part.starts[k] <= t + 1e-3) { return t < part.ends[k] ? k : -1; }
    }
    return -1;
  }

  function mark(part, k) {
    if (k === part.current) { return false; }
    if (part.current >= 0) { part.buttons[part.current].removeAttribute("aria-current"); }
    if (k >= 0) { part.buttons[k].setAttribute("aria-current", "true"); }
    part.current = k;
    return true;
  }

  function update() {
    var t = video.currentTime;
    if (mark(chapters, find(chapters, t))) {
      var c = chapters.current;
      // The Try it widgets (try_it.js) mark the ones that go with this chapter's scene.
      document.dispatchEvent(new CustomEvent("lecturechapter", {
        detail: { scene: c >= 0 ? chapters.buttons[c].getAttribute("data-scene") : null }
      }));
      if (now) { now.hidden = c < 0; }
      if (now && c >= 0) {
        now.textContent = "Chapter " + (c + 1) + " of " + chapters.buttons.length + ": " +
          chapters.buttons[c].querySelector(".label").textContent.replace(/^Play chapter \d+: /, "");
      }
    }
    if (mark(transcript, find(transcript, t)) && transcript.current >= 0) {
      var line = transcript.buttons[transcript.current];
      if (!transcript.list.contains(document.activeElement)) { setTabStop(transcript, transcript.current); }
      if (Date.now() - userScrolled > 4000) { reveal(transcript.list, line); }
    }
  }

  /** Scroll the transcript (not the page) so the line is in view, a third from the top. */
  function reveal(list, line) {
    var top = line.offsetTop, bottom = top + line.offsetHeight;
    if (top < list.scrollTop || bottom > list.scrollTop + list.clientHeight) {
      list.scrollTop = Math.max(0, top - list.clientHeight / 3);
    }
  }

  // The transcript is one tab stop: arrow keys move between its lines, Enter or Space plays one.
  function roving(part) {
    if (!part.buttons.length) { return; }
    part.buttons.forEach(function (b) { b.tabIndex = -1; });
    part.buttons[0].tabIndex = 0;
    part.list.addEventListener("keydown", function (event) {
      var k = part.buttons.indexOf(document.activeElement);
      if (k < 0) { return; }
      var to = { ArrowDown: k + 1, ArrowUp: k - 1, Home: 0, End: part.buttons.length - 1,
                 PageDown: k + 10, PageUp: k - 10 }[event.key];
      if (to === undefined) { return; }
      event.preventDefault();
      to = Math.max(0, Math.min(part.buttons.length - 1, to));
      setTabStop(part, to);
      part.buttons[to].focus();
    });
  }

  function setTabStop(part, k) {
    part.buttons.forEach(function (b, j) { b.tabIndex = j === k ? 0 : -1; });
  }

  // One video at a time: starting a clip pauses the lecture and the other clips.
  document.addEventListener("play", function (event) {
    var videos = document.querySelectorAll("video");
    for (var v = 0; v < videos.length; v++) {
      if (videos[v] !== event.target && !videos[v].paused) { videos[v].pause(); }
    }
  }, true);

  // Embed code -------------------------------------------------------------------------------

  Array.prototype.forEach.call(document.querySelectorAll("button.copy"), function (button) {
    button.addEventListener("click", function () {
      var pre = document.getElementById(button.getAttribute("data-copy"));
      var status = button.parentNode.querySelector(".copied");
      copy(pre.textContent).then(function () {
        status.textContent = "Copied.";
      }, function () {
        pre.parentNode.open = true;  // show the code, selected, for Ctrl+C
        var range = document.createRange();
        range.selectNodeContents(pre);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        pre.focus();
        status.textContent = "Selected: press Ctrl+C (or Cmd+C) to copy.";
      });
      setTimeout(function () { status.textContent = ""; }, 4000);
    });
  });

  /** Copy text: the Clipboard API where the page may use it, else a selected textarea. */
  function copy(text) {
    function fallback() {
      return new Promise(function (resolve, reject) {
        var area = document.createElement("textarea");
        area.value = text;
        area.setAttribute("readonly", "");
        area.style.position = "fixed";
        area.style.opacity = "0";
        document.body.appendChild(area);
        area.select();
        var done = false;
        try { done = document.execCommand("copy"); } catch (e) { done = false; }
        document.body.removeChild(area);
        if (done) { resolve(); } else { reject(new Error("copy refused")); }
      });
    }
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(fallback);
    }
    return fallback();
  }
})();
