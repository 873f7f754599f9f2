using System.Text.Encodings.Web;

namespace Conformance.Reports;

/// <summary>
/// A thin HTML writer whose only way to emit text is encoded, so nothing from a scenario or the driver can
/// become markup. <see cref="Raw"/> is for the report's own literal markup only.
/// </summary>
internal sealed class HtmlOutput(TextWriter writer)
{
    /// <summary>Encodes &lt; &gt; &amp; quotes and every non-ASCII or control character.</summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Default;

    /// <summary>The report's own markup; never pass it data.</summary>
    public HtmlOutput Raw(string markup)
    {
        writer.Write(markup);
        return this;
    }

    /// <summary>Text content, encoded.</summary>
    public HtmlOutput Text(string? text)
    {
        if (!string.IsNullOrEmpty(text))
        {
            Encoder.Encode(writer, text);
        }

        return this;
    }

    /// <summary>An opening tag with optional class and id (both encoded).</summary>
    public HtmlOutput Open(string tag, string? cssClass = null, string? id = null) =>
        StartTag(tag, cssClass, id).FinishTag();

    /// <summary>The start of an opening tag, for adding attributes with <see cref="Attribute"/>; end with <see cref="FinishTag"/>.</summary>
    public HtmlOutput StartTag(string tag, string? cssClass = null, string? id = null)
    {
        writer.Write('<');
        writer.Write(tag);
        Attribute("class", cssClass);
        return Attribute("id", id);
    }

    /// <summary>Ends an opening tag begun with <see cref="StartTag"/>.</summary>
    public HtmlOutput FinishTag()
    {
        writer.Write('>');
        return this;
    }

    /// <summary>A closing tag.</summary>
    public HtmlOutput Close(string tag)
    {
        writer.Write("</");
        writer.Write(tag);
        writer.Write('>');
        return this;
    }

    /// <summary>&lt;tag class&gt;text&lt;/tag&gt; with the text encoded.</summary>
    public HtmlOutput Element(string tag, string? text, string? cssClass = null) =>
        Open(tag, cssClass).Text(text).Close(tag);

    /// <summary>A link to an anchor in the page.</summary>
    public HtmlOutput Link(string anchor, string text, string? cssClass = null)
    {
        return StartTag("a", cssClass).Attribute("href", "#" + anchor).FinishTag().Text(text).Close("a");
    }

    /// <summary>A table row of encoded cells.</summary>
    public HtmlOutput Row(params string?[] cells)
    {
        writer.Write("<tr>");
        foreach (var cell in cells)
        {
            Element("td", cell);
        }

        writer.Write("</tr>");
        return this;
    }

    /// <summary>A header row.</summary>
    public HtmlOutput HeaderRow(params string[] cells)
    {
        writer.Write("<tr>");
        foreach (var cell in cells)
        {
            Element("th", cell);
        }

        writer.Write("</tr>");
        return this;
    }

    /// <summary>A definition-list entry; skipped when the value is null so absent facts take no room.</summary>
    public HtmlOutput Fact(string term, string? value, string? cssClass = null)
    {
        if (value is null)
        {
            return this;
        }

        return Element("dt", term).Element("dd", value, cssClass);
    }

    /// <summary>One attribute, encoded; omitted when null.</summary>
    public HtmlOutput Attribute(string name, string? value)
    {
        if (value is null)
        {
            return this;
        }

        writer.Write(' ');
        writer.Write(name);
        writer.Write("=\"");
        Encoder.Encode(writer, value);
        writer.Write('"');
        return this;
    }

    /// <summary>Newline between blocks, so the source stays readable when someone views it.</summary>
    public HtmlOutput Line()
    {
        writer.Write('\n');
        return this;
    }
}
