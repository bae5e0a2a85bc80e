// The Fluxgate page: polls <plugin root>/data.json every 2 s and redraws the tables (values set as text, never as
// markup); the buttons POST <plugin root>/action, which goes through the worker's herder.
(function () {
  'use strict';
  var root = document.getElementById('fluxgate');
  if (!root) { return; }
  var base = root.getAttribute('data-root');
  var ACTIONS = ['pause', 'resume', 'restart', 'delete'];

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

  function render(data) {
    var open = openTraces();
    var running = data.connectors.filter(function (c) { return c.state === 'RUNNING'; }).length;
    document.getElementById('fluxgate-status').textContent = (data.herderReady ? '' : 'The worker is starting. ')
      + data.connectors.length + ' connector(s), ' + running + ' running; ' + data.plugins.length
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
        traceRow(tbody, 'Connector ' + c.name, c.trace);
        c.tasks.forEach(function (t) { traceRow(tbody, 'Task ' + c.name + '-' + t.id, t.trace); });
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
