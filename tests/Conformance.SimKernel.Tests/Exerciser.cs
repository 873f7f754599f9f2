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

    public const uint ModeRead = 0;
    public const uint ModeWrite = 1;
    public const uint ProbeToLimit = 0x10;

    public const uint InstructionUd2 = 0;
    public const uint InstructionInt3 = 1;
    public const uint InstructionCli = 2;
    public const uint InstructionIntMinByMinusOne = 3;
    public const uint InstructionRdmsr = 4;

    /// <summary>EXERCISER_PARAMETERS { Mode, Alignment, Status, Information, Value, OutsideTry, LimitDelta } as an input buffer.</summary>
    public static BufferSpec Parameters(uint mode = 0, uint alignment = 1, uint status = 0, uint information = 0,
        ulong value = 0, bool outsideTry = false, int limitDelta = 0)
    {
        var bytes = new byte[32];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(0), mode);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), alignment);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), status);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), information);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(16), value);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(24), outsideTry ? 1u : 0u);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(28), limitDelta);
        return Simulator.Bytes(bytes);
    }

    public static IoctlCall Call(uint code, BufferSpec input, BufferSpec output, uint grantedAccess = 3) =>
        new($"exerciser-0x{code:X8}", code, grantedAccess, input, output, RacerSpec.None);
}
