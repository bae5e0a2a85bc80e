// The Fluxgate page: polls <plugin root>/data.json every 2 s and redraws the tables (values set as text, never as
// markup); the buttons POST <plugin root>/action, which goes through the worker's herder. Each connector's metrics
// are kept for the last HISTORY polls and drawn as SVG sparklines: records/s in and out, failures and errors per
// second (from the difference of successive totals), and a sink's lag. No library: the console works offline.
(function () {
  'use strict';
  var root = document.getElementById('fluxgate');
  if (!root) { return; }
  var base = root.getAttribute('data-root');
  var ACTIONS = ['pause', 'resume', 'restart', 'delete'];
  var HISTORY = 60, WIDTH = 200, HEIGHT = 36, SVG = 'http://www.w3.org/2000/svg';
  var history = new Map();

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }
  function cells(tr, values) { values.forEach(function (v) { tr.appendChild(el('td', {}, v === null ? '' : v)); }); }
  function traceRow(tbody, what, trace) {
    if (!trace) { return; }
    var tr = el('tr', {'class': 'trace'}), td = el('td', {colspan: '8'}), details = el('details');
    details.appendChild(el('summary', {}, what + ' failed: trace'));
    details.appendChild(el('pre', {}, trace));
    td.appendChild(details); tr.appendChild(td); tbody.appendChild(tr);
  }
  // A stalled task (RUNNING, with what it is stuck in as its trace): the reason shown open, on one line.
  function stallRow(tbody, what, reason) {
    var tr = el('tr', {'class': 'stall'});
    tr.appendChild(el('td', {colspan: '8'}, what + ' is stalled: ' + reason));
    tbody.appendChild(tr);
  }
  function replaceBody(id, build) {
    var table = document.getElementById(id), tbody = el('tbody');
    build(tbody);
    table.replaceChild(tbody, table.tBodies[0]);
  }
  function openTraces() {
    var open = {};
    document.querySelectorAll('#fluxgate-connectors details[open] summary').forEach(function (s) {
      open[s.textContent] = true;
    });
    return open;
  }

  // One sample per connector and poll, at the browser's time; connectors gone from the worker are forgotten.
  function remember(data) {
    var now = Date.now(), seen = new Set();
    data.connectors.forEach(function (c) {
      var samples = history.get(c.name) || [];
      samples.push({t: now, m: c.metrics || {}});
      if (samples.length > HISTORY) { samples.shift(); }
      history.set(c.name, samples);
      seen.add(c.name);
    });
    Array.from(history.keys()).forEach(function (name) { if (!seen.has(name)) { history.delete(name); } });
  }
  function value(v) { return typeof v === 'number' && isFinite(v) ? v : null; }
  function series(samples, key) { return samples.map(function (s) { return value(s.m[key]); }); }
  // Per second, from each sample's total and the one before; null where either is missing or the total went down
  // (the task restarted and its count began again).
  function perSecond(samples, key) {
    return samples.map(function (s, i) {
      if (i === 0) { return null; }
      var before = value(samples[i - 1].m[key]), now = value(s.m[key]), seconds = (s.t - samples[i - 1].t) / 1000;
      return before === null || now === null || now < before || seconds <= 0 ? null : (now - before) / seconds;
    });
  }
  function last(values) { return values.length ? values[values.length - 1] : null; }
  function format(v) {
    if (v === null) { return '\u2013'; }
    return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
  }
  function count(v) { return v === null ? '\u2013' : String(Math.round(v)); }
  function svg(tag, attrs) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }
  // The lines on one scale from 0 to their largest value, the newest sample at the right edge; a missing value
  // breaks its line. Without any value: "no data".
  function sparkline(lines) {
    var chart = svg('svg', {'class': 'sparkline', width: WIDTH, height: HEIGHT,
      viewBox: '0 0 ' + WIDTH + ' ' + HEIGHT, role: 'img'}), title = svg('title', {});
    chart.appendChild(title);
    var all = [].concat.apply([], lines.map(function (l) { return l.values; })).filter(function (v) {
      return v !== null;
    });
    if (!all.length) {
      var text = svg('text', {'class': 'nodata', x: WIDTH / 2, y: HEIGHT / 2 + 4, 'text-anchor': 'middle'});
      text.textContent = title.textContent = 'no data';
      chart.appendChild(text);
      return chart;
    }
    var top = Math.max.apply(null, all) || 1, step = (WIDTH - 4) / (HISTORY - 1);
    lines.forEach(function (line) {
      var d = '', n = line.values.length, drawing = false;
      line.values.forEach(function (v, i) {
        if (v === null) { drawing = false; return; }
        var x = (WIDTH - 2 - (n - 1 - i) * step).toFixed(1), y = (HEIGHT - 2 - (v / top) * (HEIGHT - 4)).toFixed(1);
        d += (drawing ? ' L' : ' M') + x + ' ' + y + (drawing ? '' : ' l0 0');
        drawing = true;
      });
      chart.appendChild(svg('path', {'class': 'line line-' + line.name, d: d.trim()}));
    });
    title.textContent = 'top of the scale: ' + format(top);
    return chart;
  }
  // A figure whose data- attributes carry the newest values (empty when unknown) and the number of samples.
  function figure(name, kind, samples, caption, lines, data) {
    var f = el('figure', {'class': 'chart', 'data-chart': kind, 'data-connector': name,
      'data-samples': String(samples.length)});
    Object.keys(data).forEach(function (k) { f.setAttribute('data-' + k, data[k] === null ? '' : String(data[k])); });
    var cap = el('figcaption');
    caption.forEach(function (part) {
      cap.appendChild(part.key ? el('span', {'class': 'key key-' + part.key}, part.text)
        : document.createTextNode(part.text));
    });
    f.appendChild(cap);
    f.appendChild(sparkline(lines));
    return f;
  }
  function chartsRow(tbody, c) {
    var samples = history.get(c.name) || [], latest = samples.length ? samples[samples.length - 1].m : {};
    var tr = el('tr', {'class': 'metrics', 'data-metrics-for': c.name}), td = el('td', {colspan: '8'});
    var charts = el('div', {'class': 'charts'});
    var rIn = series(samples, 'recordsIn'), rOut = series(samples, 'recordsOut');
    charts.appendChild(figure(c.name, 'records', samples, [{text: 'Records/s '},
      {key: 'in', text: 'in ' + format(last(rIn))}, {text: ' \u00b7 '},
      {key: 'out', text: 'out ' + format(last(rOut))}],
      [{name: 'in', values: rIn}, {name: 'out', values: rOut}], {'in': last(rIn), out: last(rOut)}));
    var failures = perSecond(samples, 'recordFailures'), errors = perSecond(samples, 'recordErrors');
    var totals = [value(latest.recordFailures), value(latest.recordErrors), value(latest.recordsSkipped)];
    charts.appendChild(figure(c.name, 'errors', samples, [
      {key: 'failures', text: 'Failures/s ' + format(last(failures))},
      {text: totals[0] === null ? '' : ' (' + totals[0] + ')'}, {text: ' \u00b7 '},
      {key: 'errors', text: 'errors/s ' + format(last(errors))},
      {text: totals[1] === null ? '' : ' (' + totals[1] + ')'},
      {text: totals[2] === null ? '' : ' \u00b7 skipped ' + totals[2]}],
      [{name: 'failures', values: failures}, {name: 'errors', values: errors}],
      {failures: totals[0], errors: totals[1], skipped: totals[2], 'failure-rate': last(failures),
        'error-rate': last(errors)}));
    if (c.type === 'sink') {
      var lag = series(samples, 'lag');
      charts.appendChild(figure(c.name, 'lag', samples, [{key: 'lag', text: 'Lag (records) ' + count(last(lag))}],
        [{name: 'lag', values: lag}], {lag: last(lag)}));
    }
    td.appendChild(charts); tr.appendChild(td); tbody.appendChild(tr);
  }

  function render(data) {
    remember(data);
    var open = openTraces();
    var running = data.connectors.filter(function (c) { return c.state === 'RUNNING'; }).length;
    var stalled = data.connectors.reduce(function (n, c) {
      return n + c.tasks.filter(function (t) { return t.stalled; }).length;
    }, 0);
    document.getElementById('fluxgate-status').textContent = (data.herderReady ? '' : 'The worker is starting. ')
      + data.connectors.length + ' connector(s), ' + running + ' running; '
      + (stalled > 0 ? stalled + ' task(s) stalled; ' : '') + data.plugins.length
      + ' plugin(s) installed, ' + data.problems.length + ' problem(s).';
    replaceBody('fluxgate-connectors', function (tbody) {
      data.connectors.forEach(function (c) {
        var tr = el('tr', {'data-connector': c.name});
        tr.appendChild(el('td', {'class': 'name'}, c.name));
        tr.appendChild(el('td', {'class': 'state state-' + c.state}, c.state));
        cells(tr, [c.type, c.plugin, c.version, c.workerId]);
        var tasks = el('td', {'class': 'tasks'});
        c.tasks.forEach(function (t) {
          var div = el('div', {'class': 'task', 'data-task': String(t.id)}, '#' + t.id + ' ');
          div.appendChild(el('span', {'class': 'state state-' + t.state}, t.state));
          if (t.stalled) {
            div.appendChild(document.createTextNode(' '));
            div.appendChild(el('span', {'class': 'stalled'}, 'STALLED'));
          }
          div.appendChild(document.createTextNode(' on ' + t.workerId));
          tasks.appendChild(div);
        });
        tr.appendChild(tasks);
        var actions = el('td', {'class': 'actions'});
        ACTIONS.forEach(function (a) {
          actions.appendChild(el('button', {type: 'button', 'class': 'ui-button', 'data-action': a,
            'data-connector': c.name}, a.charAt(0).toUpperCase() + a.slice(1)));
          actions.appendChild(document.createTextNode(' '));
        });
        tr.appendChild(actions);
        tbody.appendChild(tr);
        chartsRow(tbody, c);
        traceRow(tbody, 'Connector ' + c.name, c.trace);
        c.tasks.forEach(function (t) {
          var what = 'Task ' + c.name + '-' + t.id;
          if (t.stalled) { stallRow(tbody, what, t.trace); } else { traceRow(tbody, what, t.trace); }
        });
      });
    });
    document.querySelectorAll('#fluxgate-connectors details summary').forEach(function (s) {
      if (open[s.textContent]) { s.parentNode.setAttribute('open', ''); }
    });
    replaceBody('fluxgate-plugins', function (tbody) {
      data.plugins.forEach(function (p) {
        var tr = el('tr', {'data-plugin': p.className});
        cells(tr, [p.className, p.type, p.version, p.location]);
        tbody.appendChild(tr);
      });
    });
    replaceBody('fluxgate-problems', function (tbody) {
      data.problems.forEach(function (p) {
        var tr = el('tr');
        cells(tr, [p.location, p.kind, p.className, p.message, p.since]);
        tbody.appendChild(tr);
      });
    });
    root.setAttribute('data-rendered', String(Date.now()));
  }

  function poll() {
    return fetch(base + '/data.json', {credentials: 'same-origin', cache: 'no-store'})
      .then(function (r) { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.json(); })
      .then(render)
      .catch(function (e) { document.getElementById('fluxgate-message').textContent = 'Cannot refresh: ' + e; });
  }

  function message(text) { document.getElementById('fluxgate-message').textContent = text; }

  root.addEventListener('click', function (event) {
    var button = event.target.closest('button[data-action]');
    if (!button) { return; }
    var action = button.getAttribute('data-action'), connector = button.getAttribute('data-connector');
    if (action === 'delete' && !window.confirm('Delete the connector ' + connector + '?')) { return; }
    message('');
    var body = new URLSearchParams({action: action, connector: connector});
    fetch(base + '/action', {method: 'POST', credentials: 'same-origin', body: body,
        headers: {'X-Fluxgate-Console': 'action'}})
      .then(function (r) { return r.json().then(function (j) { return {ok: r.ok, body: j}; }); })
      .then(function (r) { if (!r.ok) { message(r.body.message || 'The action failed'); } return poll(); })
      .catch(function (e) { message('The action failed: ' + e); });
  });

  window.fluxgatePoll = poll;
  poll();
  setInterval(poll, 2000);
}());
