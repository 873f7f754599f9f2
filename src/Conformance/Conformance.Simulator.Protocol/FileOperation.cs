namespace Conformance.Simulator.Protocol;

/// <summary>Which Zw routine a <see cref="FileAccessRecord"/> is about (SIM_FILE_OPERATION, simkernel_namespace.h).</summary>
public enum FileOperation : uint
{
    /// <summary>ZwCreateFile.</summary>
    Create = 1,

    /// <summary>ZwOpenFile.</summary>
    Open = 2,

    /// <summary>ZwReadFile.</summary>
    Read = 3,

    /// <summary>ZwWriteFile.</summary>
    Write = 4,

    /// <summary>ZwQueryInformationFile; <see cref="FileAccessRecord.Disposition"/> holds the information class.</summary>
    QueryInformation = 5,

    /// <summary>ZwFlushBuffersFile.</summary>
    Flush = 6,

    /// <summary>ZwClose of a file handle, or of a handle nobody knows.</summary>
    Close = 7,
}
