// Draws the report's charts with Apache ECharts (SVG renderer) from the JSON in #report-data.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var palette = ['#334e68', '#c05621', '#2f855a', '#6b46c1', '#b7791f', '#2b6cb0', '#c53030', '#4a5568'];

  function chart(element, option) {
    var instance = echarts.init(element, null, {renderer: 'svg'});
    option.animation = false;
    option.color = option.color || palette;
    instance.setOption(option);
    return instance;
  }

  function container(parent, id, height) {
    var element = document.createElement('div');
    element.className = 'chart';
    element.id = id;
    element.style.height = height + 'px';
    parent.appendChild(element);
    return element;
  }

  function heading(parent, text) {
    var element = document.createElement('h3');
    element.textContent = text;
    parent.appendChild(element);
  }

  function label(indicator) {
    return indicator.code + ' ' + indicator.name_zh + ' · ' + indicator.name_en + ' (' + indicator.unit + ')';
  }

  // Scorecard: per cohort, the rank interval as a bar from rank_low to rank_high, the rank as a dot
  data.scorecards.forEach(function (cohort, index) {
    var element = document.getElementById('scorecard-' + index);
    var rows = cohort.rows.filter(function (row) { return row.rank !== null; }).reverse();
    element.style.height = Math.max(240, 60 + 26 * rows.length) + 'px';
    var bases = rows.map(function (row) { return row.base_code + ' ' + row.name; });
    chart(element, {
      title: rows.length === 0 ? {text: '尚无基地获评分 · No base of the cohort is scored yet', left: 'center', top: 'middle', textStyle: {fontSize: 14, color: '#52606d'}} : undefined,
      grid: {left: 220, right: 40, top: 30, bottom: 40},
      tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'}},
      legend: {data: ['排名区间 Rank interval', '排名 Rank']},
      xAxis: {type: 'value', name: '排名 Rank', min: 1, max: Math.max(2, cohort.rows.length), inverse: false, minInterval: 1},
      yAxis: {type: 'category', data: bases},
      series: [
        {name: 'offset', type: 'bar', stack: 'interval', itemStyle: {color: 'transparent'}, silent: true,
          data: rows.map(function (row) { return row.rank_low; })},
        {name: '排名区间 Rank interval', type: 'bar', stack: 'interval', itemStyle: {color: '#9fb3c8'}, barWidth: 10,
          data: rows.map(function (row) { return Math.max(0.15, row.rank_high - row.rank_low); })},
        {name: '排名 Rank', type: 'scatter', symbolSize: 9, itemStyle: {color: '#102a43'},
          data: rows.map(function (row, position) { return [row.rank, position]; })}
      ]
    });
  });

  // Funnel plots: per indicator and cohort, value against denominator, limits around the cohort's pooled rate
  var funnels = document.getElementById('funnel-charts');
  data.funnels.forEach(function (funnel, index) {
    heading(funnels, label(funnel) + ' · ' + funnel.cohort + ' · ' + funnel.period);
    var element = container(funnels, 'funnel-' + index, 380);
    function limit(column) { return funnel.limits.map(function (row) { return [row[0], row[column]]; }); }
    var dashed = {type: 'line', showSymbol: false, lineStyle: {type: 'dashed', width: 1}};
    chart(element, {
      grid: {left: 60, right: 40, top: 40, bottom: 50},
      tooltip: {trigger: 'item', formatter: function (item) { return item.data.base ? item.data.base + ': ' + item.data.value[1].toFixed(1) + ' (n = ' + item.data.value[0] + ')' : item.seriesName; }},
      legend: {data: ['基地 Bases', '组合并比率 Cohort rate', '95% 控制限 limits', '99.8% 控制限 limits']},
      xAxis: {type: 'value', name: '分母 Denominator', nameLocation: 'middle', nameGap: 30, scale: true},
      yAxis: {type: 'value', name: funnel.unit, scale: true},
      series: [
        {name: '基地 Bases', type: 'scatter', symbolSize: 8,
          data: funnel.points.map(function (point) {
            return {value: [point.denominator, point.value], base: point.base,
              itemStyle: {color: point.position === 'IN' ? '#334e68' : point.position === 'OUT_95' ? '#dd6b20' : '#c53030'}};
          })},
        Object.assign({name: '组合并比率 Cohort rate', data: [[funnel.limits[0][0], funnel.pooled], [funnel.limits[funnel.limits.length - 1][0], funnel.pooled]],
          lineStyle: {width: 1}}, {type: 'line', showSymbol: false, itemStyle: {color: '#52606d'}}),
        Object.assign({name: '95% 控制限 limits', data: limit(1), itemStyle: {color: '#dd6b20'}}, dashed),
        Object.assign({name: '95% 控制限 limits', data: limit(2), itemStyle: {color: '#dd6b20'}}, dashed),
        Object.assign({name: '99.8% 控制限 limits', data: limit(3), itemStyle: {color: '#c53030'}}, dashed),
        Object.assign({name: '99.8% 控制限 limits', data: limit(4), itemStyle: {color: '#c53030'}}, dashed)
      ]
    });
  });

  // Trends: one line per base
  var trends = document.getElementById('trend-charts');
  data.trends.forEach(function (trend, index) {
    heading(trends, label(trend));
    var element = container(trends, 'trend-' + index, 360);
    chart(element, {
      grid: {left: 60, right: 160, top: 30, bottom: 40},
      tooltip: {trigger: 'axis'},
      legend: {type: 'scroll', orient: 'vertical', right: 0, top: 20, bottom: 20},
      xAxis: {type: 'category', data: trend.periods, name: '月份 Month'},
      yAxis: {type: 'value', name: trend.unit, scale: true},
      series: trend.series.map(function (line) {
        return {name: line.base, type: 'line', data: line.values, connectNulls: false, symbolSize: 4, lineStyle: {width: 1.5}};
      })
    });
  });

  // The data-quality report card: share of divergent bases per dimension and indicator, latest month
  var card = document.getElementById('report-card');
  if (card && data.reportCard.rows.length > 0) {
    var rows = data.reportCard.rows.filter(function (row) { return row.period_type === 'MONTH'; });
    if (rows.length === 0) {
      rows = data.reportCard.rows;
    }
    var dimensions = [];
    var indicators = [];
    rows.forEach(function (row) {
      if (dimensions.indexOf(row.dimension) < 0) { dimensions.push(row.dimension); }
      var code = row.indicator_code + (row.related_indicator_code ? ' / ' + row.related_indicator_code : '');
      if (indicators.indexOf(code) < 0) { indicators.push(code); }
    });
    chart(card, {
      grid: {containLabel: true, left: 10, right: 40, top: 20, bottom: 70},
      tooltip: {formatter: function (item) { return indicators[item.value[1]] + ' · ' + dimensions[item.value[0]] + ': ' + item.value[2].toFixed(0) + '%'; }},
      xAxis: {type: 'category', data: dimensions, axisLabel: {rotate: 20, fontSize: 10}},
      yAxis: {type: 'category', data: indicators},
      visualMap: {min: 0, max: 100, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, text: ['100% 异常 divergent', '0%'],
        inRange: {color: ['#f0f4f8', '#f6ad55', '#c53030']}},
      series: [{type: 'heatmap', label: {show: true, formatter: function (item) { return item.value[2].toFixed(0); }},
        data: rows.filter(function (row) { return row.divergent_share !== null; }).map(function (row) {
          var code = row.indicator_code + (row.related_indicator_code ? ' / ' + row.related_indicator_code : '');
          return [dimensions.indexOf(row.dimension), indicators.indexOf(code), row.divergent_share];
        })}]
    });
  }

  // Experiment effects: estimate and 95% interval per experiment and outcome, then each event study
  var effects = document.getElementById('effects');
  if (effects && data.effects.length > 0) {
    var names = data.effects.map(function (effect) { return effect.base_code + ' ' + effect.experiment_id + ' · ' + effect.indicator_code; });
    effects.style.height = Math.max(220, 80 + 50 * names.length) + 'px';
    chart(effects, {
      grid: {left: 280, right: 40, top: 30, bottom: 40},
      tooltip: {trigger: 'item'},
      xAxis: {type: 'value', name: '效应 Effect', scale: true},
      yAxis: {type: 'category', data: names},
      series: [
        {name: '95% 区间 interval', type: 'custom',
          renderItem: function (params, api) {
            var low = api.coord([api.value(0), api.value(2)]);
            var high = api.coord([api.value(1), api.value(2)]);
            return {type: 'line', shape: {x1: low[0], y1: low[1], x2: high[0], y2: high[1]}, style: {stroke: '#334e68', lineWidth: 2}};
          },
          encode: {x: [0, 1], y: 2},
          data: data.effects.filter(function (effect) { return effect.ci_low !== null; }).map(function (effect) {
            return [effect.ci_low, effect.ci_high, data.effects.indexOf(effect)];
          })},
        {name: '效应 Effect', type: 'scatter', symbolSize: 10, itemStyle: {color: '#c05621'},
          data: data.effects.map(function (effect, position) { return [effect.estimate, position]; })}
      ]
    });
    data.effects.forEach(function (effect, index) {
      var element = document.getElementById('event-study-' + index);
      var times = effect.event_study.map(function (row) { return row.event_time; });
      chart(element, {
        title: {text: effect.base_code + ' ' + effect.experiment_id + ' · ' + effect.indicator_code + ' 事件研究 Event study', textStyle: {fontSize: 14}},
        grid: {left: 60, right: 40, top: 50, bottom: 40},
        tooltip: {trigger: 'axis'},
        legend: {top: 22, data: ['效应 Effect', '95% 一致置信带 uniform band']},
        xAxis: {type: 'category', data: times, name: '距处理月数 Months since treatment'},
        yAxis: {type: 'value', name: '效应 Effect'},
        series: [
          {name: '效应 Effect', type: 'line', data: effect.event_study.map(function (row) { return row.estimate; }), itemStyle: {color: '#c05621'}},
          {name: '95% 一致置信带 uniform band', type: 'line', data: effect.event_study.map(function (row) { return row.ci_low; }),
            showSymbol: false, lineStyle: {type: 'dashed', width: 1}, itemStyle: {color: '#52606d'}},
          {name: '95% 一致置信带 uniform band', type: 'line', data: effect.event_study.map(function (row) { return row.ci_high; }),
            showSymbol: false, lineStyle: {type: 'dashed', width: 1}, itemStyle: {color: '#52606d'}}
        ]
      });
    });
  }
}());
