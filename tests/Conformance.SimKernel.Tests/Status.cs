namespace Conformance.SimKernel.Tests;

/// <summary>NTSTATUS values the tests compare against (standard ntstatus.h values).</summary>
internal static class Status
{
    public const int Success = 0;
    public const int BufferOverflow = unchecked((int)0x80000005);
    public const int DatatypeMisalignment = unchecked((int)0x80000002);
    public const int Unsuccessful = unchecked((int)0xC0000001);
    public const int AccessViolation = unchecked((int)0xC0000005);
    public const int InvalidParameter = unchecked((int)0xC000000D);
    public const int InvalidParameter2 = unchecked((int)0xC00000F0);
    public const int InvalidDeviceRequest = unchecked((int)0xC0000010);
    public const int AccessDenied = unchecked((int)0xC0000022);
    public const int BufferTooSmall = unchecked((int)0xC0000023);
    public const int Breakpoint = unchecked((int)0x80000003);
    public const int IllegalInstruction = unchecked((int)0xC000001D);
    public const int PrivilegedInstruction = unchecked((int)0xC0000096);
    public const int InsufficientResources = unchecked((int)0xC000009A);
    public const int IntegerDivideByZero = unchecked((int)0xC0000094);
    public const int IntegerOverflow = unchecked((int)0xC0000095);
    public const int InvalidBufferSize = unchecked((int)0xC0000206);
    public const int InvalidHandle = unchecked((int)0xC0000008);
    public const int EndOfFile = unchecked((int)0xC0000011);
    public const int ObjectNameInvalid = unchecked((int)0xC0000033);
    public const int ObjectNameNotFound = unchecked((int)0xC0000034);
    public const int ObjectNameCollision = unchecked((int)0xC0000035);
    public const int ObjectPathNotFound = unchecked((int)0xC000003A);
    public const int ObjectPathSyntaxBad = unchecked((int)0xC000003B);
    public const int SharingViolation = unchecked((int)0xC0000043);
}
