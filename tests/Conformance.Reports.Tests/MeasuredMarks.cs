namespace Conformance.Reports.Tests;

/// <summary>
/// Where Chromium drew the marks of the access picture: a script appended to the page writes one line per mark
/// ("row class left width outline fill", positions in whole per cent of its bar's inner box) into #measured,
/// which the dumped DOM carries back.
/// </summary>
internal static class MeasuredMarks
{
    private const string Start = "<pre id=\"measured\">";

    private const string Script = """
        <script>
        (function () {
          var lines = [];
          document.querySelectorAll("section.access-trace tbody tr").forEach(function (row, i) {
            row.querySelectorAll(".seg, .refetch").forEach(function (mark) {
              var track = mark.parentElement, outer = track.getBoundingClientRect(), box = mark.getBoundingClientRect();
              var style = getComputedStyle(mark);
              var left = outer.left + track.clientLeft;
              lines.push([i + 1, mark.className, Math.round(100 * (box.left - left) / track.clientWidth),
                Math.round(100 * box.width / track.clientWidth), style.outlineStyle,
                style.backgroundImage === "none" ? "plain" : "hatched"].join(" "));
            });
          });
          var out = document.createElement("pre");
          out.id = "measured";
          out.textContent = "\n" + lines.join("\n") + "\n";
          document.body.appendChild(out);
        })();
        </script>
        """;

    /// <summary>The page with the measuring script added after everything else.</summary>
    public static string AddTo(string page) => page.Replace("</body>", Script + "</body>", StringComparison.Ordinal);

    /// <summary>The lines the script wrote, or null when it did not run.</summary>
    public static string? Read(string dom)
    {
        int start = dom.IndexOf(Start, StringComparison.Ordinal);
        return start < 0 ? null : dom[(start + Start.Length)..dom.IndexOf("</pre>", start, StringComparison.Ordinal)];
    }
}
