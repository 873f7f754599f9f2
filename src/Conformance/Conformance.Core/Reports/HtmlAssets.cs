namespace Conformance.Reports;

/// <summary>
/// The report's inline style and script. Inline because the page must open from a CI artifact or a mail
/// attachment with no network and no neighbouring files.
/// </summary>
internal static class HtmlAssets
{
    public const string Style = """
        :root { --fg: #1b1f24; --muted: #59636e; --line: #d1d9e0; --bg-alt: #f6f8fa;
                --pass: #1a7f37; --fail: #cf222e; --error: #9a6700; --blocked: #6e7781;
                --chg-bg: #ffebe9; --chg-fg: #a40e26; }
        * { box-sizing: border-box; }
        body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); margin: 0 auto; padding: 1rem 2rem 4rem; max-width: 1400px; }
        h1 { font-size: 1.5rem; margin: .5rem 0; } h2 { border-bottom: 1px solid var(--line); padding-bottom: .25rem; margin-top: 2rem; }
        h3 { margin: 0 0 .5rem; font-size: 1.05rem; word-break: break-all; } h4 { margin: 1rem 0 .25rem; font-size: .95rem; }
        code, .mono, pre, .hex td { font-family: ui-monospace, "Cascadia Mono", Consolas, monospace; font-size: 12.5px; }
        dl.meta, dl.kv { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: .5rem 0; }
        dt { color: var(--muted); } dd { margin: 0; word-break: break-all; }
        .counts { display: flex; gap: 1rem; flex-wrap: wrap; }
        .count { border: 1px solid var(--line); border-radius: 6px; padding: .5rem 1rem; min-width: 7rem; }
        .count .n { display: block; font-size: 1.6rem; font-weight: 600; }
        .count.passed .n { color: var(--pass); } .count.failed .n { color: var(--fail); }
        .count.errors .n { color: var(--error); } .count.blocked .n { color: var(--blocked); }
        .badge { display: inline-block; border-radius: 4px; padding: 0 .4rem; font-size: 12px; font-weight: 600; color: #fff; background: var(--blocked); }
        .badge.pass { background: var(--pass); } .badge.fail, .badge.sev-error { background: var(--fail); }
        .badge.error, .badge.sev-warning { background: var(--error); }
        details.category { border: 1px solid var(--line); border-radius: 6px; margin: .5rem 0; padding: .25rem .75rem; }
        details.category summary { cursor: pointer; }
        details.category ul { margin: .25rem 0 .5rem; padding-left: 1.25rem; }
        table { border-collapse: collapse; width: 100%; }
        th, td { border-bottom: 1px solid var(--line); padding: .2rem .5rem; text-align: left; vertical-align: top; }
        th { background: var(--bg-alt); position: sticky; top: 0; }
        #case-table td:first-child { word-break: break-all; }
        tr.v-fail td:nth-child(3) { color: var(--fail); font-weight: 600; } tr.v-error td:nth-child(3) { color: var(--error); font-weight: 600; }
        .filters { display: flex; gap: .75rem; align-items: center; margin: .5rem 0; }
        #case-filter { flex: 1; max-width: 40rem; padding: .35rem .5rem; font: inherit; }
        .muted { color: var(--muted); } .bad { color: var(--fail); font-weight: 600; }
        article.case { border: 1px solid var(--line); border-left: 4px solid var(--fail); border-radius: 6px; padding: .75rem 1rem; margin: 1rem 0; }
        article.case.v-error { border-left-color: var(--error); } article.case.v-blocked { border-left-color: var(--blocked); }
        article.case table { width: auto; min-width: 30rem; }
        pre { background: var(--bg-alt); padding: .5rem; overflow-x: auto; white-space: pre-wrap; }
        .hex td { border: 0; padding: 0 .75rem 0 0; white-space: pre; }
        .hex td.off { color: var(--muted); } .hex tr.gap td { color: var(--muted); font-style: italic; }
        .hex b { background: var(--chg-bg); color: var(--chg-fg); font-weight: 700; }
        .top { font-size: 12px; margin-left: .5rem; }
        /* Off-screen blocks skip layout and paint until scrolled to: this is what keeps a report of
           5,000 cases quick to open. The writer puts a size estimate on each block so the scrollbar is right. */
        article.case { content-visibility: auto; contain-intrinsic-size: auto 800px; }
        #cases, details.category { content-visibility: auto; }
        """;

    /// <summary>
    /// Filters the case table (text and verdict) and shows how many rows match. Runs once at load and adds
    /// #report-ready, which the browser test looks for to know the script ran without throwing.
    /// </summary>
    public const string Script = """
        (function () {
          "use strict";
          var rows = Array.prototype.slice.call(document.querySelectorAll("#case-table tbody tr"));
          var keys = rows.map(function (row) { return row.textContent.toLowerCase(); });
          var box = document.getElementById("case-filter");
          var verdict = document.getElementById("verdict-filter");
          var shown = document.getElementById("shown-count");
          function apply() {
            var words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
            var wanted = verdict.value;
            var count = 0;
            for (var i = 0; i < rows.length; i++) {
              var match = (!wanted || rows[i].getAttribute("data-verdict") === wanted)
                && words.every(function (w) { return keys[i].indexOf(w) >= 0; });
              rows[i].hidden = !match;
              if (match) { count++; }
            }
            shown.textContent = count + " of " + rows.length + " cases shown";
          }
          box.addEventListener("input", apply);
          verdict.addEventListener("change", apply);
          apply();
          var ready = document.createElement("div");
          ready.id = "report-ready";
          ready.hidden = true;
          ready.setAttribute("data-cases", String(rows.length));
          document.body.appendChild(ready);
        })();
        """;
}
