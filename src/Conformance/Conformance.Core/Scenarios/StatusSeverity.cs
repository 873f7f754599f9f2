namespace Conformance.Scenarios;

/// <summary>The severity of an NTSTATUS: its top two bits (ntdef.h STATUS_SEVERITY_*).</summary>
public enum StatusSeverity
{
    /// <summary>0b00: success.</summary>
    Success = 0,

    /// <summary>0b01: informational (still NT_SUCCESS).</summary>
    Information = 1,

    /// <summary>0b10: warning (e.g. STATUS_BUFFER_OVERFLOW: partial data was returned).</summary>
    Warning = 2,

    /// <summary>0b11: error.</summary>
    Error = 3,
}
