/* The course page's "Try it" widgets (written by softmax-anim): logits to probabilities, regions in one
   dimension, temperature on the simplex. Their parameters are the lecture's (the JSON in #try-data, written
   by lecture_tool/try_it.py); every number is computed and written by numbers.js, the lecture's own rule.
   Hand-written, no dependencies. */
(function () {
  "use strict";

  var N = window.SoftmaxNumbers;
  var source = document.getElementById("try-data");
  if (!N || !source) { return; }
  var data = JSON.parse(source.textContent);
  var SVG = "http://www.w3.org/2000/svg";
  var MINUS = "\u2212";

  /** An element with attributes (and text), appended to parent. */
  function el(tag, attrs, parent, text) {
    var node = tag.indexOf("svg:") === 0 ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text !== undefined) { node.textContent = text; }
    if (parent) { parent.appendChild(node); }
    return node;
  }

  /** A number as the lecture writes it: a true minus sign. */
  function shown(text) { return text.charAt(0) === "-" ? MINUS + text.slice(1) : text; }

  function put(node, text) { if (node.textContent !== text) { node.textContent = text; } }

  function total(sum) { return (sum.approximate ? "\u2248 " : "") + shown(sum.total); }

  function widget(id) {
    var root = document.getElementById(id);
    return { root: root, controls: root.querySelector(".controls"), table: root.querySelector(".computation"),
             plot: root.querySelector(".plot"), status: root.querySelector("[role=status]") };
  }

  /** A labelled slider with its value shown beside it; returns the input. */
  function slider(parent, id, label, attrs) {
    var row = el("div", { "class": "slider" }, parent);
    var name = el("label", { "for": id }, row);
    name.innerHTML = label;
    var input = el("input", Object.assign({ type: "range", id: id }, attrs), row);
    el("output", { "for": id, id: id + "-shown" }, row);
    return input;
  }

  /** A table's head row and body rows (one per class, its name in its colour) and foot row; returns the cells. */
  function table(node, head, names, colors, columns) {
    var row = el("tr", {}, el("thead", {}, node));
    head.forEach(function (h) { el("th", { scope: "col" }, row).innerHTML = h; });
    var body = el("tbody", {}, node);
    var cells = names.map(function (name, i) {
      var tr = el("tr", { "data-class": i, style: "--class: " + colors[i] }, body);
      el("th", { scope: "row", "class": "name" }, tr, name);
      return columns.map(function (c) { return el("td", { "class": c }, tr); });
    });
    var foot = el("tr", {}, el("tfoot", {}, node));
    el("th", { scope: "row" }, foot, "sum");
    var totals = columns.map(function (c) { return el("td", { "class": c + "-total" }, foot); });
    return { rows: cells, totals: totals };
  }

  /** Probability cells: a bar as wide as p and p as shown. */
  function probabilities(cells, p, sum) {
    cells.forEach(function (cell, i) {
      if (!cell.firstChild) {
        el("span", { "class": "bar" }, el("span", { "class": "track", "aria-hidden": "true" }, cell));
        el("span", { "class": "num" }, cell);
      }
      cell.firstChild.firstChild.style.width = (100 * p[i]).toFixed(2) + "%";
      put(cell.lastChild, shown(sum.terms[i]));
    });
  }

  function temperatureSlider(parent, id, start) {
    var logits = data.logits;
    var k = logits.temperatures.indexOf(start);
    return slider(parent, id, "Temperature",
                  { min: 0, max: logits.temperatures.length - 1, step: 1, value: k < 0 ? 0 : k });
  }

  function temperatureAt(input) {
    var k = Number(input.value);
    var label = data.logits.temperatureLabels[k];
    input.setAttribute("aria-valuetext", "T = " + label);
    put(document.getElementById(input.id + "-shown"), "T = " + label);
    return { value: data.logits.temperatures[k], label: label };
  }

  // 1. Logits to probabilities ----------------------------------------------------------------

  function softmaxWidget() {
    var w = widget("try-softmax"), logits = data.logits;
    var fields = logits.names.map(function (name, i) {
      var row = el("div", { "class": "logit", style: "--class: " + logits.colors[i] }, w.controls);
      var id = "try-z-" + i;
      el("span", { "class": "visually-hidden" }, el("label", { "for": id }, row, name), " logit");
      var range = el("input", { type: "range", id: id, min: logits.slider[0], max: logits.slider[1], step: 0.1,
                                value: logits.values[i] }, row);
      var field = el("input", { type: "number", id: id + "-value", min: logits.field[0], max: logits.field[1],
                                step: 0.1, value: logits.values[i], inputmode: "decimal",
                                "aria-label": name + " logit, any value from " + shown(String(logits.field[0])) +
                                  " to " + logits.field[1] }, row);
      range.addEventListener("input", function () { field.value = range.value; update(); });
      field.addEventListener("input", function () {
        if (valueOf(field) !== null) { range.value = field.value; update(); }
      });
      field.addEventListener("change", function () { field.value = String(z[i]); });
      return field;
    });
    var z = logits.values.slice();
    var t = temperatureSlider(w.controls, "try-t", 1.0);
    t.addEventListener("input", update);
    var cells = table(w.table, ["class", "(<var>z</var> \u2212 <var>m</var>) / <var>T</var>",
                                "e<sup>(<var>z</var> \u2212 <var>m</var>) / <var>T</var></sup>", "<var>p</var>"],
                      logits.names, logits.colors, ["shifted", "exp", "p"]);

    function valueOf(field) {
      var v = field.value === "" ? NaN : Number(field.value);
      return isFinite(v) && v >= logits.field[0] && v <= logits.field[1] ? v : null;
    }

    function update() {
      fields.forEach(function (field, i) { var v = valueOf(field); if (v !== null) { z[i] = v; } });
      var temperature = temperatureAt(t);
      var s = N.softmax(z, temperature.value);
      var exps = N.formatParts(s.exps), probs = N.formatProbabilitySum(s.probs);
      cells.rows.forEach(function (row, i) {
        put(row[0], shown(N.formatNumber(s.shifted[i], 2)));
        put(row[1], shown(exps.terms[i]));
      });
      probabilities(cells.rows.map(function (row) { return row[2]; }), s.probs, probs);
      put(cells.totals[1], total(exps));
      put(cells.totals[2], total(probs));
      put(w.status, "At T = " + temperature.label + ": " + logits.names.map(function (name, i) {
        return name + " " + shown(probs.terms[i]);
      }).join(", ") + ".");
    }
    update();
  }

  // 2. Regions in one dimension ---------------------------------------------------------------

  function regionsWidget() {
    var w = widget("try-regions"), lines = data.lines;
    var longest = Math.max.apply(null, lines.zTicks.map(function (tick) { return tick[1].length; }));
    var W = 600, H = 330, L = 20 + 12 * longest, R = 14, TOP = 12, BOTTOM = 240, STRIP = [250, 276];
    var lo = lines.xRange[0], hi = lines.xRange[1];
    var X = function (x) { return L + (x - lo) / (hi - lo) * (W - L - R); };
    var Y = function (z) { return TOP + (lines.zRange[1] - z) / (lines.zRange[1] - lines.zRange[0]) * (BOTTOM - TOP); };
    var svg = el("svg:svg", { viewBox: "0 0 " + W + " " + H, role: "img", "data-x0": X(lo), "data-x1": X(hi),
                              "aria-label": "The " + lines.names.length + " lines over x from " + shown(String(lo)) +
                                " to " + hi + ", and the coloured regions where each wins" }, w.plot);
    lines.zTicks.forEach(function (tick) {
      el("svg:line", { "class": "grid", x1: L, x2: W - R, y1: Y(tick[0]), y2: Y(tick[0]) }, svg);
      el("svg:text", { "class": "tick", x: L - 8, y: Y(tick[0]) + 6, "text-anchor": "end" }, svg, shown(tick[1]));
    });
    lines.intervals.forEach(function (iv) {
      el("svg:rect", { "class": "region", x: X(iv[0]), width: X(iv[1]) - X(iv[0]), y: STRIP[0],
                       height: STRIP[1] - STRIP[0], fill: lines.colors[iv[2]], "data-winner": iv[2] }, svg);
    });
    lines.xTicks.forEach(function (tick) {
      el("svg:text", { "class": "tick", x: X(tick[0]), y: H - 30, "text-anchor": "middle" }, svg, shown(tick[1]));
    });
    el("svg:text", { "class": "tick axis-name", x: (X(lo) + X(hi)) / 2, y: H - 6, "text-anchor": "middle" }, svg, "x");
    lines.crossings.forEach(function (c) {
      el("svg:line", { "class": "boundary", x1: X(c), x2: X(c), y1: TOP, y2: STRIP[1], "data-x": c }, svg);
    });
    lines.weights.forEach(function (wi, i) {
      el("svg:line", { "class": "line", stroke: lines.colors[i], x1: X(lo), x2: X(hi),
                       y1: Y(wi * lo + lines.biases[i]), y2: Y(wi * hi + lines.biases[i]) }, svg);
    });
    var marker = el("svg:line", { "class": "marker", y1: TOP, y2: STRIP[1] }, svg);
    var dots = lines.colors.map(function (color) { return el("svg:circle", { "class": "dot", r: 7, fill: color }, svg); });

    var input = slider(w.controls, "try-x", "Input <var>x</var>",
                       { min: lo, max: hi, step: lines.step, value: lines.start });
    input.addEventListener("input", update);
    var cells = table(w.table, ["class", "score <var>z</var>", "<var>p</var>"], lines.names, lines.colors, ["z", "p"]);
    var winner = el("p", { "class": "winner" }, w.table.parentNode);
    w.table.parentNode.insertBefore(winner, w.table.nextSibling);

    // Drag (mouse, pen or touch) anywhere on the plot; the slider snaps x to its steps.
    var dragging = false;
    function follow(event) {
      var box = svg.getBoundingClientRect();
      var vx = (event.clientX - box.left) / box.width * W;
      input.value = String(lo + (vx - L) / (W - L - R) * (hi - lo));
      update();
    }
    svg.addEventListener("pointerdown", function (event) {
      dragging = true;
      svg.setPointerCapture(event.pointerId);
      follow(event);
    });
    svg.addEventListener("pointermove", function (event) { if (dragging) { follow(event); } });
    ["pointerup", "pointercancel"].forEach(function (type) {
      svg.addEventListener(type, function () { dragging = false; });
    });

    function update() {
      var x = Number(input.value);
      var z = lines.weights.map(function (wi, i) { return x * wi + lines.biases[i]; });
      var s = N.softmax(z, 1), probs = N.formatProbabilitySum(s.probs), k = N.argmax(z);
      var xShown = shown(N.formatNumber(x));
      input.setAttribute("aria-valuetext", "x = " + xShown + ", " + lines.names[k] + " wins");
      put(document.getElementById("try-x-shown"), "x = " + xShown);
      cells.rows.forEach(function (row, i) {
        put(row[0], shown(N.formatNumber(z[i])));
        row[0].parentNode.classList.toggle("wins", i === k);
        dots[i].setAttribute("cx", X(x));
        dots[i].setAttribute("cy", Y(z[i]));
      });
      probabilities(cells.rows.map(function (row) { return row[1]; }), s.probs, probs);
      put(cells.totals[1], total(probs));
      put(cells.totals[0], "");
      marker.setAttribute("x1", X(x));
      marker.setAttribute("x2", X(x));
      put(winner, "argmax: " + lines.names[k]);
      winner.style.setProperty("--class", lines.colors[k]);
      put(w.status, "x = " + xShown + ": " + lines.names[k] + " wins, with p = " + shown(probs.terms[k]) + ".");
    }
    update();
  }

  // 3. Temperature on the simplex -------------------------------------------------------------

  function simplexWidget() {
    var w = widget("try-simplex"), logits = data.logits, simplex = data.simplex;
    if (!simplex) {
      el("p", { "class": "explain" }, w.controls, "The triangle is drawn for exactly three classes; this lecture has " +
         logits.names.length + ".");
      w.table.hidden = true;
      return;
    }
    var W = 320, H = 262, CX = 160, CY = 160, RADIUS = 118;
    var P = function (xy) { return [CX + RADIUS * xy[0], CY - RADIUS * xy[1]]; };
    var corners = simplex.corners.map(P);
    var svg = el("svg:svg", { viewBox: "0 0 " + W + " " + H, role: "img",
                              "aria-label": "The probability triangle: each corner is one class" }, w.plot);
    el("svg:polygon", { "class": "triangle", points: corners.map(String).join(" ") }, svg);
    [[1, 2], [2, 0], [0, 1]].forEach(function (edge) {  // the argmax regions meet at the centre
      var mid = [(corners[edge[0]][0] + corners[edge[1]][0]) / 2, (corners[edge[0]][1] + corners[edge[1]][1]) / 2];
      el("svg:line", { "class": "grid", x1: CX, y1: CY, x2: mid[0], y2: mid[1] }, svg);
    });
    el("svg:polyline", { "class": "path", points: simplex.path.map(function (p) { return String(P(p)); }).join(" ") }, svg);
    corners.forEach(function (c, i) {
      el("svg:circle", { cx: c[0], cy: c[1], r: 6, fill: logits.colors[i] }, svg);
      el("svg:text", { "class": "corner", x: c[0], y: i === 0 ? c[1] - 12 : c[1] + 22, fill: logits.colors[i],
                       "text-anchor": i === 0 ? "middle" : i === 1 ? "start" : "end" }, svg, logits.names[i]);
    });
    var point = el("svg:circle", { "class": "point", r: 7 }, svg);
    el("p", { "class": "logits" }, w.controls, "Logits: " + logits.names.map(function (name, i) {
      return name + " " + shown(logits.valueLabels[i]);
    }).join(", "));
    var t = temperatureSlider(w.controls, "try-simplex-t", 1.0);
    t.addEventListener("input", update);
    var cells = table(w.table, ["class", "<var>p</var>"], logits.names, logits.colors, ["p"]);

    function update() {
      var temperature = temperatureAt(t);
      var s = N.softmax(logits.values, temperature.value), probs = N.formatProbabilitySum(s.probs);
      probabilities(cells.rows.map(function (row) { return row[0]; }), s.probs, probs);
      put(cells.totals[0], total(probs));
      var xy = [0, 1].map(function (d) {
        return s.probs.reduce(function (acc, p, i) { return acc + p * simplex.corners[i][d]; }, 0);
      });
      var at = P(xy);
      point.setAttribute("cx", at[0]);
      point.setAttribute("cy", at[1]);
      put(w.status, "At T = " + temperature.label + ": " + logits.names.map(function (name, i) {
        return name + " " + shown(probs.terms[i]);
      }).join(", ") + ".");
    }
    update();
  }

  softmaxWidget();
  regionsWidget();
  simplexWidget();

  // Each widget is marked while a chapter it goes with plays (page.js says which).
  document.addEventListener("lecturechapter", function (event) {
    Object.keys(data.scenes).forEach(function (id) {
      var root = document.getElementById(id), on = data.scenes[id].indexOf(event.detail.scene) >= 0;
      root.classList.toggle("is-playing", on);
      root.querySelector(".playing").hidden = !on;
    });
  });
})();
