using System.Buffers.Binary;
using System.Globalization;

namespace Conformance.Targets;

/// <summary>
/// A pointer-sized value the target writes into a buffer's bytes before the call, after it placed the buffers:
/// how a scenario aims the pointers a driver takes from inside its input (write-what-where, arbitrary read,
/// write-NULL) without knowing any address. It overwrites the content's bytes at <see cref="Offset"/>.
/// </summary>
/// <param name="Offset">Byte offset inside the buffer.</param>
/// <param name="Target">What it points at.</param>
/// <param name="Addend">Bytes added to the target's address (may be negative).</param>
/// <param name="Width">8 (a 64-bit pointer) or 4 (the low 32 bits, little-endian like the 8).</param>
public sealed record BufferPointer(uint Offset, PointerTarget Target, long Addend = 0, uint Width = 8)
{
    /// <summary>The widths a pointer may have.</summary>
    public static IReadOnlyList<uint> Widths { get; } = [8, 4];

    /// <summary>One past the last byte it occupies.</summary>
    public ulong End => (ulong)Offset + Width;

    /// <summary>What it points at as a scenario writes it: kernel_canary, output+8, null-16.</summary>
    public string Aim => Describe(Target, Addend);

    /// <summary>The scenario spelling of a target and addend.</summary>
    public static string Describe(PointerTarget target, long addend) => addend switch
    {
        0 => PointerTargetNames.Name(target),
        > 0 => string.Create(CultureInfo.InvariantCulture, $"{PointerTargetNames.Name(target)}+{addend}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{PointerTargetNames.Name(target)}{addend}"),
    };

    /// <summary>The value written for a target at <paramref name="address"/>: the address plus the addend, cut to the width.</summary>
    public ulong ValueAt(ulong address)
    {
        ulong value = unchecked(address + (ulong)Addend);
        return Width == 4 ? value & uint.MaxValue : value;
    }

    /// <summary>Write <paramref name="value"/> at <see cref="Offset"/> of <paramref name="buffer"/>, little-endian, <see cref="Width"/> bytes.</summary>
    public void WriteInto(Span<byte> buffer, ulong value)
    {
        if (Width == 4)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(buffer.Slice((int)Offset, 4), (uint)value);
        }
        else
        {
            BinaryPrimitives.WriteUInt64LittleEndian(buffer.Slice((int)Offset, 8), value);
        }
    }
}
