using System.Buffers.Binary;
using Conformance.Targets;

namespace Conformance.SimHost.Fuzzing;

/// <summary>
/// Makes a new input from a corpus entry: stacked changes to the contents (bits, bytes, interesting integers, a length
/// copied into a field, a splice from another entry), the lengths (real and declared, apart: the lies), the buffer
/// states and placement, embedded pointers aimed at symbolic targets, the control code and the handle's access (no racer: see below).
/// Buffers stay within one kept slot (16 KiB), so an exec needs no mapping of its own.
/// </summary>
internal sealed class FuzzMutator(FuzzRandom random, IReadOnlyList<uint> codes, byte poolPoison, byte stackPoison)
{
    /// <summary>Largest real buffer the mutator makes: what a kept slot holds at offset 0.</summary>
    public const uint MaxSize = 16384;

    private static readonly uint[] InterestingSizes =
        [0, 1, 2, 3, 4, 7, 8, 12, 15, 16, 17, 20, 24, 31, 32, 40, 48, 63, 64, 100, 128, 255, 256, 257, 264, 512, 1000, 1024, 4095, 4096, 4097, 8192, MaxSize];

    private static readonly uint[] Interesting32 =
        [0, 1, 2, 3, 4, 8, 16, 32, 64, 0x7F, 0x80, 0xFF, 0x100, 0x1000, 0x1001, 0x7FFF, 0x8000, 0xFFFF, 0x10000, 0x01000001,
         0x10000000, 0x3FFFFFFF, 0x40000000, 0x7FFFFFFF, 0x80000000, 0x80000001, 0xFFFFFFFE, 0xFFFFFFFF];

    private static readonly BufferMemoryState[] States =
        [BufferMemoryState.ReadWrite, BufferMemoryState.ReadWrite, BufferMemoryState.ReadWrite, BufferMemoryState.ReadWrite,
         BufferMemoryState.ReadOnly, BufferMemoryState.NoAccess, BufferMemoryState.Decommitted, BufferMemoryState.GuardTail,
         BufferMemoryState.Null, BufferMemoryState.Kernel, BufferMemoryState.KernelInvalid];

    private static readonly PointerTarget[] Targets = Enum.GetValues<PointerTarget>();

    /// <summary>A mutant of <paramref name="parent"/>; <paramref name="other"/> is a second entry to splice from.</summary>
    public IoctlCall Mutate(IoctlCall parent, IoctlCall other)
    {
        var call = parent;
        int rounds = 1 + random.Below(4);
        for (int i = 0; i < rounds; i++)
        {
            call = MutateOnce(call, other);
        }

        return WithoutPoison(call);
    }

    /// <summary>
    /// <paramref name="call"/> with no pool or stack poison byte in its contents or fill (each such byte changed by its
    /// lowest bit): the poison oracle takes a poison byte in a buffer after the call for the kernel's, so an input must
    /// not bring its own.
    /// </summary>
    public IoctlCall WithoutPoison(IoctlCall call)
    {
        var input = Clean(call.Input);
        var output = Clean(call.Output);
        return ReferenceEquals(input, call.Input) && ReferenceEquals(output, call.Output) ? call : call with { Input = input, Output = output };
    }

    private BufferSpec Clean(BufferSpec buffer)
    {
        byte fill = buffer.FillByte == poolPoison || buffer.FillByte == stackPoison ? (byte)(buffer.FillByte ^ 1) : buffer.FillByte;
        int first = buffer.Content.Span.IndexOfAny(poolPoison, stackPoison);
        if (first < 0 && fill == buffer.FillByte)
        {
            return buffer;
        }

        byte[] bytes = buffer.Content.ToArray();
        for (int i = Math.Max(first, 0); i < bytes.Length; i++)
        {
            if (bytes[i] == poolPoison || bytes[i] == stackPoison)
            {
                bytes[i] ^= 1;
            }
        }

        return buffer with { Content = bytes, FillByte = fill };
    }

    private IoctlCall MutateOnce(IoctlCall call, IoctlCall other)
    {
        bool output = random.OneIn(2);
        var buffer = output ? call.Output : call.Input;
        var changed = random.Below(20) switch
        {
            < 8 => Contents(buffer, call, other),
            < 11 => Size(buffer),
            < 13 => Declared(buffer),
            13 => buffer with { State = random.Pick(States) },
            14 => buffer with { Offset = random.OneIn(2) ? 0 : random.OneIn(2) ? (uint)random.Below(16) : (uint)random.Below((int)BufferSpec.PageSize) },
            15 => Pointer(buffer),
            16 => buffer with { FillByte = (byte)random.Next() },
            _ => null,
        };
        if (changed is not null)
        {
            return output ? call with { Output = changed } : call with { Input = changed };
        }

        // No racer: a thread per exec costs more than the exec, and the access trace sees a double fetch without one.
        return random.Below(8) switch
        {
            < 5 => call with { IoControlCode = random.Pick(codes) },
            5 => call with { GrantedAccess = (uint)random.Below(4) },
            _ => call with { GrantedAccess = 3, Racer = RacerSpec.None },
        };
    }

    private BufferSpec Contents(BufferSpec buffer, IoctlCall call, IoctlCall other)
    {
        if (buffer.Size == 0)
        {
            return Size(buffer);
        }

        var bytes = buffer.InitialBytes();
        int at = random.Below(bytes.Length);
        switch (random.Below(8))
        {
            case 0:
                bytes[at] ^= (byte)(1 << random.Below(8));
                break;
            case 1:
                bytes[at] = (byte)random.Next();
                break;
            case 2 or 3:
                WriteWord(bytes, random.Pick(Interesting32), Aligned(at, bytes.Length));
                break;
            case 4:
                {
                    int word = Aligned(at, bytes.Length);
                    if (word + 4 <= bytes.Length)
                    {
                        uint value = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(word));
                        WriteWord(bytes, value + (uint)(random.Below(33) - 16), word);
                    }

                    break;
                }

            case 5:
                // A length the caller also passes: count and size fields are checked against these.
                WriteWord(bytes, random.Pick(new[] { call.Input.Size, call.Input.DeclaredLength, call.Output.Size, call.Output.DeclaredLength, buffer.Size / 2, buffer.Size / 8 }), Aligned(at, bytes.Length));
                break;
            case 6:
                {
                    var source = random.OneIn(2) ? other.Input.InitialBytes() : other.Output.InitialBytes();
                    int length = Math.Min(source.Length, bytes.Length - at);
                    source.AsSpan(0, length).CopyTo(bytes.AsSpan(at));
                    break;
                }

            default:
                Array.Clear(bytes, at, Math.Min(bytes.Length - at, 1 + random.Below(8)));
                break;
        }

        return buffer with { Content = bytes };
    }

    private static int Aligned(int at, int length) => Math.Max(0, Math.Min(at & ~3, length - 4));

    private static void WriteWord(byte[] bytes, uint value, int at)
    {
        if (at + 4 <= bytes.Length)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), value);
        }
        else
        {
            for (int i = at; i < bytes.Length; i++)
            {
                bytes[i] = (byte)(value >> (8 * (i - at)));
            }
        }
    }

    private BufferSpec Size(BufferSpec buffer)
    {
        uint size = random.OneIn(3)
            ? (uint)Math.Clamp((long)buffer.Size + random.Below(33) - 16, 0, MaxSize)
            : random.Pick(InterestingSizes);
        bool honest = buffer.DeclaredLength == buffer.Size || random.OneIn(2);
        var state = buffer.State is BufferMemoryState.Null && size > 0 && random.OneIn(2) ? BufferMemoryState.ReadWrite : buffer.State;
        var content = buffer.Content.Length > size ? buffer.Content[..(int)size] : buffer.Content;
        return buffer with
        {
            State = state,
            Size = size,
            DeclaredLength = honest ? size : buffer.DeclaredLength,
            Content = content,
            Pointers = [.. buffer.Pointers.Where(p => p.End <= size)],
        };
    }

    private BufferSpec Declared(BufferSpec buffer)
    {
        uint declared = random.Below(4) switch
        {
            0 => buffer.Size,
            1 => (uint)Math.Max(0, (long)buffer.Size + random.Below(17) - 8),
            2 => random.Pick(InterestingSizes),
            _ => random.Pick(Interesting32),
        };
        return buffer with { DeclaredLength = declared };
    }

    private BufferSpec Pointer(BufferSpec buffer)
    {
        if (buffer.Pointers.Count > 0 && random.OneIn(3))
        {
            int drop = random.Below(buffer.Pointers.Count);
            return buffer with { Pointers = [.. buffer.Pointers.Where((_, i) => i != drop)] };
        }

        uint width = random.OneIn(8) ? 4u : 8u;
        if (buffer.Size < width || buffer.Pointers.Count >= 16)
        {
            return buffer;
        }

        uint offset = (uint)random.Below((int)(buffer.Size - width) + 1) & ~(width - 1);
        long addend = random.Below(4) switch
        {
            0 => 0,
            1 => random.Below(64) * 8,
            2 => -8,
            _ => random.Below(4096),
        };
        var pointer = new BufferPointer(offset, random.Pick(Targets), addend, width);
        return buffer with
        {
            Pointers = [.. buffer.Pointers.Where(p => p.End <= offset || p.Offset >= pointer.End).Append(pointer).OrderBy(p => p.Offset)],
        };
    }
}
