using System.Buffers.Binary;
using Conformance.Targets;

namespace Conformance.SimKernel.Tests;

/// <summary>Control codes and parameters of tests/drivers/shim-exerciser (see exerciser_ioctl.h).</summary>
internal static class Exerciser
{
    public const string Device = @"\DosDevices\ShimExerciser";

    public const uint ProbeReadOutput = 0x8C022403;
    public const uint ProbeWriteOutput = 0x8C022407;
    public const uint TouchInsideTry = 0x8C02240B;
    public const uint TouchOutsideTry = 0x8C02240F;
    public const uint LeaveTryThenFault = 0x8C022413;
    public const uint PoolOverrun = 0x8C02241B;
    public const uint PoolUseAfterFree = 0x8C02241F;
    public const uint PoolChurn = 0x8C022427;
    public const uint StackUninitialized = 0x8C022420;
    public const uint IrpViewBuffered = 0x8C022440;
    public const uint IrpViewInDirect = 0x8C022445;
    public const uint IrpViewOutDirect = 0x8C02244A;
    public const uint IrpViewNeither = 0x8C02244F;
    public const uint IrpViewWriteAccess = 0x8C02A450;
    public const uint ProbeRange = 0x8C022417;
    public const uint IrpViewReadAccess = 0x8C026454;
    public const uint ValidateAccess = 0x8C022458;
    public const uint ReturnWithoutCompleting = 0x8C02245C;
    public const uint CompleteTwice = 0x8C022460;
    public const uint TouchAddress = 0x8C02248F;
    public const uint Instruction = 0x8C022493;
    public const uint RaiseStatus = 0x8C022483;
    public const uint NestedContinueSearch = 0x8C022487;
    public const uint DivideByZero = 0x8C02248B;
    public const uint SpinForever = 0x8C0224C0;
    public const uint TraceUnknownField = 0x8C0224C4;

    // The access-trace IOCTLs (exerciser_ioctl.h, 0x940..0x948): each makes a known pattern of user-memory touches.
    public const uint TouchBytes = 0x8C022503;
    public const uint TouchPastEnd = 0x8C022507;
    public const uint RtlMemory = 0x8C02250B;
    public const uint EmbeddedPointer = 0x8C02250F;
    public const uint NestedTryTouch = 0x8C022513;
    public const uint ProbeZeroThenTouch = 0x8C022517;
    public const uint ProbePartThenTouch = 0x8C02251B;
    public const uint BufferedTouchUserBuffer = 0x8C02251C;
    public const uint DirectTouchSystemAddress = 0x8C022522;

    // The stricter kernel (exerciser_ioctl.h, 0x949..0x94C).
    public const uint StackSmash = 0x8C022527;
    public const uint ExecuteData = 0x8C02252B;
    public const uint LongCopy = 0x8C02252F;
    public const uint PoisonPointer = 0x8C022533;

    public const uint SmashSafeBuffers = 1;
    public const uint ExecuteUser = 0;
    public const uint ExecutePool = 1;
    public const uint ExecuteStack = 2;
    public const uint CopyToPool = 1;
    public const uint CopyMove = 2;
    public const uint PoisonPoolRead = 0;
    public const uint PoisonStackRead = 1;
    public const uint PoisonPoolCall = 2;
    public const uint PoisonStackWrite = 3;
    public const uint PoisonPoolCopy = 4;

    public const uint ModeRead = 0;
    public const uint ModeWrite = 1;
    public const uint ProbeToLimit = 0x10;

    // Or-ed into the mode of the access-trace IOCTLs.
    public const uint AccessProbe = 0x100;
    public const uint TouchSparse = 0x200;
    public const uint PointerFromOutput = 0x400;
    public const uint DirectReportAddress = 0x800;

    // RtlMemory: the operation in the mode's low byte (the other side of a copy is pool filled with 0x3C).
    public const uint RtlCopyToOutput = 0;
    public const uint RtlCopyFromOutput = 1;
    public const uint RtlMoveToOutput = 2;
    public const uint RtlMoveFromOutput = 3;
    public const uint RtlZeroOutput = 4;
    public const uint RtlFillOutput = 5;
    public const uint RtlMoveWithinOutput = 6;

    public const uint InstructionUd2 = 0;
    public const uint InstructionInt3 = 1;
    public const uint InstructionCli = 2;
    public const uint InstructionIntMinByMinusOne = 3;
    public const uint InstructionRdmsr = 4;

    /// <summary>
    /// EXERCISER_PARAMETERS { Mode, Alignment, Status, Information, Value, OutsideTry, LimitDelta, Length, Reserved } as an
    /// input buffer: the older 32-byte layout without <paramref name="length"/>, all 40 bytes with it.
    /// </summary>
    public static BufferSpec Parameters(uint mode = 0, uint alignment = 1, uint status = 0, uint information = 0,
        ulong value = 0, bool outsideTry = false, int limitDelta = 0, uint? length = null)
    {
        var bytes = new byte[length is null ? 32 : 40];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(0), mode);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), alignment);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), status);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), information);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(16), value);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(24), outsideTry ? 1u : 0u);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(28), limitDelta);
        if (length is not null)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(32), length.Value);
        }

        return Simulator.Bytes(bytes);
    }

    public static IoctlCall Call(uint code, BufferSpec input, BufferSpec output, uint grantedAccess = 3) =>
        new($"exerciser-0x{code:X8}", code, grantedAccess, input, output, RacerSpec.None);
}
