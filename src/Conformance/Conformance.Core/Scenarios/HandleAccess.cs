namespace Conformance.Scenarios;

/// <summary>
/// Data access granted to the handle a case opens; values are the FILE_READ_DATA / FILE_WRITE_DATA bits that
/// <see cref="Targets.IoctlCall.GrantedAccess"/> carries and the I/O manager checks against <see cref="RequiredAccess"/>.
/// </summary>
[Flags]
public enum HandleAccess
{
    /// <summary>Neither read nor write data access.</summary>
    None = 0,

    /// <summary>FILE_READ_DATA.</summary>
    Read = 1,

    /// <summary>FILE_WRITE_DATA.</summary>
    Write = 2,

    /// <summary>FILE_READ_DATA | FILE_WRITE_DATA (the default).</summary>
    ReadWrite = Read | Write,
}
