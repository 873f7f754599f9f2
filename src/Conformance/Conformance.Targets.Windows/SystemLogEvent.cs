using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Conformance.Targets.Windows;

/// <summary>
/// One event of the Windows System log as exported XML gives it (`wevtutil qe System /f:xml`, or Event Viewer's
/// "Save as XML"): provider, id, time, and the named EventData values.
/// </summary>
/// <param name="Provider">System/Provider/@Name.</param>
/// <param name="EventId">System/EventID.</param>
/// <param name="TimeCreated">System/TimeCreated/@SystemTime.</param>
/// <param name="Data">EventData/Data by @Name (unnamed values as param1, param2, ... in order).</param>
/// <param name="Xml">The event's XML, for the report.</param>
public sealed record SystemLogEvent(string Provider, int EventId, DateTimeOffset TimeCreated, IReadOnlyDictionary<string, string> Data, string Xml)
{
    private static readonly XNamespace EventNamespace = "http://schemas.microsoft.com/win/2004/08/events/event";

    /// <summary>
    /// Parse exported events: an &lt;Events&gt; document, or the bare sequence of &lt;Event&gt; elements wevtutil
    /// prints. Throws <see cref="FormatException"/> on XML that holds no readable event.
    /// </summary>
    public static IReadOnlyList<SystemLogEvent> ParseAll(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        var settings = new XmlReaderSettings { ConformanceLevel = ConformanceLevel.Fragment, DtdProcessing = DtdProcessing.Prohibit };
        var events = new List<SystemLogEvent>();
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            reader.MoveToContent();
            while (!reader.EOF)
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Event")
                {
                    events.Add(FromElement((XElement)XNode.ReadFrom(reader)));
                }
                else
                {
                    reader.Read();
                }
            }
        }
        catch (XmlException error)
        {
            throw new FormatException($"the exported System log is not XML: {error.Message}", error);
        }

        return events;
    }

    private static SystemLogEvent FromElement(XElement element)
    {
        var system = element.Element(EventNamespace + "System") ?? throw new FormatException("an <Event> without <System>");
        string provider = system.Element(EventNamespace + "Provider")?.Attribute("Name")?.Value ?? string.Empty;
        int id = int.Parse(system.Element(EventNamespace + "EventID")?.Value ?? throw new FormatException("an <Event> without <EventID>"), CultureInfo.InvariantCulture);
        string time = system.Element(EventNamespace + "TimeCreated")?.Attribute("SystemTime")?.Value ?? throw new FormatException("an <Event> without <TimeCreated SystemTime>");
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        int unnamed = 0;
        foreach (var value in element.Element(EventNamespace + "EventData")?.Elements(EventNamespace + "Data") ?? [])
        {
            string name = value.Attribute("Name")?.Value ?? $"param{++unnamed}";
            data[name] = value.Value;
        }

        return new SystemLogEvent(provider, id, DateTimeOffset.Parse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal), data, element.ToString());
    }
}
