namespace Conformance.Scenarios;

/// <summary>
/// A 32-bit I/O control code and its CTL_CODE parts:
/// <c>(DeviceType &lt;&lt; 16) | (Access &lt;&lt; 14) | (Function &lt;&lt; 2) | Method</c> (winioctl.h).
/// </summary>
/// <param name="Value">The full control code.</param>
public readonly record struct ControlCode(uint Value)
{
    /// <summary>Largest device type: 16 bits, the top one being the vendor ("Common") bit.</summary>
    public const uint MaxDeviceType = 0xFFFF;

    /// <summary>Largest function: 12 bits, the top one being the vendor ("Custom") bit.</summary>
    public const uint MaxFunction = 0xFFF;

    /// <summary>DEVICE_TYPE_FROM_CTL_CODE.</summary>
    public uint DeviceType => Value >> 16;

    /// <summary>The function number (bits 13..2).</summary>
    public uint Function => (Value >> 2) & MaxFunction;

    /// <summary>METHOD_FROM_CTL_CODE.</summary>
    public TransferMethod Method => (TransferMethod)(Value & 3);

    /// <summary>Access bits 15..14.</summary>
    public RequiredAccess Access => (RequiredAccess)((Value >> 14) & 3);

    /// <summary>The CTL_CODE macro.</summary>
    public static ControlCode From(uint deviceType, uint function, TransferMethod method, RequiredAccess access)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(deviceType, MaxDeviceType);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(function, MaxFunction);
        return new((deviceType << 16) | ((uint)access << 14) | (function << 2) | (uint)method);
    }

    /// <summary>The code as driver headers print it, e.g. 0x8C012000.</summary>
    public override string ToString() => $"0x{Value:X8}";

    /// <summary>The parts written as the macro call, e.g. CTL_CODE(0x8C01, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS).</summary>
    public string ToMacroString() =>
        $"CTL_CODE(0x{DeviceType:X4}, 0x{Function:X3}, {MethodMacro(Method)}, {AccessMacro(Access)})";

    /// <summary>The METHOD_* macro name of a transfer method, e.g. METHOD_NEITHER.</summary>
    public static string MethodMacro(TransferMethod method) => method switch
    {
        TransferMethod.Buffered => "METHOD_BUFFERED",
        TransferMethod.InDirect => "METHOD_IN_DIRECT",
        TransferMethod.OutDirect => "METHOD_OUT_DIRECT",
        _ => "METHOD_NEITHER",
    };

    private static string AccessMacro(RequiredAccess access) => access switch
    {
        RequiredAccess.Any => "FILE_ANY_ACCESS",
        RequiredAccess.Read => "FILE_READ_ACCESS",
        RequiredAccess.Write => "FILE_WRITE_ACCESS",
        _ => "FILE_READ_ACCESS | FILE_WRITE_ACCESS",
    };
}
