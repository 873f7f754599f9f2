using System.Text.RegularExpressions;
using Conformance.Scenarios.Syntax;
using Conformance.Scenarios.Yaml;

namespace Conformance.Scenarios.Parsing;

/// <summary>
/// Reads a profile's <c>sequences:</c> (IOCTLs related by a handle, docs/discover-generate.md):
/// <c>{ name, create, handle: { from, offset, size }, use: [...], release: [...], handle_at: { offset }, success, invalid_handle }</c>.
/// </summary>
internal static partial class SequenceReader
{
    // A handle is a HANDLE, a ULONG id, a GUID: anything longer is not a handle.
    private const uint MaxHandleSize = 64;

    public static IReadOnlyList<ObjectSequence> Read(MappingReader profile, List<IoctlDefinition> ioctls, HashSet<string> declared, ValueReader reader)
    {
        if (profile.Get("sequences") is not { } listNode || !reader.TryList(listNode, "sequences", false, out var items))
        {
            return [];
        }

        var sequences = new List<ObjectSequence>();
        foreach (var item in items)
        {
            if (ReadOne(item, ioctls, declared, reader) is not { } sequence)
            {
                continue;
            }

            if (sequences.Any(s => s.Name == sequence.Name))
            {
                reader.Diagnostics.Error(item, $"sequence '{sequence.Name}' is defined twice", "Give each sequence its own name.");
            }
            else
            {
                sequences.Add(sequence);
            }
        }

        return sequences;
    }

    private static ObjectSequence? ReadOne(SourceNode node, List<IoctlDefinition> ioctls, HashSet<string> declared, ValueReader reader)
    {
        if (MappingReader.Open(node, DeviceProfileSyntax.Sequence, reader.Diagnostics) is not { } map)
        {
            return null;
        }

        var name = DeviceProfileParser.RequiredText(map, "name", reader);
        if (name is not null && !NamePattern().IsMatch(name))
        {
            reader.Diagnostics.Error(map.Get("name")!, $"sequence name '{name}' is not [a-z0-9_-]", "Use lower-case letters, digits, '_' and '-': it names the generated folder.");
            name = null;
        }

        bool ok = true;
        var create = map.Get("create") is { } createNode ? Ioctl(createNode, "create", ioctls, declared, reader) : Missing(map, "create", reader);
        ok &= create is not null;
        var use = List(map, "use", ioctls, declared, reader, required: false, ref ok);
        var release = List(map, "release", ioctls, declared, reader, required: true, ref ok);
        var handle = ReadHandle(map, create, reader, ref ok);
        uint handleAt = 0;
        if (map.Get("handle_at") is { } atNode)
        {
            ok &= MappingReader.Open(atNode, DeviceProfileSyntax.SequenceHandleAt, reader.Diagnostics) is { } at
                && (at.Get("offset") is { } offsetNode
                    ? reader.TryUInt32(offsetNode, "handle_at.offset", 0, BufferLimits.MaxSize, out handleAt)
                    : Missing(at, "offset", reader) is not null);
        }

        if (handle is not null)
        {
            // Each use and release input must be able to hold the handle where handle_at puts it.
            foreach (var ioctl in use.Concat(release))
            {
                if (ioctl.Input?.Max is { } max && handleAt + handle.Size > max)
                {
                    reader.Diagnostics.Error(map.Get("handle_at") ?? map.Node,
                        $"the handle ({handle.Size} bytes at offset {handleAt}) does not fit {ioctl.Name}'s input (max {max})",
                        "Give handle_at.offset where that IOCTL reads the handle, or fix its input.max.");
                    ok = false;
                }
            }
        }

        var description = map.Get("description") is { } d && reader.TryText(d, "description", out var text) ? text : null;
        int? success = Status(map, "success", reader, ref ok);
        int? invalid = Status(map, "invalid_handle", reader, ref ok);
        return name is null || create is null || handle is null || !ok
            ? null
            : new ObjectSequence(name, create, handle, use, release, handleAt) { Description = description, SuccessStatus = success, InvalidHandleStatus = invalid };
    }

    // handle: { from: output, offset: 0, size: 8 } (from defaults to output, offset to 0; size is required)
    private static HandleLocation? ReadHandle(MappingReader map, IoctlDefinition? create, ValueReader reader, ref bool ok)
    {
        if (map.Get("handle") is not { } node)
        {
            Missing(map, "handle", reader);
            return null;
        }

        if (MappingReader.Open(node, DeviceProfileSyntax.SequenceHandle, reader.Diagnostics) is not { } handle)
        {
            return null;
        }

        bool inOutput = true;
        uint offset = 0, size = 0;
        bool read = (handle.Get("from") is not { } fromNode || reader.TryName(fromNode, "handle.from", DeviceProfileSyntax.HandleBuffers, out inOutput))
            & (handle.Get("offset") is not { } offsetNode || reader.TryUInt32(offsetNode, "handle.offset", 0, BufferLimits.MaxSize, out offset))
            & (handle.Get("size") is { } sizeNode
                ? reader.TryUInt32(sizeNode, "handle.size", 1, MaxHandleSize, out size)
                : Missing(handle, "size", reader) is not null);
        if (!read)
        {
            return null;
        }

        var location = new HandleLocation(inOutput, offset, size);
        if (create is not null && (inOutput ? create.Output : create.Input)?.Max is { } max && offset + size > max)
        {
            reader.Diagnostics.Error(node, $"the handle ({size} bytes at offset {offset}) does not fit {create.Name}'s {location.Buffer} (max {max})",
                $"Give the offset where {create.Name} writes the handle.");
            ok = false;
        }

        return location;
    }

    private static List<IoctlDefinition> List(MappingReader map, string key, List<IoctlDefinition> ioctls, HashSet<string> declared, ValueReader reader, bool required, ref bool ok)
    {
        var found = new List<IoctlDefinition>();
        if (map.Get(key) is not { } node)
        {
            if (required)
            {
                Missing(map, key, reader);
                ok = false;
            }

            return found;
        }

        if (!reader.TryList(node, key, true, out var items))
        {
            ok = false;
            return found;
        }

        if (required && items.Count == 0)
        {
            reader.Diagnostics.Error(node, $"'{key}' is empty", "List the IOCTLs that free the object.");
            ok = false;
        }

        foreach (var item in items)
        {
            if (Ioctl(item, key, ioctls, declared, reader) is { } ioctl)
            {
                found.Add(ioctl);
            }
            else
            {
                ok = false;
            }
        }

        return found;
    }

    private static IoctlDefinition? Ioctl(SourceNode node, string key, List<IoctlDefinition> ioctls, HashSet<string> declared, ValueReader reader)
    {
        if (!reader.TryText(node, key, out var name))
        {
            return null;
        }

        if (ioctls.FirstOrDefault(i => i.Name == name) is { } ioctl)
        {
            return ioctl;
        }

        // A broken IOCTL entry already has its error: naming it is not a second one.
        if (!declared.Contains(name))
        {
            reader.Diagnostics.Error(node, $"sequence {key} IOCTL '{name}' is not in this profile's 'ioctls'",
                DidYouMean.Closest(name, ioctls.Select(i => i.Name)) is { } close ? $"Did you mean '{close}'?" : "Name one of the IOCTLs listed under 'ioctls'.");
        }

        return null;
    }

    private static int? Status(MappingReader map, string key, ValueReader reader, ref bool ok)
    {
        if (map.Get(key) is not { } node)
        {
            return null;
        }

        int? status = DeviceProfileParser.ReadOneStatus(node, $"sequence {key}", reader);
        ok &= status is not null;
        return status;
    }

    private static IoctlDefinition? Missing(MappingReader map, string key, ValueReader reader)
    {
        if (!map.Misspells(key))
        {
            reader.Diagnostics.Error(map.Node, $"missing '{key}' in {map.Keys.Description}");
        }

        return null;
    }

    [GeneratedRegex("^[a-z0-9_-]+$")]
    private static partial Regex NamePattern();
}
