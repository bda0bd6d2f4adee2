(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var epsilons = data.epsilons;
  function pct(v) { return v === null || v === undefined ? null : Math.round(v * 10000) / 100; }
  function chart(id, option) {
    var c = echarts.init(document.getElementById(id), null, { renderer: 'canvas' });
    option.animation = false;
    c.setOption(option);
    window.reportCharts.push(c);
    return c;
  }
  function lineSeries(name, points, value) {
    return { name: name, type: 'line', showSymbol: true,
             data: points.map(function (p) { return [p.epsilon, pct(value(p))]; }) };
  }
  var percentAxis = { type: 'value', name: '%', min: 0, max: 100 };
  var epsilonAxis = { type: 'value', name: 'epsilon', min: 0 };
  window.reportCharts = [];

  chart('chart-attacks', {
    tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 50, right: 70, top: 50, bottom: 40 },
    xAxis: epsilonAxis, yAxis: percentAxis,
    series: data.attacks.map(function (attack) {
      return lineSeries(attack, data.attackCurves[attack], function (p) { return p.accuracy; });
    })
  });

  chart('chart-history', {
    tooltip: { trigger: 'axis' }, legend: { top: 0, type: 'scroll' },
    grid: { left: 50, right: 70, top: 50, bottom: 60 },
    xAxis: { type: 'category', name: 'run', data: data.history.map(function (h) { return h.runId; }) },
    yAxis: percentAxis,
    series: epsilons.map(function (eps, index) {
      return { name: 'epsilon ' + eps, type: 'line', showSymbol: true,
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

  chart('chart-buckets', {
    tooltip: { trigger: 'axis' }, legend: { top: 0, type: 'scroll' },
    grid: { left: 50, right: 70, top: 50, bottom: 40 }, xAxis: epsilonAxis, yAxis: percentAxis,
    series: Object.keys(data.confidenceCurves).map(function (bucket) {
      return lineSeries('clean ' + bucket, data.confidenceCurves[bucket], function (p) { return p.accuracy; });
    })
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
    figure.appendChild(caption);
    container.appendChild(figure);
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
