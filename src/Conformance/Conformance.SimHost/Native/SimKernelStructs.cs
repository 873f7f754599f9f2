using System.Runtime.InteropServices;

namespace Conformance.SimHost.Native;

// C# mirrors of the structs in simkernel.h. The header keeps to fixed-size fields without bitfields so these
// are plain sequential layouts; SimKernelLayoutTests pins every size and offset.

/// <summary>SIM_BUFFER_POINTER.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SimBufferPointer
{
    public uint Offset;
    public uint Target;
    public uint Width;
    public uint Reserved;
    public long Addend;
}

/// <summary>SIM_BUFFER_SPEC.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SimBufferSpec
{
    public uint State;
    public uint Size;
    public uint Offset;
    public uint DeclaredLength;
    public byte* Content;
    public uint ContentLength;
    public uint FillByte;
    public SimBufferPointer* Pointers;
    public uint PointerCount;
    public uint Reserved;
}

/// <summary>SIM_RACER_SPEC.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SimRacerSpec
{
    public uint Kind;
    public uint Target;
    public uint ByteOffset;
    public uint Length;
    public uint PeriodNs;
    public uint Reserved;
}

/// <summary>SIM_CASE.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SimCase
{
    public uint IoControlCode;
    public uint GrantedAccess;
    public SimBufferSpec Input;
    public SimBufferSpec Output;
    public SimRacerSpec Racer;
    public byte* CaseId;
}

/// <summary>SIM_CASE_RESULT.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SimCaseResult
{
    public int Status;
    public uint Flags;
    public ulong Information;
    public ulong InputAddress;
    public ulong OutputAddress;
    public ulong ElapsedNs;
    public byte* InputAfter;
    public uint InputAfterCapacity;
    public uint Reserved0;
    public byte* OutputAfter;
    public uint OutputAfterCapacity;
    public uint Reserved1;
    public byte* PointerValues;
}

/// <summary>SIM_KERNEL_INFO.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SimKernelInfo
{
    public const int SecretBytes = 32;

    public ulong UserRegionStart;
    public ulong MmUserProbeAddress;
    public ulong KernelCanaryAddress;
    public ulong KernelSecretAddress;
    public fixed byte KernelSecret[SecretBytes];
    public uint PoolPoisonByte;
    public uint StackPoisonByte;
    public uint PageSize;
    public uint Reserved;
}
