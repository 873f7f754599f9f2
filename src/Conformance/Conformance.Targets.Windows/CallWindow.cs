namespace Conformance.Targets.Windows;

/// <summary>When and on which thread one case's call ran, in the clock of the ETW session (QPC ticks).</summary>
/// <param name="CaseId">The case.</param>
/// <param name="ThreadId">Windows thread id of the caller thread.</param>
/// <param name="StartQpc">QueryPerformanceCounter just before NtDeviceIoControlFile.</param>
/// <param name="EndQpc">QueryPerformanceCounter just after it returned.</param>
public readonly record struct CallWindow(string CaseId, int ThreadId, long StartQpc, long EndQpc);

/// <summary>One event as an ETW session delivered it: the event, the thread that wrote it, its QPC timestamp.</summary>
/// <param name="Record">The event (its case id not yet known).</param>
/// <param name="ThreadId">Thread that wrote it (the caller thread, for a driver's dispatch routine).</param>
/// <param name="TimestampQpc">Its timestamp in QPC ticks (TraceEvent's TimeStampQPC; real-time sessions use the QPC clock).</param>
public readonly record struct CapturedEvent(TraceEventRecord Record, int ThreadId, long TimestampQpc);
