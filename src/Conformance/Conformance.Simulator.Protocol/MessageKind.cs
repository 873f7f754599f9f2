namespace Conformance.Simulator.Protocol;

/// <summary>The byte after a frame's length prefix: what the frame carries and who sends it.</summary>
public enum MessageKind : byte
{
    /// <summary>Host to client, once, right after accept: kernel layout and driver/device status.</summary>
    Hello = 1,

    /// <summary>Client to host: a list of calls to run in order.</summary>
    ExecuteBatch = 2,

    /// <summary>Host to client: the result of one case, sent as soon as that case finishes.</summary>
    CaseResult = 3,

    /// <summary>Client to host: run one call repeatedly inside the host (the benchmark ceiling).</summary>
    BenchLoop = 4,

    /// <summary>Host to client: the answer to <see cref="BenchLoop"/>.</summary>
    BenchLoopResult = 5,

    /// <summary>Client to host (hidden): throw and catch managed exceptions inside the host.</summary>
    SelfTest = 6,

    /// <summary>Host to client: the answer to <see cref="SelfTest"/>.</summary>
    SelfTestResult = 7,

    /// <summary>Client to host: close the device, unload the driver and exit.</summary>
    Shutdown = 8,

    /// <summary>Host to client: a request the host could not serve; the host exits after it.</summary>
    Error = 9,

    /// <summary>Client -> host: u64 count. The host republishes that many synthetic events through its
    /// EventSource path (capture benchmark and loss tests) and answers with a BenchLoopResult.</summary>
    EmitEvents = 10,

    /// <summary>Client to host: the liveness call to make after every case that returns (<see cref="LivenessMessage"/>); no reply.</summary>
    SetLiveness = 11,

    /// <summary>Client to host, empty: send the record of the driver's Zw file calls since boot.</summary>
    ReadFileAccesses = 12,

    /// <summary>Host to client: the answer to <see cref="ReadFileAccesses"/> (<see cref="FileAccessList"/>).</summary>
    FileAccesses = 13,

    /// <summary>Client to host: fuzz the driver inside the host (<see cref="FuzzLoopMessage"/>); answered by <see cref="FuzzReport"/> frames.</summary>
    FuzzLoop = 14,

    /// <summary>Host to client: progress, a new corpus entry, a suspect input, or the end of a fuzz loop (<see cref="FuzzReport"/>).</summary>
    FuzzReport = 15,

    /// <summary>Client to host, empty: stop the running fuzz loop; the host answers with the final report.</summary>
    FuzzStop = 16,
}
