(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var epsilons = data.epsilons;
  function pct(v) { return v === null || v === undefined ? null : Math.round(v * 10000) / 100; }
  function chart(target, option) {
    var element = typeof target === 'string' ? document.getElementById(target) : target;
    var c = echarts.init(element, null, { renderer: 'canvas' });
    option.animation = false;
    c.setOption(option);
    window.reportCharts.push(c);
    return c;
  }
  // A grid spanning more than a decade (0.001 to 0.3, say) crowds its small epsilons at 0 on a linear axis, and 0
  // has no place on a logarithmic one: such grids get one evenly spaced column per epsilon instead.
  var nonZero = epsilons.filter(function (e) { return e > 0; });
  var categorical = nonZero.length > 1 && Math.max.apply(null, nonZero) > 10 * Math.min.apply(null, nonZero);
  function epsilonKey(eps) { return categorical ? String(eps) : eps; }
  function lineSeries(name, points, value) {
    return { name: name, type: 'line', showSymbol: true,
             data: points.map(function (p) { return [epsilonKey(p.epsilon), pct(value(p))]; }) };
  }
  var percentAxis = { type: 'value', name: '%', min: 0, max: 100 };
  var epsilonAxis = categorical
    ? { type: 'category', name: 'epsilon', boundaryGap: false, data: epsilons.map(String) }
    : { type: 'value', name: 'epsilon', min: 0 };
  window.reportCharts = [];

  // The renderer hides the section when there is one attack: nothing to set side by side.
  if (!document.getElementById('attacks-section').hidden) {
    chart('chart-attacks', {
      tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 50, right: 70, top: 50, bottom: 40 },
      xAxis: epsilonAxis, yAxis: percentAxis,
      series: data.attacks.map(function (attack) {
        return lineSeries(attack, data.attackCurves[attack], function (p) { return p.accuracy; });
      })
    });
  }

  // Every night since the output began: dated columns, the last 30 in view, a slider for the rest.
  var nights = data.history.length;
  chart('chart-history', {
    tooltip: { trigger: 'axis' }, legend: { top: 0, type: 'scroll' },
    grid: { left: 50, right: 70, top: 50, bottom: 90 },
    xAxis: { type: 'category', name: 'started (UTC)', nameLocation: 'middle', nameGap: 60,
             data: data.history.map(function (h) { return h.startedAt; }) },
    yAxis: percentAxis,
    dataZoom: nights > 30
      ? [{ type: 'slider', startValue: nights - 30, endValue: nights - 1, bottom: 10 }, { type: 'inside' }]
      : [],
    series: epsilons.map(function (eps, index) {
      return { name: 'epsilon ' + eps, type: 'line', showSymbol: nights <= 30,
               data: data.history.map(function (h) { return pct(h.accuracy[index]); }) };
    })
  });

  chart('chart-curves', {
    tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 50, right: 70, top: 50, bottom: 40 },
    xAxis: epsilonAxis, yAxis: percentAxis,
    series: [
      lineSeries('accuracy', data.curve, function (p) { return p.accuracy; }),
      lineSeries('top-5 accuracy', data.curve, function (p) { return p.top5Accuracy; }),
      lineSeries('mean confidence', data.curve, function (p) { return p.meanConfidence; }),
      lineSeries('mean true-class probability', data.curve, function (p) { return p.meanTrueClassProb; }),
      lineSeries('attack success', data.curve, function (p) { return p.attackSuccessRate; })
    ]
  });

  // Clean-confidence bucket x epsilon as a heat map: fourteen or so overlapping lines read as none.
  var buckets = Object.keys(data.confidenceCurves);
  var cells = [];
  buckets.forEach(function (bucket, row) {
    data.confidenceCurves[bucket].forEach(function (p) {
      cells.push([epsilons.indexOf(p.epsilon), row, pct(p.accuracy), p.images]);
    });
  });
  chart('chart-buckets', {
    tooltip: { formatter: function (c) {
      return 'clean ' + buckets[c.value[1]] + ', epsilon ' + epsilons[c.value[0]] + ': ' + c.value[2] +
        '% of ' + c.value[3] + ' images';
    } },
    grid: { left: 90, right: 90, top: 20, bottom: 40 },
    xAxis: { type: 'category', name: 'epsilon', data: epsilons.map(String), splitArea: { show: true } },
    yAxis: { type: 'category', name: 'clean confidence', data: buckets, splitArea: { show: true } },
    visualMap: { dimension: 2, min: 0, max: 100, calculable: true, orient: 'vertical', right: 0, top: 'center',
                 text: ['100%', '0%'], inRange: { color: ['#b2182b', '#f7f7f7', '#2166ac'] } },
    series: [{ name: 'accuracy', type: 'heatmap', data: cells, label: { show: buckets.length <= 20 } }]
  });

  chart('chart-flips', {
    tooltip: { trigger: 'axis' }, grid: { left: 50, right: 70, top: 20, bottom: 40 },
    xAxis: { type: 'category', name: 'epsilon',
             data: data.flips.map(function (f) { return f.epsilon === null ? 'never' : String(f.epsilon); }) },
    yAxis: { type: 'value', name: 'images' },
    series: [{ type: 'bar', name: 'images', data: data.flips.map(function (f) { return f.images; }) }]
  });

  if (data.exactFlips.length > 0) {
    chart('chart-exact-flips', {
      tooltip: { trigger: 'axis' }, grid: { left: 50, right: 70, top: 20, bottom: 40 },
      xAxis: { type: 'category', name: 'epsilon',
               data: data.exactFlips.map(function (b) { return b.from.toFixed(3) + '-' + b.to.toFixed(3); }) },
      yAxis: { type: 'value', name: 'images' },
      series: [{ type: 'bar', name: 'images', data: data.exactFlips.map(function (b) { return b.images; }) }]
    });
  } else {
    document.getElementById('chart-exact-flips').hidden = true;
    document.getElementById('no-exact-flips').hidden = false;
  }

  // One colour per attack in the trajectories: solid its true class, dashed its top wrong class.
  var ATTACK_COLOURS = ['#5470c6', '#ee6666', '#3ba272', '#fc8452', '#9a60b4', '#73c0de'];

  // Examples: built with textContent only, so no label or path is ever parsed as HTML.
  var container = document.getElementById('examples');
  var views = data.examples.map(function (example) {
    var figure = document.createElement('figure');
    figure.className = 'example';
    var images = document.createElement('div');
    images.className = 'images';
    function img(cls, alt) {
      var el = document.createElement('img');
      el.className = cls;
      el.alt = alt;
      images.appendChild(el);
      return el;
    }
    var original = img('original', 'original');
    original.src = 'data:image/png;base64,' + example.originalPng;
    var perturbation = img('perturbation', 'perturbation, amplified');
    var adversarial = img('adversarial', 'adversarial');
    var caption = document.createElement('figcaption');
    var title = document.createElement('div');
    title.textContent = example.path + ' (label ' + example.labelName + ')';
    var prediction = document.createElement('div');
    caption.appendChild(title);
    caption.appendChild(prediction);
    figure.appendChild(images);
    var trajectory = document.createElement('div');
    trajectory.className = 'trajectory';
    figure.appendChild(trajectory);
    figure.appendChild(caption);
    container.appendChild(figure);
    // Its trajectory under each attack: the true class's probability (solid) against the most
    // probable other class's (dashed); where they cross, the prediction leaves the label.
    var series = [];
    Object.keys(example.trajectories).forEach(function (attack, i) {
      var points = example.trajectories[attack];
      var colour = ATTACK_COLOURS[i % ATTACK_COLOURS.length];
      series.push({ name: attack + ' true class', type: 'line', showSymbol: false, color: colour,
                    data: points.map(function (p) { return [String(p.epsilon), pct(p.trueClassProb)]; }) });
      series.push({ name: attack + ' top wrong', type: 'line', showSymbol: false, color: colour,
                    lineStyle: { type: 'dashed' },
                    data: points.map(function (p) { return [String(p.epsilon), pct(p.topWrongProb)]; }) });
    });
    chart(trajectory, {
      tooltip: { trigger: 'axis' }, legend: { top: 0, type: 'scroll', textStyle: { fontSize: 10 } },
      grid: { left: 36, right: 10, top: 28, bottom: 22 },
      xAxis: { type: 'category', boundaryGap: false, data: epsilons.map(String), axisLabel: { fontSize: 9 } },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { fontSize: 9 } },
      series: series
    });
    return { example: example, perturbation: perturbation, adversarial: adversarial, prediction: prediction };
  });

  var slider = document.getElementById('eps-slider');
  var shown = document.getElementById('eps-value');
  function show(index) {
    shown.textContent = String(epsilons[index]);
    views.forEach(function (v) {
      var step = v.example.steps[index];
      if (!step) { return; }
      v.adversarial.src = 'data:image/png;base64,' + step.adversarialPng;
      v.perturbation.src = 'data:image/png;base64,' + step.perturbationPng;
      v.prediction.textContent = 'prediction ' + step.predictionName + ' (' + pct(step.confidence) + '%)';
      v.prediction.className = 'prediction ' + (step.correct ? 'right' : 'wrong');
    });
  }
  slider.addEventListener('input', function () { show(Number(slider.value)); });
  show(Number(slider.value));
  window.addEventListener('resize', function () { window.reportCharts.forEach(function (c) { c.resize(); }); });
  window.reportReady = true;
})();
