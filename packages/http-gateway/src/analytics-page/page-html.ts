// The analytics page: one static document, its script and Chart.js, all served by the gateway.
// The Content-Security-Policy allows nothing but this origin, so the page cannot reach another host.

/** Where the page's assets are served. */
export const ANALYTICS_ASSETS = Object.freeze({
  chart: '/analytics/assets/chart.umd.min.js',
  script: '/analytics/assets/analytics.js',
});

/** The page's Content-Security-Policy: own scripts, data and images only; inline styles for the layout. */
export const ANALYTICS_CSP =
  "default-src 'none'; script-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const STYLE = `
  body { font: 14px/1.4 system-ui, sans-serif; margin: 0 auto; max-width: 1100px; padding: 16px; color: #1f2328; }
  h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 0 0 8px; }
  .muted { color: #656d76; } form { margin: 12px 0; display: flex; gap: 8px; align-items: end; flex-wrap: wrap; }
  label { display: flex; flex-direction: column; font-size: 12px; } input, button { font: inherit; padding: 4px 8px; }
  section.figure { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 16px; margin: 20px 0;
    padding-top: 12px; border-top: 1px solid #d0d7de; }
  .chart { position: relative; height: 260px; } table { border-collapse: collapse; width: 100%; font-size: 13px; }
  th, td { text-align: right; padding: 2px 6px; border-bottom: 1px solid #eaeef2; } th:first-child, td:first-child { text-align: left; }
  section.figure > table, section.figure > .scroll { align-self: start; }
  .scroll { max-height: 260px; overflow-y: auto; } #error { color: #cf222e; } [hidden] { display: none !important; }`;

/** The HTML document of `GET /analytics`. */
export function analyticsPageHtml(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Travel plans — analytics</title>
<style>${STYLE}</style>
</head>
<body>
<h1>How plans turn into bookings</h1>
<p class="muted">Plans created in the range, what became of them, and what happened each day (UTC). <span id="as-of"></span></p>
<form id="login" hidden>
  <label>Analytics token <input id="token" type="password" autocomplete="current-password" required></label>
  <button type="submit">Sign in</button>
</form>
<form id="range">
  <label>From <input id="from" type="date" required></label>
  <label>To <input id="to" type="date" required></label>
  <button type="submit">Show</button>
</form>
<p id="error" role="alert"></p>
<div id="figures" hidden>
  <section class="figure" id="funnel-section">
    <div><h2>Funnel</h2><div class="chart"><canvas id="funnel-chart" aria-label="Funnel chart"></canvas></div></div>
    <table id="funnel-table"><thead><tr><th>Stage</th><th>Plans</th></tr></thead><tbody></tbody></table>
  </section>
  <section class="figure" id="destinations-section">
    <div><h2>Top destinations</h2><div class="chart"><canvas id="destinations-chart" aria-label="Top destinations chart"></canvas></div></div>
    <div class="scroll"><table id="destinations-table"><thead><tr><th>Destination</th><th>Plans</th><th>Confirmed</th><th>Revenue ($)</th></tr></thead><tbody></tbody></table></div>
  </section>
  <section class="figure" id="daily-section">
    <div><h2>Day by day</h2><div class="chart"><canvas id="daily-chart" aria-label="Daily chart"></canvas></div></div>
    <div class="scroll"><table id="daily-table"><thead><tr><th>Date</th><th>Generated</th><th>Confirmed</th><th>Cancelled</th></tr></thead><tbody></tbody></table></div>
  </section>
</div>
<script src="${ANALYTICS_ASSETS.chart}"></script>
<script src="${ANALYTICS_ASSETS.script}"></script>
</body>
</html>
`;
}
