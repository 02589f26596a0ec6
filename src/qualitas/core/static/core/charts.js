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
 * mechanism: on a Chinese page this script registers the locale "zh-CN" below (plotly's locale
 * module format: {moduleType: "locale", name, dictionary, format}) and makes it the default of
 * every plot on the page — the figures drawn here, the quality map, the inlined reports and
 * PDFs (which inline this script after plotly.js) — so no page draws with English tool tips. */
(function () {
  var CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;
  var TAIL = /( [(\[][^()\[\]]*[)\]])$/;  // " (binomial)", " [mΩ]": kept on either side
  var RULE_CODE = /^(nelson|we)-(\d+)$/;  // a run rule's code: shown by its name
  var RULE_HEAD = /^(nelson-\d+|we-\d+|Nelson rule \d+|Western Electric rule \d+): /;
  var zh = /^zh/i.test(document.documentElement.lang || "");
  var ZH_LOCALE = {
    moduleType: "locale",
    name: "zh-CN",
    dictionary: {
      "Autoscale": "自动缩放",
      "Box Select": "矩形框选",
      "Click to enter Colorscale title": "点击输入色标标题",
      "Click to enter Component A title": "点击输入组分 A 标题",
      "Click to enter Component B title": "点击输入组分 B 标题",
      "Click to enter Component C title": "点击输入组分 C 标题",
      "Click to enter Plot title": "点击输入图表标题",
      "Click to enter Plot subtitle": "点击输入图表副标题",
      "Click to enter X axis title": "点击输入 X 轴标题",
      "Click to enter Y axis title": "点击输入 Y 轴标题",
      "Click to enter radial axis title": "点击输入径向轴标题",
      "Compare data on hover": "悬停时对比各系列数据",
      "Double-click on legend to isolate one trace": "双击图例可只显示该系列",
      "Double-click to zoom back out": "双击恢复原始比例",
      "Download plot": "下载图表",
      "Download plot as a PNG": "下载图表（PNG 图片）",
      "Download plot as JSON": "下载图表（JSON）",
      "Draw circle": "画圆",
      "Draw closed freeform": "画闭合自由形状",
      "Draw line": "画直线",
      "Draw open freeform": "画自由曲线",
      "Draw rectangle": "画矩形",
      "Erase active shape": "删除选中的形状",
      "Image download succeeded": "图片已下载",
      "Lasso Select": "套索选择",
      "Orbital rotation": "轨道旋转",
      "Pan": "平移",
      "Preparing image - this may take a few seconds": "正在生成图片，请稍候",
      "Produced with Plotly.js": "由 Plotly.js 绘制",
      "Reset": "重置",
      "Reset axes": "重置坐标轴",
      "Reset camera to default": "视角恢复默认",
      "Reset camera to last save": "视角恢复到上次保存",
      "Reset view": "重置视图",
      "Reset views": "重置视图",
      "Show closest data on hover": "悬停时显示最近的数据点",
      "Sorry, there was a problem downloading your image!": "抱歉，图片下载失败！",
      "Sorry, there was a problem downloading your JSON file!": "抱歉，JSON 文件下载失败！",
      "Toggle Spike Lines": "显示/隐藏参考线",
      "Toggle show closest data on hover": "切换悬停时显示最近的数据点",
      "Turntable rotation": "转台旋转",
      "Zoom": "缩放",
      "Zoom in": "放大",
      "Zoom out": "缩小",
      "new text": "新文本",
      "trace": "系列",
      "max:": "最大值：",
      "min:": "最小值：",
      "mean:": "均值：",
      "mean ± σ:": "均值 ± σ：",
      "median:": "中位数：",
      "q1:": "下四分位数：",
      "q3:": "上四分位数：",
      "lower fence:": "下限：",
      "upper fence:": "上限：",
      "kde:": "核密度：",
      "open:": "开：",
      "high:": "高：",
      "low:": "低：",
      "close:": "收：",
      "open": "开",
      "high": "高",
      "low": "低",
      "close": "收"
    },
    format: {
      days: ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"],
      shortDays: ["周日", "周一", "周二", "周三", "周四", "周五", "周六"],
      months: ["一月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月", "十一月", "十二月"],
      shortMonths: ["1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"],
      periods: ["上午", "下午"],
      dateTime: "%Y年%-m月%-d日 %A %X",
      date: "%Y-%m-%d",
      time: "%H:%M:%S",
      decimal: ".",
      thousands: ",",
      grouping: [3],
      currency: ["¥", ""],
      year: "%Y年",
      month: "%Y年%-m月",
      dayMonth: "%-m月%-d日",
      dayMonthYear: "%Y年%-m月%-d日"
    }
  };
  if (zh && window.Plotly) {
    window.Plotly.register(ZH_LOCALE);
    window.Plotly.setPlotConfig({locale: "zh-CN"});
  }
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
      var c = seg.indexOf(": ");
      // a whole known label first, except a rule's line: its name and its description are
      // translated each on its own ("Nelson rule {}" would otherwise swallow the description)
      var whole = label(seg);
      if (whole !== seg && !(c > 0 && RULE_HEAD.test(seg))) return whole;
      if (c > 0) {
        // "Nelson rule 2: 9 points in a row …" (figures stored before rules were named: "nelson-2: …")
        var head = seg.slice(0, c), tail = seg.slice(c + 2);
        var code = RULE_CODE.exec(head);
        if (code) head = (code[1] === "nelson" ? "Nelson rule " : "Western Electric rule ") + code[2];
        var h2 = label(head), t2 = Object.prototype.hasOwnProperty.call(labels, tail) ? labels[tail] : tail;
        if (h2 !== seg.slice(0, c) || t2 !== tail) return h2 + ": " + t2;
      }
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

  // A PDF's page (core/print.html, <html data-print>): each chart exactly as wide as the paper
  // allows, a still picture (no tool bar, no hover), and a legend under the plot whenever two
  // or more named series are drawn — on paper nothing can be hovered to tell them apart.
  var printing = !!document.documentElement.dataset.print;

  function forPrint(el, fig, config) {
    var layout = fig.layout = fig.layout || {};
    config.staticPlot = true;
    config.responsive = false;
    layout.width = el.clientWidth || layout.width;
    layout.height = Math.min(layout.height || 360, 620);
    // tick labels and axis titles never overlap (two-line date ticks need more than a margin fixed for a screen)
    Object.keys(layout).forEach(function (k) {
      if (/^[xy]axis\d*$/.test(k) && layout[k] && layout[k].automargin === undefined) layout[k].automargin = true;
    });
    var named = (fig.data || []).filter(function (t) {
      return t.name && t.showlegend !== false && t.visible !== "legendonly";
    });
    if (named.length > 1 && layout.showlegend !== false) {
      layout.showlegend = true;
      var legend = layout.legend = Object.assign({}, layout.legend || {});
      if (legend.orientation !== "h") {
        // one row at the top of the figure, just under the title: the top margin grows by the
        // legend's band, so the legend covers neither the title, nor labels drawn above the
        // plot (specification limits), nor the plot
        var margin = layout.margin = Object.assign({}, layout.margin || {});
        var band = 30, top = 4;
        margin.t = (margin.t === undefined ? 100 : margin.t) + band;
        layout.height += band;
        if (layout.title) {
          var t = layout.title = typeof layout.title === "string" ? {text: layout.title} : Object.assign({}, layout.title);
          t.yref = "container"; t.y = 1; t.yanchor = "top"; t.pad = {t: 6};
          top = 34;
        }
        legend.orientation = "h";
        legend.x = 0; legend.xanchor = "left";
        legend.yref = "container"; legend.y = 1 - top / layout.height; legend.yanchor = "top";
      }
    }
  }

  // A phone (a chart narrower than 600 px): axes make room for their slanted tick labels, and a
  // long title ("name [unit] — what is plotted") is broken at its dash onto two smaller lines
  // instead of running past both edges of the figure.
  function forNarrow(el, fig) {
    var layout = fig.layout = fig.layout || {};
    if (!el.clientWidth || el.clientWidth >= 600) return;
    // slanted tick labels push the axis title away instead of running into it
    Object.keys(layout).forEach(function (k) {
      if (/^[xy]axis\d*$/.test(k) && layout[k] && layout[k].automargin === undefined) layout[k].automargin = true;
    });
    // a legend beside the plot would take a third of a phone's width: it goes under the plot,
    // in rows of about two entries, and the figure grows by its band
    var named = (fig.data || []).filter(function (t) {
      return t.name && t.showlegend !== false;
    });
    if (named.length > 1 && layout.showlegend !== false) {
      var legend = layout.legend = Object.assign({}, layout.legend || {});
      if (legend.orientation !== "h") {
        var band = 22 * Math.ceil(named.length / 2) + 10;
        var margin = layout.margin = Object.assign({}, layout.margin || {});
        margin.b = (margin.b === undefined ? 80 : margin.b) + band;
        layout.height = (layout.height || 450) + band;
        legend.orientation = "h";
        legend.x = 0; legend.xanchor = "left";
        legend.yref = "container"; legend.y = 0; legend.yanchor = "bottom";
      }
    }
    if (!layout.title) return;
    var t = layout.title = typeof layout.title === "string" ? {text: layout.title} : Object.assign({}, layout.title);
    if (typeof t.text !== "string" || t.text.indexOf(" — ") < 0) return;
    t.text = t.text.replace(" — ", "<br>");
    t.font = Object.assign({}, t.font || {}, {size: 13});
    // plotly places a title anchored at the top by its first line: one more line's height of pad
    if (t.yanchor === "top") t.pad = Object.assign({}, t.pad || {}, {t: ((t.pad && t.pad.t) || 0) + 16});
    var margin = layout.margin = Object.assign({}, layout.margin || {});
    margin.t = Math.max(margin.t === undefined ? 100 : margin.t, 70);
  }

  function draw(root) {
    (root || document).querySelectorAll("[data-figure]").forEach(function (el) {
      if (el.dataset.drawn) return;
      var source = document.getElementById(el.dataset.figure);
      if (!source || !window.Plotly) return;
      var fig = translate(JSON.parse(source.textContent));
      // plotly's own words (toolbar, date axes) in the page's language: ZH_LOCALE above
      var config = Object.assign({responsive: true, displaylogo: false, locale: zh ? "zh-CN" : "en",
        toImageButtonOptions: {format: "png", filename: el.dataset.figure, scale: 2}}, fig.config || {});
      if (printing) forPrint(el, fig, config);
      else forNarrow(el, fig);
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
