/* Draw every Plotly figure on the page.
 * A template emits the figure with {{ fig|json_script:"fig-id" }} and a container
 * <div class="chart" data-figure="fig-id"></div>; this script draws it (again after htmx swaps).
 *
 * Figures are built with English labels (the chart builders are shared with the CLI, and the
 * diagnosis studies store their figures); they are translated here, just before drawing, with
 * the {english: translated} dictionary base.html emits as #chart-labels (core/chart_labels.py):
 * trace names, titles, axis and legend titles, annotations, tick texts and the fixed words of
 * hover texts. A label "English / 中文" shows the side of the page's language only.
 * Plotly's own words — the toolbar, month and day names of date axes — come from its locale
 * mechanism: Chinese pages load core/plotly-locale-zh-cn.js and draw with locale "zh-CN". */
(function () {
  var CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;
  var TAIL = /( [(\[][^()\[\]]*[)\]])$/;  // " (binomial)", " [mΩ]": kept on either side
  var zh = /^zh/i.test(document.documentElement.lang || "");
  var labels = {}, patterns = [], cache = {};
  var el = document.getElementById("chart-labels");
  if (el) { try { labels = JSON.parse(el.textContent) || {}; } catch (e) { labels = {}; } }
  Object.keys(labels).forEach(function (k) {
    var i = k.indexOf("{}");
    if (i >= 0) patterns.push([k.slice(0, i), k.slice(i + 2), labels[k]]);
  });

  function bilingual(s) {
    // "English / 中文" (either order, an ASCII "(…)" or "[…]" tail kept): the page's side
    var i = s.indexOf(" / ");
    if (i < 0 || s.indexOf(" / ", i + 3) >= 0) return null;
    var a = s.slice(0, i), b = s.slice(i + 3), tail = "";
    var m = TAIL.exec(b);
    if (m && !CJK.test(m[1])) { tail = m[1]; b = b.slice(0, -tail.length); }
    var ca = CJK.test(a), cb = CJK.test(b);
    if (ca === cb) return null;
    var side = (zh ? (ca ? a : b) : (ca ? b : a)).trim();
    return side ? side + tail : null;
  }

  function label(s) {
    // one whole label: the dictionary, then a pattern, then the bilingual rule
    if (typeof s !== "string" || !s) return s;
    if (Object.prototype.hasOwnProperty.call(cache, s)) return cache[s];
    var out = Object.prototype.hasOwnProperty.call(labels, s) ? labels[s] : null;
    for (var k = 0; out === null && k < patterns.length; k++) {
      var p = patterns[k];
      if (s.length > p[0].length + p[1].length && s.lastIndexOf(p[0], 0) === 0 &&
          s.slice(s.length - p[1].length) === p[1]) {
        out = p[2].replace("{}", s.slice(p[0].length, s.length - p[1].length));
      }
    }
    if (out === null) out = bilingual(s);
    if (out === null && s.indexOf(" — ") >= 0) {
      // "name [unit] — Phase II: …": each part on its own
      out = s.split(" — ").map(label).join(" — ");
    }
    return (cache[s] = out === null ? s : out);
  }

  function hover(s) {
    // hover texts: "subgroup 3<br>time …<br>nelson-1: description": known words replaced
    if (typeof s !== "string" || !s) return s;
    return s.split("<br>").map(function (seg) {
      var whole = label(seg);
      if (whole !== seg) return whole;
      var c = seg.indexOf(": ");
      if (c > 0 && labels[seg.slice(c + 2)]) return seg.slice(0, c + 2) + labels[seg.slice(c + 2)];
      var sp = seg.indexOf(" ");
      if (sp > 0 && Object.prototype.hasOwnProperty.call(labels, seg.slice(0, sp))) {
        return labels[seg.slice(0, sp)] + seg.slice(sp);
      }
      return seg;
    }).join("<br>");
  }

  function title(obj) {
    if (!obj) return;
    if (typeof obj.title === "string") obj.title = label(obj.title);
    else if (obj.title && obj.title.text) obj.title.text = label(obj.title.text);
  }

  function axis(ax) {
    if (!ax || typeof ax !== "object") return;
    title(ax);
    if (Array.isArray(ax.ticktext)) ax.ticktext = ax.ticktext.map(label);
  }

  function translate(fig) {
    var layout = fig.layout || {};
    (fig.data || []).forEach(function (t) {
      if (typeof t.name === "string") t.name = label(t.name);
      if (t.legendgrouptitle && t.legendgrouptitle.text) t.legendgrouptitle.text = label(t.legendgrouptitle.text);
      if (typeof t.hovertemplate === "string") t.hovertemplate = hover(t.hovertemplate);
      if (typeof t.text === "string") t.text = hover(t.text);
      else if (Array.isArray(t.text)) t.text = t.text.map(hover);
      if (t.type === "bar") {
        // bar categories that are all known labels (e.g. the sources of variation)
        ["x", "y"].forEach(function (k) {
          var v = t[k];
          if (Array.isArray(v) && v.length && v.every(function (s) { return typeof s === "string" && label(s) !== s; })) {
            t[k] = v.map(label);
          }
        });
      }
    });
    title(layout);
    Object.keys(layout).forEach(function (k) {
      if (/^[xy]axis\d*$/.test(k)) axis(layout[k]);
      else if (/^polar\d*$/.test(k) && layout[k]) { axis(layout[k].radialaxis); axis(layout[k].angularaxis); }
    });
    if (layout.legend) title(layout.legend);
    (layout.annotations || []).forEach(function (a) { if (typeof a.text === "string") a.text = label(a.text); });
    return fig;
  }

  function draw(root) {
    (root || document).querySelectorAll("[data-figure]").forEach(function (el) {
      if (el.dataset.drawn) return;
      var source = document.getElementById(el.dataset.figure);
      if (!source || !window.Plotly) return;
      var fig = translate(JSON.parse(source.textContent));
      // plotly's own words (toolbar, date axes) in the page's language: plotly-locale-zh-cn.js
      var config = Object.assign({responsive: true, displaylogo: false, locale: zh ? "zh-CN" : "en",
        toImageButtonOptions: {format: "png", filename: el.dataset.figure, scale: 2}}, fig.config || {});
      Plotly.newPlot(el, fig.data, fig.layout || {}, config);
      el.dataset.drawn = "1";
      el.dispatchEvent(new CustomEvent("qualitas:chart-drawn", {bubbles: true}));
    });
  }
  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSwap", function (e) { draw(e.target); });
  window.qualitasDrawCharts = draw;
  window.qualitasChartLabel = label;
  window.qualitasTranslateFigure = translate;
})();
