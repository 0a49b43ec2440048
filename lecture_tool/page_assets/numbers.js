/* The lecture's numbers in the browser (written by softmax-anim): softmax and the one rule for numbers
   on screen, ported from softmax_anim (activations.py, formatting.py) so that the page shows exactly the
   characters the lecture would.

   Rounding works on the exact value of each double, as Python's Decimal(float) does: a double is m * 2^e,
   so x * 10^d = m * 5^d * 2^(e + d) exactly, in BigInt arithmetic, then rounded half away from zero. Softmax does the same double operations in the same order as numpy (subtract the maximum, divide
   by T, exponentiate, add up left to right, divide). Math.exp is the browser's: chromium's equals numpy's
   exp to the last bit (tests/test_page_browser.py); one a unit in the last place off would change a shown
   digit only for a value within about 1e-16 of a rounding boundary.
   Hand-written, no dependencies. */
(function (global) {
  "use strict";

  var view = new DataView(new ArrayBuffer(8));

  /** A finite double as {neg, m, e}: |x| = m * 2^e exactly (m a BigInt). */
  function binary(x) {
    view.setFloat64(0, x);
    var hi = view.getUint32(0), lo = view.getUint32(4);
    var biased = (hi >>> 20) & 0x7ff;
    var m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
    return biased === 0 ? { neg: hi >>> 31 === 1, m: m, e: -1074 }
                        : { neg: hi >>> 31 === 1, m: m | (1n << 52n), e: biased - 1075 };
  }

  function finite(x) {
    if (typeof x !== "number" || !isFinite(x)) { throw new RangeError("cannot format non-finite number " + x); }
    return x;
  }

  /** x rounded half away from zero to `decimals` places, on its exact decimal value (format_number). */
  function formatNumber(x, decimals) {
    if (decimals === undefined) { decimals = 2; }
    var b = binary(finite(x));
    var q;  // |x| * 10^decimals, rounded half up
    if (b.e >= 0) {
      q = (b.m << BigInt(b.e)) * 10n ** BigInt(decimals);
    } else if (-b.e <= decimals) {
      q = b.m * 5n ** BigInt(-b.e) * 10n ** BigInt(decimals + b.e);
    } else {  // m * 2^e * 10^d = m * 5^d / 2^s with s = -e - d > 0: the bit below the point says "round up"
      var scaled = b.m * 5n ** BigInt(decimals), s = BigInt(-b.e - decimals);
      q = (scaled >> s) + ((scaled >> (s - 1n)) & 1n);
    }
    var digits = q.toString();
    if (decimals > 0) {
      digits = digits.padStart(decimals + 1, "0");
      digits = digits.slice(0, digits.length - decimals) + "." + digits.slice(digits.length - decimals);
    }
    return (b.neg && q !== 0n ? "-" : "") + digits;  // never "-0.00"
  }

  /** The sum of doubles correctly rounded to a double, as Python's math.fsum. */
  function fsum(values) {
    var parts = values.map(function (v) { return binary(finite(v)); });
    var low = Math.min.apply(null, parts.map(function (p) { return p.e; }));
    var s = 0n;
    parts.forEach(function (p) { var v = p.m << BigInt(p.e - low); s += p.neg ? -v : v; });
    if (s === 0n) { return 0; }
    var neg = s < 0n;
    if (neg) { s = -s; }
    var bits = s.toString(2).length, shift = 0;
    if (bits > 100) {  // keep 100 bits and a sticky bit: Number() then rounds exactly as the full sum would
      shift = bits - 100;
      var rest = s & ((1n << BigInt(shift)) - 1n);
      s >>= BigInt(shift);
      if (rest !== 0n) { s |= 1n; }
    }
    var r = Number(s) * Math.pow(2, low + shift);  // Number(BigInt) rounds to nearest, ties to even
    return neg ? -r : r;
  }

  /** Shown decimals strings add up exactly to the shown total (all at one precision). */
  function addsUp(terms, total) {
    var digits = function (t) { return BigInt(t.replace(".", "")); };
    return terms.reduce(function (a, t) { return a + digits(t); }, 0n) === digits(total);
  }

  /** Parts with their total, each its correctly rounded value, at 2 or 3 decimals (format_parts). */
  function formatParts(values, total) {
    if (total === undefined) { total = fsum(values); }
    for (var d = 2; d <= 3; d++) {
      var terms = values.map(function (v) { return formatNumber(v, d); });
      var shown = formatNumber(total, d);
      if (addsUp(terms, shown)) { return { terms: terms, total: shown, approximate: false }; }
    }
    return { terms: values.map(function (v) { return formatNumber(v, 2); }), total: formatNumber(total, 2),
             approximate: true };
  }

  /** Probabilities with their total 1 (format_probability_sum). */
  function formatProbabilitySum(p) { return formatParts(p, 1.0); }

  /** The stable softmax at temperature t > 0, step by step: {shifted, exps, total, probs} (as numpy). */
  function softmax(z, t) {
    if (t === undefined) { t = 1; }
    var top = Math.max.apply(null, z);
    var shifted = z.map(function (v) { return (v - top) / t; });
    var exps = shifted.map(Math.exp);
    var total = 0;
    exps.forEach(function (e) { total += e; });
    return { shifted: shifted, exps: exps, total: total, probs: exps.map(function (e) { return e / total; }) };
  }

  /** Index of the largest value, ties to the lowest index (argmax). */
  function argmax(values) {
    var best = 0;
    for (var i = 1; i < values.length; i++) { if (values[i] > values[best]) { best = i; } }
    return best;
  }

  global.SoftmaxNumbers = {
    formatNumber: formatNumber, fsum: fsum, formatParts: formatParts,
    formatProbabilitySum: formatProbabilitySum, softmax: softmax, argmax: argmax
  };
})(window);
