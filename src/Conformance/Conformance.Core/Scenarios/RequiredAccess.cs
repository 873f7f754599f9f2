namespace Conformance.Scenarios;

/// <summary>The access a handle must have for an IOCTL: bits 15..14 of the control code (FILE_*_ACCESS).</summary>
[Flags]
public enum RequiredAccess
{
    /// <summary>FILE_ANY_ACCESS: any handle may send it.</summary>
    Any = 0,

    /// <summary>FILE_READ_ACCESS.</summary>
    Read = 1,

    /// <summary>FILE_WRITE_ACCESS.</summary>
    Write = 2,

    /// <summary>FILE_READ_ACCESS | FILE_WRITE_ACCESS.</summary>
    ReadWrite = Read | Write,
}
