/* plotly.js locale "zh-CN": the toolbar, messages and hover words of plotly.js in Chinese, and
 * Chinese month and day names with date formats for date axes (plotly's locale module format:
 * {moduleType: "locale", name, dictionary, format}). Translated for Qualitas.
 *
 * base.html loads this file after plotly.min.js on Chinese pages only; it registers the locale
 * and makes it the default of every plot on the page (charts.js, the quality map). */
(function () {
  var locale = {
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
  if (typeof window.Plotly === "undefined") {
    // plotly.min.js not loaded yet: it registers window.PlotlyLocales when it loads
    window.PlotlyLocales = window.PlotlyLocales || [];
    window.PlotlyLocales.push(locale);
  } else {
    window.Plotly.register(locale);
    window.Plotly.setPlotConfig({locale: "zh-CN"});
  }
})();
