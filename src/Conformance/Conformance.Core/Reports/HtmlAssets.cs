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
                --chg-bg: #ffebe9; --chg-fg: #a40e26; --read: #0969da; --write: #bc4c00; }
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
        .source td { border: 0; padding: 0 .75rem 0 0; white-space: pre; }
        .source tr.crash td { background: #fde2e1; font-weight: 600; }
        .hex td.off { color: var(--muted); } .hex tr.gap td { color: var(--muted); font-style: italic; }
        .hex b { background: var(--chg-bg); color: var(--chg-fg); font-weight: 700; }
        .top { font-size: 12px; margin-left: .5rem; }
        section.kind > h3 { margin-top: 1.5rem; } section.kind-security > h3 { color: var(--fail); }
        section.group { border: 1px solid var(--line); border-radius: 6px; padding: .5rem 1rem; margin: .75rem 0; }
        section.group.kind-security { border-left: 4px solid var(--fail); } section.group.kind-conformance { border-left: 4px solid var(--error); }
        section.group.kind-notjudged { border-left: 4px solid var(--blocked); }
        .group-title { margin: .25rem 0; font-size: 1rem; word-break: break-all; } .signature { margin: .75rem 0 .25rem; }
        p.categories .badge { margin-right: .15rem; }
        details.others summary, details.cases > summary { cursor: pointer; }
        details.cases > summary h2 { display: inline-block; margin: 0; border: 0; }
        details.cases { margin-top: 2rem; border-top: 1px solid var(--line); padding-top: .5rem; }
        table.compact td { font-size: 12.5px; } table.compact td:first-child, table.compact td:last-child { word-break: break-all; }
        .repro { background: var(--bg-alt); padding: 0 .3rem; border-radius: 4px; }
        table.categories { width: auto; margin-top: 1rem; } tr.kind-security td:first-child { color: var(--fail); font-weight: 600; }
        .maps { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }
        figure.heatmap { margin: 0; } figure.heatmap figcaption { margin-bottom: .25rem; }
        figure.heatmap svg { font: 12px ui-monospace, "Cascadia Mono", Consolas, monospace; }
        figure.heatmap svg text.axis { font-style: italic; fill: var(--muted); } figure.heatmap svg text.n { font-size: 11px; pointer-events: none; }
        /* The bars keep most of their width; code and notes wrap first, so the table fits the case block. */
        table.access { min-width: 0; } table.access th, table.access td { padding: 0 .4rem; vertical-align: middle; font-size: 12.5px; }
        table.access th.lane, table.access td.lane { width: 220px; min-width: 140px; } table.access td.where { white-space: nowrap; }
        table.access td.write { color: var(--write); font-weight: 600; }
        .scale { display: flex; justify-content: space-between; font-weight: normal; color: var(--muted); }
        .track, .overview { position: relative; height: 12px; margin: 2px 0; background: #fff; border: 1px solid var(--line); }
        .overview { height: 6px; } .overview .window { background: var(--fg); min-width: 2px; }
        .track > span, .overview > span { position: absolute; top: 0; bottom: 0; }
        .past { background: repeating-linear-gradient(-45deg, #afb8c1 0 1px, var(--bg-alt) 1px 4px); }
        .track .end { border-left: 2px solid var(--fg); }
        .refetch { background: #fff1a8; outline: 1px dashed var(--error); }
        .track .refetch { top: -3px; bottom: -3px; min-width: 4px; }
        .seg { min-width: 2px; z-index: 1; } .seg.read { background-color: var(--read); } .seg.write { background-color: var(--write); }
        /* Hatching and the outline sit on top of either colour: the read/write fill stays readable under them. */
        .seg.unprobed { background-image: repeating-linear-gradient(45deg, rgba(255,255,255,.85) 0 2px, transparent 2px 5px); }
        .seg.outside-try { outline: 2px solid var(--fail); outline-offset: 1px; }
        .legend { display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; margin: .25rem 0; font-size: 12.5px; }
        .legend .key > span { display: inline-block; position: relative; width: 1.75rem; height: .8rem; vertical-align: middle; border: 1px solid var(--line); }
        /* Off-screen blocks skip layout and paint until scrolled to: this is what keeps a report of
           5,000 cases quick to open. The writer puts a size estimate on each block so the scrollbar is right. */
        article.case { content-visibility: auto; contain-intrinsic-size: auto 800px; }
        section.group { content-visibility: auto; contain-intrinsic-size: auto 900px; }
        """;

    /// <summary>
    /// Filters the case table (words, verdict) and shows the matching rows a page at a time, so a 14,000-row
    /// table costs one page of layout; opens the collapsed block a link points into. Runs once at load and adds
    /// #report-ready, which the browser test looks for to know the script ran without throwing.
    /// </summary>
    public const string Script = """
        (function () {
          "use strict";
          var PAGE = 100;
          var rows = Array.prototype.slice.call(document.querySelectorAll("#case-table tbody tr"));
          var keys = null;
          var box = document.getElementById("case-filter");
          var verdict = document.getElementById("verdict-filter");
          var shown = document.getElementById("shown-count");
          var pager = document.querySelector("#cases .pager");
          var prev = document.getElementById("page-prev");
          var next = document.getElementById("page-next");
          var matching = [];
          var page = 0;
          function key(i) {
            if (!keys) { keys = rows.map(function (row) { return row.textContent.toLowerCase(); }); }
            return keys[i];
          }
          function filter() {
            var words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
            var wanted = verdict.value;
            matching = [];
            for (var i = 0; i < rows.length; i++) {
              if ((!wanted || rows[i].className === "v-" + wanted)
                && words.every(function (w) { return key(i).indexOf(w) >= 0; })) { matching.push(i); }
            }
            page = 0;
            render();
          }
          function render() {
            var first = page * PAGE;
            var last = Math.min(first + PAGE, matching.length);
            for (var i = 0; i < rows.length; i++) { rows[i].hidden = true; }
            for (var j = first; j < last; j++) { rows[matching[j]].hidden = false; }
            shown.textContent = matching.length + " of " + rows.length + " cases match"
              + (matching.length > PAGE ? "; showing " + (first + 1) + "-" + last : "");
            pager.hidden = matching.length <= PAGE;
            prev.disabled = page === 0;
            next.disabled = last >= matching.length;
          }
          box.addEventListener("input", filter);
          verdict.addEventListener("change", filter);
          prev.addEventListener("click", function () { if (page > 0) { page--; render(); } });
          next.addEventListener("click", function () { if ((page + 1) * PAGE < matching.length) { page++; render(); } });
          // A link from the table or a heatmap may land inside a collapsed list of cases: open it first.
          function reveal() {
            var target = location.hash && document.getElementById(location.hash.slice(1));
            for (var node = target; node; node = node.parentElement) {
              if (node.tagName === "DETAILS") { node.open = true; }
            }
            if (target) { target.scrollIntoView(); }
          }
          window.addEventListener("hashchange", reveal);
          filter();
          reveal();
          var ready = document.createElement("div");
          ready.id = "report-ready";
          ready.hidden = true;
          ready.setAttribute("data-cases", String(rows.length));
          document.body.appendChild(ready);
        })();
        """;
}
