// The page's browser script, served as /analytics/assets/analytics.js. It reads the summary from
// this origin (with the login cookie, when there is one) and draws each figure with Chart.js
// beside a table of the same numbers.

/** The script's source. Plain ES2020 for any current browser; no build step. */
export const ANALYTICS_PAGE_SCRIPT = `'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  const charts = {};
  const number = new Intl.NumberFormat('en-US');
  const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });

  function fillTable(id, rows) {
    const body = $(id).tBodies[0];
    body.replaceChildren(...rows.map((cells) => {
      const tr = document.createElement('tr');
      for (const cell of cells) {
        const td = document.createElement('td');
        td.textContent = cell;
        tr.append(td);
      }
      return tr;
    }));
  }

  function draw(id, config) {
    charts[id]?.destroy();
    charts[id] = new Chart($(id), { ...config, options: { animation: false, maintainAspectRatio: false, ...config.options } });
  }

  function render(summary) {
    const f = summary.funnel;
    const stages = [
      ['Generated', f.generated], ['Confirmed', f.confirmed],
      ['Cancelled before confirming', f.cancelled_before_confirm], ['Cancelled after confirming', f.cancelled_after_confirm],
    ];
    draw('funnel-chart', {
      type: 'bar',
      data: { labels: stages.map((s) => s[0]), datasets: [{ label: 'Plans', data: stages.map((s) => s[1]), backgroundColor: ['#54aeff', '#2da44e', '#d4a72c', '#cf222e'] }] },
      options: { indexAxis: 'y', plugins: { legend: { display: false } } },
    });
    fillTable('funnel-table', [...stages.map((s) => [s[0], number.format(s[1])]), ['Confirm rate', percent.format(f.confirm_rate)]]);

    const d = summary.destinations;
    draw('destinations-chart', {
      type: 'bar',
      data: { labels: d.map((x) => x.destination), datasets: [
        { label: 'Plans', data: d.map((x) => x.plans), backgroundColor: '#54aeff' },
        { label: 'Confirmed', data: d.map((x) => x.confirmed), backgroundColor: '#2da44e' },
      ] },
    });
    fillTable('destinations-table', d.map((x) => [x.destination, number.format(x.plans), number.format(x.confirmed), money.format(x.revenue)]));

    const days = summary.daily;
    const series = (key, color) => ({ label: key[0].toUpperCase() + key.slice(1), data: days.map((x) => x[key]), borderColor: color, backgroundColor: color, tension: 0.2 });
    draw('daily-chart', {
      type: 'line',
      data: { labels: days.map((x) => x.date), datasets: [series('generated', '#54aeff'), series('confirmed', '#2da44e'), series('cancelled', '#cf222e')] },
    });
    fillTable('daily-table', days.slice().reverse().map((x) => [x.date, number.format(x.generated), number.format(x.confirmed), number.format(x.cancelled)]));

    $('as-of').textContent = 'As of ' + summary.as_of + '.';
    $('figures').hidden = false;
    document.body.dataset.rendered = summary.from + '/' + summary.to;
  }

  async function load() {
    const query = new URLSearchParams();
    if ($('from').value) query.set('from', $('from').value);
    if ($('to').value) query.set('to', $('to').value);
    const response = await fetch('/analytics/summary?' + query, { credentials: 'same-origin' });
    const body = await response.json();
    $('login').hidden = response.status !== 401;
    $('range').hidden = response.status === 401;
    if (response.status === 401) { $('figures').hidden = true; $('error').textContent = 'Sign in with the analytics token.'; return; }
    if (!response.ok) { $('error').textContent = body.error; return; }
    $('error').textContent = '';
    $('from').value = body.from;
    $('to').value = body.to;
    history.replaceState(null, '', '?' + new URLSearchParams({ from: body.from, to: body.to }));
    render(body);
  }

  $('range').addEventListener('submit', (event) => { event.preventDefault(); load(); });
  $('login').addEventListener('submit', async (event) => {
    event.preventDefault();
    const response = await fetch('/analytics/login', {
      method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: $('token').value }),
    });
    $('token').value = '';
    if (response.ok) load();
    else $('error').textContent = (await response.json()).error;
  });

  const params = new URLSearchParams(location.search);
  $('from').value = params.get('from') ?? '';
  $('to').value = params.get('to') ?? '';
  load();
})();
`;
