using System.Globalization;
using System.Text;
using System.Xml;

namespace Conformance.Reports;

/// <summary>
/// Makes driver-supplied text legal in XML. Event strings and bugcheck text can hold control characters
/// that XML 1.0 cannot represent even escaped; XmlWriter would throw, so they are spelled \xNN instead.
/// </summary>
internal static class XmlText
{
    public static string Clean(string text)
    {
        // Nearly every string is clean already: find the first character to spell before building anything.
        int first = FirstIllegal(text);
        if (first < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 8).Append(text, 0, first);
        for (int i = first; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[i + 1]);
                i++;
            }
            else if (XmlConvert.IsXmlChar(c))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}");
            }
        }

        return builder.ToString();
    }

    private static int FirstIllegal(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (!XmlConvert.IsXmlChar(c))
            {
                return i;
            }
        }

        return -1;
    }
}
