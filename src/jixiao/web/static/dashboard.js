// Draws the dashboard's charts from the JSON embedded in the page (the same document as
// /api/v1/dashboard); a click on a bar opens the rows behind it.
(function () {
  "use strict";
  const source = document.getElementById("dashboard-data");
  if (!source || typeof echarts === "undefined") return;
  const doc = JSON.parse(source.textContent);
  const num = (v) => (v === null || v === undefined || v === "" ? null : Number(v));
  const font = '"Noto Sans CJK SC", "WenQuanYi Zen Hei", sans-serif';
  const grid = { left: 8, right: 24, top: 28, bottom: 8, containLabel: true };
  const brand = "#2c5d94";
  const clip = (s, n) => (s.length > n ? s.slice(0, n - 1) + "…" : s);

  function bars(c, label, value, opts) {
    opts = opts || {};
    const horizontal = !!opts.horizontal;
    const names = c.rows.map((r) => String(r[label]));
    const cat = { type: "category", data: names, inverse: horizontal,
                  axisLabel: { interval: 0, formatter: (s) => clip(s, opts.clip || (horizontal ? 16 : 8)) } };
    const val = { type: "value", name: opts.unit || "", min: opts.min, max: opts.max };
    const series = { type: "bar", data: c.rows.map((r, i) => ({ value: num(r[value]), itemStyle: opts.colors ? { color: opts.colors[i] } : undefined })),
                     itemStyle: { color: brand }, barMaxWidth: 28,
                     label: { show: c.rows.length <= 25, position: horizontal ? "right" : "top",
                              formatter: (p) => c.rows[p.dataIndex][value] } };  // as the table writes it
    if (opts.lines) {
      series.markLine = { symbol: "none", silent: true, label: { formatter: "{c}%", position: "start" },
                          lineStyle: { type: "dashed", color: "#b42318" },
                          data: opts.lines.map((x) => (horizontal ? { xAxis: x } : { yAxis: x })) };
    }
    return { grid, tooltip: { trigger: "axis" }, xAxis: horizontal ? val : cat, yAxis: horizontal ? cat : val,
             series: [series], textStyle: { fontFamily: font } };
  }

  function submissions(c) {
    // one category per day with submissions, and the deadline's day among them
    const s = c.summary;
    const days = c.rows.map((r) => r.date);
    if (s.deadline && !days.includes(s.deadline)) days.push(s.deadline);
    days.sort();
    const byDay = Object.fromEntries(c.rows.map((r) => [r.date, r]));
    let running = 0;
    const cumulative = days.map((d) => (byDay[d] ? (running = byDay[d].cumulative) : running));
    const marks = [{ yAxis: s.units, label: { formatter: "应报单位 {c}", position: "insideStartTop" } }];
    if (s.deadline) marks.push({ xAxis: s.deadline, label: { formatter: "截止 " + s.deadline }, lineStyle: { color: "#b42318" } });
    const series = [
      { name: "当日送审", type: "bar", barMaxWidth: 28, data: days.map((d) => (byDay[d] ? byDay[d].count : 0)), itemStyle: { color: "#9cc0ea" } },
      { name: "累计送审", type: "line", step: "end", data: cumulative, itemStyle: { color: brand },
        markLine: { symbol: "none", silent: true, lineStyle: { type: "dashed" }, data: marks } },
    ];
    return { grid, tooltip: { trigger: "axis" }, legend: { top: 0 }, xAxis: { type: "category", data: days },
             yAxis: { type: "value", max: (v) => Math.max(v.max, s.units) }, series, textStyle: { fontFamily: font } };
  }

  function heat(c) {
    const bands = c.bands;
    const data = c.rows.map((r) => [bands.indexOf(r.self_band), bands.indexOf(r.review_band), r.count]);
    const max = Math.max(1, ...c.rows.map((r) => r.count));
    return { grid: { left: 8, right: 24, top: 28, bottom: 48, containLabel: true },
             tooltip: { formatter: (p) => "自评 " + bands[p.value[0]] + " 分 · 复核 " + bands[p.value[1]] + " 分：" + p.value[2] + " 份" },
             xAxis: { type: "category", data: bands, name: "自评", splitArea: { show: true } },
             yAxis: { type: "category", data: bands, name: "复核", splitArea: { show: true } },
             visualMap: { min: 0, max, calculable: false, orient: "horizontal", left: "center", bottom: 0, itemHeight: 120,
                          inRange: { color: ["#eef3fa", brand] } },
             series: [{ type: "heatmap", data, label: { show: true } }], textStyle: { fontFamily: font } };
  }

  function history(c) {
    const years = c.rows.map((r) => r.year + (c.rows.filter((o) => o.year === r.year).length > 1 ? " " + r.kind : ""));
    const line = (name, key, axis) => ({ name, type: "line", yAxisIndex: axis, connectNulls: true, data: c.rows.map((r) => num(r[key])) });
    return { grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true }, tooltip: { trigger: "axis" }, legend: { top: 0 },
             xAxis: { type: "category", data: years },
             yAxis: [{ type: "value", name: "万元" }, { type: "value", name: "% / 分", max: (v) => Math.max(110, v.max) }],
             series: [{ name: "全年预算数", type: "bar", data: c.rows.map((r) => num(r.budget_total)), itemStyle: { color: "#9cc0ea" } },
                      { name: "决算数", type: "bar", data: c.rows.map((r) => num(r.final_total)), itemStyle: { color: brand } },
                      line("预算执行率", "execution_rate", 1), line("自评得分", "self_score", 1), line("复核得分", "review_score", 1)],
             textStyle: { fontFamily: font } };
  }

  const gradeColors = ["#1f7a3f", "#2c5d94", "#a15c07", "#b42318", "#8a94a3"];
  const builders = {
    status: (c) => bars(c, "label", "count"),
    submissions,
    grades: (c) => bars(c, "grade", "count", { colors: gradeColors }),
    scores: heat,
    execution: (c) => bars(c, "unit", "execution_rate", { horizontal: true, lines: [90, 100], unit: "%", min: 0,
                                                           max: (v) => Math.max(110, Math.ceil(v.max / 10) * 10) }),
    three_public: (c) => bars(c, "year", "total", { unit: "万元" }),
    errors: (c) => bars(c, "unit", "total", { horizontal: true }),
    returns: (c) => bars(c, "unit", "total", { horizontal: true }),
    rules: (c) => bars(c, "code", "total", { horizontal: true, clip: 22 }),
    history,
  };

  for (const c of doc.charts) {
    const el = document.querySelector('[data-chart="' + c.key + '"]');
    const build = builders[c.key];
    if (!el || !build) continue;
    if (!c.rows.length) { el.textContent = "暂无数据"; el.classList.add("muted"); continue; }
    if (["execution", "errors", "returns", "rules"].includes(c.key)) {
      el.style.height = Math.max(300, 60 + 22 * c.rows.length) + "px";  // a readable line per row
    }
    const chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption(Object.assign({ animation: false }, build(c)));
    chart.on("click", (p) => {
      // a bar, a cell or a point is one row of the table; the submissions' axis has a
      // category per day (the deadline's among them), so its rows are found by date
      const row = c.key === "submissions" ? c.rows.find((r) => r.date === p.name) : c.rows[p.dataIndex];
      if (row && row.href) window.location.href = row.href;
    });
    window.addEventListener("resize", () => chart.resize());
  }
})();
