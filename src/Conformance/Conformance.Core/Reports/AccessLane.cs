using System.Globalization;
using Conformance.Targets;
using Conformance.Verdicts;

namespace Conformance.Reports;

/// <summary>
/// One of the caller's buffers as a bar of the access picture. The buffer's offsets run from 0 to <see cref="Extent"/>
/// (its length, or further when a touch went past the end); the bar draws <see cref="From"/> to <see cref="To"/>:
/// all of them, or a close-up of the touched bytes when they are a small part of a large buffer, so that a 4-byte
/// re-read at the start of a 4096-byte input is still a visible mark.
/// </summary>
internal sealed record AccessLane(string Name, BufferSpec Buffer, ulong Extent, ulong From, ulong To)
{
    /// <summary>Close-ups start and end on 8-byte boundaries, so their scale reads in whole ULONG64s.</summary>
    private const ulong Grain = 8;

    /// <summary>A close-up when the touched bytes span at most this share (1/n) of the buffer.</summary>
    private const ulong CloseUpShare = 4;

    /// <summary>Bytes the driver may touch: declared by the caller and really there.</summary>
    public ulong Valid => Math.Min(Buffer.Size, Buffer.DeclaredLength);

    /// <summary>The bar shows part of the buffer; its header says which.</summary>
    public bool IsCloseUp => From > 0 || To < Extent;

    /// <summary>A bar for each buffer the caller passed a pointer for, input first.</summary>
    public static List<AccessLane> Of(IoctlCall call, UserAccessTrace trace, AccessPlaces places)
    {
        var lanes = new List<AccessLane>();
        foreach (var (name, buffer, pointer) in new[] { ("input", call.Input, trace.InputAddress), ("output", call.Output, trace.OutputAddress) })
        {
            if (pointer == 0)
            {
                continue;
            }

            var touched = trace.Accesses
                .Select(a => (Place: places.Locate(a.Address), a.Size))
                .Where(t => t.Place?.Buffer == name)
                .Select(t => (Start: t.Place!.Value.Offset, End: t.Place.Value.Offset + t.Size))
                .ToList();
            ulong extent = Math.Max(1, Math.Max(Math.Max(buffer.Size, buffer.DeclaredLength), touched.Select(t => t.End).DefaultIfEmpty(0UL).Max()));
            ulong from = 0;
            ulong to = extent;
            if (touched.Count > 0)
            {
                ulong first = touched.Min(t => t.Start) / Grain * Grain;
                ulong last = Math.Min(extent, (touched.Max(t => t.End) + Grain - 1) / Grain * Grain);
                if ((last - first) * CloseUpShare <= extent)
                {
                    (from, to) = (first, last);
                }
            }

            lanes.Add(new AccessLane(name, buffer, extent, from, to));
        }

        return lanes;
    }

    /// <summary>
    /// CSS placing bytes [offset, offset + length) on the bar in per cent, clipped to it; a zero length is a mark
    /// between two bytes. Null when nothing of it is on the bar.
    /// </summary>
    public string? Style(ulong offset, ulong length) => Style(From, To, offset, length);

    /// <summary>The same over the whole buffer: the close-up header's overview.</summary>
    public string? OverviewStyle(ulong offset, ulong length) => Style(0, Extent, offset, length);

    private static string? Style(ulong from, ulong to, ulong offset, ulong length)
    {
        ulong start = Math.Max(offset, from);
        ulong end = Math.Min(offset + length, to);
        bool shown = length == 0 ? from < offset && offset < to : start < end;
        return shown ? $"left:{Percent(start - from, to - from)};width:{Percent(end - start, to - from)}" : null;
    }

    private static string Percent(ulong part, ulong whole) =>
        (part * 100.0 / whole).ToString("0.###", CultureInfo.InvariantCulture) + "%";
}
