using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Conformance.Scenarios.Yaml;

/// <summary>
/// Turns file bytes into a <see cref="SourceNode"/> tree, reporting every problem a YAML file can have before
/// its meaning is even looked at: not text, too big, syntax, tabs, several documents, tags, duplicate keys,
/// unknown or recursive aliases. Never throws for bad input.
/// </summary>
internal static class SourceTreeReader
{
    // Scenario files are small; a megabyte is already a mistake (a data file dropped in the tree).
    public const int MaxFileBytes = 1 << 20;

    // Deeper than any scenario needs; stops pathological nesting early.
    private const int MaxDepth = 64;

    public static SourceNode? Read(byte[] bytes, Diagnostics diagnostics)
    {
        if (bytes.Length > MaxFileBytes)
        {
            diagnostics.Error(1, 1, $"file is {bytes.Length} bytes, larger than the {MaxFileBytes}-byte limit for scenario files");
            return null;
        }

        // Decode strictly: a file that is not UTF-8 is not a scenario, and saying where it stops being text
        // finds the stray byte.
        var chars = new char[bytes.Length];
        var status = System.Text.Unicode.Utf8.ToUtf16(bytes, chars, out var read, out var written, replaceInvalidSequences: false);
        if (status != System.Buffers.OperationStatus.Done)
        {
            var (line, column) = Position(new string(chars, 0, written), written);
            diagnostics.Error(line, column, "file is not UTF-8 text", "Scenario and device files are UTF-8 YAML.");
            return null;
        }

        var text = new string(chars, 0, written);
        return ReadText(text, diagnostics);
    }

    public static SourceNode? ReadText(string text, Diagnostics diagnostics)
    {
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        if (FindControlCharacter(text) is { } bad)
        {
            diagnostics.Error(bad.Line, bad.Column, $"file is not text: it contains the control character 0x{(int)bad.Character:X2}");
            return null;
        }

        var builder = new Builder(text, diagnostics);
        try
        {
            return builder.Build();
        }
        catch (YamlException e)
        {
            ReportSyntaxError(text, e.Start, e.End, e.Message, diagnostics);
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // YamlDotNet's scanner throws these on some malformed input; the last good event is the best position.
            ReportSyntaxError(text, builder.LastMark, builder.LastMark, "the parser could not continue after this point", diagnostics,
                "Check that the brackets, braces and quotes from here on are balanced.");
            return null;
        }
    }

    /// <summary>1-based line and column of character <paramref name="index"/>.</summary>
    private static (long Line, long Column) Position(string text, int index)
    {
        long line = 1, column = 1;
        for (var i = 0; i < index && i < text.Length; i++)
        {
            (line, column) = text[i] == '\n' ? (line + 1, 1) : (line, column + 1);
        }

        return (line, column);
    }

    private static void ReportSyntaxError(string text, Mark start, Mark end, string parserMessage, Diagnostics diagnostics, string? hint = null)
    {
        // YamlDotNet places tab errors at the start of the enclosing block; the tab itself is more useful.
        if (FindIndentationTab(text) is { } tab
            && (parserMessage.Contains("tab", StringComparison.OrdinalIgnoreCase) || tab.Line <= Math.Max(start.Line, end.Line) + 1))
        {
            diagnostics.Error(tab.Line, tab.Column, "tab character in indentation", "YAML indents with spaces only.");
            return;
        }

        var message = parserMessage.TrimEnd('.');
        var inner = message.IndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith('(') && inner > 0)
        {
            message = message[(inner + 3)..];
        }

        diagnostics.Error(start, $"YAML syntax error: {message}", hint ?? SyntaxHint(message));
    }

    /// <summary>What usually causes a parser message like <paramref name="message"/>, said as the fix.</summary>
    private static string SyntaxHint(string message)
    {
        if (message.Contains("mapping values are not allowed", StringComparison.OrdinalIgnoreCase))
        {
            return "A value holding ': ' needs quotes, or this line is indented deeper than its siblings.";
        }

        if (message.Contains("did not find expected", StringComparison.OrdinalIgnoreCase)
            || message.Contains("while scanning", StringComparison.OrdinalIgnoreCase))
        {
            return "Close the bracket, brace or quote opened before this point, and indent the line like its siblings.";
        }

        return "Check that this line is indented like its siblings (spaces only) and that brackets, braces and quotes are balanced.";
    }

    private static (long Line, long Column, char Character)? FindControlCharacter(string text)
    {
        long line = 1, column = 1;
        foreach (var c in text)
        {
            if (c < ' ' && c is not '\t' and not '\n' and not '\r' || c == '\u007F')
            {
                return (line, column, c);
            }

            (line, column) = c == '\n' ? (line + 1, 1) : (line, column + 1);
        }

        return null;
    }

    private static (long Line, long Column)? FindIndentationTab(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            for (var j = 0; j < lines[i].Length && lines[i][j] is ' ' or '\t'; j++)
            {
                if (lines[i][j] == '\t')
                {
                    return (i + 1, j + 1);
                }
            }
        }

        return null;
    }

    /// <summary>Builds the tree iteratively from parser events, so nesting depth cannot overflow the stack.</summary>
    private sealed class Builder(string text, Diagnostics diagnostics)
    {
        private readonly Dictionary<string, SourceNode> _anchors = new(StringComparer.Ordinal);
        private readonly HashSet<string> _openAnchors = new(StringComparer.Ordinal);
        private readonly Stack<Frame> _frames = new();
        private SourceNode? _root;

        /// <summary>Start of the last event read: where a parser that throws without a position stopped.</summary>
        public Mark LastMark { get; private set; } = Mark.Empty;

        public SourceNode? Build()
        {
            var parser = new Parser(new StringReader(text));
            var documents = 0;
            while (parser.MoveNext())
            {
                LastMark = parser.Current!.Start;
                switch (parser.Current)
                {
                    case DocumentStart start:
                        if (++documents > 1)
                        {
                            diagnostics.Error(start.Start, "file holds more than one YAML document", "Put one scenario in each file.");
                            return null;
                        }

                        break;
                    case Scalar scalar:
                        CheckTag(scalar.Tag, scalar.Start);
                        var node = new SourceScalar(scalar.Start, scalar.Value, scalar.Style);
                        Remember(scalar.Anchor, node);
                        Attach(node);
                        break;
                    case MappingStart mapping:
                        CheckTag(mapping.Tag, mapping.Start);
                        Open(new Frame(mapping.Start, mapping.Anchor, IsMapping: true));
                        break;
                    case SequenceStart sequence:
                        CheckTag(sequence.Tag, sequence.Start);
                        Open(new Frame(sequence.Start, sequence.Anchor, IsMapping: false));
                        break;
                    case MappingEnd or SequenceEnd:
                        Close();
                        break;
                    case AnchorAlias alias:
                        Attach(Resolve(alias));
                        break;
                }

                if (_frames.Count > MaxDepth)
                {
                    diagnostics.Error(parser.Current!.Start, $"nesting deeper than {MaxDepth} levels");
                    return null;
                }
            }

            if (documents == 0 || _root is null || _root is SourceScalar { IsNull: true })
            {
                diagnostics.Error(1, 1, "file is empty", "A scenario is a YAML mapping with at least 'device' and 'ioctl'.");
                return null;
            }

            return _root;
        }

        private void CheckTag(TagName tag, Mark where)
        {
            if (!tag.IsEmpty && !tag.IsNonSpecific)
            {
                diagnostics.Error(where, $"YAML tag '{tag.Value}' is not supported", "Write plain values; each key decides how its value is read.");
            }
        }

        private void Open(Frame frame)
        {
            if (!frame.Anchor.IsEmpty)
            {
                _openAnchors.Add(frame.Anchor.Value);
            }

            _frames.Push(frame);
        }

        private void Close()
        {
            var frame = _frames.Pop();
            SourceNode node = frame.IsMapping
                ? new SourceMapping(frame.Start, frame.Entries)
                : new SourceSequence(frame.Start, frame.Items);
            if (!frame.Anchor.IsEmpty)
            {
                _openAnchors.Remove(frame.Anchor.Value);
            }

            Remember(frame.Anchor, node);
            Attach(node);
        }

        private void Remember(AnchorName anchor, SourceNode node)
        {
            if (!anchor.IsEmpty)
            {
                _anchors[anchor.Value] = node;
            }
        }

        private SourceNode Resolve(AnchorAlias alias)
        {
            var name = alias.Value.Value;
            if (_openAnchors.Contains(name))
            {
                diagnostics.Error(alias.Start, $"alias '*{name}' refers to the node that contains it");
            }
            else if (_anchors.TryGetValue(name, out var target))
            {
                // A scalar alias reports errors where it is used; a collection keeps its own positions.
                return target is SourceScalar scalar ? scalar.WithStart(alias.Start) : target;
            }
            else
            {
                diagnostics.Error(alias.Start, $"alias '*{name}' has no anchor '&{name}' before it");
            }

            return new SourceError(alias.Start);
        }

        private void Attach(SourceNode node)
        {
            if (_frames.Count == 0)
            {
                _root = node;
                return;
            }

            var frame = _frames.Peek();
            if (!frame.IsMapping)
            {
                frame.Items.Add(node);
                return;
            }

            if (!frame.HasKey)
            {
                frame.HasKey = true;
                frame.Key = node as SourceScalar;
                if (frame.Key is null)
                {
                    diagnostics.Error(node, "a key must be a plain name, not " + node.Describe());
                }

                return;
            }

            frame.HasKey = false;
            if (frame.Key is not { } key)
            {
                return;
            }

            if (key.IsPlain && key.Value == "<<")
            {
                diagnostics.Error(key, "merge keys ('<<') are not supported", "Repeat the keys, or use an alias for a whole value.");
            }
            else if (frame.Entries.FirstOrDefault(e => e.Key.Value == key.Value).Key is { } first)
            {
                diagnostics.Error(key, $"duplicate key '{key.Value}' (first given at line {first.Start.Line})", "Each key may appear once in a mapping.");
            }
            else
            {
                frame.Entries.Add(new(key, node));
            }
        }

        private sealed record Frame(Mark Start, AnchorName Anchor, bool IsMapping)
        {
            public List<KeyValuePair<SourceScalar, SourceNode>> Entries { get; } = [];

            public List<SourceNode> Items { get; } = [];

            public bool HasKey { get; set; }

            public SourceScalar? Key { get; set; }
        }
    }
}
