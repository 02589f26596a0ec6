/* The quality digital map: Plotly Choroplethmap (map style "white-bg", no tile server, works
 * offline), provinces → cities of one province → the enterprise list. The South China Sea
 * islands are shown in an inset (a second map subplot) with the nine-dash line, as on Chinese
 * reference maps. Data: /api/index/map; geometry: /index/geo/... (operator-replaceable). */
(function () {
  "use strict";
  var cfgEl = document.getElementById("map-config");
  if (!cfgEl) return;
  var cfg = JSON.parse(cfgEl.textContent);
  var L = cfg.labels;
  var el = document.getElementById("quality-map");
  var state = {period: cfg.periods.length - 1, indicator: "", industry: "C", province: cfg.province || ""};
  var geoCache = {};
  var INSUFFICIENT = "#c9ced6", NODATA = "#eef0f3";
  var SCALE = [[0, "#b2182b"], [0.25, "#ef8a62"], [0.5, "#f7f7f7"], [0.75, "#67a9cf"], [1, "#2166ac"]];

  var LANG = document.documentElement.lang || "zh-hans";
  function getJSON(url) {
    return fetch(url, {credentials: "same-origin"}).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.json();
    });
  }
  function geo(url) {
    if (!geoCache[url]) geoCache[url] = getJSON(url);
    return geoCache[url];
  }
  function fmt(v, d) { return v === null || v === undefined ? "–" : Number(v).toFixed(d === undefined ? 1 : d); }
  function signed(v) { return v === null || v === undefined ? "–" : (v > 0 ? "+" : "") + Number(v).toFixed(1); }

  function bbox(fc) {
    var b = [180, 90, -180, -90];
    fc.features.forEach(function (f) {
      var polys = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
      polys.forEach(function (p) { p[0].forEach(function (c) {
        if (c[0] < b[0]) b[0] = c[0]; if (c[1] < b[1]) b[1] = c[1]; if (c[0] > b[2]) b[2] = c[0]; if (c[1] > b[3]) b[3] = c[1];
      }); });
    });
    return b;
  }
  function view(b, width, height) {
    // MapLibre: the world is 512·2^z px wide; fit the larger of the two spans (latitude stretched by Mercator)
    var lonSpan = Math.max(b[2] - b[0], 0.2), latSpan = Math.max(b[3] - b[1], 0.2);
    var midLat = (b[1] + b[3]) / 2, stretch = 1 / Math.cos(midLat * Math.PI / 180);
    var zLon = Math.log2(width * 360 / (512 * lonSpan)), zLat = Math.log2(height * 360 / (512 * latSpan * stretch));
    return {center: {lon: (b[0] + b[2]) / 2, lat: midLat}, zoom: Math.min(zLon, zLat) - 0.15};
  }

  function url() {
    // the page's language for the regions' names (a page opened with ?lang= has no cookie)
    var p = new URLSearchParams({period: cfg.periods[state.period] || "", industry: state.industry, indicator: state.indicator, province: state.province, lang: LANG});
    return cfg.api + "?" + p.toString();
  }

  function hoverRows(c) {
    var lines = ["<b>" + c.name + "</b>"];
    if (c.value === null) { lines.push(L.insufficient); return lines.join("<br>"); }
    lines.push(L.value + ": " + fmt(c.value) + (c.raw !== null && state.indicator ? " (" + L.raw + " " + fmt(c.raw, 3) + ")" : ""));
    lines.push(L.rank + ": " + c.rank + " " + L.of + " " + c.of);
    lines.push(L.trend + ": " + signed(c.change));
    if (c.lo !== null && c.hi !== null) lines.push(L.band + ": " + fmt(c.lo) + " – " + fmt(c.hi));
    if (c.n !== undefined && c.n !== null) lines.push(L.enterprises + ": " + c.n);
    if (c.open_alerts !== undefined && c.open_alerts !== null) lines.push(L.alerts + ": " + fmt(c.open_alerts, 0));
    return lines.join("<br>");
  }

  function traces(fc, data, subplot, showScale) {
    var byCode = {};
    data.cells.forEach(function (c) { byCode[c.code] = c; });
    var vals = data.cells.filter(function (c) { return c.value !== null; });
    var grey = fc.features.map(function (f) { return f.properties.code; }).filter(function (code) { return !byCode[code] || byCode[code].value === null; });
    var span = Math.max(5, Math.max.apply(null, vals.map(function (c) { return Math.abs(c.value - 100); }).concat([0])));
    var out = [{
      type: "choroplethmap", geojson: fc, featureidkey: "properties.code", subplot: subplot,
      locations: grey, z: grey.map(function (code) { return byCode[code] ? 1 : 0; }),
      colorscale: [[0, NODATA], [1, INSUFFICIENT]], zmin: 0, zmax: 1, showscale: false,
      marker: {line: {color: "#ffffff", width: 0.6}},
      text: grey.map(function (code) {
        var f = fc.features.find(function (x) { return x.properties.code === code; });
        var name = (byCode[code] && byCode[code].name) || (f && f.properties.name) || code;
        return "<b>" + name + "</b><br>" + (byCode[code] ? L.insufficient : L.nodata);
      }),
      hovertemplate: "%{text}<extra></extra>", name: L.insufficient
    }];
    if (vals.length) out.push({
      type: "choroplethmap", geojson: fc, featureidkey: "properties.code", subplot: subplot,
      locations: vals.map(function (c) { return c.code; }), z: vals.map(function (c) { return c.value; }),
      zmin: 100 - span, zmax: 100 + span, colorscale: SCALE, showscale: showScale,
      // the title runs along the bar, right of its numbers (as a title on top it was drawn over
      // the bar's first ticks); a white backing keeps it readable over the map
      colorbar: {title: {text: data.indicator_label + " (" + data.period + ")", side: "right", font: {size: 12}},
        thickness: 12, len: 0.6, x: 0.01, xanchor: "left", y: 0.98, yanchor: "top", ypad: 4, xpad: 6,
        bgcolor: "rgba(255,255,255,0.85)", outlinewidth: 0},
      marker: {line: {color: "#ffffff", width: 0.8}, opacity: 0.95},
      text: vals.map(hoverRows), hovertemplate: "%{text}<extra></extra>", name: data.indicator_label
    });
    return out;
  }

  function dashTraces(dash, subplot) {
    var lon = [], lat = [];
    dash.features.forEach(function (f) {
      var lines = f.geometry.type === "LineString" ? [f.geometry.coordinates] : f.geometry.coordinates;
      lines.forEach(function (line) { line.forEach(function (c) { lon.push(c[0]); lat.push(c[1]); }); lon.push(null); lat.push(null); });
    });
    return {type: "scattermap", mode: "lines", lon: lon, lat: lat, subplot: subplot, line: {color: "#5b6878", width: 1.2}, hoverinfo: "skip", showlegend: false};
  }

  function table(data) {
    var body = document.getElementById("map-table-body");
    body.innerHTML = "";
    data.cells.forEach(function (c) {
      var tr = document.createElement("tr");
      tr.dataset.code = c.code;
      var cells = [c.rank || "", c.name, c.value === null ? L.insufficient : fmt(c.value), signed(c.change)];
      cells.forEach(function (v, i) {
        var td = document.createElement("td");
        td.textContent = v;
        if (i >= 2) td.className = "num" + (i === 3 && c.change ? (c.change > 0 ? " up" : " down") : "");
        tr.appendChild(td);
      });
      tr.style.cursor = "pointer";
      tr.addEventListener("click", function () { select(c.code); });
      body.appendChild(tr);
    });
    // how many regions the list holds, and a cue when it is longer than its panel
    var scroller = body.closest(".scroll-y"), count = document.getElementById("map-table-count");
    if (scroller) scroller.scrollTop = 0;
    if (count) {
      var text = L.count.replace("%(n)s", data.cells.length);
      if (scroller && scroller.scrollHeight > scroller.clientHeight + 2) text += " · " + L.more;
      count.textContent = text;
    }
    var base = "/index/export/" + (data.province ? "cities" : "provinces");
    var q = new URLSearchParams({period: data.period, industry: state.industry, indicator: state.indicator, province: data.province, lang: LANG});
    document.getElementById("map-export-csv").href = base + ".csv?" + q;
    document.getElementById("map-export-xlsx").href = base + ".xlsx?" + q;
  }

  function crumbs(data) {
    var c = document.getElementById("map-crumbs");
    c.innerHTML = "";
    var a = document.createElement("a");
    a.href = "#"; a.textContent = L.country;
    a.addEventListener("click", function (e) { e.preventDefault(); state.province = ""; draw(); });
    c.appendChild(a);
    var link = document.getElementById("map-enterprises");
    if (data.province) {
      c.appendChild(document.createTextNode(" › " + data.province_name));
      link.hidden = false;
      link.href = cfg.enterprises + "?" + new URLSearchParams({region: data.province, industry: state.industry === "C" ? "" : state.industry});
    } else {
      link.hidden = true;
    }
  }

  function select(code) {
    if (!state.province) { state.province = code; draw(); return; }
    window.location.href = cfg.enterprises + "?" + new URLSearchParams({region: code, industry: state.industry === "C" ? "" : state.industry});
  }

  function draw() {
    el.dataset.state = "loading";
    var national = !state.province;
    var geoUrl = national ? cfg.geoProvinces : cfg.geoCities.replace("{province}", state.province);
    Promise.all([geo(geoUrl), getJSON(url()), national ? geo(cfg.geoDash) : Promise.resolve(null)]).then(function (res) {
      var fc = res[0], data = res[1], dash = res[2];
      var width = el.clientWidth || 900, height = el.clientHeight || 620;
      var layout = {margin: {l: 0, r: 0, t: 0, b: 0}, showlegend: false, dragmode: "pan", hoverlabel: {align: "left"}};
      var data_ = traces(fc, data, "map", true);
      if (national) {
        // mainland view; the South China Sea islands in the inset (lower right)
        layout.map = {style: "white-bg", center: {lon: 104.5, lat: 36.0}, zoom: Math.log2(width * 360 / (512 * 64)) - 0.05, domain: {x: [0, 1], y: [0, 1]}};
        // the inset takes a fifth of a wide map, a third of a phone's (at a fifth of 390 px the
        // islands were a few pixels and the inset showed half the mainland)
        var f = width < 600 ? 0.34 : 0.2;
        layout.map2 = {style: "white-bg", center: {lon: 114.5, lat: 13.5}, zoom: Math.log2(width * f * 360 / (512 * 18)),
                       domain: {x: [1 - f, 1], y: [0, 0.34]}};
        data_ = data_.concat(traces(fc, data, "map2", false));
        if (dash) data_.push(dashTraces(dash, "map"), dashTraces(dash, "map2"));
        layout.shapes = [{type: "rect", xref: "paper", yref: "paper", x0: 1 - f, x1: 1, y0: 0, y1: 0.34, line: {color: "#5b6878", width: 1}}];
        layout.annotations = [{xref: "paper", yref: "paper", x: 0.99, y: 0.015, xanchor: "right", yanchor: "bottom", text: L.inset, showarrow: false, font: {size: 10, color: "#5b6878"}}];
      } else {
        layout.map = Object.assign({style: "white-bg"}, view(bbox(fc), width, height));
      }
      var config = {responsive: true, displaylogo: false, scrollZoom: true,
                    toImageButtonOptions: {format: "png", filename: "quality-map-" + (state.province || "china") + "-" + data.period, scale: 2}};
      // the state and what is drawn, as data attributes (tests wait on them: the CSP refuses
      // script-string waits); a failure to draw ends in the "error" state below
      var drawn = Plotly.react(el, data_, layout, config).then(function () {
        el.dataset.state = "drawn";
        el.dataset.level = data.level;
        el.dataset.period = data.period;
        el.dataset.province = data.province;
        el.dataset.regions = String(data.cells.length);
      });
      if (!el.dataset.bound) {
        el.on("plotly_click", function (ev) {
          var p = ev.points && ev.points[0];
          if (p && p.location) select(p.location);
        });
        el.dataset.bound = "1";
      }
      table(data);
      crumbs(data);
      document.getElementById("map-period-label").textContent = data.period;
      return drawn;
    }).catch(function (err) {
      el.dataset.state = "error";
      el.textContent = String(err);
    });
  }

  document.getElementById("map-period").addEventListener("input", function (e) { state.period = Number(e.target.value); document.getElementById("map-period-label").textContent = cfg.periods[state.period]; });
  document.getElementById("map-period").addEventListener("change", function (e) { state.period = Number(e.target.value); draw(); });
  document.getElementById("map-indicator").addEventListener("change", function (e) { state.indicator = e.target.value; draw(); });
  document.getElementById("map-industry").addEventListener("change", function (e) { state.industry = e.target.value; draw(); });
  window.qualitasMap = {select: select, state: state, draw: draw};

  function start() { if (window.Plotly) draw(); else setTimeout(start, 50); }
  start();
})();
